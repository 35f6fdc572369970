import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, PdxError, usageError } from '../errors.js';
import { CONFIG_FILE, DATA_DIR } from '../model/kinds.js';
import { PORTFOLIO_FILE, sourceOrigin, type Portfolio, type PortfolioSource } from '../model/portfolio.js';
import type { Report } from '../reports/build.js';
import { mergedPart, MERGED_SECTIONS, type PortfolioInput } from '../reports/portfolio/input.js';
import { slug } from '../reports/portfolio/merge.js';
import { cacheKey, codeFingerprint, readCacheFile, writeCacheFile } from '../store/cache.js';
import { readPortfolioFile } from '../store/portfolio-file.js';
import { findGitRoot, findUp } from '../store/root.js';
import { createExclusive } from '../store/disk.js';
import { ownStateDir } from '../store/safe-path.js';
import { weeklyReport } from './report.js';
import { openWorkspace, requireConfig } from './workspace.js';

/** A portfolio file, read and checked. */
export interface LoadedPortfolio {
  /** Absolute path of portfolio.yaml. */
  file: string;
  /** Its folder: what a source's `path` is relative to, and where the portfolio keeps its cache. */
  folder: string;
  portfolio: Portfolio;
}

/** What every source is asked: `pdx report --json --as-of asOf [--since since]` on `today`. */
export interface SourceQuery {
  asOf: string;
  /** The window; unset, each source's own `report.since` (else 12 weeks), as its `pdx report` would. */
  since?: string;
  /** The real today: dates after it are errors in the source. */
  today: string;
}

/**
 * Where one source's records are: a folder on this machine, or a pdx folder of a git repository
 * read from the portfolio's cache clone of it (`cacheDir`), which the parent has brought up to
 * date before the child reads it offline.
 */
export type SourceLocation = { kind: 'path'; root: string } | { kind: 'git'; url: string; ref?: string; dir?: string; cacheDir: string };

/** One source's work, as the parent hands it to a child process (`pdx __portfolio-source`, as JSON on standard input). */
export interface SourceJob {
  source: SourceLocation;
  query: SourceQuery;
  /** Whether the source's record caches (verdicts, stage dates) are used: a git source keeps them beside its clone (`openGitSource`). */
  cache: boolean;
  /** For a folder: the folder whose `.pdx/cache/` keeps its caches, one of the portfolio's own (never the source's folder); unset, no cache. */
  cacheRoot?: string;
  /** For a git source: the commit the parent fetched, which the child must read. */
  commit?: string;
}

/** What a child writes on standard output: the summary, and for a git source the commit read and when it was fetched. */
export interface SourceResult {
  summary: Report;
  commit?: string;
  fetched?: { at: string; offline: boolean };
}

export interface ReadSourcesOptions {
  /** Called as each source is done, in the order they finish: `source 3 of 20: sales-team`. */
  onProgress?: (done: number, total: number, name: string) => void;
  /** How many children run at once (default: the machine's cores), never more than the sources. */
  concurrency?: number;
  /** The program and its first arguments that run one job (default: this Node and pdx's `bin/pdx`). */
  worker?: string[];
  /** Keep and reuse summaries in the portfolio's `.pdx/cache/portfolio/` (default true). */
  cache?: boolean;
  /** Never fetch a git source: read what the cache holds (`--offline`), and say when it was fetched. */
  offline?: boolean;
  /** Keep each source's whole summary (for its own report page); by default only what the merge reads, so that twenty large summaries are not all held at once. */
  whole?: boolean;
}

/**
 * The portfolio file pdx runs with: `--portfolio FILE` (relative to `cwd`), else the nearest
 * portfolio.yaml at or above `cwd`. Neither is a usage error with the way out.
 */
