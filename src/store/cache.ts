import { createHash, hash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { FileVerdict } from './check-file.js';
import { readPlainFile, tempName } from './disk.js';
import { cleanLeftovers } from './lock.js';
import { makeFolders, ownStateDir } from './safe-path.js';
import type { Texts } from './texts.js';
import { encodeTexts, openTextsFile, writeTextsFile, type TextsPlace, type TextsReader, type TextsSource, type TextsWriter } from './texts-file.js';

/** Git-ignored (`pdx init` writes `.pdx/.gitignore`), like ESLint's `.eslintcache`. */
export const CACHE_DIR = '.pdx/cache';
const FILES = 'files.bin';
const TEXTS = 'texts.bin';
export const CACHE_FILE = `${CACHE_DIR}/${FILES}`;
export const TEXTS_FILE = `${CACHE_DIR}/${TEXTS}`;

/**
 * What each file said on its own last time (`FileVerdict`), keyed on a hash of its exact bytes:
 * an edit of any kind, whatever it does to sizes and times, is a miss. The whole cache is keyed
 * on the code that produces verdicts (`codeFingerprint`), so an upgrade or a rebuild never reads
 * old verdicts, and on a secret of this machine's user (`cacheKey`), so a cache file that came
 * with the repo (committed by mistake, or planted in a pull request to pass CI) is never trusted.
 * Cross-file checks are never cached: they run on every load.
 *
 * A verdict is lean: a valid record's long texts (`store/texts.ts`) are kept apart, in a second
 * file keyed on the same hashes, read only by a load that asks for them (`getTexts`), so the
 * commands that never show them neither read nor hold them.
 */
export interface VerdictCache {
  get(file: string, bytes: Buffer): FileVerdict | undefined;
  /** Keeps a lean verdict (`splitTexts`) for `bytes`. */
  set(file: string, bytes: Buffer, verdict: FileVerdict): void;
  /** As `set`, for bytes whose hash (`hashOf`) is already known: read and checked elsewhere (a worker). */
  setHashed(file: string, hash: string, verdict: FileVerdict): void;
  /**
   * The long texts kept for the bytes the verdict `get` or `set` gave for `file` is about, read
   * from the texts file (its index on first use, then this file's texts alone); undefined when
   * they are not kept.
   */
  getTexts(file: string): { texts?: Texts } | undefined;
  /** Whether `getTexts` would find `file`'s texts, without reading them. */
  hasTexts(file: string): boolean;
  /** Keeps `file`'s long texts, for the bytes the verdict `get` or `set` gave is about. */
  setTexts(file: string, texts: Texts | undefined): void;
  /** Whether `bytes` are still what the verdict `get` or `set` gave for `file` is about. */
  matches(file: string, bytes: Buffer): boolean;
  /** Marks the verdict `get` or `set` returned for `file` as changed in place (`located` was added to). */
  changed(file: string): void;
  /** How many files the cache knew when opened. */
  known(): number;
  /** Writes the cache back when anything changed, keeping only the files seen in this load. */
  save(): void;
}

type Entry = { hash: string; verdict: FileVerdict };
type Entries = Map<string, Entry>;

/** The hash the cache keys a file's bytes on. */
export const hashOf = (bytes: Uint8Array): string => hash('sha1', bytes, 'base64');

/** The part of the verdicts file a file's entry is kept in: its folder's. */
const groupOf = (file: string): string => {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
};

export function openCache(root: string): VerdictCache | undefined {
  const key = cacheKey();
  if (key === undefined) return undefined;
  // The verdicts of each folder are decoded when a file of it is first asked for: the
  // initiatives (what a command's first question needs) without the evidence.
  let stored = readGroups(readCacheFile(root, FILES), key);
  const decoded = new Map<string, Entries>();
  const oldOf = (group: string): Entries | undefined => {
    let entries = decoded.get(group);
    if (entries === undefined) {
      const part = stored.get(group);
      if (part === undefined) return undefined;
      decoded.set(group, (entries = decodeGroup(part.data)));
    }
    return entries;
  };
  const knownCount = [...stored.values()].reduce((sum, part) => sum + part.count, 0);
  const seen: Entries = new Map();
  // Per folder: how many of its files were seen, and whether any verdict of it is new or changed.
  const seenCount = new Map<string, number>();
  const dirty = new Set<string>();
  const texts = openTexts(root, key);
  const see = (file: string, entry: Entry) => {
    const group = groupOf(file);
    if (!seen.has(file)) seenCount.set(group, (seenCount.get(group) ?? 0) + 1);
    seen.set(file, entry);
    return group;
  };
  const setHashed = (file: string, hash: string, verdict: FileVerdict) => {
    dirty.add(see(file, { hash, verdict }));
  };
  // The kind is implied by the path (its folder), which is the entry's key.
  return {
    get(file, bytes) {
      const entry = oldOf(groupOf(file))?.get(file);
      if (entry === undefined) return undefined;
      const hash = hashOf(bytes);
      if (entry.hash !== hash) return undefined;
      see(file, entry);
      return entry.verdict;
    },
    set: (file, bytes, verdict) => setHashed(file, hashOf(bytes), verdict),
    setHashed,
    hasTexts(file) {
      const hash = seen.get(file)?.hash;
      return hash !== undefined && texts.has(file, hash);
    },
    getTexts(file) {
      const hash = seen.get(file)?.hash;
      return hash === undefined ? undefined : texts.get(file, hash);
    },
    setTexts(file, kept) {
      const hash = seen.get(file)?.hash;
      if (hash !== undefined) texts.set(file, hash, kept);
    },
    known: () => knownCount,
    matches(file, bytes) {
      return seen.get(file)?.hash === hashOf(bytes);
    },
    changed(file) {
      if (seen.has(file)) dirty.add(groupOf(file));
    },
    save() {
      texts.save();
      // A folder whose files were all seen unchanged keeps its stored bytes; a folder none of
      // whose files was seen (gone) is dropped; the rest are encoded anew.
      const fresh = (group: string) => dirty.has(group) || stored.get(group)?.count !== seenCount.get(group);
      const groups = [...seenCount.keys()].sort();
      if (groups.length === stored.size && !groups.some(fresh)) return;
      const entries = new Map<string, Entries>(groups.filter(fresh).map((group) => [group, new Map()]));
      for (const [file, entry] of seen) entries.get(groupOf(file))?.set(file, entry);
      const parts = new Map(groups.map((group) => [group, { count: seenCount.get(group)!, data: entries.has(group) ? serialize(entries.get(group)) : stored.get(group)!.data }]));
      writeCacheFile(root, FILES, encodeGroups(key, parts));
      stored = parts;
      decoded.clear();
      for (const [group, fresh] of entries) decoded.set(group, fresh);
      dirty.clear();
    },
  };
}

/** A folder's part of the verdicts file: how many entries, and their v8-serialized map. */
type Part = { count: number; data: Buffer };

/**
 * The verdicts file: the key line, the length (u32 LE) of a JSON header listing each folder with
 * its entry count and byte length, then each folder's v8-serialized entries in that order.
 */
function encodeGroups(key: string, parts: Map<string, Part>): Buffer[] {
  const header = Buffer.from(JSON.stringify([...parts].map(([group, { count, data }]) => [group, count, data.length])));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return [Buffer.from(`${key}\n`), length, header, ...[...parts.values()].map((p) => p.data)];
}

function readGroups(data: Buffer | undefined, key: string): Map<string, Part> {
  const parts = new Map<string, Part>();
  // The key comes first and is compared before anything else of the file is read.
  if (data === undefined || !data.subarray(0, key.length + 1).equals(Buffer.from(`${key}\n`))) return parts;
  try {
    let at = key.length + 1;
    const length = data.readUInt32LE(at);
    at += 4;
    const header = JSON.parse(data.subarray(at, at + length).toString('utf8')) as unknown;
    at += length;
    if (!Array.isArray(header)) return new Map();
    for (const item of header as unknown[]) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || !isCount(item[1]) || !isCount(item[2]) || at + item[2] > data.length) return new Map();
      parts.set(item[0], { count: item[1], data: data.subarray(at, (at += item[2])) });
    }
    return at === data.length ? parts : new Map();
  } catch {
    // Damaged: start empty.
    return new Map();
  }
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function decodeGroup(data: Buffer): Entries {
  try {
    const entries = deserialize(data) as unknown;
    if (entries instanceof Map) return entries as Entries;
  } catch {
    // Damaged: as if unknown.
  }
  return new Map();
}

