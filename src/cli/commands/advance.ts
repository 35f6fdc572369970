import { checkStageMove } from '../../engine/advance.js';
import { checklist, handoffCommand } from '../../engine/stage.js';
import { EXIT } from '../../errors.js';
import { evaluateGate } from '../../gates/engine.js';
import { nextStage } from '../../model/history.js';
import type { Stage } from '../../model/vocabulary.js';
import type { Context } from '../context.js';
import { whoIsWriting } from '../identity.js';
import { askInitiative } from '../ids.js';
import { openForWrite, runWrite, type WriteFlags } from '../write.js';

export interface AdvanceOptions extends WriteFlags {
  to?: Stage;
  force?: boolean;
  reason?: string;
  date?: string;
}

/**
 * `pdx advance [ID]`: runs the gate of the next stage (or --to); on pass moves the initiative,
 * records who and when, and shows the new stage with the checklist of the gate after it; on
 * fail exits 1 with the checklist (each thing missing with its command) and writes nothing.
 */
export async function advance(ctx: Context, given: string | undefined, options: AdvanceOptions): Promise<number> {
  const writing = whoIsWriting(ctx);
  const session = await openForWrite(ctx);
  const id = await askInitiative(ctx, session.ws, given, 'advance');
  const date = options.date ?? session.today;
  const { from, to, plan } = checkStageMove(session.ws, id, { to: options.to, force: options.force, reason: options.reason, date });
  const author = await writing;
  const code = await runWrite(ctx, session, options, () => plan(author.by), { author });
  if (code !== EXIT.ok || options.json) return code;
  // The rules read the records, not the stage: the records as loaded show what the next gate needs.
  // At mvp the next step is the handoff, which needs the mvp gate.
  const next = nextStage(to);
  const handoff = next ? null : handoffCommand(id, session.records.initiative.find((r) => r.data.id === id)?.data.domain);
  const gate = evaluateGate(session.records, id, next ?? 'mvp', date > ctx.today ? date : ctx.today, session.ws.settings);
  const { formatMove } = await import('../../format/stage-text.js');
  ctx.out(formatMove({ id, from, stage: to, enteredOn: date, days: null, next: next ?? null, ready: gate.pass, rules: checklist(gate), handoff }, { color: ctx.color }));
  return code;
}
