import { usageError } from '../errors.js';
import { recordFile } from '../model/kinds.js';
import type { Records } from '../model/records.js';
import { chooseId, findRecord, notFound, type Plan } from './plan.js';

export function planDomainAdd(records: Records, o: { id: string; name: string; purpose: string; date: string }): Plan {
  const { id } = chooseId(records, 'domain', o.id, o.name);
  const file = recordFile('domain', id);
  return { kind: 'domain', id, path: file, message: `pdx: add domain ${id}`, creates: [{ file, kind: 'domain', data: { id, name: o.name, purpose: o.purpose, created: o.date } }], edits: [], generatedId: false };
}

/**
 * `--product`: the initiative a domain experiment or OKR targets. Only with `--domain` (a discovery
 * experiment belongs to its initiative); an initiative (did-you-mean otherwise), and not one
 * handed to another domain. One not handed off yet is accepted: the gate rule
 * handoff-before-features warns about it.
 */
export function checkProduct(records: Records, product: string, domain: string | undefined): void {
  if (domain === undefined) throw usageError('--product goes with --domain: it names the product a domain experiment targets', 'a discovery experiment tests its initiative: pass --domain instead of --initiative, or leave out --product');
  const initiative = findRecord(records, 'initiative', product, '--product');
  const { handoff, domain: owner } = initiative.data;
  if (handoff !== undefined && owner !== undefined && owner !== domain) {
    throw usageError(`${product} (--product) was handed off to domain ${owner}, not ${domain}`, `it is ${owner}'s product: pass --domain ${owner}, or name one of ${domain}'s products`);
  }
}

export function planOkrAdd(records: Records, o: { domain: string; period: string; objective: string; product?: string; id?: string; date: string }): Plan {
  findRecord(records, 'domain', o.domain, '--domain');
  if (o.product !== undefined) checkProduct(records, o.product, o.domain);
  const { id, generated } = chooseId(records, 'okr', o.id, `${o.domain}-${o.period}`);
  const file = recordFile('okr', id);
  // An OKR file starts with no key results; `pdx kr add` appends them.
  const data = { id, domain: o.domain, ...(o.product !== undefined ? { product: o.product } : {}), period: o.period, objective: o.objective, created: o.date, keyResults: [] };
  return { kind: 'okr', id, path: file, message: `pdx: add OKR ${id} to ${o.domain}`, creates: [{ file, kind: 'okr', data }], edits: [], generatedId: generated };
}

export function planKrAdd(records: Records, okrId: string, o: { metric: string; baseline: number; target: number; unit?: string; id?: string; date: string }): Plan {
  const okr = findRecord(records, 'okr', okrId);
  const krIds = new Set(records.okr.flatMap((r) => r.data.keyResults.map((kr) => kr.id)));
  if (o.id !== undefined && krIds.has(o.id)) throw usageError(`key result id \`${o.id}\` is already used`);
  if (o.baseline === o.target) throw usageError('--baseline and --target are the same: a key result measures a change');
  let id = o.id;
  if (id === undefined) {
    const { id: generated } = chooseId(records, 'okr', undefined, o.metric);
    id = generated;
    for (let n = 2; krIds.has(id); n++) id = `${generated}-${n}`;
  }
  const item = { id, metric: o.metric, ...(o.unit ? { unit: o.unit } : {}), baseline: o.baseline, target: o.target, created: o.date };
  return {
    kind: 'okr',
    id,
    path: okr.file,
    message: `pdx: add key result ${id} to ${okrId}`,
    creates: [],
    edits: [{ file: okr.file, kind: 'okr', ops: [{ op: 'append', path: ['keyResults'], item }] }],
    generatedId: o.id === undefined,
  };
}

export function planKrUpdate(records: Records, krId: string, o: { current: number; date: string; note?: string; by?: string }, taken?: Set<string>): Plan {
  const okr = records.okr.find((r) => r.data.keyResults.some((kr) => kr.id === krId));
  if (!okr) throw notFound(records, ['okr'], krId, undefined, true);
  const index = okr.data.keyResults.findIndex((kr) => kr.id === krId);
  // A check-in dated before the latest one is history: it must not overwrite the current value.
  const latest = records.checkin.filter((c) => c.data.kr === krId).reduce((max, c) => (c.data.date > max ? c.data.date : max), '');
  const { id, generated } = chooseId(records, 'checkin', undefined, `${o.date}-${krId}`, taken);
  const file = recordFile('checkin', id, okr.data.domain);
  const checkin = { id, kr: krId, date: o.date, value: o.current, note: o.note, by: o.by };
  return {
    kind: 'checkin',
    id,
    path: file,
    message: `pdx: check in ${krId} at ${o.current}`,
    creates: [{ file, kind: 'checkin', data: checkin }],
    edits: o.date >= latest ? [{ file: okr.file, kind: 'okr', ops: [{ op: 'set', path: ['keyResults', index, 'current'], value: o.current }] }] : [],
    generatedId: generated,
  };
}

export interface DomainUpdate {
  name?: string;
  purpose?: string;
  /** What the domain's team costs per period (zero or more): the portfolio's money view. */
  budget?: number;
}

/**
 * `domain update`: the new name, purpose or budget, and `updated`, the day of the change (`--date`,
 * default today; not before the domain was set up). Only those values' bytes change.
 */
export function planDomainUpdate(records: Records, id: string, o: DomainUpdate, date: string): Plan {
  const domain = findRecord(records, 'domain', id);
  const fields = (Object.entries(o) as [keyof DomainUpdate, string | number | undefined][]).filter(([k, v]) => v !== undefined && v !== domain.data[k]) as [string, string | number][];
  const given = (['name', 'purpose', 'budget'] as const).filter((k) => o[k] !== undefined);
  if (given.length === 0) throw usageError('nothing to update: pass --name, --purpose or --budget', `e.g. pdx domain update ${id} --purpose "…"`);
  if (fields.length === 0) throw usageError(`nothing to update: ${id} already has that ${given.join(' and ')}`);
  if (domain.data.created !== undefined && date < domain.data.created) throw usageError(`--date ${date} is before ${id} was set up (${domain.data.created})`);
  if (domain.data.updated !== undefined && date < domain.data.updated) throw usageError(`--date ${date} is before ${id} was last updated (${domain.data.updated}): the name and purpose it records are the latest`);
  const ops = [...fields.map(([key, value]) => ({ op: 'set' as const, path: [key], value })), { op: 'set' as const, path: ['updated'], value: date, ...(domain.data.created !== undefined ? { after: 'created' } : { after: 'purpose' }) }];
  return {
    kind: 'domain',
    id,
    path: domain.file,
    message: `pdx: update ${fields.map(([k]) => k).join(', ')} of domain ${id}`,
    creates: [],
    edits: [{ file: domain.file, kind: 'domain', ops }],
    generatedId: false,
  };
}
