import { chmodSync, closeSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PdxError } from '../errors.js';

function tempPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

function writeTemp(target: string, content: string, mode = 0o644): string {
  const temp = tempPath(target);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a folder; the rename itself is still atomic.
  }
}

/**
 * Replaces (or creates) `target` atomically: temp file in the same folder, fsync, rename, fsync
 * the folder. A reader sees the old content or the new, never half of it. Refuses symbolic links.
 */
export function writeFileAtomic(target: string, content: string): void {
  let mode: number | undefined;
  try {
    const stat = lstatSync(target);
    if (stat.isSymbolicLink()) throw new PdxError('write/symlink', `${target} is a symbolic link; pdx does not write through links`);
    mode = stat.mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // The replacement keeps the permissions of the file it replaces.
  const temp = writeTemp(target, content, mode);
  if (mode !== undefined) chmodSync(temp, mode);
  try {
    renameSync(temp, target);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncDir(dirname(target));
}

/**
 * Creates `target` only if nothing exists there, atomically (a hard link of a complete temp file
 * cannot clobber). Returns false, writing nothing, when the path is already taken.
 */
export function writeNewFile(target: string, content: string): boolean {
  const temp = writeTemp(target, content);
  try {
    linkSync(temp, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
    syncDir(dirname(target));
  }
}
