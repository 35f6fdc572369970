import { accessSync, constants, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EXIT, PdxError } from '../errors.js';
import { parseTempName } from '../store/disk.js';
import type { WriteLog } from './context.js';

/**
 * Failures of the environment (a full disk, a read-only file system, permissions, a folder that
 * vanished, a broken output stream) as PdxErrors: one line saying what happened and what to do,
 * exit 1. "internal error" is left for what is really a bug in pdx.
 */

interface Kind {
  code: string;
  /** What happened, in words. */
  what: string;
  hint: (path: string | undefined) => string;
}

const retry = 'then run the command again';
/** For a file that does not exist yet, its folder's permissions are the ones that matter. */
const permissions = (path: string | undefined) => `check who owns ${path === undefined ? 'it' : existsSync(path) ? path : dirname(path)} and its permissions (ls -l), or run pdx as a user who may; ${retry}`;

/** Operating-system error codes that say something about the machine, not about pdx. */
const ERRNO: Record<string, Kind> = {
  ENOSPC: { code: 'env/disk-full', what: 'no space left on the device', hint: () => `free some space, ${retry}` },
  EDQUOT: { code: 'env/disk-full', what: 'the disk quota is used up', hint: () => `free some space (or ask for a larger quota), ${retry}` },
  EFBIG: { code: 'env/disk-full', what: 'the file is too large for this file system or for the file size limit (ulimit -f)', hint: () => `raise the limit or write elsewhere, ${retry}` },
  EROFS: { code: 'env/read-only', what: 'the file system is read-only', hint: () => `run pdx in a writable checkout (or remount it read-write), ${retry}` },
  EACCES: { code: 'env/permission', what: 'permission denied', hint: permissions },
  EPERM: { code: 'env/permission', what: 'operation not permitted', hint: permissions },
  EMFILE: { code: 'env/too-many-files', what: 'too many files are open', hint: () => `raise the limit (ulimit -n) or close other programs, ${retry}` },
  ENFILE: { code: 'env/too-many-files', what: 'the system has too many files open', hint: () => `close other programs, ${retry}` },
  EIO: { code: 'env/io', what: 'an input/output error (the disk or network drive failed)', hint: () => `check the disk or the mount, ${retry}` },
  ESTALE: { code: 'env/io', what: 'a stale file handle (the network mount changed underneath)', hint: () => `remount, ${retry}` },
  ETIMEDOUT: { code: 'env/io', what: 'the file system timed out', hint: () => `check the network drive, ${retry}` },
  ENOMEM: { code: 'env/out-of-memory', what: 'the system is out of memory', hint: () => `close other programs, ${retry}` },
  EBUSY: { code: 'env/busy', what: 'it is in use by another program', hint: () => `close the program using it, ${retry}` },
  ETXTBSY: { code: 'env/busy', what: 'it is in use by another program', hint: () => `close the program using it, ${retry}` },
  EAGAIN: { code: 'env/busy', what: 'the resource is temporarily unavailable', hint: () => retry },
  ENOENT: { code: 'env/missing', what: 'no such file or folder', hint: () => `it may have been moved or deleted while pdx ran; ${retry}` },
  ENOTDIR: { code: 'env/missing', what: 'a part of the path is a file, not a folder', hint: () => `check the path, ${retry}` },
  EISDIR: { code: 'env/missing', what: 'it is a folder, not a file', hint: () => `check the path, ${retry}` },
  ELOOP: { code: 'env/missing', what: 'too many levels of symbolic links', hint: () => `check the links on the path, ${retry}` },
  ENAMETOOLONG: { code: 'env/missing', what: 'the path is too long', hint: () => 'use a shorter path' },
  ENXIO: { code: 'env/missing', what: 'no such device or address', hint: () => `check the path, ${retry}` },
  ENODEV: { code: 'env/missing', what: 'no such device', hint: () => `check the path, ${retry}` },
};

/** What pdx was doing when the system call failed. */
function doing(syscall: string): string {
  if (/^(open)$/.test(syscall)) return 'cannot open';
  if (/^(read|scandir|opendir|readdir)$/.test(syscall)) return 'cannot read';
  if (/^(write|close|fsync|fdatasync|ftruncate|rename|link|symlink|copyfile|mkdtemp)$/.test(syscall)) return 'cannot write';
  if (/^mkdir$/.test(syscall)) return 'cannot create the folder';
  if (/^(unlink|rmdir|rm)$/.test(syscall)) return 'cannot remove';
  if (/^(stat|lstat|fstat|access|realpath|readlink)$/.test(syscall)) return 'cannot look at';
  if (/^(chmod|fchmod|chown|fchown|lchown|utime|futime|lutimes)$/.test(syscall)) return 'cannot change';
  if (/^spawn/.test(syscall)) return `cannot start ${syscall.replace(/^spawn\s*/, '') || 'a program'}`;
  return `${syscall} failed`;
}

