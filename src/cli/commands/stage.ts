import { stageStatus } from '../../engine/stage.js';
import { toJson } from '../../format/safe-text.js';
import { formatStage } from '../../format/stage-text.js';
import { openForRead, type ReadFlags } from '../read.js';
import type { Context } from '../context.js';
import { askInitiative } from '../ids.js';

/** `pdx stage [ID]`: where the initiative is, for how long, and the next gate as a checklist with the command for each thing missing. */
export async function stage(ctx: Context, given: string | undefined, flags: ReadFlags & { asOf?: string }): Promise<number> {
  const { ws, json, exitCode } = await openForRead(ctx, flags, { texts: false });
  const id = await askInitiative(ctx, ws, given, 'stage');
  const { gate, warnings, ...status } = await stageStatus(ws, id, flags.asOf ?? ctx.today);
  if (json) {
    ctx.out(toJson({ ...status, warnings: warnings.map((w) => w.message) }));
    return exitCode;
  }
  ctx.out(formatStage(status, { color: ctx.color }));
  if (warnings.length > 0) {
    const { problemLine } = await import('../../format/problems-text.js');
    for (const w of warnings) ctx.err(problemLine(w));
  }
  return exitCode;
}
