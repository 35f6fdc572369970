import { chmodSync, closeSync, fsyncSync, linkSync, openSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readPlainFile, tempName, writeAllSync } from './disk.js';
import { cleanLeftovers } from './lock.js';
import { ownStateDir } from './safe-path.js';

/**
 * Drafts: the answers a user typed into a command that has not saved them yet, one file each
 * under `.pdx/drafts/` (git-ignored twice over: by `.pdx/.gitignore` and by the folder's own
 * `.gitignore`, for repos made before drafts existed). A draft file is written whole and renamed
 * into place, readable only by its owner; never through a link; never outside the repo. What a
 * draft holds is the CLI's business: this module keeps its bytes.
 */
export const DRAFTS_DIR = '.pdx/drafts';

/** A draft is a few answers: anything larger is not one of pdx's. */
const MAX_DRAFT_BYTES = 1024 * 1024;

const NAME = /^([a-z0-9-]+?)(?:-(\d+))?\.json$/;

export interface StoredDraft {
  /** Its path relative to the repo root, e.g. `.pdx/drafts/evidence-add.json`. */
  file: string;
  text: string;
}

/** The drafts named after `slug` (`evidence-add.json`, `evidence-add-2.json`…); none when the folder is missing or a link. */
export function listDrafts(root: string, slug: string): StoredDraft[] {
  const dir = ownStateDir(root, DRAFTS_DIR, false);
  if (dir === undefined) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const drafts: StoredDraft[] = [];
  for (const name of names.sort()) {
    if (NAME.exec(name)?.[1] !== slug) continue;
    const text = readOwn(join(dir, name));
    if (text !== undefined) drafts.push({ file: `${DRAFTS_DIR}/${name}`, text });
  }
  return drafts;
}

/** A plain file's text (never through a link, never a device or an oversized file), or undefined. */
function readOwn(path: string): string | undefined {
  const data = readPlainFile(path, MAX_DRAFT_BYTES);
  if (data === undefined) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return undefined;
  }
}

/** The drafts folder, made (owner-only, with its `.gitignore`) when missing; throws when it cannot be used. */
function draftsDir(root: string): string {
  const dir = ownStateDir(root, DRAFTS_DIR, true);
  if (dir === undefined) throw Object.assign(new Error(`${DRAFTS_DIR} is a link or not a folder`), { code: 'draft/blocked' });
  try {
    // A draft may quote an interview: only its owner reads it.
    chmodSync(dir, 0o700);
  } catch {
    // Not ours to change (another user's repo): the files themselves are still 0600.
  }
  const ignore = join(dir, '.gitignore');
  if (readOwn(ignore) === undefined) {
    try {
      writeWhole(ignore, '# answers typed into pdx that were not saved yet: never committed\n*\n', true);
    } catch {
      // `.pdx/.gitignore` ignores drafts too in repos pdx init made.
    }
  }
  try {
    // Temp files of runs that were killed while writing, as in every folder pdx writes.
    cleanLeftovers(dir, readdirSync(dir));
  } catch {
    // A courtesy.
  }
  return dir;
}

/**
 * Writes `content` to a temp file beside `path`, flushes it, then renames it over (or, `exclusive`,
 * links it in only if the name is free). Not `disk.ts`'s writers: those carry the fault points by
 * which tests break a record's write, and a draft must still be kept when that write fails.
 */
function writeWhole(path: string, content: string, exclusive: boolean): boolean {
  const temp = tempName(path);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeAllSync(fd, content);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    if (!exclusive) {
      renameSync(temp, path);
      return true;
    }
    try {
      linkSync(temp, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  } finally {
    if (exclusive) {
      try {
        unlinkSync(temp);
      } catch {
        // Gone already.
      }
    }
  }
}

/**
 * Writes a new draft under the first free name for `slug` (`slug.json`, `slug-2.json`…), so that
 * two commands at once never share one; returns its repo-relative path. Throws when it cannot.
 */
export function createDraft(root: string, slug: string, content: string): string {
  const dir = draftsDir(root);
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${slug}.json` : `${slug}-${n}.json`;
    if (writeWhole(join(dir, name), content, true)) return `${DRAFTS_DIR}/${name}`;
  }
}

/** Replaces the draft `file` (repo-relative, as `createDraft` or `listDrafts` named it) whole. Throws when it cannot. */
export function replaceDraft(root: string, file: string, content: string): void {
  const dir = draftsDir(root);
  writeWhole(join(dir, nameOf(file)), content, false);
}

/** Removes a draft; one already gone is fine. */
export function removeDraft(root: string, file: string): void {
  const dir = ownStateDir(root, DRAFTS_DIR, false);
  if (dir === undefined) return;
  try {
    unlinkSync(join(dir, nameOf(file)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function nameOf(file: string): string {
  const name = file.slice(DRAFTS_DIR.length + 1);
  if (!file.startsWith(`${DRAFTS_DIR}/`) || !NAME.test(name)) throw new Error(`not a draft: ${file}`);
  return name;
}