export function findPortfolio(cwd: string, flag?: string): string {
  if (flag !== undefined) {
    const file = resolve(cwd, flag);
    if (!isFile(file)) throw usageError(`--portfolio ${flag}: no such file`, `pass the ${PORTFOLIO_FILE} that lists your teams' repositories`);
    return file;
  }
  const folder = findUp(cwd, PORTFOLIO_FILE);
  if (folder === undefined || !isFile(join(folder, PORTFOLIO_FILE))) {
    throw usageError(
      `no ${PORTFOLIO_FILE} in ${resolve(cwd)} or any folder above it`,
      `write one listing your teams' repositories (sources:\n  - path: ../sales-team\n  - url: git@github.com:acme/billing.git), or pass --portfolio FILE`,
    );
  }
  return join(folder, PORTFOLIO_FILE);
}

/**
 * Reads and checks the portfolio file; a bad one is a usage error (exit 2) listing its located
 * problems, named as the user would find it from `cwd`.
 */
export function loadPortfolio(file: string, cwd = process.cwd()): LoadedPortfolio {
  const absolute = resolve(cwd, file);
  const shown = displayPath(cwd, absolute);
  const { portfolio, problems } = readPortfolioFile(absolute, shown);
  if (!portfolio) {
    throw new PdxError('portfolio/invalid', `${shown} is invalid; fix it first`, { exitCode: EXIT.usage, problems });
  }
  return { file: absolute, folder: dirname(absolute), portfolio };
}

/**
 * Every source's summary (exactly what `pdx report --json` gives in it, for the same days) or
 * its error, in the order of portfolio.yaml. Each source is read by a child process of pdx, as
 * many at once as the machine has cores; a child that fails, crashes, is killed or prints
 * something else is that source's error, never the others'. A summary kept in the portfolio's
 * cache for the same code, days, commit and content is used without starting a child.
 */
export async function readSources(from: LoadedPortfolio | string, query: SourceQuery, options: ReadSourcesOptions = {}): Promise<PortfolioInput[]> {
  const loaded = typeof from === 'string' ? loadPortfolio(from) : from;
  const sources = loaded.portfolio.sources;
  const results: PortfolioInput[] = new Array(sources.length);
  const worker = options.worker ?? [process.execPath, PDX_BIN];
  let done = 0;
  const finish = (i: number, result: PortfolioInput) => {
    results[i] = result;
    options.onProgress?.(++done, sources.length, result.name ?? result.origin);
  };
  const kept = (result: SourceResult) => (options.whole ? result : { ...result, summary: mergedPart(result.summary) });
  const pending: (() => Promise<void>)[] = [];
  sources.forEach((source, i) => {
    const base = { ...(source.name === undefined ? {} : { name: source.name }), origin: sourceOrigin(source) };
    const planned = planSource(loaded, source);
    if ('error' in planned) {
      pending.push(async () => finish(i, { ...base, error: planned.error }));
      return;
    }
    pending.push(async () => {
      try {
        await readOne(i, base, planned.location);
      } catch (error) {
        // Whatever goes wrong with one source (a folder pdx may not write, a full disk) is that source's error, never the others'.
        finish(i, { ...base, error: error instanceof PdxError ? error.message : `pdx could not read it (${(error as Error).message})` });
      }
    });
  });
  const readOne = async (i: number, base: { name?: string; origin: string }, location: SourceLocation): Promise<void> => {
    {
      // A git source is fetched here first (one `git fetch`, none offline): the commit it is at keys its summary, and the child reads that commit offline.
      let synced: { commit: string; fetched: { at: string; offline: boolean } } | undefined;
      if (location.kind === 'git') {
        try {
          const { fetchGitSource } = await import('./git-source.js');
          const got = await fetchGitSource(location, { cacheDir: location.cacheDir, offline: options.offline });
          synced = { commit: got.commit, fetched: { at: got.fetchedAt, offline: options.offline === true } };
        } catch (error) {
          if (!(error instanceof PdxError)) throw error;
          return finish(i, { ...base, error: error.message });
        }
      }
      const cacheRoot = options.cache === false || location.kind === 'git' ? undefined : sourceCacheRoot(loaded.folder, location);
      const cached = options.cache !== false && (location.kind === 'git' || cacheRoot !== undefined);
      const job: SourceJob = { source: location, query, cache: cached, ...(cacheRoot ? { cacheRoot } : {}), ...(synced ? { commit: synced.commit } : {}) };
      const cache = options.cache === false ? undefined : new SummaryCache(loaded.folder, job, worker);
      const hit = await cache?.get();
      if (hit) return finish(i, { ...base, ...kept(hit), ...synced });
      const outcome = await runChild(worker, job);
      if ('error' in outcome) return finish(i, { ...base, error: outcome.error });
      await cache?.set(outcome);
      finish(i, { ...base, ...kept(outcome), ...synced });
    }
  };
  await runPool(pending, Math.max(1, Math.min(options.concurrency ?? availableParallelism(), pending.length)));
  return results;
}

