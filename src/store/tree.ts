import type { Problem } from '../errors.js';
import { notRegular, tooLarge } from './read.js';

/**
 * A pdx folder as a git tree holds it, read without a checkout (`git/remote.ts`): each entry by
 * its path relative to the pdx folder, with `/`. Only blobs small enough to be a record are read;
 * the others, links and submodules are kept as what they are, so that reading them gives the
 * same problems as reading a checkout of the same commit.
 */
export type TreeEntry =
  | { kind: 'file'; bytes: Buffer }
  /** A blob over MAX_FILE_BYTES: never read. */
  | { kind: 'too-large'; size: number }
  /** A symbolic link, and what it names (the link's text). */
  | { kind: 'link'; target: string }
  /** A git submodule (a commit of another repository): a checkout has an empty folder there. */
  | { kind: 'submodule' }
  /** A blob pdx does not read (not YAML): known to exist, its bytes not fetched from git. */
  | { kind: 'unread' };

export type SourceTree = Map<string, TreeEntry>;

const fail = (file: string, code: string, message: string): { problem: Problem } => ({ problem: { file, line: 1, column: 1, severity: 'error', code, message } });

/**
 * Whether `path` is a folder of the tree: some entry lies under it. (Git keeps no empty folders;
 * a submodule is one, in a checkout.)
 */
export function treeFolders(tree: SourceTree): Set<string> {
  const folders = new Set<string>();
  for (const [path, entry] of tree) {
    if (entry.kind === 'submodule') folders.add(path);
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const folder = path.slice(0, i);
      if (folders.has(folder)) break;
      folders.add(folder);
    }
  }
  return folders;
}

/**
 * Follows `path` through links, component by component as the file system does (up to 40
 * links, as Linux). Undefined when it names nothing; `outside` when it leaves the pdx folder
 * (whose parents the tree does not hold).
 */
export function resolveInTree(tree: SourceTree, folders: Set<string>, path: string): { entry?: TreeEntry; folder?: true } | { outside: true } | { loop: true } | undefined {
  const done: string[] = [];
  const todo = path.split('/');
  let hops = 0;
  while (todo.length > 0) {
    const part = todo.shift()!;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (done.length === 0) return { outside: true };
      done.pop();
      continue;
    }
    const here = [...done, part].join('/');
    const entry = tree.get(here);
    if (entry?.kind === 'link') {
      if (++hops > 40) return { loop: true };
      if (entry.target.startsWith('/')) return { outside: true };
      todo.unshift(...entry.target.split('/'));
      continue;
    }
    // Only the last part may be a file.
    if (entry && todo.some((p) => p !== '' && p !== '.')) return undefined;
    if (!entry && !folders.has(here)) return undefined;
    done.push(part);
  }
  const entry = tree.get(done.join('/'));
  return entry ? { entry } : { folder: true };
}

/**
 * Reads a record file of the tree as `readFileBytes` reads it from a checkout: a link is
 * followed only inside the pdx folder, a folder or a submodule is not a file, an oversized blob
 * is refused unread.
 */
export function readTreeFile(tree: SourceTree, folders: Set<string>, file: string): { bytes: Buffer } | { problem: Problem } {
  const entry = tree.get(file);
  if (entry?.kind === 'file') return { bytes: entry.bytes };
  if (entry?.kind === 'too-large') return tooLarge(file, entry.size);
  if (entry?.kind === 'submodule') return notRegular(file);
  if (entry?.kind === 'unread') return fail(file, 'file/unreadable', 'cannot read the file (pdx reads only YAML files from git)');
  const found = resolveInTree(tree, folders, file);
  if (found === undefined) return fail(file, 'file/unreadable', 'cannot read the file (ENOENT)');
  if ('outside' in found) return fail(file, 'file/symlink', 'symbolic link to a file outside the repo; pdx reads only files inside it');
  if ('loop' in found) return fail(file, 'file/unreadable', 'cannot read the file (too many symbolic links, ELOOP)');
  if ('folder' in found || found.entry?.kind === 'submodule') return notRegular(file);
  if (found.entry?.kind === 'too-large') return tooLarge(file, found.entry.size);
  if (found.entry?.kind === 'file') return { bytes: found.entry.bytes };
  if (found.entry?.kind === 'unread') return fail(file, 'file/unreadable', 'cannot read the file (a link to a file that is not YAML; pdx reads only YAML files from git)');
  return fail(file, 'file/unreadable', 'cannot read the file (ENOENT)');
}
