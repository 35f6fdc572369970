import type { Problem, Severity } from '../errors.js';
import type { RecordData } from './index.js';
import { INITIATIVE_PARTS, KIND_NAMES, KINDS, someValueAt, valuesAt, type KindSpec, type OwnerKind, type RecordKind } from './kinds.js';
import { ofInitiative } from './lookup.js';
import type { FieldPath } from './words.js';

/** One valid record and the file it came from. */
export interface LoadedRecord<K extends RecordKind = RecordKind> {
  kind: K;
  /** Path relative to the repo root, with forward slashes. */
  file: string;
  data: RecordData<K>;
}

/**
 * Every valid record of a repo, by kind: the snapshot that checks, gates and reports read. A
 * loaded repo also says what it could not load, so that a lookup can tell a missing record from
 * one that is there but invalid or unreadable.
 */
export type Records = { [K in RecordKind]: LoadedRecord<K>[] } & { unloaded?: Unloaded };

/**
 * The initiative's current hypotheses: not invalidated, and not superseded by another of its
 * hypotheses. What its gates count, and what new evidence is offered to bear on.
 */
export function currentHypotheses(records: Records, initiative: string): LoadedRecord<'hypothesis'>[] {
  const mine = ofInitiative(records.hypothesis, initiative);
  const superseded = new Set(mine.map((h) => h.data.supersedes).filter((id): id is string => id !== undefined));
  return mine.filter((h) => h.data.status !== 'invalidated' && !superseded.has(h.data.id));
}

/** The segments the initiative's current customer hypotheses name (one hypothesis, normally): what evidence's `segment` is one of. */
export function customerSegments(records: Records, initiative: string): string[] {
  return [...new Set(currentHypotheses(records, initiative).flatMap((h) => (h.data.kind === 'customer' ? (h.data.segments ?? []) : [])))];
}

/** What is on disk but is not among the records. */
export interface Unloaded {
  /** Record files that hold no valid record. */
  files: UnloadedFile[];
  /** Folders that could not be listed, so any record could be in them. */
  folders: UnlistedFolder[];
}

/** A record file that is invalid or could not be read, and why. */
export interface UnloadedFile {
  kind: RecordKind;
  file: string;
  /** The ids it is known by: its file name, and the `id:` it holds if that could be read. */
  ids: string[];
  /** Could not be read at all (permissions, I/O): it may hold any id. */
  unreadable: boolean;
  /** For an OKR: the key-result ids it still names; undefined when none could be read (it may hold any). */
  keyResults?: string[];
  problems: Problem[];
}

/** A folder under the data folder that could not be listed. */
export interface UnlistedFolder {
  folder: string;
  /** The kind of records it would hold; undefined for the data folder itself (every kind). */
  kind?: RecordKind;
  problem: Problem;
}

/** Ids by kind (and key-result ids under `kr`); `*` when a file or folder of that kind could not be read, so any id may exist. */
export type InvalidIds = Partial<Record<RecordKind | 'kr', Set<string>>>;

/**
 * The ids of records that are on disk but not loaded, by kind (`kr` for key results), for the
 * cross-file checks: a reference to one of them is not dangling. `*` stands for any id (a file
 * that could not be read, a folder that could not be listed).
 */
export function invalidIdsOf(unloaded: Unloaded): InvalidIds {
  const ids: InvalidIds = {};
  const add = (kind: RecordKind | 'kr', id: string) => (ids[kind] ??= new Set()).add(id);
  for (const f of unloaded.files) {
    for (const id of f.ids) add(f.kind, id);
    if (f.unreadable) add(f.kind, '*');
    if (f.kind === 'okr') for (const kr of f.keyResults ?? ['*']) add('kr', kr);
  }
  for (const { kind } of unloaded.folders) {
    for (const k of kind ? [kind] : KIND_NAMES) add(k, '*');
    if (kind === undefined || kind === 'okr') add('kr', '*');
  }
  return ids;
}

export function emptyRecords(): Records {
  return Object.fromEntries(KIND_NAMES.map((kind) => [kind, []])) as unknown as Records;
}

