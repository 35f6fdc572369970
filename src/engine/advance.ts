import { failedRules, planAdvance, requireReason } from '../authoring/advance.js';
import { findRecord, type Plan } from '../authoring/plan.js';
import { EXIT, PdxError, usageError } from '../errors.js';
import { checklistLines } from '../format/checklist.js';
import { evaluateGate, type GateResult } from '../gates/engine.js';
import { nextStage } from '../model/history.js';
import { stageIndex, type Stage } from '../model/vocabulary.js';
import { checklist } from './stage.js';
import type { Workspace } from './workspace.js';

export interface StageMove {
  to?: Stage;
  force?: boolean;
  reason?: string;
  /** The day of the move: the gate is evaluated as of it. */
  date: string;
}

/**
 * A failing gate's refusal (exit 1): what was refused, nothing changed, then one line per rule and
 * finding, each with its fix, whatever a message quotes from the repo.
 */
export function gateRefusal(gate: GateResult, refused: string, anyway: string): PdxError {
  const lines = checklistLines(checklist(gate), { color: false }).join('\n');
  return new PdxError('gate/failed', `${refused}; nothing was changed:\n${lines}`, {
    exitCode: EXIT.failed,
    hint: `run the commands above to record what is missing, or pass --force --reason "…" to ${anyway} (the failed rules are recorded)`,
  });
}

/**
 * The rules of stage movement: one stage forward when its gate passes; a skip or a move past a
 * failing gate only with `force` and a reason (the failed rules are recorded); back (a pivot)
 * only with a reason. Returns the move (from, to) and a function making its plan once the mover
 * is known, or throws the refusal: exit 1 with the checklist when the gate fails, exit 2 for a
 * move that is not allowed.
 */
export function checkStageMove(ws: Workspace, id: string, move: StageMove): { from: Stage; to: Stage; plan: (by: string | undefined) => Plan } {
  const initiative = findRecord(ws.records, 'initiative', id);
  const from = initiative.data.stage;
  const { handoff, domain } = initiative.data;
  if (handoff && domain) {
    throw new PdxError('handoff/done', `${id} was handed to product management (domain ${domain}) on ${handoff.date}: discovery stages no longer apply to it`, {
      exitCode: EXIT.failed,
      hint: `start its next product or vertical as an expansion in discovery: pdx expand ${id} --title "…"`,
    });
  }
  const to = move.to ?? nextStage(from);
  if (!to) throw usageError(`${id} is at mvp, the last stage`);
  if (to === from) throw usageError(`${id} is already at ${to}`);
  const backwards = stageIndex(to) < stageIndex(from);
  if (move.force) requireReason(move.reason, '--force');
  if (backwards) requireReason(move.reason, `moving ${id} back from ${from} to ${to}`);
  const skips = stageIndex(to) > stageIndex(from) + 1;
  if (!backwards && skips && !move.force) {
    throw usageError(`${to} skips ${stageIndex(to) - stageIndex(from) - 1} stage(s) after ${from}; advance one stage at a time, or pass --force --reason "…"`);
  }
  let forcedPast: string[] | undefined;
  if (!backwards) {
    const gate = evaluateGate(ws.records, id, to, move.date, ws.settings);
    const failed = failedRules(gate);
    if (failed.length > 0 && !move.force) {
      throw gateRefusal(gate, `${id} cannot enter ${to} yet`, 'move anyway');
    }
    if (move.force && (failed.length > 0 || skips)) forcedPast = failed;
  }
  return { from, to, plan: (by) => planAdvance(initiative, { to, date: move.date, by, reason: move.reason, forcedPast }) };
}
