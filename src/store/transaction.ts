import { rmdirSync, closeSync, fstatSync, linkSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, type BigIntStats } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { PdxError } from '../errors.js';
import { faultPoint } from './fault.js';
import { journalFiles, removeJournal, sha256, writeJournal, type JournalEntry } from './journal.js';
import { acquireLock, cleanLeftovers, releaseLock, type Lock } from './lock.js';
import { ensureRepoDir, isInside, lstatOrUndefined, nearestExisting, realRoot } from './safe-path.js';
import { syncFolder, tempName, tryUnlink, writeTempFile } from './disk.js';

/** A file a command is about to create (`before` null) or change (`before`: the text it read). */
export interface FileChange {
  /** Repo-relative path, forward slashes. */
  file: string;
  before: string | null;
  after: string;
}

/** Reads a file that is about to be edited, refusing what pdx must not write through. */
export function readForEdit(root: string, file: string): string {
  const target = checkWritable(root, file);
  return readFileSync(target, 'utf8');
}

interface Prepared {
  change: FileChange;
  /** Absolute path written (a link inside the repo resolved). */
  target: string;
  lock?: Lock;
  /** The file as it was verified, for the checks just before and after it is replaced. */
  stat?: BigIntStats;
  temp?: string;
  backup?: string;
  /** The new content is in place. */
  done?: boolean;
}

/** The one answer to a write that finds its file changed since it was read: nothing written, run it again. */
export const changedOnDisk = (file: string) =>
  new PdxError('write/changed-on-disk', `${file} changed on disk while pdx was working on it; nothing was written — run the command again`);

/**
 * Writes every change or none, across a crash at any instant, a full disk or a refused rename:
 *
 * 1. each file is locked (a lock whose owner is gone is taken over), re-read and compared with
 *    what the command read: another writer in between means "changed on disk", never a lost update;
 * 2. each new content is written in full to a temp file beside its target and flushed to disk;
 * 3. a write of several files records them in a journal (see journal.ts): from then on a crash is
 *    finished, or undone, by the next pdx command;
 * 4. each file is replaced: its old content is kept under a second name, it is compared once more
 *    (inode, size, times, bytes) just before the rename, and checked after it, so that an edit
 *    another program made in that moment is put back rather than lost; new files are linked into
 *    place, which never replaces anything;
 * 5. the journal is removed (the write is now final), then the old contents and the locks.
 *
 * Any failure before step 5 undoes what step 4 did. Returns the paths written, in order.
 */
export function applyChanges(root: string, changes: FileChange[]): string[] {
  const prepared: Prepared[] = [];
  const folders: string[] = [];
  let journal: string | undefined;
  let final = false;
  let undone = false;
  try {
    for (const change of changes) {
      if (change.before === null) ensureRepoDir(root, dirname(change.file), true, folders);
      const p: Prepared = { change, target: checkWritable(root, change.file) };
      prepared.push(p);
      try {
        p.lock = acquireLock(p.target, change.file);
      } catch (error) {
        // Another pdx is creating a file of that name this instant: the name is taken.
        if (change.before === null && error instanceof PdxError && error.code === 'write/changed-on-disk') throw taken(change.file);
        throw error;
      }
      if (change.before === null) {
        if (lstatOrUndefined(p.target) !== undefined) throw taken(change.file);
        continue;
      }
      const { bytes, stat } = readWithStat(p.target);
      if (sha256(bytes) !== sha256(change.before)) throw changedOnDisk(change.file);
      p.stat = stat;
    }
    // A replacement keeps the permissions of the file it replaces.
    for (const p of prepared) p.temp = writeTempFile(p.target, p.change.after, p.stat && Number(p.stat.mode) & 0o7777);
    if (prepared.length > 1) {
      const entries: JournalEntry[] = prepared.map((p) => ({
        file: repoPath(root, p.target),
        before: p.change.before === null ? null : sha256(p.change.before),
        after: sha256(p.change.after),
        temp: repoPath(root, p.temp!),
        ...(p.change.before === null ? {} : { backup: repoPath(root, (p.backup = tempName(p.target, 'bak'))) }),
      }));
      journal = writeJournal(root, entries);
    }
    for (const p of prepared) {
      if (p.change.before === null) place(p);
      else replace(p);
    }
    for (const dir of new Set(prepared.map((p) => dirname(p.target)))) syncFolder(dir);
    if (journal) removeJournal(journal);
    final = true;
    return changes.map((c) => c.file);
  } catch (error) {
    undone = final || undo(prepared, journal);
    // Undone, the disk's own error says best what failed (the CLI adds that no file was changed).
    throw error instanceof PdxError || undone ? error : halfUndone(error, prepared);
  } finally {
    for (const p of prepared) {
      if (final && p.backup) tryUnlink(p.backup);
      if (p.lock) releaseLock(p.lock);
    }
    if (final) cleanFolders(root, prepared);
    // Folders made for new files that were not written after all.
    else if (undone) for (const folder of folders.reverse()) tryRmdir(folder);
  }
}

