import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, PdxError } from '../errors.js';
import { CONFIG_FILE, DATA_DIR } from '../model/kinds.js';
import { openWorkspace, type Workspace } from './workspace.js';

/** A pdx repo in a git repository: its URL, a branch, tag or commit (default its HEAD), and the pdx folder inside it (default its top). */
export interface GitSourceSpec {
  url: string;
  ref?: string;
  dir?: string;
}

export interface GitSourceOptions {
  /** The folder that keeps every remote source's clone and caches (e.g. the portfolio's `.pdx/cache/sources`). */
  cacheDir: string;
  /** Use only what the cache holds; fails for a source never fetched. */
  offline?: boolean;
  /** `YYYY-MM-DD`, as for `openWorkspace`. */
  today: string;
  todayLabel?: string;
  /** Reuse the verdict and stage-date caches kept beside the clone (default true). */
  cache?: boolean;
  /** Start reading stage dates as soon as the initiatives are read (a report needs them). */
  prefetchHistory?: boolean;
  /** Keep the records' long texts (default true), as for `openWorkspace`. */
  texts?: boolean;
  /** How long one git process may take (default 5 minutes, or PDX_GIT_TIMEOUT seconds). */
  timeoutMs?: number;
}

export interface GitSourceOpened {
  workspace: Workspace;
  /** The commit read. */
  commit: string;
  /** When its ref was last fetched (ISO 8601). */
  fetchedAt: string;
  /** Milliseconds since `fetchedAt`: what `--offline` tells the user. */
  ageMs: number;
  /** Nothing was fetched now. */
  fromCache: boolean;
}

/**
 * Only the first step of `openGitSource`: brings the cache clone up to date (offline: reads it)
 * and says which commit the source is at, without reading its files. A caller that keeps its
 * own summary per commit can stop here when it has one; `openGitSource` with `offline: true`
 * then reads that very commit without touching the network.
 */
export async function fetchGitSource(spec: GitSourceSpec, options: Pick<GitSourceOptions, 'cacheDir' | 'offline' | 'timeoutMs'>): Promise<{ gitDir: string; commit: string; fetchedAt: string; ageMs: number; fromCache: boolean }> {
  const remote = await import('../git/remote.js');
  remote.normalizeDir(spec.dir ?? '');
  return remote.syncRemote(remote.remoteCacheDir(options.cacheDir, spec.url), { url: spec.url, ref: spec.ref }, { offline: options.offline, timeoutMs: options.timeoutMs });
}

/**
 * Opens the pdx repo at `dir` of `url` at `ref` as `openWorkspace` opens a checkout — the same
 * records, problems and report — from a bare clone kept in `cacheDir` (one per URL, named from
 * a hash of it): one `git fetch` (none offline), one `git ls-tree`, one `git cat-file --batch`
 * and, when a report needs stage dates, one `git log`, whatever the number of files.
 */
export async function openGitSource(spec: GitSourceSpec, options: GitSourceOptions): Promise<GitSourceOpened> {
  const remote = await import('../git/remote.js');
  const prefix = remote.normalizeDir(spec.dir ?? '');
  const clone = remote.remoteCacheDir(options.cacheDir, spec.url);
  const synced = await fetchGitSource(spec, options);
  // What pdx reads of a checkout: pdx.yaml and the YAML files of the data folder — nothing else
  // of the repository, however big — and links, through which a record may lie elsewhere in it.
  const yaml = (path: string) => /\.ya?ml$/i.test(path);
  const ours = (path: string) => path === CONFIG_FILE || path.startsWith(`${DATA_DIR}/`);
  const files = await remote.readTree(synced.gitDir, synced.commit, prefix, (path, link) => link || (ours(path) && yaml(path)), options.timeoutMs, { from: ours, target: yaml });
  if (!files.has(CONFIG_FILE)) {
    throw new PdxError('git/not-pdx', `${spec.url}${spec.ref ? ` at ${spec.ref}` : ''} has no ${prefix ? `${prefix}/` : ''}${CONFIG_FILE}, so it is not a pdx repo${prefix ? ' folder' : ''}`, {
      exitCode: EXIT.usage,
      hint: prefix ? 'check the source\'s dir: the folder holding pdx.yaml, from the top of the repository' : 'if pdx.yaml is in a sub-folder, name it with dir',
    });
  }
  // The caches of one source (verdicts, stage dates): apart from other folders or refs of the same URL.
  const root = join(clone, 'sources', createHash('sha256').update(`${prefix}\n${spec.ref ?? ''}`).digest('hex').slice(0, 16));
  mkdirSync(root, { recursive: true });
  const workspace = await openWorkspace(root, {
    today: options.today,
    todayLabel: options.todayLabel,
    cache: options.cache,
    prefetchHistory: options.prefetchHistory,
    texts: options.texts,
    tree: { files, git: { gitDir: synced.gitDir, commit: synced.commit, prefix } },
  });
  return { workspace, commit: synced.commit, fetchedAt: synced.fetchedAt, ageMs: synced.ageMs, fromCache: synced.fromCache };
}