/**
 * One source read in this process: what `pdx __portfolio-source` runs for its job. Throws what
 * `pdx report` would refuse with (no pdx.yaml there, an invalid config).
 */
export async function readSourceSummary(job: SourceJob): Promise<{ result: SourceResult; unreadable: string[] }> {
  switch (job.source.kind) {
    case 'path': {
      const { root } = job.source;
      if (!isFile(join(root, CONFIG_FILE))) throw notPdx(root);
      // Read only: a write this source's own pdx left half done is its own to finish, not the portfolio's.
      const ws = await openWorkspace(root, { today: job.query.today, cache: job.cacheRoot !== undefined, cacheRoot: job.cacheRoot, prefetchHistory: true, recover: false });
      if (ws.repo.unreadable.some((p) => p.file === CONFIG_FILE)) requireConfig(ws);
      const summary = await weeklyReport(ws, { asOf: job.query.asOf, since: job.query.since });
      return { result: { summary }, unreadable: ws.repo.unreadable.map((p) => `${p.file}: ${p.message}`) };
    }
    case 'git': {
      const { openGitSource } = await import('./git-source.js');
      const { url, ref, dir, cacheDir } = job.source;
      // Offline: the parent fetched it just now, or `--offline` asked for the cache alone.
      const opened = await openGitSource({ url, ref, dir }, { cacheDir, offline: true, today: job.query.today, cache: job.cache, prefetchHistory: true });
      if (job.commit !== undefined && opened.commit !== job.commit) {
        throw new PdxError('git/moved', `${url}${ref ? ` at ${ref}` : ''} moved to another commit while the portfolio read it; run it again`, { exitCode: EXIT.failed });
      }
      const ws = opened.workspace;
      if (ws.repo.unreadable.some((p) => p.file === CONFIG_FILE)) requireConfig(ws);
      const summary = await weeklyReport(ws, { asOf: job.query.asOf, since: job.query.since });
      return { result: { summary, commit: opened.commit }, unreadable: ws.repo.unreadable.map((p) => `${p.file}: ${p.message}`) };
    }
  }
}

/** Checks the JSON a child was handed; a job from anywhere else is a usage error. */
export function parseSourceJob(text: string): SourceJob {
  let job: unknown;
  try {
    job = JSON.parse(text);
  } catch {
    job = undefined;
  }
  const j = job as Partial<SourceJob> | undefined;
  const q = j?.query;
  const okQuery = q !== undefined && typeof q.asOf === 'string' && typeof q.today === 'string' && (q.since === undefined || typeof q.since === 'string');
  const src = j?.source as Partial<Record<string, unknown>> | undefined;
  const okSource =
    (src?.kind === 'path' && typeof src.root === 'string' && isAbsolute(src.root)) ||
    (src?.kind === 'git' && typeof src.url === 'string' && typeof src.cacheDir === 'string' && isAbsolute(src.cacheDir) && [src.ref, src.dir].every((v) => v === undefined || typeof v === 'string'));
  if (!j || !okQuery || !okSource || typeof j.cache !== 'boolean' || (j.cacheRoot !== undefined && (typeof j.cacheRoot !== 'string' || !isAbsolute(j.cacheRoot)))) {
    throw usageError('__portfolio-source reads one job as JSON on standard input: { source: { kind: "path", root } or { kind: "git", url, ref?, dir?, cacheDir }, query: { asOf, since?, today }, cache, commit?, cacheRoot? }');
  }
  return j as SourceJob;
}