/** The verdicts file's entries as stored, whole, by file: for tests that alter a cache as an attacker would. */
export function decodeVerdictsFile(data: Buffer, key: string): Map<string, { hash: string }> {
  const all = new Map<string, { hash: string }>();
  for (const part of readGroups(data, key).values()) for (const [file, entry] of decodeGroup(part.data)) all.set(file, entry);
  return all;
}

/** Each folder's part of the verdicts file, its entry count and bytes as stored: for tests. */
export function verdictsFileParts(data: Buffer, key: string): Map<string, { count: number; data: Buffer }> {
  return readGroups(data, key);
}

/** Encodes entries as `decodeVerdictsFile` gives them back: for tests. */
export function encodeVerdictsFile(entries: Map<string, { hash: string }>, key: string): Buffer {
  const groups = new Map<string, Map<string, unknown>>();
  for (const [file, entry] of entries) {
    const group = groupOf(file);
    if (!groups.has(group)) groups.set(group, new Map());
    groups.get(group)!.set(file, entry);
  }
  return Buffer.concat(encodeGroups(key, new Map([...groups].map(([group, map]) => [group, { count: map.size, data: serialize(map) }]))));
}

/**
 * One file's long texts as the cache holds them: none (`at` and `texts` unset), in a texts file
 * (`at` in `from`), or in memory, when no texts file could be written (`texts`).
 */
