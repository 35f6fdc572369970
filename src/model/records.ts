import type { Problem, Severity } from '../errors.js';
import type { RecordData } from './index.js';
import { KIND_NAMES, type RecordKind } from './kinds.js';
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
