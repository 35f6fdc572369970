import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { FileVerdict } from './check-file.js';

/** Git-ignored (`pdx init` writes `.pdx/.gitignore`), like ESLint's `.eslintcache`. */
export const CACHE_FILE = '.pdx/cache/files.bin';

/**
 * What each file said on its own last time (`FileVerdict`), keyed on a hash of its exact bytes: an edit of any kind, whatever it does to sizes and times, is a miss. The whole cache
 * is also keyed on the code that produces verdicts (pdx's own parse and schema modules and the
 * parser and schema libraries' versions), so an upgrade or a rebuild never reads old verdicts.
 * Cross-file checks are never cached: they run on every load.
 */
export interface VerdictCache {
  get(file: string, bytes: Buffer): FileVerdict | undefined;
  set(file: string, bytes: Buffer, verdict: FileVerdict): void;
  /** Writes the cache back when anything changed, keeping only the files seen in this load. */
  save(): void;
}

type Entries = Map<string, { hash: string; verdict: FileVerdict }>;

export function openCache(root: string): VerdictCache {
  const path = join(root, CACHE_FILE);
  const key = codeFingerprint();
  const old = readEntries(path, key);
  const seen: Entries = new Map();
  let dirty = false;
  // The kind is implied by the path (its folder), which is the entry's key.
  const hashOf = (bytes: Buffer) => createHash('sha1').update(bytes).digest('base64');
  return {
    get(file, bytes) {
      const entry = old.get(file);
      if (entry === undefined) return undefined;
      const hash = hashOf(bytes);
      if (entry.hash !== hash) return undefined;
      seen.set(file, entry);
      return entry.verdict;
    },
    set(file, bytes, verdict) {
      seen.set(file, { hash: hashOf(bytes), verdict });
      dirty = true;
    },
    save() {
      if (!dirty && seen.size === old.size) return;
      try {
        mkdirSync(dirname(path), { recursive: true });
        // Written whole, then renamed over: a reader sees the old cache or the new one, never half.
        const temp = `${path}.${process.pid}.tmp`;
        writeFileSync(temp, serialize({ key, entries: seen }));
        renameSync(temp, path);
      } catch {
        // A cache that cannot be written (read-only checkout, full disk) only costs speed.
      }
    },
  };
}

function readEntries(path: string, key: string): Entries {
  try {
    const stored = deserialize(readFileSync(path)) as { key?: unknown; entries?: unknown };
    if (stored.key === key && stored.entries instanceof Map) return stored.entries as Entries;
  } catch {
    // Missing, unreadable or damaged: start empty.
  }
  return new Map();
}

/** Deletes the cache: `pdx validate --no-cache` and tests use this to measure a cold start. */
export function clearCache(root: string): void {
  rmSync(join(root, CACHE_FILE), { force: true });
}

let fingerprint: string | undefined;

/** A hash of everything a verdict depends on besides the file: the code that computes it. */
function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const dist = dirname(dirname(fileURLToPath(import.meta.url)));
  const hash = createHash('sha1').update(process.version);
  for (const folder of ['model', 'store']) {
    for (const name of readdirSync(join(dist, folder)).sort()) {
      if (name.endsWith('.js') || name.endsWith('.ts')) hash.update(name).update(readFileSync(join(dist, folder, name)));
    }
  }
  for (const library of ['yaml', 'js-yaml', 'zod']) {
    // The library's package.json, found from its entry point without loading it.
    let folder = dirname(fileURLToPath(import.meta.resolve(library)));
    while (!existsSync(join(folder, 'package.json')) || !folder.endsWith(library)) folder = dirname(folder);
    hash.update(library).update(readFileSync(join(folder, 'package.json')));
  }
  return (fingerprint = hash.digest('base64'));
}
