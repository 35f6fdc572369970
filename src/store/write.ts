import { closeSync, constants, fstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { EXIT, PdxError, usageError } from '../errors.js';
import { CONFIG_FILE, DATA_DIR } from '../model/kinds.js';
import { findRoot } from './root.js';
import { ensureRepoDir, isInside, isUnder, lstatOrUndefined, nearestExisting, realRoot } from './safe-path.js';
import { createExclusive, parseTempName, syncFolder, writeAllSync, writeTempFile } from './disk.js';
import { isLockName } from './lock.js';

/**
 * Creates `target` only if nothing exists there (not even a link), atomically and durably.
 * Returns false, writing nothing, when the path is taken. The caller has made sure the folder is
 * inside the repo (`ensureRepoDir`).
 */
export function writeNewFile(target: string, content: string): boolean {
  return createExclusive(target, content, true);
}

/** Files and folders an output file must never replace: a config, records, pdx's and git's own, in this repo or any other. */
function protectedPath(root: string, real: string): string | undefined {
  // The repo the path is in may be another one than the command's.
  for (const repo of new Set([root, findRoot(dirname(real))].filter((r): r is string => r !== undefined))) {
    if (!isInside(repo, real)) continue;
    const inside = relative(realRoot(repo), real).split(sep).join('/');
    if (inside === CONFIG_FILE) return 'the pdx config';
    if (inside === DATA_DIR || inside.startsWith(`${DATA_DIR}/`)) return 'the discovery records folder';
    if (inside === '.git' || inside.startsWith('.git/')) return "git's own folder";
    if (inside === '.pdx' || (inside.startsWith('.pdx/') && !inside.startsWith('.pdx/schema/'))) return "pdx's own state";
  }
  // The names of pdx's locks, temp files and old copies, anywhere.
  if (parseTempName(basename(real)) || isLockName(basename(real))) return "pdx's own working files";
  return undefined;
}

/**
 * Refuses (usage error) an output path in a config, records, `.git` or pdx's own state, of this
 * repo or another, wherever links on the way lead; before anything is made for it.
 */
export function refuseProtected(root: string, path: string, flag = '--out'): void {
  const parent = nearestExisting(path);
  const real = join(realpathSync(parent), relative(parent, path));
  const what = protectedPath(root, real);
  if (what) throw usageError(`${flag} ${relative(realRoot(root), real) || real} is in ${what}; pdx never replaces it with output — pick another file`);
}

/**
 * Writes a file the user named with `--out` (a report, schemas). `root` is the repo the command
 * runs in. The path may be anywhere the user chose, but:
 * - a link, or a linked folder, inside the repo that leads out of it is refused;
 * - the config, records, `.git` and pdx's own state are never replaced (usage error);
 * - a device, pipe or socket (`/dev/stdout`, `/dev/null`, a FIFO) is written in place, never
 *   replaced by a regular file; a folder is refused;
 * - a regular file is replaced atomically, keeping its permissions; a read-only one is refused.
 */
export function writeOutputFile(root: string, path: string, content: string, flag = '--out'): void {
  const at = lstatOrUndefined(path);
  if (at?.isSymbolicLink() && isUnder(root, path)) {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      throw usageError(`${flag} ${path} is a link to nothing; pass the file itself`);
    }
    if (!isInside(root, real)) {
      throw new PdxError('write/symlink', `${flag} ${relative(root, path)} is a link leading out of the repo (to ${real}); pdx does not write through it`);
    }
  }
  // What the path names, following links as a shell's `>` would (`/dev/stdout` is one).
  let stat;
  try {
    stat = at === undefined ? undefined : statSync(path);
  } catch {
    throw usageError(`${flag} ${path} is a link to nothing; pass the file itself`);
  }
  if (stat?.isDirectory()) throw usageError(`${flag} ${path} is a folder; name a file in it`);
  if (stat && !stat.isFile()) {
    // A device or pipe: write into it; replacing it would destroy it. This process's own
    // stdout or stderr (`/dev/stdout`) is written as it is, since a socket cannot be opened.
    const own = [1, 2].find((fd) => {
      try {
        const s = fstatSync(fd);
        return s.dev === stat.dev && s.ino === stat.ino;
      } catch {
        return false;
      }
    });
    if (own !== undefined) {
      writeAllSync(own, content);
      return;
    }
    const fd = openSync(path, constants.O_WRONLY);
    try {
      writeAllSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return;
  }
  let real: string;
  if (stat) real = realpathSync(path);
  else {
    const parent = nearestExisting(dirname(path));
    const realParent = realpathSync(parent);
    if (isUnder(root, path) && !isInside(root, realParent)) {
      throw new PdxError('write/symlink', `${flag} ${relative(root, path)} would be written through a linked folder to ${realParent}, outside the repo; pdx does not write there`);
    }
    if (!isUnder(root, path) && parent !== dirname(path)) throw usageError(`${flag} ${path}: the folder ${dirname(path)} does not exist`);
    real = join(realParent, relative(parent, path));
  }
  // Checked before any folder is made for it.
  refuseProtected(root, real, flag);
  if (!stat && isUnder(root, path)) {
    ensureRepoDir(root, relative(root, dirname(path)).split(sep).join('/'));
    real = join(realpathSync(dirname(path)), basename(path));
  }
  if (stat && (stat.mode & 0o222) === 0) throw new PdxError('write/read-only', `${flag} ${path} is read-only; nothing was written`, { exitCode: EXIT.failed });
  const temp = writeTempFile(real, content, stat ? stat.mode & 0o7777 : undefined);
  try {
    renameSync(temp, real);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncFolder(dirname(real));
}