/**
 * `--from`: summaries each team's own CI made (`pdx report --json`), as portfolio inputs in the
 * order given — a folder gives its `*.json` files by name, `-` standard input. A file that is no
 * summary, or one of a schema version this pdx does not read, is that source's error (the merge
 * reports it and leaves it out); a path that does not exist, or a folder without summaries, is a
 * usage error.
 */
export async function readSummaryFiles(paths: string[], cwd: string, stdin: () => NodeJS.ReadableStream, options: { whole?: boolean } = {}): Promise<PortfolioInput[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      files.push(path);
      continue;
    }
    const absolute = resolve(cwd, path);
    if (isFolder(absolute)) {
      const inside = readdirSync(absolute).filter((f) => f.endsWith('.json')).sort();
      if (inside.length === 0) throw usageError(`--from ${path}: no .json summaries in that folder`, 'make each with pdx report --json > NAME.json');
      files.push(...inside.map((f) => join(path, f)));
    } else if (isFile(absolute)) files.push(path);
    else throw usageError(`--from ${path}: no such file or folder`);
  }
  if (files.filter((f) => f === '-').length > 1) throw usageError('--from - reads standard input once; pass it once');
  const { parseSummary } = await import('../model/summary.js');
  const inputs: PortfolioInput[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? await readAll(stdin()) : readFileSync(resolve(cwd, file), 'utf8');
    } catch (error) {
      inputs.push({ origin: file, error: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      continue;
    }
    // Checked whole only when its whole is used (its own report page); else the sections the merge reads.
    const read = parseSummary(text, file === '-' ? 'standard input' : file, options.whole ? undefined : MERGED_SECTIONS);
    // Named after its file (`sales-team.json` is sales-team), as each team's CI names what it made.
    const name = file === '-' ? undefined : slug(basename(file).replace(/\.json$/i, ''));
    if (read.summary) inputs.push({ ...(name ? { name } : {}), origin: file, summary: read.summary });
    else inputs.push({ ...(name ? { name } : {}), origin: file, error: read.problems.map((p) => (p.line !== undefined && (p.line > 1 || (p.column ?? 1) > 1) ? `${p.message} (line ${p.line}, column ${p.column ?? 1})` : p.message)).join('; ') });
  }
  return inputs;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** pdx's own launcher: this module sits two folders below the package (src/engine/, dist/cli/ in the bundle). */
const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PDX_BIN = join(PACKAGE_ROOT, 'bin', 'pdx');

function planSource(loaded: LoadedPortfolio, source: PortfolioSource): { location: SourceLocation } | { error: string } {
  if (!('path' in source)) {
    const cacheDir = portfolioCacheDir(loaded.folder, 'git');
    if (cacheDir === undefined) return { error: `${source.url}: cannot keep a git cache in ${join(loaded.folder, '.pdx/cache/portfolio/git')}` };
    return { location: { kind: 'git', url: localUrl(loaded.folder, source.url), ...(source.ref === undefined ? {} : { ref: source.ref }), ...(source.dir === undefined ? {} : { dir: source.dir }), cacheDir } };
  }
  const root = resolve(loaded.folder, source.path);
  if (!isFolder(root)) return { error: `${source.path}: no such folder (${root})` };
  if (!isFile(join(root, CONFIG_FILE))) return { error: notPdx(root).message };
  return { location: { kind: 'path', root } };
}

/**
 * A URL git reads as a path on this machine (`../ops.git`, `ops-team.bundle`: no scheme, no
 * `host:` of the scp-like form) is relative to portfolio.yaml's folder, as `path` is; any other
 * URL is passed to git as written.
 */
function localUrl(folder: string, url: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]*:/.test(url)) return url;
  return resolve(folder, url);
}

function notPdx(root: string): PdxError {
  return usageError(`not a pdx repository or folder: no ${CONFIG_FILE} in ${root}`);
}

/** Runs `tasks`, at most `limit` at once. Each task handles its own failure. */
async function runPool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: limit }, lane));
}

