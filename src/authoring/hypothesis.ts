import { usageError } from '../errors.js';
import type { HypothesisKind } from '../model/hypothesis.js';
import { recordFile } from '../model/kinds.js';
import type { Records } from '../model/records.js';
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

/**
 * Sets the status and the day it was set (`statusSince`: `date`, or today for a new status);
 * the same status again, without a date, keeps its day.
 */
export function planHypothesisStatus(records: Records, id: string, status: string, date: string | undefined, today: string): Plan {
  const hypothesis = findRecord(records, 'hypothesis', id);
  const since = date ?? (status === hypothesis.data.status ? undefined : today);
  const ops = [
    { op: 'set' as const, path: ['status'], value: status },
    ...(since !== undefined && since !== hypothesis.data.statusSince ? [{ op: 'set' as const, path: ['statusSince'], value: since, after: 'status' }] : []),
  ];
  return {
    kind: 'hypothesis',
    id,
    path: hypothesis.file,
    message: `pdx: mark hypothesis ${id} ${status}`,
    creates: [],
    edits: [{ file: hypothesis.file, kind: 'hypothesis', ops }],
    generatedId: false,
  };
}
