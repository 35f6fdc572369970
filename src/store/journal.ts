import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { PdxError, type Problem } from '../errors.js';
import { secretIn, userSecret } from './cache.js';
import { faultPoint } from './fault.js';
import { acquireLock, currentOwner, ownerAlive, cleanLeftovers, releaseLock, type Lock, type Owner } from './lock.js';
import { findGitRoot } from './root.js';
import { isInside, lstatOrUndefined, ownStateDir } from './safe-path.js';
import { syncFolder, tryUnlink, writeTempFile } from './disk.js';

/**
 * The journal that makes a write of several files all-or-nothing (git's lock files and SQLite's
 * rollback journal are the models). Before the first file is replaced, pdx writes
 * `.pdx/journal/<id>.json` naming each file with the hash it had and the hash it will have, and
 * the complete new content already waiting beside it in a temp file; it removes the journal
 * when the last file is in place. A process killed in between leaves the journal, and the next
 * pdx command finishes the write (rolls it forward) or, when that is no longer possible, puts
 * every file back as it was (rolls it back).
 *
 * A journal is signed with this user's secret (the one that keys the cache), so a journal that
 * came with a clone or a pull request is never acted on: it is only reported.
 */
export const JOURNAL_DIR = '.pdx/journal';

export interface JournalEntry {
  /** Repo-relative path of the file that changes (forward slashes; links already resolved). */
  file: string;
  /** sha256 of the content before, or null for a file the write creates. */
  before: string | null;
  after: string;
  /** Repo-relative path of the temp file holding the new content. */
  temp: string;
  /** Repo-relative path of the hard link keeping the old content while it is replaced. */
  backup?: string;
}

interface Journal {
  version: 1;
  owner: Owner;
  started: string;
  entries: JournalEntry[];
  mac?: string;
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * The secret journals are signed with: this user's (the cache's), or, where the user's cache
 * folder cannot be written (a container with a read-only home), one kept in the repo's own git
 * folder, which no clone or pull request carries. Undefined when neither can be kept.
 */
function journalSecret(root: string): string | undefined {
  const own = userSecret();
  if (own !== undefined) return own;
  const git = findGitRoot(root);
  if (git === undefined || !lstatSync(join(git, '.git')).isDirectory()) return undefined;
  return secretIn(join(git, '.git', 'pdx'));
}

function sign(root: string, body: Omit<Journal, 'mac'>): string | undefined {
  const secret = journalSecret(root);
  return secret === undefined ? undefined : createHmac('sha256', secret).update(JSON.stringify(body)).digest('hex');
}

/**
 * Writes the journal of a write about to happen and makes it durable: from here on, a crash
 * leaves a write the next pdx command can finish. Returns its path. Throws (with nothing
 * changed but the journal folder) when it cannot be written, or when `.pdx` is a link.
 */
export function writeJournal(root: string, entries: JournalEntry[]): string {
  const body: Omit<Journal, 'mac'> = { version: 1, owner: currentOwner(), started: new Date().toISOString(), entries };
  const mac = sign(root, body);
  if (mac === undefined) {
    throw new PdxError('write/journal-unsigned', 'a write of several files needs a secret to sign its journal with, and pdx can keep none here; nothing was written', {
      hint: 'make the cache folder writable (set XDG_CACHE_HOME to a folder you own), or work in a git repository, then run the command again',
    });
  }
  const journal: Journal = { ...body, mac };
  const { dir, path, temp } = journalTemp(root, `${JSON.stringify(journal, null, 2)}\n`);
  try {
    faultPoint('journal-rename');
    renameSync(temp, path);
  } catch (error) {
    tryUnlink(temp);
    throw error;
  }
  syncFolder(dir);
  return path;
}

/**
 * The journal's content in a temp file inside the journal folder, the folder made when missing.
 * Another pdx process that just removed its own journal may remove the folder, then empty, between
 * making it and the temp file: the folder is made again (a few times at most).
 */