/** Starts one child for `job` and reads its answer; whatever goes wrong is the source's error, in one line. */
function runChild(worker: string[], job: SourceJob): Promise<SourceResult | { error: string }> {
  return new Promise((done) => {
    const [command, ...args] = worker;
    let failed: string | undefined;
    const child = spawn(command!, [...args, '__portfolio-source'], { stdio: ['pipe', 'pipe', 'pipe'], env: childEnv() });
    // A source that hangs (a stuck file system, a git that never answers) gives up its lane.
    const limit = Number(process.env.PDX_SOURCE_TIMEOUT) > 0 ? Number(process.env.PDX_SOURCE_TIMEOUT) * 1000 : 15 * 60_000;
    const timer = setTimeout(() => {
      failed = `pdx gave no summary within ${Math.round(limit / 1000)} seconds (PDX_SOURCE_TIMEOUT sets the limit)`;
      child.kill('SIGKILL');
    }, limit);
    timer.unref();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => (failed = `could not start pdx: ${error.message}`));
    // A child that dies before reading its job closes the pipe: that is its exit's story, not this one.
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(job));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const said = firstLine(Buffer.concat(err).toString('utf8'));
      if (failed) return done({ error: failed });
      if (code === EXIT.ok || code === EXIT.failed) {
        const result = parseResult(Buffer.concat(out).toString('utf8'));
        if (result) return done(result);
      }
      if (said) return done({ error: said });
      if (signal) return done({ error: `pdx was stopped (${signal}) before it gave a summary` });
      return done({ error: code === EXIT.ok || code === EXIT.failed ? 'pdx gave no summary it could read' : `pdx exited with code ${code} without a summary` });
    });
  });
}

/** The child's environment: this one, without what would point its git at another repository than the source's. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_PREFIX']) delete env[name];
  return env;
}

function parseResult(text: string): SourceResult | undefined {
  try {
    const value = JSON.parse(text) as Partial<SourceResult> | null;
    const summary = value?.summary as Partial<Report> | undefined;
    if (summary && typeof summary === 'object' && typeof summary.schemaVersion === 'number') return value as SourceResult;
  } catch {
    // Not JSON: no summary.
  }
  return undefined;
}

/**
 * What pdx said on stderr, in one line: its `pdx: …` error without the prefix, followed by the
 * first located problem it printed before it (`pdx.yaml:3:1  error  unknown field …`) when there is one.
 */
function firstLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const main = lines.findIndex((l) => l.startsWith('pdx: '));
  if (main === -1) return lines[0] ?? '';
  const said = lines[main]!.slice('pdx: '.length);
  return main > 0 ? `${said} (${lines[0]!.replace(/\s+/g, ' ')})` : said;
}

/**
 * `.pdx/cache/portfolio/<sub>` in the portfolio's folder, made when missing, with a `.gitignore`
 * that keeps the whole of it out of git: a portfolio's folder is seldom a pdx repo whose
 * `.pdx/.gitignore` would (clones and summaries are never to be committed).
 */
function portfolioCacheDir(folder: string, sub?: string): string | undefined {
  const top = ownStateDir(folder, '.pdx/cache/portfolio', true);
  if (top === undefined) return undefined;
  const ignore = join(top, '.gitignore');
  if (!existsSync(ignore)) {
    try {
      createExclusive(ignore, "# pdx portfolio's caches (git clones of the sources, their summaries): never committed\n*\n", false);
    } catch {
      // A courtesy: the caches work without it.
    }
  }
  return sub === undefined ? top : ownStateDir(folder, `.pdx/cache/portfolio/${sub}`, true);
}

/** Where a source's own caches (verdicts, stage dates) live: in the portfolio's folder, one folder per source. */
function sourceCacheRoot(folder: string, location: SourceLocation): string | undefined {
  return portfolioCacheDir(folder, `sources/${locationId(location)}`);
}

function locationId(location: SourceLocation): string {
  return createHash('sha1').update(JSON.stringify(location)).digest('hex').slice(0, 20);
}

const workerPrints = new Map<string, string>();

