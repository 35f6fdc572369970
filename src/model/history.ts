import type { LoadedRecord } from './records.js';
import { STAGES, stageIndex, type Stage } from './vocabulary.js';

/** The next stage after `stage`, or undefined at mvp. */
export function nextStage(stage: Stage): Stage | undefined {
  return STAGES[stageIndex(stage) + 1];
}

/** A current stage with no history entry was set by hand: only git can date it. */
export const stageSetByHand = (r: LoadedRecord<'initiative'>): boolean => !r.data.history.some((h) => h.stage === r.data.stage);

/**
 * The stage an initiative was in on `asOf`, from its whole history (not an as-of snapshot, which
 * has lost the later moves): the current stage when its entry is on or before that day, else the
 * last move recorded by then. Without history, the current stage.
 */
export function stageAsOf(initiative: LoadedRecord<'initiative'>, asOf: string): { stage: Stage; enteredOn?: string } {
  const history = initiative.data.history.filter((h) => h.date <= asOf);
  const current = [...history].reverse().find((h) => h.stage === initiative.data.stage);
  if (current && history.at(-1)?.stage === initiative.data.stage) return { stage: initiative.data.stage, enteredOn: current.date };
  const last = history.at(-1);
  if (last && initiative.data.history.some((h) => h.date > asOf)) return { stage: last.stage, enteredOn: last.date };
  return { stage: initiative.data.stage, enteredOn: current?.date };
}