/** A problem found in a record, located by field path; the store turns it into file:line:column. */
export interface Finding {
  record: LoadedRecord;
  path: FieldPath;
  target?: 'value' | 'key' | 'parent';
  severity: Severity;
  code: string;
  message: string;
}

/** The id of the record `record` belongs to, by the kind's owner fields (first one set), with that owner's kind. */
export function ownerOf(record: LoadedRecord): { kind: OwnerKind; id: string } | undefined {
  for (const { field, kind } of KINDS[record.kind].owners) {
    const id = (record.data as Record<string, unknown>)[field];
    if (typeof id === 'string') return { kind, id };
  }
  return undefined;
}

/**
 * The records as they stood on `asOf`, by each kind's dated fields: a record dated later did not
 * exist yet, a list item dated later is left out, and a field set later is as it was before.
 * Applied once, by the engine: metrics and rules read the snapshot and never filter by date again.
 */
export function asOfSnapshot(records: Records, asOf: string): Records {
  // A snapshot asked for its own day again (the report's, by the gates it evaluates) is itself.
  if (snapshotDay.get(records) === asOf) return records;
  // Made once per records and day: a command that snapshots the same day twice (status, and the gates it evaluates) gets the same one.
  const made = snapshots.get(records)?.get(asOf);
  if (made) return made;
  const later = (value: unknown) => typeof value === 'string' && value > asOf;
  const out = { ...records } as Records;
  for (const kind of KIND_NAMES) {
    const { dates } = KINDS[kind];
    if (dates.every((d) => d.later === 'keep')) continue;
    const list: LoadedRecord[] = [];
    for (const record of records[kind] as LoadedRecord[]) {
      let data = record.data as Record<string, unknown>;
      let dropped = false;
      for (const { path, later: rule } of dates) {
        if (rule === 'keep') continue;
        if (rule === 'drop') {
          if (someValueAt(data, path, later)) dropped = true;
        } else if (rule === 'drop-item') {
          const [listField, field] = path.split('[].') as [string, string];
          const items = data[listField];
          if (Array.isArray(items) && items.some((item) => later((item as Record<string, unknown>)[field]))) {
            data = { ...data, [listField]: items.filter((item) => !later((item as Record<string, unknown>)[field])) };
          }
        } else if (Object.entries(rule.when ?? {}).every(([key, value]) => data[key] === value) && someValueAt(data, path, later)) {
          data = { ...data, ...rule.before };
          for (const [key, value] of Object.entries(rule.before)) if (value === undefined) delete data[key];
        }
      }
      if (!dropped) list.push(data === record.data ? record : ({ ...record, data } as LoadedRecord));
    }
    (out[kind] as LoadedRecord[]) = list;
  }
  for (const kind of KIND_NAMES) {
    const latest = KINDS[kind].latest;
    if (!latest) continue;
    const all = groupBy(records[latest.from] as LoadedRecord[], latest.by);
    const kept = groupBy(out[latest.from] as LoadedRecord[], latest.by);
    (out[kind] as LoadedRecord[]) = (out[kind] as LoadedRecord[]).map((r) => withLatest(r, latest, all, kept));
  }
  snapshotDay.set(out, asOf);
  let days = snapshots.get(records);
  if (!days) snapshots.set(records, (days = new Map()));
  days.set(asOf, out);
  return out;
}

/** The records' data by the value of one field, each group in the list's order. */
function groupBy(list: LoadedRecord[], field: string): Map<unknown, Record<string, unknown>[]> {
  const groups = new Map<unknown, Record<string, unknown>[]>();
  for (const r of list) {
    const data = r.data as Record<string, unknown>;
    const key = data[field];
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(data);
  }
  return groups;
}

/**
 * The date that keeps `record` out of the snapshot of `asOf` (the first of its `drop` dates after
 * that day: the day it was created, set up or started), or undefined when it is in it.
 */
