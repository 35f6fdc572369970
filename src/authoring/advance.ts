import { usageError } from '../errors.js';
import type { GateResult } from '../gates/engine.js';
import type { LoadedRecord } from '../model/records.js';
import type { Stage } from '../model/vocabulary.js';
import type { Plan } from './plan.js';

export interface AdvanceMove {
  to: Stage;
  date: string;
  by?: string;
  reason?: string;
  /** Set when the gate failed and the move is forced: the failed rule ids are recorded. */
  forcedPast?: string[];
}

/** Sets the stage and appends the history entry, in one edit of the initiative file. */
export function planAdvance(initiative: LoadedRecord<'initiative'>, move: AdvanceMove): Plan {
  const entry = {
    stage: move.to,
    date: move.date,
    ...(move.by ? { by: move.by } : {}),
    ...(move.reason ? { reason: move.reason } : {}),
    ...(move.forcedPast ? { forced: true, failedRules: move.forcedPast } : {}),
  };
  const id = initiative.data.id;
  return {
    kind: 'initiative',
    id,
    path: initiative.file,
    message: `pdx: ${move.forcedPast ? 'force ' : ''}move ${id} from ${initiative.data.stage} to ${move.to}`,
    creates: [],
    edits: [
      {
        file: initiative.file,
        kind: 'initiative',
        ops: [
          { op: 'set', path: ['stage'], value: move.to },
          { op: 'append', path: ['history'], item: entry },
        ],
      },
    ],
    generatedId: false,
  };
}

/** The failing error-severity rules of a gate, or a usage error when a forced move lacks its reason. */
export function failedRules(result: GateResult): string[] {
  return result.rules.filter((r) => !r.pass && r.severity === 'error').map((r) => r.id);
}

export function requireReason(reason: string | undefined, why: string): string {
  if (!reason?.trim()) throw usageError(`${why} needs --reason "…" (it is recorded in the history)`);
  return reason;
}
