import { Chalk } from 'chalk';
import type { GateResult } from '../../gates/engine.js';
import { stageStatus } from '../../engine/stage.js';
import { safeLine, toJson } from '../../format/safe-text.js';
import { openForRead, type ReadFlags } from '../read.js';
import type { Context } from '../context.js';

/** `pdx stage ID`: where the initiative is, for how long, and the next gate as a checklist. */
export async function stage(ctx: Context, id: string, flags: ReadFlags & { asOf?: string }): Promise<number> {
  const { ws, json, exitCode } = await openForRead(ctx, flags);
  const { gate, warnings, ...status } = await stageStatus(ws, id, flags.asOf ?? ctx.today);
  const summary = { ...status, rules: gate?.rules.map((r) => ({ id: r.id, gate: r.gate, pass: r.pass, severity: r.severity, message: r.message })) ?? [] };
  if (json) {
    ctx.out(toJson({ ...summary, warnings: warnings.map((w) => w.message) }));
    return exitCode;
  }
  ctx.out(render(summary, gate, ctx.color));
  if (warnings.length > 0) {
    const { problemLine } = await import('../../format/problems-text.js');
    for (const w of warnings) ctx.err(problemLine(w));
  }
  return exitCode;
}

function render(s: { id: string; stage: string; enteredOn: string | null; days: number | null; next: string | null }, gate: GateResult | undefined, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const since = s.enteredOn ? `since ${s.enteredOn} (${s.days} ${s.days === 1 ? 'day' : 'days'})` : c.yellow('entry date unknown: the stage is not in its history (hand-edited?)');
  const lines = [`${c.bold(safeLine(s.id))} is in ${c.bold(safeLine(s.stage))} ${since}`];
  if (!gate) return `${lines[0]}\nmvp is the last stage.`;
  lines.push(`next: ${s.next} — ${gate.pass ? c.green('ready to advance') : c.red('not ready yet')}`);
  const width = Math.max(...gate.rules.map((r) => r.id.length));
  for (const r of gate.rules) {
    const mark = r.pass ? c.green('✓') : r.severity === 'warn' ? c.yellow('!') : c.red('✗');
    lines.push(`  ${mark} ${r.id.padEnd(width)}  ${safeLine(r.message)}`);
  }
  return lines.join('\n');
}