type TextsEntry = { hash: string; at?: TextsPlace; from?: TextsReader; texts?: Texts };

/**
 * The texts half of the cache. The texts file is opened only when some texts are asked for or
 * kept, and then its index alone is read; the texts a load finds are appended to the next texts
 * file as they come (a temp file beside it), and read from there when asked for, so neither side
 * is ever held whole. Saving copies what is still wanted of the old file after them, writes the
 * index and puts the new file in the old one's place.
 */
function openTexts(root: string, key: string) {
  const header = Buffer.from(`${key}\n`);
  /** The texts file as opened (null: none, or not usable). */
  let current: TextsSource | null | undefined;
  const seen = new Map<string, TextsEntry>();
  /** The texts file being written (null: it cannot be, and texts found stay in memory). */
  let next: { writer: TextsWriter; path: string } | null | undefined;
  let dirty = false;
  const opened = (): TextsSource | undefined => {
    if (current === undefined) {
      const dir = ownStateDir(root, CACHE_DIR, false);
      current = (dir === undefined ? undefined : openTextsFile(join(dir, TEXTS), header)) ?? null;
    }
    return current ?? undefined;
  };
  const entryOf = (file: string, hash: string): TextsEntry | undefined => {
    let entry = seen.get(file);
    if (entry === undefined) {
      const source = opened();
      const at = source?.index.get(file);
      if (at === undefined) return undefined;
      entry = at.offset < 0 ? { hash: at.hash } : { hash: at.hash, at, from: source };
    }
    if (entry.hash !== hash) return undefined;
    seen.set(file, entry);
    return entry;
  };
  const writing = (): TextsWriter | undefined => {
    if (next === undefined) {
      next = null;
      const dir = ownStateDir(root, CACHE_DIR, true);
      if (dir !== undefined) {
        const path = tempName(join(dir, TEXTS));
        try {
          next = { writer: writeTextsFile(openSync(path, 'wx+'), header), path };
        } catch {
          // Only speed is lost: the texts stay in memory.
        }
      }
    }
    return next?.writer;
  };
  /** `file`'s texts appended to the next texts file, or kept in memory when it cannot be written. */
  const put = (file: string, hash: string, bytes: () => Uint8Array, texts: () => Texts): void => {
    const writer = writing();
    if (writer) {
      try {
        seen.set(file, { hash, at: { hash, ...writer.append(bytes()) }, from: writer });
        return;
      } catch {
        // A full disk: these texts and the next ones stay in memory, and no texts file is saved.
        next = null;
      }
    }
    seen.set(file, { hash, texts: texts() });
  };
  return {
    has: (file: string, hash: string) => entryOf(file, hash) !== undefined,
    get(file: string, hash: string): { texts?: Texts } | undefined {
      const entry = entryOf(file, hash);
      if (entry === undefined) return undefined;
      let texts: Texts | undefined;
      try {
        texts = entry.at ? entry.from!.read(entry.at) : entry.texts;
      } catch {
        // A damaged texts file: these texts are not kept, and the file goes, so that the next load checks them again.
        seen.delete(file);
        const dir = ownStateDir(root, CACHE_DIR, false);
        if (dir !== undefined && entry.from === current) rmSync(join(dir, TEXTS), { force: true });
        return undefined;
      }
      return texts === undefined ? {} : { texts };
    },
    set(file: string, hash: string, texts: Texts | undefined) {
      // The old file is read first, for the texts the load keeps that it already holds.
      opened();
      dirty = true;
      if (texts === undefined) seen.set(file, { hash });
      else put(file, hash, () => encodeTexts(texts), () => texts);
    },
    save() {
      if (current === undefined || (!dirty && seen.size === (current?.index.size ?? 0))) return;
      const writer = writing();
      if (!writer) return;
      try {
        const index = new Map<string, TextsPlace>();
        for (const [file, entry] of seen) {
          if (entry.at && entry.from !== writer) put(file, entry.hash, () => entry.from!.bytes(entry.at!), () => entry.from!.read(entry.at!)!);
          else if (entry.texts) put(file, entry.hash, () => encodeTexts(entry.texts!), () => entry.texts!);
          const kept = seen.get(file)!;
          if (kept.texts) throw new Error('not written');
          index.set(file, kept.at ?? { hash: kept.hash, offset: -1, length: 0 });
        }
        const done = writer.finish(index);
        current?.close();
        const path = join(dirname(next!.path), TEXTS);
        renameSync(next!.path, path);
        for (const entry of seen.values()) if (entry.at) entry.from = done;
        current = done;
        next = undefined;
        dirty = false;
        cleanLeftovers(dirname(path), readdirSync(dirname(path)));
      } catch {
        // Only speed is lost; every text stays readable where it is.
        next = null;
      }
    },
  };
}

