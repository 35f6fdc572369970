import { EXIT, PdxError, usageError } from '../errors.js';
import { evidenceByClaim } from '../model/claims.js';
import type { HypothesisKind } from '../model/hypothesis.js';
import { recordFile } from '../model/kinds.js';
import type { Records } from '../model/records.js';
import { describeContradiction, statusContradictions, type StatusContradiction } from '../model/status-evidence.js';
import { shellWord } from '../gates/messages.js';
import { chooseId, findRecord, type Plan } from './plan.js';

export interface HypothesisAdd {
  initiative: string;
  kind: HypothesisKind;
  statement: string;
  claims: string[];
  id?: string;
  status?: string;
  supersedes?: string;
  date: string;
  /** The kind's own fields, already typed (e.g. `improvementFactor: 12`). */
  fields: Record<string, unknown>;
}

const IMPORTANCE_PREFIX = /^(high|medium|low):\s+(\S[\s\S]*)$/;

/**
 * A claim as typed: `high: Shippers pay per load` gives the claim its importance (medium when
 * no level leads it). Only a level word in lower case followed by a colon and a space counts, so
 * ordinary sentences stay whole.
 */
export function parseClaim(typed: string): { text: string; importance?: 'high' | 'medium' | 'low' } {
  const m = IMPORTANCE_PREFIX.exec(typed);
  return m ? { text: m[2]!, importance: m[1] as 'high' | 'medium' | 'low' } : { text: typed };
}

export function planHypothesisAdd(records: Records, o: HypothesisAdd, taken?: Set<string>): Plan {
  findRecord(records, 'initiative', o.initiative, '--initiative');
  if (o.claims.length === 0) throw usageError('a hypothesis needs at least one claim: pass --claim "…" (repeat for several)');
  if (o.supersedes !== undefined) {
    const earlier = findRecord(records, 'hypothesis', o.supersedes, '--supersedes');
    if (earlier.data.kind !== o.kind) throw usageError(`--supersedes ${o.supersedes} is a ${earlier.data.kind} hypothesis, not ${o.kind}`);
  }
  const { id, generated } = chooseId(records, 'hypothesis', o.id, `${o.initiative}-${o.kind}`, taken);
  const file = recordFile('hypothesis', id, o.initiative);
  const data = {
    id,
    initiative: o.initiative,
    kind: o.kind,
    statement: o.statement,
    status: o.status ?? 'draft',
    supersedes: o.supersedes,
    created: o.date,
    claims: o.claims.map((text, i) => ({ id: `c${i + 1}`, ...parseClaim(text) })),
    ...o.fields,
  };
  return { kind: 'hypothesis', id, path: file, message: `pdx: add ${o.kind} hypothesis ${id} to ${o.initiative}`, creates: [{ file, kind: 'hypothesis', data }], edits: [], generatedId: generated };
}

/** How a status is set: `force` with its `reason` sets one the evidence contradicts, recording why and who. */
export interface StatusChange {
  force?: boolean;
  reason?: string;
  by?: string;
}

/** `--force` needs `--reason`, and `--reason` only goes with `--force`: checked before anything is read or asked. */
export function checkStatusFlags(change: StatusChange): void {
  if (change.force && !change.reason?.trim()) throw usageError('--force needs --reason "…" (it is recorded on the hypothesis, and the gates show it)');
  if (!change.force && change.reason !== undefined) throw usageError('--reason goes with --force: it says why a status the evidence contradicts is set anyway');
}

/**
 * Sets the status and the day it was set (`statusSince`: `date`, or today for a new status);
 * the same status again, without a date, keeps its day. A status the evidence contradicts
 * (`statusContradictions`: validated without its claims supported on balance, invalidated without
 * a refuting record) is refused, exit 1, unless forced with a reason: then `statusOverride` records
 * the status, the reason, the day and who. Any other status change removes an earlier override.
 */
export function planHypothesisStatus(records: Records, id: string, status: string, date: string | undefined, today: string, change: StatusChange = {}): Plan {
  const hypothesis = findRecord(records, 'hypothesis', id);
  checkStatusFlags(change);
  const contradictions = statusContradictions(hypothesis, evidenceByClaim(records), status);
  if (contradictions.length > 0 && !change.force) throw contradicted(hypothesis.data.initiative, id, status, contradictions);
  const since = date ?? (status === hypothesis.data.status ? undefined : today);
  const override = contradictions.length > 0 ? { status, reason: change.reason!.trim(), date: date ?? today, ...(change.by ? { by: change.by } : {}) } : undefined;
  const ops = [
    { op: 'set' as const, path: ['status'], value: status },
    ...(since !== undefined && since !== hypothesis.data.statusSince ? [{ op: 'set' as const, path: ['statusSince'], value: since, after: 'status' }] : []),
    ...(hypothesis.data.statusOverride ? [{ op: 'unset' as const, path: ['statusOverride'] }] : []),
    ...(override ? [{ op: 'set' as const, path: ['statusOverride'], value: override, after: hypothesis.data.statusSince !== undefined || since !== undefined ? 'statusSince' : 'status' }] : []),
  ];
  return {
    kind: 'hypothesis',
    id,
    path: hypothesis.file,
    message: `pdx: ${override ? 'force ' : ''}mark hypothesis ${id} ${status}`,
    creates: [],
    edits: [{ file: hypothesis.file, kind: 'hypothesis', ops }],
    generatedId: false,
  };
}

/** The refusal: what the evidence says, the command that records more, and how to set the status anyway. */
function contradicted(initiative: string, id: string, status: string, contradictions: StatusContradiction[]): PdxError {
  const said = contradictions.map((c) => `  ${describeContradiction(c)}`).join('\n');
  const first = contradictions[0]!;
  const record = `pdx evidence add --initiative ${shellWord(initiative)} --hypothesis ${shellWord(id)} --claim ${shellWord(first.claim)}${first.kind === 'notRefuted' ? ' --verdict refutes' : ''}`;
  return new PdxError('hypothesis/contradicted', `${id} cannot be marked ${status}: the evidence says otherwise; nothing was changed:\n${said}`, {
    exitCode: EXIT.failed,
    hint: `record what customers said or did (${record}), or pass --force --reason "…" to mark it ${status} anyway (the reason is recorded and the gates warn of it)`,
  });
}
