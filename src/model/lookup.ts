import type { RecordKind } from './kinds.js';
import type { LoadedRecord } from './records.js';

/**
 * Lookups over one list of loaded records, built once per list and kept beside it: finding a
 * record by id, or the records of one initiative, then costs a map lookup, not a pass over the
 * list, so that metrics and rules that ask per record stay linear in the repo. Loaded lists are
 * never changed; a list whose length changed is indexed again all the same.
 */
interface Index<K extends RecordKind> {
  length: number;
  byId?: Map<string, LoadedRecord<K>>;
  byInitiative?: Map<string, LoadedRecord<K>[]>;
}

const indexes = new WeakMap<readonly LoadedRecord[], Index<RecordKind>>();

function indexOf<K extends RecordKind>(list: readonly LoadedRecord<K>[]): Index<K> {
  let index = indexes.get(list) as Index<K> | undefined;
  if (!index || index.length !== list.length) indexes.set(list, (index = { length: list.length }) as Index<RecordKind>);
  return index;
}

/** The first record of `list` with this id, as `list.find` would give it. */
export function findById<K extends RecordKind>(list: readonly LoadedRecord<K>[], id: string): LoadedRecord<K> | undefined {
  const index = indexOf(list);
  if (!index.byId) {
    const byId = new Map<string, LoadedRecord<K>>();
    for (const r of list) {
      const key = (r.data as { id: string }).id;
      if (!byId.has(key)) byId.set(key, r);
    }
    index.byId = byId;
  }
  return index.byId.get(id);
}

/** The records of `list` whose `initiative` is this one, in the list's order, as `list.filter` would give them (a new array each call). */
export function ofInitiative<K extends RecordKind>(list: readonly LoadedRecord<K>[], initiative: string): LoadedRecord<K>[] {
  const index = indexOf(list);
  if (!index.byInitiative) {
    const by = new Map<string, LoadedRecord<K>[]>();
    for (const r of list) {
      const key = (r.data as { initiative?: unknown }).initiative;
      if (typeof key !== 'string') continue;
      let mine = by.get(key);
      if (!mine) by.set(key, (mine = []));
      mine.push(r);
    }
    index.byInitiative = by;
  }
  return [...(index.byInitiative.get(initiative) ?? [])];
}
