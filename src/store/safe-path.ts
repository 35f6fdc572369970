import { lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { PdxError } from '../errors.js';

/**
 * Where pdx may write. A repo comes from strangers (a clone, a pull request), so any folder or
 * file on the way may be a committed symbolic link: a write must never follow one out of the
 * repo. pdx's own state (`.pdx/`) is stricter still: no link at all on its way.
 */

/** Whether `path` is `base` or below it, as written (no link followed). */
export function isUnder(base: string, path: string): boolean {
  const inside = relative(base, path);
  return inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside));
}

/** Whether the resolved path `real` lies inside the (resolved) repo root. */
export function isInside(root: string, real: string): boolean {
  return isUnder(realRoot(root), real);
}

const roots = new Map<string, string>();
/** The repo root with every link resolved (looked up once per root). */
export function realRoot(root: string): string {
  let real = roots.get(root);
  if (real === undefined) roots.set(root, (real = realpathSync(root)));
  return real;
}

/** Forgets the resolved roots: for tests that run pdx several times in one process, as separate runs. */
export function forgetRealRoots(): void {
  roots.clear();
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * Makes sure the folder `dir` (repo-relative) exists, creating what is missing one level at a
 * time (with `create` false, only checks the part that exists; `created` collects the folders
 * made), and returns its real absolute path. A link on the way that leads out of the repo, or a
 * file where a folder should be, is refused with nothing created below it.
 */
export function ensureRepoDir(root: string, dir: string, create = true, created: string[] = []): string {
  let current = root;
  const parts = dir.split('/').filter((p) => p !== '' && p !== '.');
  for (const [i, part] of parts.entries()) {
    const next = join(current, part);
    let stat;
    try {
      stat = lstatSync(next);
    } catch (error) {
      if (errno(error) !== 'ENOENT') throw error;
      if (!create) return join(current, ...parts.slice(i));
      try {
        mkdirSync(next);
        created.push(next);
      } catch (made) {
        // Another writer made it this instant: check what it is like any other.
        if (errno(made) !== 'EEXIST') throw made;
        stat = lstatSync(next);
      }
      if (stat === undefined) {
        current = next;
        continue;
      }
    }
    if (stat.isSymbolicLink()) {
      const real = realOrUndefined(next);
      if (real === undefined || !isInside(root, real)) {
        throw new PdxError('write/symlink', `${relative(root, next)} is a linked folder leading out of the repo${real ? ` (to ${real})` : ''}; pdx does not write through it`, {
          hint: 'remove the link (or replace it with a real folder) and run the command again',
        });
      }
      if (!statSync(real).isDirectory()) throw notAFolder(root, next);
      current = real;
    } else if (!stat.isDirectory()) {
      throw notAFolder(root, next);
    } else current = next;
  }
  return current;
}

function notAFolder(root: string, path: string): PdxError {
  return new PdxError('write/not-a-folder', `${relative(root, path)} is a file where pdx needs a folder; nothing was written there`);
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The absolute path of pdx's own folder `dir` (such as `.pdx/cache`), created when missing, or
 * undefined when any part of the way is a link or not a folder: pdx's state never goes through
 * a link, wherever it leads.
 */
export function ownStateDir(root: string, dir: string, create: boolean): string | undefined {
  let current = root;
  for (const part of dir.split('/')) {
    current = join(current, part);
    try {
      const stat = lstatSync(current);
      if (!stat.isDirectory()) return undefined;
    } catch (error) {
      if (errno(error) !== 'ENOENT' || !create) return undefined;
      try {
        mkdirSync(current);
      } catch (made) {
        if (errno(made) !== 'EEXIST') return undefined;
        if (!lstatSync(current).isDirectory()) return undefined;
      }
    }
  }
  return current;
}

/** What is at an absolute path, without following a link there: undefined when nothing is. */
export function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The nearest existing folder at or above `path`. */
export function nearestExisting(path: string): string {
  let existing = path;
  while (lstatOrUndefined(existing) === undefined && dirname(existing) !== existing) existing = dirname(existing);
  return existing;
}

/**
 * Creates the absolute folder `path` and what is missing above it, one level at a time. (Node's
 * recursive mkdir never returns on some paths, such as under /proc.)
 */
export function makeFolders(path: string, mode = 0o777): void {
  const missing: string[] = [];
  for (let dir = path; lstatOrUndefined(dir) === undefined; dir = dirname(dir)) {
    if (dirname(dir) === dir) break;
    missing.unshift(dir);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode });
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
    }
  }
}

/**
 * A folder an output option (`--out`) names, made when missing: inside the repo `root` only
 * through folders of its own (no link out), elsewhere where the user chose.
 */
export function outFolderAt(root: string, dir: string): void {
  if (isUnder(root, dir)) ensureRepoDir(root, relative(root, dir).split(sep).join('/'));
  else if (!lstatOrUndefined(dir)) makeFolders(dir);
}

/**
 * The folder `to` as a path prefix from the folder `from`, with forward slashes: '' when they are
 * one, else with a trailing slash (`product/`, `../`). What a path relative to `to` is prefixed
 * with to be relative to `from`.
 */
export function folderPrefix(from: string, to: string): string {
  const inside = relative(from, to).split(sep).join('/');
  return inside === '' ? '' : `${inside}/`;
}