export function laterThan(kind: RecordKind, record: LoadedRecord, asOf: string): string | undefined {
  for (const { path, later } of KINDS[kind].dates) {
    if (later !== 'drop') continue;
    const day = valuesAt(record.data as Record<string, unknown>, path).find((v) => typeof v.value === 'string' && v.value > asOf);
    if (day) return day.value as string;
  }
  return undefined;
}

/** The day each snapshot was made for: snapshotting one again for that day changes nothing. */
const snapshotDay = new WeakMap<Records, string>();
/** Each records' snapshots by day: records are never changed once loaded. */
const snapshots = new WeakMap<Records, Map<string, Records>>();

/** A record whose `latest` values are those of the dated records kept in the snapshot (see KindSpec.latest). */
function withLatest(record: LoadedRecord, spec: NonNullable<KindSpec['latest']>, all: Map<unknown, Record<string, unknown>[]>, kept: Map<unknown, Record<string, unknown>[]>): LoadedRecord {
  const items = (record.data as Record<string, unknown>)[spec.list];
  if (!Array.isArray(items)) return record;
  const of = (groups: Map<unknown, Record<string, unknown>[]>, id: unknown) => [...(groups.get(id) ?? [])];
  let changed = false;
  const next = items.map((item: Record<string, unknown>) => {
    const dated = of(all, item.id);
    // None at all: the value written in the record is all there is. Else the latest by this day, if any.
    if (dated.length === 0) return item;
    const last = of(kept, item.id).sort((a, b) => String(a.date).localeCompare(String(b.date))).at(-1);
    if (last && item[spec.field] === last[spec.value]) return item;
    changed = true;
    const copy = { ...item };
    if (last) copy[spec.field] = last[spec.value];
    else delete copy[spec.field];
    return copy;
  });
  return changed ? ({ ...record, data: { ...record.data, [spec.list]: next } } as LoadedRecord) : record;
}

/** The records of each initiative: itself and the records that belong to it (its hypotheses, evidence, experiments). */
export function splitByInitiative(records: Records): Map<string, Records> {
  const split = new Map<string, Records>();
  for (const r of records.initiative) {
    const own = { ...records, initiative: [r] } as Records;
    for (const kind of INITIATIVE_PARTS) (own[kind] as LoadedRecord[]) = [];
    split.set(r.data.id, own);
  }
  for (const kind of INITIATIVE_PARTS) {
    for (const r of records[kind] as LoadedRecord[]) {
      const owner = ownerOf(r);
      const bucket = owner?.kind === 'initiative' ? split.get(owner.id) : undefined;
      if (bucket) (bucket[kind] as LoadedRecord[]).push(r);
    }
  }
  return split;
}

/**
 * The records that belong, directly or through their owners, to the chosen records of the kinds
 * that belong to none (initiatives, domains): what a report on some initiatives or domains reads.
 */
export function keepOwnedBy(records: Records, chosen: (record: LoadedRecord) => boolean): Records {
  const kept = new Map<OwnerKind, Set<string>>();
  const keep = (kind: OwnerKind, id: string) => (kept.get(kind) ?? kept.set(kind, new Set()).get(kind)!).add(id);
  const out = { ...records } as Records;
  const roots = KIND_NAMES.filter((kind) => KINDS[kind].owners.length === 0);
  for (const kind of [...roots, ...KIND_NAMES.filter((k) => !roots.includes(k))]) {
    const list = (records[kind] as LoadedRecord[]).filter((r) => {
      if (KINDS[kind].owners.length === 0) return chosen(r);
      return KINDS[kind].owners.some(({ field, kind: owner }) => {
        const id = (r.data as Record<string, unknown>)[field];
        return typeof id === 'string' && (kept.get(owner)?.has(id) ?? false);
      });
    });
    for (const r of list) {
      keep(kind, (r.data as { id: string }).id);
      if (r.kind === 'okr') for (const kr of (r as LoadedRecord<'okr'>).data.keyResults) keep('kr', kr.id);
    }
    (out[kind] as LoadedRecord[]) = list;
  }
  return out;
}
