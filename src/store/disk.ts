import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, fstatSync, fsyncSync, linkSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { faultPoint } from './fault.js';

/** The small disk operations every write of pdx's is made of. */

/**
 * A plain file of pdx's own state (a cache, a draft, a marker) opened for reading without
 * following a link, never a device or a pipe: its descriptor (the caller closes it) and size;
 * undefined otherwise.
 */
export function openPlainFile(path: string): { fd: number; size: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return { fd, size: stat.size };
  } catch {
    // As if not there.
  }
  closeSync(fd);
  return undefined;
}

/**
 * Reads into `buffer` from `position` (null: where the file is) until it is full or the file
 * ends, and returns how many bytes it read: `readSync` may read less than asked.
 */
export function readFully(fd: number, buffer: Buffer, position: number | null = null): number {
  let length = 0;
  for (let n; length < buffer.length && (n = readSync(fd, buffer, length, buffer.length - length, position === null ? null : position + length)) > 0; ) length += n;
  return length;
}

/**
 * The bytes of a plain file of pdx's own state (`openPlainFile`), never one over `maxBytes`;
 * undefined otherwise.
 */
export function readPlainFile(path: string, maxBytes = Number.POSITIVE_INFINITY): Buffer | undefined {
  const file = openPlainFile(path);
  if (!file) return undefined;
  try {
    if (file.size > maxBytes) return undefined;
    const data = Buffer.allocUnsafe(file.size);
    return data.subarray(0, readFully(file.fd, data));
  } catch {
    return undefined;
  } finally {
    closeSync(file.fd);
  }
}

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
export function tempName(path: string, suffix: 'tmp' | 'bak' = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.${suffix}`);
}

const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.(tmp|bak)$/;

/** For a file name `tempName` made: the name of the file it stands for, and the pid that made it. */
export function parseTempName(name: string): { target: string; pid: number } | undefined {
  const m = TEMP_NAME.exec(name);
  return m ? { target: m[1]!, pid: Number(m[2]) } : undefined;
}

/**
 * Creates `path` holding `content` only if nothing is there (not even a link): the content is
 * complete (and, when `durable`, on disk) before the name appears, since it is a hard link of a
 * finished temp file. Returns false, having written nothing, when the name is taken.
 */
export function createExclusive(path: string, content: string, durable: boolean): boolean {
  const temp = durable ? writeTempFile(path, content) : writeQuickTemp(path, content);
  try {
    faultPoint('link');
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    tryUnlink(temp);
    if (durable) syncFolder(dirname(path));
  }
}

/** A temp file that need not survive a power cut (a lock's): written whole, not flushed. */
function writeQuickTemp(path: string, content: string): string {
  const temp = tempName(path);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeAllSync(fd, content);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  return temp;
}

/** Removes a file if it is there; never fails (what it cleans up is only a courtesy). */
export function tryUnlink(path: string): void {
  try {
    faultPoint('cleanup');
    unlinkSync(path);
  } catch {
    // Already gone.
  }
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
