import { EXIT, PdxError, usageError } from '../errors.js';
import { shellWord } from '../gates/messages.js';
import { recordFile } from '../model/kinds.js';
import { expansionRefusal } from '../model/products.js';
import type { LoadedRecord, Records } from '../model/records.js';
import { chooseId, findRecord, notFound, type Plan } from './plan.js';

const file = (id: string) => recordFile('initiative', id);

export interface InitiativeAdd {
  title: string;
  id?: string;
  risk?: 'market' | 'technical';
  objective?: string;
  parent?: string;
  date: string;
  by?: string;
}

/**
 * An expansion (`--parent`) starts from a product: a parent handed off by `day`, or at mvp on it.
 * Any other parent is refused (exit 1: the transition is refused, nothing is written).
 */
export function checkParent(records: Records, parent: string, day: string): void {
  const found = findRecord(records, 'initiative', parent, '--parent');
  const refusal = expansionRefusal(found, day);
  if (!refusal) return;
  const id = shellWord(parent);
  throw new PdxError('initiative/parent-not-product', `${parent} is in ${refusal.stage}: an expansion starts from a product that reached its MVP (at mvp or handed off); nothing was written`, {
    exitCode: EXIT.failed,
    hint: `see what ${parent} still needs: pdx stage ${id}; once it reaches mvp, hand it off with pdx handoff ${id} --domain "…"`,
  });
}

export function planInitiativeAdd(records: Records, o: InitiativeAdd, taken?: Set<string>): Plan {
  if (o.parent !== undefined) checkParent(records, o.parent, o.date);
  const { id, generated } = chooseId(records, 'initiative', o.id, o.title, taken);
  const data = {
    id,
    title: o.title,
    objective: o.objective,
    risk: o.risk,
    stage: 'immersion',
    history: [{ stage: 'immersion', date: o.date, ...(o.by ? { by: o.by } : {}) }],
    parent: o.parent,
  };
  return { kind: 'initiative', id, path: file(id), message: `pdx: add initiative ${id}`, creates: [{ file: file(id), kind: 'initiative', data }], edits: [], generatedId: generated };
}

export interface InitiativeUpdate {
  title?: string;
  objective?: string;
  risk?: 'market' | 'technical';
  epiphany?: string;
  releasedOn?: string;
  /** What the team costs per period (zero or more): the portfolio's money view. */
  budget?: number;
  /** The day of the epiphany (`epiphanyOn`). */
  date?: string;
}

/**
 * Sets the given fields. The epiphany is dated: a first one `date` or today, a reworded one
 * keeps its day unless `date` moves it, and `date` alone re-dates the one there is.
 */
export function planInitiativeUpdate(records: Records, id: string, o: InitiativeUpdate, today: string): Plan {
  const initiative = findRecord(records, 'initiative', id);
  const { date, ...values } = o;
  const fields = Object.entries(values).filter(([, v]) => v !== undefined) as [string, string | number][];
  if (date !== undefined && o.epiphany === undefined && !initiative.data.epiphany) {
    throw usageError(`--date is the day of the epiphany, and ${id} has no epiphany yet`, `pass the epiphany with it: pdx initiative update ${id} --epiphany "…" --date ${date}`);
  }
  const epiphanyOn = date ?? (o.epiphany !== undefined && initiative.data.epiphanyOn === undefined ? today : undefined);
  if (epiphanyOn !== undefined && epiphanyOn !== initiative.data.epiphanyOn) fields.push(['epiphanyOn', epiphanyOn]);
  if (fields.length === 0) {
    if (date !== undefined) throw usageError(`nothing to update: the epiphany of ${id} is already dated ${date}`);
    throw usageError('nothing to update: pass at least one of --title, --objective, --risk, --epiphany (with --date, its day), --released-on, --budget');
  }
  return {
    kind: 'initiative',
    id,
    path: initiative.file,
    message: `pdx: update ${fields.map(([k]) => k).join(', ')} of initiative ${id}`,
    creates: [],
    // The epiphany's day goes next to it.
    edits: [{ file: initiative.file, kind: 'initiative', ops: fields.map(([key, value]) => ({ op: 'set' as const, path: [key], value, ...(key === 'epiphanyOn' ? { after: 'epiphany' } : {}) })) }],
    generatedId: false,
  };
}

