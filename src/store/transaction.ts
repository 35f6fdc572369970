import { createHash } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { PdxError } from '../errors.js';
import { writeFileAtomic, writeNewFile } from './write.js';

/** A file a command is about to create (`before` null) or change (`before`: the text it read). */
export interface FileChange {
  /** Repo-relative path, forward slashes. */
  file: string;
  before: string | null;
  after: string;
}

const LOCK_STALE_MS = 30_000;

/** Reads a file that is about to be edited, refusing what pdx must not write through. */
export function readForEdit(root: string, file: string): string {
  const target = checkWritable(root, file);
  return readFileSync(target, 'utf8');
}

/**
 * Writes every change or none: each changed file is locked, re-read and compared with what the
 * command read (another writer in between means "changed on disk, retry", never a lost update),
 * then replaced atomically; new files are created without ever replacing an existing one.
 * Returns the paths written, in order.
 */
export function applyChanges(root: string, changes: FileChange[]): string[] {
  const locks: string[] = [];
  try {
    const targets = changes.map((change) => {
      const target = checkWritable(root, change.file);
      if (change.before === null) return target;
      locks.push(acquireLock(target, change.file));
      const now = readFileSync(target, 'utf8');
      if (hash(now) !== hash(change.before)) {
        throw new PdxError('write/changed-on-disk', `${change.file} changed on disk while pdx was working on it; nothing was written — run the command again`);
      }
      return target;
    });
    changes.forEach((change, i) => {
      const target = targets[i]!;
      if (change.before === null) {
        mkdirSync(dirname(target), { recursive: true });
        if (!writeNewFile(target, change.after)) {
          throw new PdxError('write/exists', `${change.file} already exists; pdx never overwrites a record`, { hint: 'pass another --id' });
        }
      } else {
        writeFileAtomic(target, change.after);
      }
    });
    return changes.map((c) => c.file);
  } finally {
    for (const lock of locks) releaseLock(lock);
  }
}

/** The real path to write for `file`, after refusing links out of the repo and read-only files. */
function checkWritable(root: string, file: string): string {
  const target = join(root, file);
  // A linked folder on the way must not lead out of the repo either.
  let existing = dirname(target);
  while (!existsSync(existing)) existing = dirname(existing);
  if (outside(root, realpathSync(existing))) {
    throw new PdxError('write/symlink', `${file} would be written through a linked folder to ${realpathSync(existing)}, outside the repo; pdx does not write there`);
  }
  let stat;
  try {
    stat = lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return target;
    throw error;
  }
  let real = target;
  if (stat.isSymbolicLink()) {
    real = realpathSync(target);
    if (outside(root, real)) {
      throw new PdxError('write/symlink', `${file} is a symbolic link to ${real}, outside the repo; pdx does not write there`);
    }
    stat = statSync(real);
  }
  if ((stat.mode & 0o222) === 0) {
    throw new PdxError('write/read-only', `${file} is read-only; make it writable (chmod u+w) if pdx should change it`);
  }
  return real;
}

function outside(root: string, real: string): boolean {
  const inside = relative(realpathSync(root), real);
  return inside.startsWith('..') || inside.startsWith(sep);
}

function lockPath(target: string): string {
  return join(dirname(target), `.${target.slice(dirname(target).length + 1)}.pdx-lock`);
}

function acquireLock(target: string, file: string): string {
  const lock = lockPath(target);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!isStale(lock)) break;
      try {
        unlinkSync(lock);
      } catch {
        // Another process removed it first; try once more.
      }
    }
  }
  throw new PdxError('write/changed-on-disk', `${file} is being changed by another pdx command; nothing was written — run the command again`);
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS;
  } catch {
    return true;
  }
}

function releaseLock(lock: string): void {
  try {
    unlinkSync(lock);
  } catch {
    // Already gone.
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
