import type { Records } from '../../model/records.js';
import { stageIndex, type Stage } from '../../model/vocabulary.js';

/** One stage move in the window: an initiative's history entry dated from `since` on. */
export interface StageMove {
  initiative: string;
  /** The stage it left; null for its first entry (a new initiative). */
  from: Stage | null;
  to: Stage;
  date: string;
  /** Who moved it, as the history records (git's user.name when it was written). */
  by: string | null;
  /** A move back to an earlier stage. */
  pivot: boolean;
  /** Moved past a failing gate (`advance --force`). */
  forced: boolean;
}

/**
 * Every stage move dated in the window, oldest first (ties by initiative), over the as-of
 * snapshot (which has already dropped the moves dated after as-of). A stage set by hand has no
 * history entry and so no move: only git knows when, and the time-in-stage section says so.
 */
export function stageMoves(records: Records, since: string): StageMove[] {
  const moves: StageMove[] = [];
  for (const r of records.initiative) {
    const { history } = r.data;
    history.forEach((entry, i) => {
      if (entry.date < since) return;
      const from = i > 0 ? history[i - 1]!.stage : null;
      moves.push({ initiative: r.data.id, from, to: entry.stage, date: entry.date, by: entry.by ?? null, pivot: from !== null && stageIndex(entry.stage) < stageIndex(from), forced: entry.forced === true });
    });
  }
  return moves.sort((a, b) => a.date.localeCompare(b.date) || a.initiative.localeCompare(b.initiative));
}
