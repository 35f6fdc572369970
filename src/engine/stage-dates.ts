import type { Problem } from '../errors.js';
import type { FieldDates } from '../git/index.js';
import { DATA_DIR, KIND_FOLDERS } from '../model/kinds.js';
import { stageSetByHand } from '../model/history.js';
import type { Finding, LoadedRecord } from '../model/records.js';
import { cacheKey, readCacheFile, writeCacheFile } from '../store/cache.js';
import type { Repo } from '../store/load.js';

/** For each initiative file, the day git history shows each stage set. */
export interface StageDates {
  dates: Map<string, Map<string, string>>;
  shallow: boolean;
  /** False without git or commits: then no date is known. */
  available: boolean;
  /** When not available: why, in a few words ("git is not installed"). */
  why?: string;
}


const CACHE = 'stage-dates.json';

/**
 * Stage dates from git history, read with one `git log` for the whole repo. History is fixed
 * for a commit, so the result is cached with the commit it was read at: until the next commit a
 * second run asks git only which commit is checked out, and after it reads only the commits since
 * (see `readFieldDates`). (Not in a shallow clone, whose history for the same HEAD grows with
 * every fetch.)
 */
export async function readStageDates(root: string, useCache: boolean, where: HistoryWhere = {}, files?: ReadonlySet<string>): Promise<StageDates> {
  return readFieldDates(root, useCache, [{ folder: `${DATA_DIR}/${KIND_FOLDERS.initiative}`, field: 'stage' }], CACHE, where, files);
}

/** The files of the initiatives whose stage was set by hand: the only ones whose stage dates are asked. */
function handSetFiles(initiatives: LoadedRecord<'initiative'>[]): Set<string> {
  return new Set(initiatives.filter(stageSetByHand).map((r) => r.file));
}

/**
 * The history of a pdx folder read from a bare repository rather than the checkout at `root`:
 * the commit read and the folder's path inside the repository ('' for its top).
 */
export interface TreeHistory {
  gitDir: string;
  commit: string;
  prefix: string;
}

/** Where history is read and cached: `cacheRoot` holds the cache (default `root`); `history`, a bare repository at a commit instead of `root`'s checkout. */
export interface HistoryWhere {
  cacheRoot?: string;
  history?: TreeHistory;
}

/** The cache file of field dates: what they were read for (`key`), the commit they are the history of, and the dates. */
interface CachedDates {
  key?: string;
  commit?: string;
  dates?: [string, [string, string][]][];
}

/**
 * For each file under the watched folders, the latest day git saw its watched field set to each
 * value (see `fieldDatesFromHistory`): one `git log` for every folder at once, cached in
 * `cacheFile` (in `cacheRoot`'s cache folder) with the commit it is the history of, keyed on the
 * code and what is watched. The same commit again: no `git log`. Another one: one `git log
 * --left-right cached...new` reads only the commits between them, and their dates are merged into
 * the cached ones — exactly the whole history's dates, unless a commit only the cached one
 * reaches set a field (history rewritten, a reset, another branch), when the history is read
 * whole. So a command asks git at most three times, whatever the history (four with `files`).
 *
 * With `files`, only those files are dated (see `fieldDatesFromHistory`): the cache holds the
 * files it was read for, each with its dates (none, for a file no commit set). Files it lacks at
 * the same commit are read whole and added (a file's dates depend on its own commits alone); at
 * another commit, the commits since are read for the cached files when they include every one
 * asked, else the history is read whole for those asked.
 */