/** The code that makes a summary: pdx's own fingerprint and, when a child runs another build, that build's bundle. */
function workerFingerprint(worker: string[]): string {
  const known = workerPrints.get(JSON.stringify(worker));
  if (known !== undefined) return known;
  const hash = createHash('sha1').update(codeFingerprint()).update(JSON.stringify(worker));
  const bundle = join(dirname(dirname(worker[1] ?? PDX_BIN)), 'dist', 'cli', 'pdx.cjs');
  try {
    hash.update(readFileSync(bundle));
  } catch {
    // No bundle beside the launcher: the worker's path and pdx's fingerprint stand for it.
  }
  const print = hash.digest('base64');
  workerPrints.set(JSON.stringify(worker), print);
  return print;
}

/**
 * A source's summary, kept in `<portfolio folder>/.pdx/cache/portfolio/` under a key of
 * everything it depends on: the code (and this user's cache secret), the days asked, and — for
 * a git work tree only — the commit checked out and the content of every file under pdx.yaml and
 * the records folder that differs from it (changed, staged, untracked or ignored), from one `git
 * status`. A folder outside git has no such key: it is read every time. Stored only when the key
 * is the same after the child ran as before, so an edit made meanwhile is never filed under the old content.
 */
class SummaryCache {
  private key?: Promise<string | undefined>;
  private readonly file: string;

  constructor(
    private readonly folder: string,
    private readonly job: SourceJob,
    private readonly worker: string[],
  ) {
    this.file = `portfolio/${locationId(job.source)}.json`;
  }

  async get(): Promise<SourceResult | undefined> {
    const key = await (this.key ??= this.computeKey());
    if (key === undefined) return undefined;
    try {
      const kept = JSON.parse(readCacheFile(this.folder, this.file)?.toString('utf8') ?? '{}') as { key?: string; result?: SourceResult };
      return kept.key === key && kept.result ? kept.result : undefined;
    } catch {
      return undefined;
    }
  }

  async set(result: SourceResult): Promise<void> {
    const before = await (this.key ??= this.computeKey());
    if (before === undefined || (await this.computeKey()) !== before) return;
    if (portfolioCacheDir(this.folder) === undefined) return;
    writeCacheFile(this.folder, this.file, JSON.stringify({ key: before, result }));
  }

  private async computeKey(): Promise<string | undefined> {
    const secret = cacheKey();
    if (secret === undefined) return undefined;
    const base = () => createHash('sha256').update(secret).update('\0').update(workerFingerprint(this.worker)).update('\0').update(JSON.stringify({ source: this.job.source, query: this.job.query }));
    // A commit's files never change: its id is the content's key.
    if (this.job.source.kind === 'git') return this.job.commit === undefined ? undefined : base().update('\0').update(this.job.commit).digest('hex');
    const { root } = this.job.source;
    const top = findGitRoot(root);
    if (top === undefined) return undefined;
    // A shallow clone's history (and so its stage dates) grows with each fetch --deepen while HEAD
    // stays: its list of shallow commits is part of the key. A linked work tree (`.git` a file) is not cached.
    let shallow: Buffer | string;
    try {
      if (!statSync(join(top, '.git')).isDirectory()) return undefined;
      shallow = existsSync(join(top, '.git', 'shallow')) ? readFileSync(join(top, '.git', 'shallow')) : 'not shallow';
    } catch {
      return undefined;
    }
    const git = await import('../git/index.js');
    const state = await git.workTreeStatus(root, [CONFIG_FILE, DATA_DIR]);
    if (!state?.commit) return undefined;
    const hash = base()
      .update('\0')
      .update(shallow)
      .update('\0')
      .update(state.commit)
      .update('\0')
      .update(state.status);
    for (const file of state.files) hash.update('\0').update(file).update('\0').update(contentOf(join(root, file)));
    return hash.digest('hex');
  }
}

/** A file's bytes (hashed whole), or what stands there instead. */
function contentOf(path: string): Buffer | string {
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return `link ${createHash('sha1').update(readFileSync(path)).digest('hex')}`;
    if (!stat.isFile()) return `not a file ${stat.mode}`;
    return createHash('sha1').update(readFileSync(path)).digest('hex');
  } catch (error) {
    return `unreadable ${(error as NodeJS.ErrnoException).code ?? ''}`;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function displayPath(cwd: string, absolute: string): string {
  const shown = relative(cwd, absolute);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? absolute : shown.split('\\').join('/');
}
