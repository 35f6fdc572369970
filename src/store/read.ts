import { closeSync, constants, fstatSync, lstatSync, openSync, realpathSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Problem } from '../errors.js';
import { readFully } from './disk.js';

/** Records are small; a bigger file is a mistake (or an attack on the quadratic duplicate-key check). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** The duplicate-key check is quadratic in the keys of one map: 5,000 lines keep it well under a second. */
export const MAX_FILE_LINES = 5000;

const decoder = new TextDecoder('utf-8', { fatal: true });

type ReadResult = { text: string } | { problem: Problem };
type BytesResult = { bytes: Buffer } | { problem: Problem };

const fail = (file: string, code: string, message: string, line = 1, column = 1): { problem: Problem } => ({
  problem: { file, line, column, severity: 'error', code, message },
});

/**
 * Reads a record file's bytes, refusing what would otherwise hang or leak: links out of the repo,
 * devices and pipes, oversized files. `decodeText` then refuses what would parse as garbage.
 * `file` is the repo-relative name for messages; `root` bounds where links may lead.
 *
 * With `scratch` (at least MAX_FILE_BYTES + 1 bytes), a file the folder listing showed as a
 * regular file is read into it: the bytes returned are a view of `scratch`, valid until the next
 * read. That is two system calls fewer and no allocation per file, for a 10,000-file repo.
 */
export function readFileBytes(absolute: string, file: string, root: string, listedAsRegular = false, scratch?: Buffer): BytesResult {
  try {
    // Opened without following links: a file replaced by a link since it was listed fails to
    // open that way and takes the careful path below. Non-blocking, and read to its end or one
    // byte past the cap, so a pipe or device swapped in meanwhile cannot hang or flood the read.
    if (listedAsRegular && scratch) {
      let fd: number;
      try {
        fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
      } catch {
        return readFileBytes(absolute, file, root);
      }
      try {
        return readInto(fd, scratch, file);
      } finally {
        closeSync(fd);
      }
    }
    if (lstatSync(absolute).isSymbolicLink()) {
      const inside = relative(realpathSync(root), realpathSync(absolute));
      if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) {
        return fail(file, 'file/symlink', 'symbolic link to a file outside the repo; pdx reads only files inside it');
      }
    }
    // Checked before opening, and opened non-blocking: opening a named pipe would wait forever.
    if (!statSync(absolute).isFile()) return notRegular(file);
    return readOpen(openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK), file);
  } catch (error) {
    return unreadable(file, error);
  }
}

/** Reads an open file descriptor to the end (and closes it). */
function readOpen(fd: number, file: string): BytesResult {
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return notRegular(file);
    if (stat.size > MAX_FILE_BYTES) return tooLarge(file, stat.size);
    return readInto(fd, Buffer.allocUnsafe(Math.min(stat.size, MAX_FILE_BYTES) + 1), file);
  } catch (error) {
    return unreadable(file, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `fd` to its end or until `buffer` (at most MAX_FILE_BYTES + 1 long) is full: at most one
 * byte past the cap, whatever size the file claims, since files can grow while read.
 */
function readInto(fd: number, buffer: Buffer, file: string): BytesResult {
  const length = readFully(fd, buffer);
  // Its size as the file system tells it (what a git tree of it says too), not the bytes read to learn it is too big.
  return length > MAX_FILE_BYTES ? tooLarge(file, Math.max(length, fstatSync(fd).size)) : { bytes: buffer.subarray(0, length) };
}

/** The problem code of a file or folder that could not be read. */
export const UNREADABLE = 'file/unreadable';

/** How to get out of an unreadable file or folder. */
export const UNREADABLE_HINT = 'give the user running pdx read access (ls -ld shows owner and mode; e.g. chmod -R u+rwX discovery), then run it again';

function unreadable(file: string, error: unknown): { problem: Problem } {
  return fail(file, UNREADABLE, `cannot read the file (${whyUnreadable(error)})`);
}

/** Why a file or folder could not be read, in words and with the system's code: `permission denied, EACCES`. */
export function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', EIO: 'input/output error', ENOTDIR: 'not a folder', ELOOP: 'too many symbolic links' };
  if (code === undefined) return String(error);
  return words[code] ? `${words[code]}, ${code}` : code;
}

export function notRegular(file: string): { problem: Problem } {
  return fail(file, 'file/not-regular', 'not a regular file (a device, pipe or folder); a record is a plain text file');
}

export function tooLarge(file: string, size: number): { problem: Problem } {
  return fail(file, 'file/too-large', `file is ${Math.ceil(size / 1024)} KB; a record must be at most ${MAX_FILE_BYTES / 1024} KB — split it into several records`);
}

/**
 * What a read refuses in a record's bytes: more than MAX_FILE_BYTES, then what `decodeText`
 * refuses. A write runs it on the bytes it would write, so it never leaves a file that the next
 * read refuses.
 */
export function checkRecordBytes(bytes: Buffer, file: string): ReadResult {
  return bytes.length > MAX_FILE_BYTES ? tooLarge(file, bytes.length) : decodeText(bytes, file);
}

/** Decodes a record's bytes as UTF-8 text, or says precisely why they are not YAML text. */
export function decodeText(bytes: Buffer, file: string): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail(file, 'file/encoding', 'file is encoded as UTF-16; save it as UTF-8');
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOfByte(bytes, nul);
    return fail(file, 'file/binary', 'file holds binary data (a NUL byte), not YAML text', line, column);
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const { line, column } = firstInvalidUtf8(bytes);
    return fail(file, 'file/encoding', 'file is not valid UTF-8 text; save it as UTF-8', line, column);
  }
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (++lines > MAX_FILE_LINES) {
      return fail(file, 'file/too-long', `file has more than ${MAX_FILE_LINES} lines; a record is much shorter — split it into several records`, MAX_FILE_LINES + 1);
    }
  }
  return { text };
}

function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Line and column of the first sequence that is not UTF-8: where the lenient decoder substitutes U+FFFD. */
function firstInvalidUtf8(bytes: Buffer): { line: number; column: number } {
  const lines = new TextDecoder('utf-8').decode(bytes).split('\n');
  const line = lines.findIndex((text) => text.includes('\uFFFD'));
  if (line === -1) return { line: 1, column: 1 };
  return { line: line + 1, column: lines[line]!.indexOf('\uFFFD') + 1 };
}