export function planIdeaAdd(records: Records, id: string, o: { text: string; date: string; by?: string }): Plan {
  const initiative = findRecord(records, 'initiative', id);
  const item = { text: o.text, date: o.date, ...(o.by ? { by: o.by } : {}) };
  return appendPlan(initiative.file, id, 'ideas', [item], `pdx: add idea to ${id}`);
}

export function planFeedbackGroupAdd(records: Records, id: string, o: { participants: string[]; segment?: string; date: string }): Plan {
  const initiative = findRecord(records, 'initiative', id);
  const present = new Set(initiative.data.feedbackGroup.map((p) => p.id));
  const repeated = o.participants.filter((p, i) => present.has(p) || o.participants.indexOf(p) !== i);
  if (repeated.length > 0) throw usageError(`already in the feedback group of ${id}: ${[...new Set(repeated)].join(', ')}`);
  const items = o.participants.map((p) => ({ id: p, ...(o.segment ? { segment: o.segment } : {}), joined: o.date }));
  return appendPlan(initiative.file, id, 'feedbackGroup', items, `pdx: add ${items.length} to the feedback group of ${id}`);
}

export function planCustomerAdd(records: Records, id: string, o: { customer: string; payingSince: string }): Plan {
  const initiative = findRecord(records, 'initiative', id);
  if (initiative.data.customers.some((c) => c.id === o.customer)) throw usageError(`${o.customer} is already a paying customer of ${id}`);
  return appendPlan(initiative.file, id, 'customers', [{ id: o.customer, payingSince: o.payingSince }], `pdx: add paying customer ${o.customer} to ${id}`);
}

export function planCustomerChurn(records: Records, id: string, o: { customer: string; date: string }): Plan {
  const initiative = findRecord(records, 'initiative', id);
  const index = initiative.data.customers.findIndex((c) => c.id === o.customer);
  if (index === -1) throw usageError(`${o.customer} is not a paying customer of ${id}`, `its customers: ${initiative.data.customers.map((c) => c.id).join(', ') || 'none yet'}`);
  return {
    kind: 'initiative',
    id,
    path: initiative.file,
    message: `pdx: record that ${o.customer} churned from ${id}`,
    creates: [],
    edits: [{ file: initiative.file, kind: 'initiative', ops: [{ op: 'set', path: ['customers', index, 'churnedOn'], value: o.date }] }],
    generatedId: false,
  };
}

/** The initiative or domain `target` whose team a member joins. */
export function teamOf(records: Records, target: string): LoadedRecord<'initiative'> | LoadedRecord<'domain'> {
  const record = records.initiative.find((r) => r.data.id === target) ?? records.domain.find((r) => r.data.id === target);
  if (!record) throw notFound(records, ['initiative', 'domain'], target);
  return record;
}

export function planTeamAdd(records: Records, target: string, o: { name: string; role: string; date: string }): Plan {
  const record = teamOf(records, target);
  const team = record.data.team as { name: string }[];
  if (team.some((m) => m.name === o.name)) throw usageError(`${o.name} is already on the team of ${target}`);
  return appendPlan(record.file, target, 'team', [{ name: o.name, role: o.role, joined: o.date }], `pdx: add ${o.name} (${o.role}) to the team of ${target}`, record.kind);
}

function appendPlan(path: string, id: string, field: string, items: unknown[], message: string, kind: 'initiative' | 'domain' = 'initiative'): Plan {
  return { kind, id, path, message, creates: [], edits: [{ file: path, kind, ops: items.map((item) => ({ op: 'append' as const, path: [field], item })) }], generatedId: false };
}