/** A temp file pdx writes next to a target (`.name.pid.random.tmp`) is shown as the target. */
function shownPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const temp = parseTempName(basename(path));
  return temp ? join(dirname(path), temp.target) : path;
}

/**
 * The PdxError for an operating-system failure (`error.code` such as ENOSPC with a `syscall`),
 * or undefined for anything else, which is then a bug. `target` names what was being written
 * when the error itself names no path (a write to an open file).
 */
export function environmentError(error: unknown, target?: string): PdxError | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as NodeJS.ErrnoException & { dest?: string };
  const kind = e.code ? ERRNO[e.code] : undefined;
  if (!kind || typeof e.syscall !== 'string') return undefined;
  if (e.syscall === 'uv_cwd') return cwdError(e);
  if (e.code === 'ENOENT' && e.syscall === 'mkdir' && e.path) {
    const refused = refusedFolder(e.path);
    if (refused) return refused;
  }
  const path = shownPath(e.dest && /^(rename|link|copyfile|symlink)$/.test(e.syscall) ? e.dest : e.path) ?? target;
  return new PdxError(kind.code, `${doing(e.syscall)}${path ? ` ${path}` : ''}: ${kind.what}`, { exitCode: EXIT.failed, hint: kind.hint(path), cause: error });
}

/**
 * Node's recursive mkdir reports ENOENT when a parent folder could not be made, whatever the
 * reason: the nearest folder that exists says why (a read-only file system, no permission).
 */
function refusedFolder(path: string): PdxError | undefined {
  let folder = dirname(path);
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  try {
    accessSync(folder, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const kind = code ? ERRNO[code] : undefined;
    return kind && new PdxError(kind.code, `cannot create a folder in ${folder}: ${kind.what}`, { exitCode: EXIT.failed, hint: kind.hint(folder), cause: error });
  }
}

/** The folder pdx was started in cannot be found any more (deleted or moved) or read. */
export function cwdError(error: NodeJS.ErrnoException): PdxError {
  return error.code === 'ENOENT'
    ? new PdxError('env/cwd-gone', 'the folder pdx was started in no longer exists (it was deleted or moved)', { hint: 'cd into an existing folder, or pass -C <dir> with a full path', cause: error })
    : new PdxError('env/permission', `the folder pdx was started in cannot be read (${error.code})`, { hint: 'cd into a folder you may read, or pass -C <dir> with a full path', cause: error });
}

/** The one-line error for output that could not be written to standard output. */
export function outputError(error: NodeJS.ErrnoException, log: WriteLog): PdxError {
  const what = (error.code && ERRNO[error.code]?.what) ?? error.code ?? error.message;
  return new PdxError('env/output', `could not write the output (${what}), so it is incomplete; ${describeWrites(log)}`, {
    hint: error.code === 'ENOSPC' || error.code === 'EDQUOT' ? 'free some space where the output goes, or send it elsewhere' : 'send the output somewhere it can be written',
    cause: error,
  });
}

/** Shows at most a few of many files. */
function listFiles(files: string[]): string {
  if (files.length === 1) return files[0]!;
  const shown = files.length > 6 ? `${files.slice(0, 5).join(', ')} and ${files.length - 5} more` : files.join(', ');
  return `${files.length} files (${shown})`;
}

/** What the command wrote before it stopped: "no file was changed", "x.yaml was written but not committed"… */
export function describeWrites(log: WriteLog): string {
  if (log.files.length === 0) return 'no file was changed';
  const subject = `${listFiles(log.files)} ${log.files.length === 1 ? 'was' : 'were'} written`;
  if (log.commit !== undefined) return `${subject} and committed${log.commit ? ` as ${log.commit}` : ''}`;
  return log.commitWanted ? `${subject} but not committed` : subject;
}

/**
 * Whether an error's message should say what was written: any failure after a write, every
 * failure of the environment, and git's refusals when a commit was asked for. (A git refusal in a
 * read command, such as an unknown --changed-since revision, is a usage error that wrote nothing.)
 */
export function tellsWrites(error: PdxError | undefined, log: WriteLog): boolean {
  if (log.files.length > 0) return true;
  if (!error) return false;
  return error.code.startsWith('env/') || (error.code.startsWith('git/') && log.commitWanted);
}
