import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { faultPoint } from './fault.js';

/** The small disk operations every write of pdx's is made of. */

/**
 * Writes all of `content` to `fd`. `writeSync` may write only part of it — a disk with a few
 * blocks left, a file size limit (`ulimit -f`), a pipe whose reader is slower — and saying so is
 * its only warning: a write that stopped short is an error here (ENOSPC when the disk took
 * nothing more), never a shorter file passed off as the whole.
 */
export function writeAllSync(fd: number, content: string | Uint8Array): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  for (let done = 0; done < bytes.length; ) {
    let n: number;
    try {
      n = writeSync(fd, bytes, done, bytes.length - done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (n === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    done += n;
  }
}

/** A unique temp name in the folder of `path`, carrying this process's pid (so leftovers can be told apart). */
export function tempName(path: string, suffix = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.${suffix}`);
}

/**
 * Writes `content` in full to a new temp file beside `target` and flushes it to disk; returns
 * its path. Given a `mode` (a replacement keeps the permissions of the file it replaces), the
 * file gets it whatever the umask. Nothing is left behind when it fails.
 */
export function writeTempFile(target: string, content: string, mode?: number): string {
  const temp = tempName(target);
  faultPoint('temp');
  const fd = openSync(temp, 'wx', mode ?? 0o644);
  try {
    faultPoint('temp-write');
    writeAllSync(fd, content);
    faultPoint('temp-sync');
    fsyncSync(fd);
    closeSync(fd);
    if (mode !== undefined) chmodSync(temp, mode);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
    unlinkSync(temp);
    throw error;
  }
  return temp;
}

/** Flushes a folder's entries (a rename, a new name) to disk. */
export function syncFolder(dir: string): void {
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