function place(p: Prepared): void {
  faultPoint('link');
  try {
    linkSync(p.temp!, p.target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw taken(p.change.file);
    throw error;
  }
  p.done = true;
  tryUnlink(p.temp!);
  p.temp = undefined;
}

function replace(p: Prepared): void {
  const { target, change } = p;
  const before = sha256(change.before!);
  p.backup ??= tempName(target, 'bak');
  faultPoint('backup');
  linkSync(target, p.backup);
  // The name may have been given to another file (an editor saving by rename) or the file
  // written in place since it was verified: compare once more, as late as possible.
  const kept = lstatSync(p.backup, { bigint: true });
  if (!sameFile(kept, p.stat!) || sha256(readFileSync(p.backup)) !== before || !sameFile(lstatSync(target, { bigint: true }), kept)) {
    throw changedOnDisk(change.file);
  }
  faultPoint('rename');
  renameSync(p.temp!, target);
  p.temp = undefined;
  p.done = true;
  // A program that had the file open and wrote to it in that moment wrote to the old file:
  // put it back, with its edit, rather than lose it. (The rename itself changes only its ctime.)
  const after = lstatSync(p.backup, { bigint: true });
  if (after.size !== kept.size || after.mtimeNs !== kept.mtimeNs || sha256(readFileSync(p.backup)) !== before) throw changedOnDisk(change.file);
}

/** A failure that left the write half undone: the journal stays, and the next pdx command puts the files back. */
function halfUndone(error: unknown, prepared: Prepared[]): PdxError {
  const code = (error as NodeJS.ErrnoException).code;
  const files = prepared.map((p) => p.change.file).join(', ');
  return new PdxError('write/interrupted', `could not write ${files}${code ? ` (${code})` : ''}, nor put every file back yet; the next pdx command puts them back as they were`, {
    hint: 'fix the cause (a full disk, permissions), then run any pdx command',
  });
}

/** Puts back every file already replaced or created, newest first; false (the journal kept) if that fails. */
function undo(prepared: Prepared[], journal: string | undefined): boolean {
  let complete = true;
  for (const p of [...prepared].reverse()) {
    try {
      if (p.done) {
        faultPoint('undo');
        if (p.change.before === null) unlinkSync(p.target);
        else renameSync(p.backup!, p.target);
        p.done = false;
        p.backup = undefined;
      }
      if (p.temp) tryUnlink(p.temp);
      if (p.backup) tryUnlink(p.backup);
    } catch {
      complete = false;
    }
  }
  // With the journal still there, the next pdx command finishes the undo.
  if (journal && complete) {
    try {
      removeJournal(journal);
    } catch {
      // Left for the next command, which sees every file as before and removes it.
    }
  }
  return complete;
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

function readWithStat(path: string): { bytes: Buffer; stat: BigIntStats } {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd, { bigint: true });
    return { bytes: readFileSync(fd), stat };
  } finally {
    closeSync(fd);
  }
}

/**
 * A folder whose listing is larger than this (in the bytes its own size counts: about 8,000 names
 * on ext4) is not listed after each write: listing 100,000 evidence files would cost the write
 * more than all else it does. What a dead writer left there is git-ignored and never read as a
 * record.
 */
const CLEAN_LISTING_BYTES = 256 * 1024;

/** After a write: what dead writers left in the folders written (never what a pending journal needs). */
function cleanFolders(root: string, prepared: Prepared[]): void {
  const dirs = new Set(prepared.map((p) => dirname(p.target)));
  const keep = journalFiles(root);
  for (const dir of dirs) {
    try {
      if (statSync(dir).size > CLEAN_LISTING_BYTES) continue;
      cleanLeftovers(dir, readdirSync(dir), keep);
    } catch {
      // A courtesy only.
    }
  }
}

function taken(file: string): PdxError {
  return new PdxError('write/exists', `${file} already exists; pdx never overwrites a record`, { hint: 'pass another --id' });
}

function tryRmdir(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // Not empty (another writer's file), or gone.
  }
}

function repoPath(root: string, path: string): string {
  return relative(realRoot(root), path).split(sep).join('/');
}

/** The real path to write for `file`, after refusing links out of the repo, non-files and read-only files. */
function checkWritable(root: string, file: string): string {
  const target = join(root, file);
  // A linked folder on the way must not lead out of the repo either.
  const existing = realpathSync(nearestExisting(dirname(target)));
  if (!isInside(root, existing)) {
    throw new PdxError('write/symlink', `${file} would be written through a linked folder to ${existing}, outside the repo; pdx does not write there`);
  }
  let stat;
  try {
    stat = lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return join(existing, relative(nearestExisting(dirname(target)), target));
    throw error;
  }
  let real = join(realpathSync(dirname(target)), file.split('/').at(-1)!);
  if (stat.isSymbolicLink()) {
    real = realpathSync(target);
    if (!isInside(root, real)) {
      throw new PdxError('write/symlink', `${file} is a symbolic link to ${real}, outside the repo; pdx does not write there`);
    }
    stat = statSync(real);
  }
  if (!stat.isFile()) throw new PdxError('write/not-regular', `${file} is not a regular file (a folder, device or pipe); pdx writes records only as plain files`);
  if ((stat.mode & 0o222) === 0) {
    throw new PdxError('write/read-only', `${file} is read-only; make it writable (chmod u+w) if pdx should change it`);
  }
  return real;
}