/**
 * Reads a file of pdx's cache folder; undefined when it is missing or unreadable, or when the
 * folder or the file is a link or not a plain file (a cache that came with a clone is not used).
 */
export function readCacheFile(root: string, name: string): Buffer | undefined {
  const dir = ownStateDir(root, CACHE_DIR, false);
  return dir === undefined ? undefined : readPlainFile(join(dir, name));
}

/**
 * Replaces a file of pdx's cache folder: written whole, then renamed over, so a reader sees the
 * old content or the new, never half. A cache that cannot be written (read-only checkout, full
 * disk) only costs speed: failures are ignored. A cache folder that is a link, or lies behind
 * one, is bypassed: nothing is written or removed through it.
 */
export function writeCacheFile(root: string, name: string, data: string | Uint8Array | Uint8Array[]): void {
  const dir = ownStateDir(root, CACHE_DIR, true);
  if (dir === undefined) return;
  const path = join(dir, name);
  const temp = tempName(path);
  try {
    // Parts are written one after the other: a large cache is never copied into one buffer.
    if (Array.isArray(data)) {
      const fd = openSync(temp, 'wx');
      try {
        for (const part of data) for (let done = 0; done < part.length; ) done += writeSync(fd, part, done);
      } finally {
        closeSync(fd);
      }
    } else writeFileSync(temp, data, { flag: 'wx' });
    renameSync(temp, path);
    // Temp files of runs that were killed while writing, as in every folder pdx writes.
    cleanLeftovers(dir, readdirSync(dir));
  } catch {
    rmSync(temp, { force: true });
    // Only speed is lost.
  }
}

