/**
 * The ids a shell offers when completing a command line, read cheaply: records by the names of
 * their files, key results and claims from the few files that hold them. Nothing here writes,
 * locks or recovers anything, and nothing throws: a folder or file that cannot be read offers
 * no ids.
 */
import { load } from 'js-yaml';
import { DATA_DIR, KIND_FOLDERS, type RecordKind } from '../model/kinds.js';
import { readPlainRecord } from './fast-yaml.js';
import { idsByFileName } from './load.js';
import { decodeText, readFileBytes } from './read.js';

/** Only plain words are offered: a file name with spaces or control characters is no id. */
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The ids of the records of `kind`, sorted; with `owner`, only those filed under that owner's folder. */
export function recordIds(root: string, kind: RecordKind, owner?: string): string[] {
  try {
    const ids = [...idsByFileName(root, kind)].filter(([id, file]) => PLAIN.test(id) && (owner === undefined || file.startsWith(`${DATA_DIR}/${KIND_FOLDERS[kind]}/${owner}/`)));
    return ids.map(([id]) => id).sort();
  } catch {
    return [];
  }
}

/** The ids of the key results of every OKR, sorted. */
export function keyResultIds(root: string): string[] {
  const ids = new Set<string>();
  for (const file of recordFiles(root, 'okr')) {
    for (const kr of listOf(readRecord(root, file), 'keyResults')) ids.add(kr);
  }
  return [...ids].sort();
}

/** The ids of a hypothesis's claims, in file order. */
export function claimIds(root: string, hypothesis: string): string[] {
  const file = recordFiles(root, 'hypothesis', hypothesis)[0];
  return file ? listOf(readRecord(root, file), 'claims') : [];
}

function recordFiles(root: string, kind: RecordKind, id?: string): string[] {
  try {
    return [...idsByFileName(root, kind)].filter(([found]) => id === undefined || found === id).map(([, file]) => file);
  } catch {
    return [];
  }
}

function readRecord(root: string, file: string): Record<string, unknown> | undefined {
  const read = readFileBytes(`${root}/${file}`, file, root);
  if ('problem' in read) return undefined;
  const text = decodeText(read.bytes, file);
  if ('problem' in text) return undefined;
  const plain = readPlainRecord(text.text);
  if (plain) return plain;
  // A file the fast reader is unsure of: its ids are only offered, never trusted, so a plain read is enough.
  try {
    const value = load(text.text, { json: true });
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The `id` of each item of `record[list]` that has a plain one. */
function listOf(record: Record<string, unknown> | undefined, list: string): string[] {
  const items = record?.[list];
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const id = (item as { id?: unknown } | null)?.id;
    return typeof id === 'string' && PLAIN.test(id) ? [id] : [];
  });
}
