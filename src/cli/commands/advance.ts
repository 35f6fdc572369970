import { failedRules, planAdvance, requireReason } from '../../authoring/advance.js';
import { findRecord } from '../../authoring/plan.js';
import { EXIT, PdxError, usageError } from '../../errors.js';
import { safeLine } from '../../format/safe-text.js';
import { evaluateGate, loadRuleSettings, nextStage, stageIndex } from '../../gates/engine.js';
import type { Stage } from '../../model/vocabulary.js';
import type { Context } from '../context.js';
import { openForWrite, runWrite, type WriteFlags } from '../write.js';

export interface AdvanceOptions extends WriteFlags {
  to?: Stage;
  force?: boolean;
  reason?: string;
  date?: string;
}

/**
 * `pdx advance ID`: runs the gate of the next stage (or --to); on pass moves the initiative and
 * records who and when; on fail exits 1 with the checklist and writes nothing. Skipping a stage
 * needs --force; --force and moving back (a pivot) need --reason.
 */
export async function advance(ctx: Context, id: string, options: AdvanceOptions): Promise<number> {
  const session = await openForWrite(ctx);
  const initiative = findRecord(session.records, 'initiative', id, 'INITIATIVE');
  const from = initiative.data.stage;
  const to = options.to ?? nextStage(from);
  if (!to) throw usageError(`${id} is at mvp, the last stage`);
  if (to === from) throw usageError(`${id} is already at ${to}`);
  const date = options.date ?? session.today;
  const backwards = stageIndex(to) < stageIndex(from);
  if (options.force) requireReason(options.reason, '--force');
  if (backwards) requireReason(options.reason, `moving ${id} back from ${from} to ${to}`);
  if (!backwards && stageIndex(to) > stageIndex(from) + 1 && !options.force) {
    throw usageError(`${to} skips ${stageIndex(to) - stageIndex(from) - 1} stage(s) after ${from}; advance one stage at a time, or pass --force --reason "…"`);
  }

  let forcedPast: string[] | undefined;
  if (!backwards) {
    const gate = evaluateGate(session.records, id, to, date, await loadRuleSettings(session.repo.config));
    const failed = failedRules(gate);
    if (failed.length > 0 && !options.force) {
      // One line per rule, whatever a message quotes from the repo.
      const checklist = gate.rules.map((r) => `  ${r.pass ? '✓' : r.severity === 'warn' ? '!' : '✗'} ${r.id}: ${safeLine(r.message)}`).join('\n');
      throw new PdxError('gate/failed', `${id} cannot enter ${to} yet; nothing was changed:\n${checklist}`, { exitCode: EXIT.failed, hint: 'record what is missing, or pass --force --reason "…" to move anyway (the failed rules are recorded)' });
    }
    const skips = stageIndex(to) > stageIndex(from) + 1;
    if (options.force && (failed.length > 0 || skips)) forcedPast = failed;
  }
  const { gitUserName } = await import('../../git/index.js');
  const by = await gitUserName(session.repo.root);
  return runWrite(ctx, session, options, () => planAdvance(initiative, { to, date, by, reason: options.reason, forcedPast }));
}