let secret: string | null | undefined;

/**
 * The key of every cache pdx keeps in a repo: the code fingerprint hashed with a random secret
 * kept in this user's cache folder (`$XDG_CACHE_HOME/pdx` or `~/.cache/pdx`, mode 0600), created
 * on first use. Undefined, and no cache used, when that folder cannot be written.
 */
export function cacheKey(): string | undefined {
  const own = userSecret();
  return own === undefined ? undefined : createHash('sha256').update(own).update(codeFingerprint()).digest('hex');
}

/** This user's random secret (created on first use), or undefined when it cannot be kept. */
export function userSecret(): string | undefined {
  if (secret === undefined) secret = readOrCreateSecret();
  return secret ?? undefined;
}

/**
 * Forgets the secret read so far, so that the next use reads it again from the cache folder the
 * environment names: for tests that run pdx several times in one process, as different users.
 */
export function forgetUserSecret(): void {
  secret = undefined;
}

function readOrCreateSecret(): string | null {
  return secretIn(join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pdx')) ?? null;
}

/** The random secret kept in `folder/secret` (mode 0600), created on first use; undefined when it cannot be. */
export function secretIn(folder: string): string | undefined {
  const path = join(folder, 'secret');
  const read = (): string | undefined => {
    try {
      const text = readFileSync(path, 'utf8').trim();
      return /^[0-9a-f]{64}$/.test(text) ? text : undefined;
    } catch {
      return undefined;
    }
  };
  const existing = read();
  if (existing) return existing;
  try {
    makeFolders(folder, 0o700);
    const fresh = randomBytes(32).toString('hex');
    // Created exclusively: of two first runs at once, both end up with the one that won.
    writeFileSync(path, fresh, { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch {
    return read();
  }
}

let fingerprint: string | undefined;
let bundleDigest: string | undefined;

/** The sha1 of the bundle's bytes, as bin/pdx read and compiled them: the fingerprint is made of it instead of reading the bundle again. */
export function useBundleDigest(digest: string): void {
  if (!/^[0-9a-f]{40}$/.test(digest)) return;
  bundleDigest = digest;
  fingerprint = undefined;
}

/**
 * A hash of everything a cached answer depends on besides the repo: the code that computes it.
 * Run from the bundle (dist/cli/pdx.cjs, what bin/pdx loads), that is the bundle itself, libraries
 * included; run from modules (tests, or a build without the bundle), pdx's model, store and git
 * modules and the versions of the parser and schema libraries.
 */
export function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const here = fileURLToPath(import.meta.url);
  const hash = createHash('sha1').update(process.version);
  if (here.endsWith('.cjs')) return (fingerprint = hash.update(bundleDigest ?? createHash('sha1').update(readFileSync(here)).digest('hex')).digest('base64'));
  const dist = dirname(dirname(here));
  for (const folder of ['model', 'store', 'git']) {
    for (const name of readdirSync(join(dist, folder)).sort()) {
      if (name.endsWith('.js') || name.endsWith('.ts')) hash.update(name).update(readFileSync(join(dist, folder, name)));
    }
  }
  const require = createRequire(import.meta.url);
  for (const library of ['yaml', 'js-yaml', 'zod']) hash.update(library).update(readFileSync(require.resolve(`${library}/package.json`)));
  return (fingerprint = hash.digest('base64'));
}
