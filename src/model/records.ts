import type { Severity } from '../errors.js';
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

/** Every valid record of a repo, by kind: the snapshot that checks, gates and reports read. */
export type Records = { [K in RecordKind]: LoadedRecord<K>[] };

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