export async function readFieldDates(root: string, useCache: boolean, watches: { folder: string; field: string }[], cacheFile: string, { cacheRoot = root, history }: HistoryWhere = {}, files?: ReadonlySet<string>): Promise<StageDates> {
  const git = await import('../git/index.js');
  // A bare cache clone holds the whole history of the commit (never shallow); `root` only keeps the cache.
  const head = history ? { commit: history.commit, shallow: false } : await git.headState(root);
  const gitDir = history?.gitDir ?? root;
  const at = history && { rev: history.commit, prefix: history.prefix };
  const why = async () => (history ? 'the git cache could not read it' : await git.whyNoHistory(root));
  if (!head) return { dates: new Map(), shallow: false, available: false, why: await why() };
  // A shallow clone's history grows with each fetch --deepen while HEAD stays: not cached.
  const secret = useCache && !head.shallow ? cacheKey() : undefined;
  const key = secret && `${secret} since${history ? ` ${history.prefix}/` : ''} ${watches.map((w) => `${w.folder}:${w.field}`).join(' ')}${files ? ' some files' : ''}`;
  let cached: { commit: string; dates: FieldDates } | undefined;
  if (key) {
    try {
      const read = JSON.parse(readCacheFile(cacheRoot, cacheFile)?.toString('utf8') ?? '{}') as CachedDates;
      if (read.key === key && typeof read.commit === 'string' && read.dates) cached = { commit: read.commit, dates: new Map(read.dates.map(([file, values]) => [file, new Map(values)])) };
    } catch {
      // A damaged cache is read again from git.
    }
  }
  const missing = files && cached ? [...files].filter((file) => !cached.dates.has(file)) : [];
  if (cached?.commit === head.commit && missing.length === 0) return { dates: cached.dates, shallow: head.shallow, available: true };
  let dates: FieldDates | undefined;
  if (cached?.commit === head.commit) {
    const added = await git.fieldDatesFromHistory(gitDir, watches, head.shallow, at, head.commit, new Set(missing));
    if (added) dates = new Map([...cached.dates, ...added]);
  } else if (cached && missing.length === 0) {
    const since = await git.fieldDatesSince(gitDir, watches, cached.commit, head.commit, at, files && new Set(cached.dates.keys()));
    if (since) {
      dates = cached.dates;
      for (const [file, values] of since) for (const [value, date] of values) git.addFieldDate(dates, file, value, date);
    }
  }
  dates ??= await git.fieldDatesFromHistory(gitDir, watches, head.shallow, at, head.commit, files);
  if (!dates) return { dates: new Map(), shallow: head.shallow, available: false, why: await why() };
  if (key) writeCacheFile(cacheRoot, cacheFile, JSON.stringify({ key, commit: head.commit, dates: [...dates].map(([file, values]) => [file, [...values]]) } satisfies CachedDates));
  return { dates, shallow: head.shallow, available: true };
}

/**
 * Starts reading stage dates as soon as the initiatives are loaded, if one needs them, so git
 * works while the rest of the repo is read. Pass `afterInitiatives` to loadRepo, then `get()`.
 */
export function prefetchStageDates(root: string, useCache: boolean, where: HistoryWhere = {}) {
  let started: Promise<StageDates> | undefined;
  return {
    afterInitiatives(initiatives: LoadedRecord<'initiative'>[]): void {
      const files = handSetFiles(initiatives);
      if (files.size > 0) started = readStageDates(root, useCache, where, files);
    },
    /** The dates, for the hand-set stages of `initiatives` when none were started. */
    get: (initiatives: LoadedRecord<'initiative'>[]): Promise<StageDates> => (started ??= readStageDates(root, useCache, where, handSetFiles(initiatives))),
  };
}

/**
 * History integrity: a current stage with no history entry was set by hand. Reported as a
 * warning with the day git saw it appear (one git log for all initiatives).
 */
export async function unrecordedStages(repo: Repo, initiatives: LoadedRecord<'initiative'>[], stageDates: () => Promise<StageDates>): Promise<Problem[]> {
  const hand = initiatives.filter(stageSetByHand);
  if (hand.length === 0) return [];
  const { dates, shallow, available, why } = await stageDates();
  return repo.toProblems(hand.map((r): Finding => {
    const seen = dates.get(r.file)?.get(r.data.stage);
    const when = seen
      ? `git shows it set on ${seen}`
      : !available
        ? `there is no git history to date it (${why ?? 'no git history'})`
        : shallow
          ? 'git history is shallow here, so the day it was set is unknown'
          : 'it is not in git history yet (uncommitted?)';
    return { record: r, path: ['stage'], severity: 'warning', code: 'history/unrecorded-stage', message: `stage ${r.data.stage} has no history entry, so it was set by hand; ${when}. pdx advance records moves` };
  }));
}