function journalTemp(root: string, content: string): { dir: string; path: string; temp: string } {
  for (let attempt = 1; ; attempt++) {
    const dir = ownStateDir(root, JOURNAL_DIR, true) ?? blocked(root);
    const path = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.json`);
    try {
      return { dir, path, temp: writeTempFile(path, content, 0o600) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3 || lstatOrUndefined(dir) !== undefined) throw error;
    }
  }
}

/** Why the journal folder cannot be used: a link or a file in the way, or the disk's own error. */
function blocked(root: string): never {
  let path = root;
  for (const part of JOURNAL_DIR.split('/')) {
    path = join(path, part);
    const stat = lstatOrUndefined(path);
    if (stat && !stat.isDirectory()) {
      throw new PdxError('write/journal-blocked', `${relative(root, path)} is ${stat.isSymbolicLink() ? 'a link' : 'not a folder'}, so a write of several files cannot be made all-or-nothing; nothing was written`, {
        hint: `remove ${relative(root, path)} (pdx makes it again as a folder), then run the command again`,
      });
    }
    if (!stat) mkdirSync(path);
  }
  throw new PdxError('write/journal-blocked', `${JOURNAL_DIR} cannot be used; nothing was written`);
}

/** Removes a journal once its write is complete (or undone): the moment the write is final. */
export function removeJournal(path: string): void {
  faultPoint('journal-remove');
  unlinkSync(path);
  const dir = dirname(path);
  syncFolder(dir);
  removeEmptyJournalDir(dir);
}

/**
 * Removes the journal folder (`.pdx/journal`, pdx's own) once it holds nothing: no write is
 * pending, so no empty folder is left behind. rmdir removes only an empty folder, and never
 * follows a link; a folder another write has just put its journal in stays. The folder is not
 * the user's: its removal need not survive a crash, and failing to remove it is no failure.
 */
function removeEmptyJournalDir(dir: string): void {
  if (!dir.endsWith(`${sep}${join(...JOURNAL_DIR.split('/'))}`)) return;
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (another write's journal, a leftover of a killed one), or not ours to remove.
  }
}

/** Paths (absolute) that pending journals still need, so leftover cleaning keeps them. */
export function journalFiles(root: string): Set<string> {
  const keep = new Set<string>();
  for (const { journal } of pendingJournals(root)) {
    for (const e of journal?.entries ?? []) {
      keep.add(join(root, e.temp));
      if (e.backup) keep.add(join(root, e.backup));
    }
  }
  return keep;
}

function pendingJournals(root: string): { path: string; name: string; journal?: Journal; unreadable?: string }[] {
  const dir = ownStateDir(root, JOURNAL_DIR, false);
  if (dir === undefined) return [];
  let all: string[];
  try {
    all = readdirSync(dir);
  } catch (error) {
    // A folder pdx cannot list may hold a write left half done: that is never "nothing there".
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? [] : [{ path: dir, name: '', unreadable: code }];
  }
  return all.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((name) => {
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      // A journal is a few hundred bytes: a big one is not pdx's, and is not read.
      if (!stat.isFile() || stat.size > MAX_JOURNAL_BYTES) return { path, name };
      return { path, name, journal: JSON.parse(readFileSync(path, 'utf8')) as Journal };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code ? { path, name, unreadable: code } : { path, name };
    }
  });
}

const MAX_JOURNAL_BYTES = 256 * 1024;

const SAFE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[^\0\\]+$/;

function trusted(root: string, journal: Journal | undefined): journal is Journal {
  if (!journal || journal.version !== 1 || !Array.isArray(journal.entries) || typeof journal.mac !== 'string') return false;
  const { mac, ...body } = journal;
  const expected = sign(root, body);
  if (expected === undefined || expected.length !== mac.length) return false;
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(mac))) return false;
  return journal.entries.every((e) => [e.file, e.temp, ...(e.backup ? [e.backup] : [])].every((p) => typeof p === 'string' && SAFE_PATH.test(p) && posix.normalize(p) === p && posix.dirname(p) === posix.dirname(e.file)));
}

function hashAt(root: string, file: string): string | null | 'link' {
  const path = join(root, file);
  try {
    const stat = lstatSync(path);
    if (!stat.isFile()) return 'link';
    return sha256(readFileSync(path));
  } catch {
    return null;
  }
}

function present(root: string, file: string | undefined, hash: string | null): boolean {
  return file !== undefined && hash !== null && hashAt(root, file) === hash;
}

/**
 * Finishes or undoes the writes that pdx processes of this user left half done (killed, crashed,
 * power lost), before anything reads the repo. Returns what it did, as warnings on the files, and
 * problems for journals it cannot act on: one not signed by this user (never acted on), or one
 * whose files were changed since in a way that allows neither finishing nor undoing it.
 */
export function recoverJournals(root: string): Problem[] {
  const problems: Problem[] = [];
  const dir = ownStateDir(root, JOURNAL_DIR, false);
  if (dir === undefined) return problems;
  // Temp files of journals whose writer was killed before they were complete.
  try {
    cleanLeftovers(dir, readdirSync(dir));
  } catch {
    // Unreadable: reported below.
  }
  for (const { path, name, journal, unreadable } of pendingJournals(root)) {
    const at = name ? `${JOURNAL_DIR}/${name}` : JOURNAL_DIR;
    if (unreadable) {
      problems.push({ file: at, line: 1, column: 1, severity: 'error', code: 'write/journal-unreadable', message: `cannot read ${at} (${unreadable}): it may hold a pdx write left half done, which pdx can then neither finish nor undo; make it readable (chmod u+rwx) and run pdx again` });
      continue;
    }
    if (!trusted(root, journal)) {
      problems.push({ file: at, line: 1, column: 1, severity: 'warning', code: 'write/untrusted-journal', message: 'a pdx write journal that this user\'s pdx did not write (it came with the repo, or from another account); pdx ignores it — delete it, and never commit .pdx/journal' });
      continue;
    }
    if (journal.owner.pid !== currentOwner().pid && ownerAlive(journal.owner, Date.now())) continue;
    if (journal.owner.pid === currentOwner().pid && journal.owner.start === currentOwner().start) continue;
    const locks: Lock[] = [];
    try {
      for (const e of journal.entries) {
        const target = join(root, e.file);
        if (!isInside(root, realpathSync(dirname(target)))) throw new Error('outside');
        locks.push(acquireLock(target, e.file));
      }
    } catch (error) {
      for (const lock of locks) releaseLock(lock);
      // A live pdx holds one of the files: it is being dealt with.
      if (error instanceof PdxError && error.code === 'write/changed-on-disk') continue;
      problems.push({ file: at, line: 1, column: 1, severity: 'error', code: 'write/interrupted', message: `an interrupted pdx write could not be finished yet: ${(error as Error).message.split('\n')[0]}; pdx tries again on the next command` });
      continue;
    }
    try {
      const outcome = finish(root, journal);
      const who = `pid ${journal.owner.pid}${journal.owner.command ? `, \`${journal.owner.command}\`` : ''}, started ${journal.started}`;
      if (outcome === 'stuck') {
        for (const e of journal.entries) {
          problems.push({ file: e.file, line: 1, column: 1, severity: 'error', code: 'write/interrupted', message: `an interrupted pdx write (${who}) could neither be finished nor undone, because this file changed since; check it by hand (its new content is in ${e.temp}${e.backup ? `, its old in ${e.backup}` : ''}), then delete ${at}` });
        }
        continue;
      }
      for (const e of journal.entries) {
        for (const leftover of [e.temp, e.backup]) if (leftover) tryUnlink(join(root, leftover));
      }
      removeJournal(path);
      for (const e of journal.entries) {
        problems.push({ file: e.file, line: 1, column: 1, severity: 'warning', code: 'write/recovered', message: `an interrupted pdx write (${who}) was ${outcome === 'forward' ? 'finished' : 'undone'}: this file is now as ${outcome === 'forward' ? 'that command meant to leave it' : 'it was before that command'}` });
      }
    } finally {
      for (const lock of locks) releaseLock(lock);
    }
  }
  return problems;
}

/** Rolls a journal's write forward when every file can get its new content, else back; 'stuck' when neither. */
function finish(root: string, journal: Journal): 'forward' | 'back' | 'stuck' {
  const state = journal.entries.map((e) => ({ e, now: hashAt(root, e.file) }));
  const forward = state.every(({ e, now }) => now === e.after || (now === e.before && present(root, e.temp, e.after)));
  if (forward) {
    for (const { e, now } of state) {
      if (now === e.after) continue;
      faultPoint('recover');
      if (e.before === null) linkSync(join(root, e.temp), join(root, e.file));
      else renameSync(join(root, e.temp), join(root, e.file));
    }
    return 'forward';
  }
  const back = state.every(({ e, now }) => now === e.before || (now === e.after && (e.before === null || present(root, e.backup, e.before))));
  if (!back) return 'stuck';
  for (const { e, now } of state) {
    if (now === e.before) continue;
    faultPoint('recover');
    if (e.before === null) unlinkSync(join(root, e.file));
    else renameSync(join(root, e.backup!), join(root, e.file));
  }
  return 'back';
}

