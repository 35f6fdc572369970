import { hostname } from 'node:os';
import { EXIT } from '../../errors.js';
import { checkGate } from '../../engine/gate.js';
import { requireConfig } from '../../engine/workspace.js';
import { loadGateFormatter, type GateFormat } from '../../format/gate.js';
import type { Stage } from '../../model/vocabulary.js';
import type { Context } from '../context.js';
import { outputBase, rebaseGateReport, rerunCommand } from '../output-paths.js';
import { openRepo } from '../read.js';

export interface GateOptions {
  format: GateFormat;
  json?: boolean;
  asOf?: string;
  changedSince?: string;
}

/**
 * `pdx gate STAGE [ID...]`: with no ids, every initiative at or past STAGE must pass the gate
 * of STAGE (so a hand-edited `stage:` without the evidence fails CI); with ids, those are checked
 * whatever their stage. Invalid files fail the gate too.
 */
export async function gate(ctx: Context, stage: Stage, ids: string[], options: GateOptions): Promise<number> {
  // Validation judges dates against the real today; --as-of only hides what came later.
  const ws = await openRepo(ctx, { saveLater: true, prefetchHistory: true, texts: false });
  requireConfig(ws);
  const ref = options.changedSince;
  const changedFiles = ref === undefined ? undefined : async () => (await import('../../git/index.js')).changedSince(ws.root, ref);
  const format: GateFormat = options.json ? 'json' : options.format;
  const report = await checkGate(ws, { stage, ids, asOf: options.asOf ?? ctx.today, changedFiles, locatePassing: format === 'json' || format === 'junit' });
  const base = outputBase(format, { cwd: ctx.cwd, root: ws.root });
  const located = rebaseGateReport(report, ws.root, base);
  const rerun = rerunCommand(base, ws.root, gateWords(stage, ids, options));
  ctx.out(await (await loadGateFormatter(format))(located, { color: ctx.color, now: new Date(), hostname: hostname(), rerun }));
  return report.ok ? EXIT.ok : EXIT.failed;
}

/**
 * The same gate as words of a command (`rerunCommand` makes them one, from the folder the
 * output's paths start at), with the ids, `--changed-since` and `--as-of` given: what a job
 * summary tells a reader to run for the same checklist.
 */
export function gateWords(stage: string, ids: string[], options: Pick<GateOptions, 'asOf' | 'changedSince'>): string[] {
  const words = ['gate', stage, ...ids];
  if (options.changedSince !== undefined) words.push('--changed-since', options.changedSince);
  if (options.asOf !== undefined) words.push('--as-of', options.asOf);
  return words;
}
