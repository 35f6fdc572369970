import { closest } from '../model/words.js';
import { isValidId, slugify, uniqueId } from '../model/ids.js';
import type { RecordKind } from '../model/index.js';
import type { LoadedRecord, Records } from '../model/records.js';
import type { EditOp } from '../store/edit.js';
import { EXIT, PdxError, usageError } from '../errors.js';

/** What a write command will do, decided from the loaded records before anything is touched. */
export interface Plan {
  kind: RecordKind;
  id: string;
  /** The record file the command is about (repo-relative). */
  path: string;
  /** A commit message subject: `pdx: add evidence e-1 to rapid-quotes-customer`. */
  message: string;
  creates: { file: string; kind: RecordKind; data: Record<string, unknown> }[];
  edits: { file: string; kind: RecordKind; ops: EditOp[] }[];
  /** True when the id was generated, so a clash with a parallel writer may pick the next one. */
  generatedId: boolean;
}

/** The record of `kind` with `id`, or a usage error that suggests the closest id. */
export function findRecord<K extends RecordKind>(records: Records, kind: K, id: string, flag: string): LoadedRecord<K> {
  const all = records[kind] as LoadedRecord<K>[];
  const found = all.find((r) => (r.data as { id: string }).id === id);
  if (found) return found;
  const hint = closest(id, all.map((r) => (r.data as { id: string }).id));
  throw usageError(`no ${kind} with id \`${id}\` (${flag})`, hint ? `did you mean \`${hint}\`?` : all.length === 0 ? `there is no ${kind} yet` : undefined);
}

/**
 * The id for a new record: the user's (validated, and refused with exit 1 when taken, naming
 * the file that has it) or one generated from `base`. `known` adds ids (to files) of records
 * that were not loaded.
 */
export function chooseId(
  records: Records,
  kind: RecordKind,
  given: string | undefined,
  base: string,
  extraTaken: Set<string> = new Set(),
  known: ReadonlyMap<string, string> = new Map(),
): { id: string; generated: boolean } {
  const existing = new Map([...known, ...(records[kind] as LoadedRecord[]).map((r) => [(r.data as { id: string }).id, r.file] as const)]);
  if (given !== undefined) {
    if (!isValidId(given)) throw usageError(`--id "${given}" is not a valid id: use lowercase letters and digits in words joined by single dashes, e.g. rapid-quotes`);
    const file = existing.get(given);
    if (file) throw new PdxError('id/taken', `${kind} id \`${given}\` is already used by ${file}`, { exitCode: EXIT.failed, hint: 'pick another --id' });
    return { id: given, generated: false };
  }
  const slug = slugify(base) || kind;
  return { id: uniqueId(slug, (id) => existing.has(id) || extraTaken.has(id)), generated: true };
}
