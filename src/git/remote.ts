import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, PdxError } from '../errors.js';
import { acquireLock, releaseLock, type Lock } from '../store/lock.js';
import { MAX_FILE_BYTES } from '../store/read.js';
import type { SourceTree } from '../store/tree.js';
import { gitLine } from './index.js';

/**
 * A pdx repo in a remote git repository, read with git itself — the user's own credentials,
 * SSH keys and HTTPS helpers — into a bare clone kept in a cache folder: no checkout, no
 * hand-written HTTP, and a constant number of git processes per source whatever its size.
 *
 * The clone has the whole history of the refs pdx asked for (stage dates are read from it) and
 * no blob filter: a partial clone would fetch each missing blob on its own the moment
 * `ls-tree --long` asks its size, one round trip per file (git 2.39 has no GIT_NO_LAZY_FETCH to
 * stop it), which is the very thing to avoid. Each ref is fetched on its own into
 * `refs/pdx/<hash of the ref>`, so sources that share a URL share its objects but not their refs.
 */

/** Where a source is and which commit of it: a branch, a tag or a commit id (default: the remote's HEAD). */
export interface RemoteSpec {
  url: string;
  ref?: string;
}

export interface SyncOptions {
  /** Use only what the cache holds: never touch the network. */
  offline?: boolean;
  /** How long one git process may take before it is stopped (default 5 minutes; `PDX_GIT_TIMEOUT` in seconds). */
  timeoutMs?: number;
  /** The moment to measure the cache's age from (default now). */
  now?: Date;
}

export interface Synced {
  /** The bare repository. */
  gitDir: string;
  /** The commit `ref` names, 40 (or 64) hex digits. */
  commit: string;
  /** When this ref was last fetched, ISO 8601. */
  fetchedAt: string;
  /** Milliseconds since then. */
  ageMs: number;
  /** True when nothing was fetched now (`offline`, or a commit id already in the cache). */
  fromCache: boolean;
}

const STATE = 'fetched.json';
interface State {
  url: string;
  refs: Record<string, { commit: string; fetchedAt: string }>;
}

const HEX = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The cache folder of `url` under `cacheRoot`: named from a hash of the URL. */
export function remoteCacheDir(cacheRoot: string, url: string): string {
  return join(cacheRoot, createHash('sha256').update(url).digest('hex').slice(0, 16));
}

/**
 * Brings the bare clone in `cacheDir` up to date for `spec.ref` (one `git fetch` of that ref,
 * after a `git init --bare` the first time) and resolves it to a commit. Offline, reads the ref
 * as last fetched and says how old that is. Every failure is a PdxError of one sentence with
 * git's own words; git never prompts (no terminal, GIT_TERMINAL_PROMPT=0, SSH in batch mode).
 */
export async function syncRemote(cacheDir: string, spec: RemoteSpec, options: SyncOptions = {}): Promise<Synced> {
  checkUrl(spec.url);
  if (spec.ref !== undefined) checkRef(spec.ref);
  const gitDir = join(cacheDir, 'git');
  const key = spec.ref ?? '';
  const local = `refs/pdx/${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  const now = options.now ?? new Date();
  const timeoutMs = options.timeoutMs ?? (Number(process.env.PDX_GIT_TIMEOUT) > 0 ? Number(process.env.PDX_GIT_TIMEOUT) * 1000 : 300_000);
  const described = `${spec.url}${spec.ref ? ` at ${spec.ref}` : ''}`;
  const state = readState(cacheDir, spec.url);
  const cached = state.refs[key];
  const answer = (commit: string, fetchedAt: string, fromCache: boolean): Synced => ({ gitDir, commit, fetchedAt, ageMs: Math.max(0, now.getTime() - Date.parse(fetchedAt)), fromCache });

  if (options.offline) {
    if (!cached || !existsSync(gitDir)) {
      throw new PdxError('git/not-cached', `${described} is not in the cache yet; run once without --offline`, { hint: `pdx fetches it into ${cacheDir} on the first run that may use the network` });
    }
    return answer(cached.commit, cached.fetchedAt, true);
  }
  // A commit id names the same files forever: once fetched, it is never fetched again.
  if (cached && spec.ref !== undefined && HEX.test(spec.ref) && existsSync(gitDir)) return answer(cached.commit, cached.fetchedAt, true);

  mkdirSync(cacheDir, { recursive: true });
  const lock = await waitForLock(join(cacheDir, 'git'), timeoutMs);
  try {
    if (!existsSync(join(gitDir, 'HEAD'))) {
      const init = await runGit(cacheDir, ['init', '--bare', '--quiet', gitDir], timeoutMs);
      if (init.code !== 0) throw new PdxError('git/cache-failed', `cannot make the git cache ${gitDir}: ${gitLine(init.stderr) || `git init exited with code ${init.code}`}`);
    }
    const fetchedAt = new Date().toISOString();
    const fetch = await runGit(gitDir, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--end-of-options', spec.url, `+${spec.ref ?? 'HEAD'}:${local}`], timeoutMs);
    if (fetch.code !== 0) throw fetchError(spec, fetch, timeoutMs);
    const parsed = await runGit(gitDir, ['rev-parse', '--verify', '--quiet', `${local}^{commit}`], timeoutMs);
    const commit = parsed.stdout.toString('utf8').trim();
    if (parsed.code !== 0 || !HEX.test(commit)) {
      throw new PdxError('git/unknown-ref', `${spec.ref ?? 'the HEAD'} of ${spec.url} is not a commit (it names a ${spec.ref ? 'tree or blob' : 'ref git cannot read'}); name a branch, tag or commit`, { exitCode: EXIT.usage });
    }
    // Read again under the lock: another pdx may have recorded another ref of the same URL meanwhile.
    const fresh = readState(cacheDir, spec.url);
    fresh.refs[key] = { commit, fetchedAt };
    writeState(cacheDir, fresh);
    return answer(commit, fetchedAt, false);
  } finally {
    releaseLock(lock);
  }
}

/** Two sources of one URL (folders of a monorepo) share its clone: they fetch one after the other. */
async function waitForLock(target: string, timeoutMs: number): Promise<Lock> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return acquireLock(target, 'the git cache');
    } catch (error) {
      if (!(error instanceof PdxError) || error.code !== 'write/changed-on-disk' || Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, Math.min(20 * 2 ** attempt, 500)));
    }
  }
}

function readState(cacheDir: string, url: string): State {
  try {
    const state = JSON.parse(readFileSync(join(cacheDir, STATE), 'utf8')) as State;
    if (state.url === url && state.refs && typeof state.refs === 'object') return state;
  } catch {
    // None yet, or damaged: nothing is known to be fetched.
  }
  return { url, refs: {} };
}

function writeState(cacheDir: string, state: State): void {
  const temp = join(cacheDir, `.${STATE}.${process.pid}.tmp`);
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, join(cacheDir, STATE));
}

/** A URL is given to git as one argument after --end-of-options; it must not look like an option or hold a line break. */
function checkUrl(url: string): void {
  if (url === '' || url.startsWith('-') || /[\u0000-\u001f\u007f]/.test(url)) {
    throw new PdxError('git/bad-url', `${JSON.stringify(url)} is not a git URL pdx will pass to git`, { exitCode: EXIT.usage, hint: 'use an https://, ssh://, git@host:path or file:// URL' });
  }
}

/** A ref is a branch or tag name or a commit id: the characters git allows, nothing that reads as a refspec or option. */
function checkRef(ref: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._/-]*$/.test(ref) || ref.includes('..') || ref.includes('//') || ref.endsWith('/') || ref.endsWith('.lock') || ref.endsWith('.')) {
    throw new PdxError('git/bad-ref', `${JSON.stringify(ref)} is not a branch, tag or commit name`, { exitCode: EXIT.usage, hint: 'name a branch (main), a tag (v1.2) or a commit id' });
  }
}

/** A failed fetch in one sentence, with git's own first complaint. */
function fetchError(spec: RemoteSpec, result: GitResult, timeoutMs: number): PdxError {
  const said = gitLine(result.stderr) || `git fetch exited with code ${result.code}`;
  const offline = 'or pass --offline to use what the cache holds';
  if (result.timedOut) {
    return new PdxError('git/remote-timeout', `git fetch from ${spec.url} took over ${Math.round(timeoutMs / 1000)} s and was stopped`, { hint: `check the network, set PDX_GIT_TIMEOUT (seconds), ${offline}` });
  }
  const text = result.stderr;
  if (/couldn't find remote ref|not our ref|unadvertised object|no such ref|invalid refspec/i.test(text)) {
    return new PdxError('git/unknown-ref', `${spec.url} has no branch, tag or commit ${spec.ref ?? 'HEAD'} (git: ${said})`, { exitCode: EXIT.usage, hint: `list its branches and tags with: git ls-remote ${spec.url}` });
  }
  if (/Authentication failed|could not read (Username|Password)|terminal prompts disabled|Permission denied \(|Host key verification failed|returned error: 40[13]|access denied|HTTP Basic: Access denied/i.test(text)) {
    return new PdxError('git/remote-auth', `git could not sign in to ${spec.url} (git: ${said})`, {
      hint: 'pdx never asks for a password: set up a credential helper, a token or an SSH key (ssh-add) so that `git fetch` of it works without prompting',
    });
  }
  if (/Could not resolve host|Connection refused|Connection timed out|timed out|Network is unreachable|No route to host|unable to access|Could not resolve hostname|Connection reset|Connection closed/i.test(text)) {
    return new PdxError('git/remote-unreachable', `cannot reach ${spec.url} (git: ${said})`, { hint: `check the URL and the network, ${offline}` });
  }
  if (/does not appear to be a git repository|not a git repository|repository .* not found|Repository not found/i.test(text)) {
    return new PdxError('git/remote-not-a-repo', `${spec.url} is not a git repository, or you may not read it (git: ${said})`, { hint: 'check the URL (git ls-remote URL tells), and that you have access' });
  }
  return new PdxError('git/remote-failed', `git could not fetch ${spec.url} (git: ${said})`, { hint: offline });
}

interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
}

/**
 * The environment git runs in: English messages (pdx reads them), never a prompt — no
 * terminal prompt for HTTPS, SSH in batch mode, and no controlling terminal (see `spawnGit`).
 */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANGUAGE: 'en', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', GIT_ASKPASS: process.env.GIT_ASKPASS ?? '' };
  // The user's own SSH command is kept; batch mode is added to it (or to plain ssh).
  if (!env.GIT_SSH) env.GIT_SSH_COMMAND = `${env.GIT_SSH_COMMAND || 'ssh'} -o BatchMode=yes`;
  return env;
}

/**
 * Starts git in its own session, with no terminal: whatever asks for a password (ssh, a
 * credential helper) finds none and fails instead of waiting. Killed with its children after
 * `timeoutMs`.
 */
function spawnGit(cwd: string, args: string[], timeoutMs: number) {
  const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }, timeoutMs);
  timer.unref();
  const ended = new Promise<{ code: number; timedOut: boolean }>((done) => {
    child.on('error', () => done({ code: -1, timedOut }));
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, timedOut });
    });
  });
  return { child, ended };
}

async function runGit(cwd: string, args: string[], timeoutMs: number): Promise<GitResult> {
  const { child, ended } = spawnGit(cwd, args, timeoutMs);
  child.stdin.end();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  let spawnError = '';
  child.on('error', (error) => (spawnError = String(error)));
  const { code, timedOut } = await ended;
  return { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') || spawnError, timedOut };
}

/**
 * The files under `dir` (a folder of the repository, '' for its top) at `commit`, as a tree of
 * entries relative to `dir`: one `git ls-tree` lists them with their sizes and one
 * `git cat-file --batch` reads every blob `want` accepts (the others are listed `unread`) — two
 * processes whatever the number of files. A blob over MAX_FILE_BYTES is not read; links and
 * submodules are kept as such.
 */
export async function readTree(gitDir: string, commit: string, dir: string, want: (path: string, link: boolean) => boolean = () => true, timeoutMs = 300_000): Promise<SourceTree> {
  if (!HEX.test(commit)) throw new PdxError('git/bad-commit', `${JSON.stringify(commit)} is not a commit id`);
  const folder = normalizeDir(dir);
  const listed = await runGit(gitDir, ['ls-tree', '-r', '-z', '--long', '--full-tree', folder === '' ? `${commit}^{tree}` : `${commit}:${folder}`], timeoutMs);
  if (listed.code !== 0) {
    if (/not a valid object name|not a tree object|Not a valid object/i.test(listed.stderr)) {
      throw new PdxError('git/no-folder', `the commit ${commit.slice(0, 12)} has no folder ${folder}`, { exitCode: EXIT.usage, hint: 'check the source\'s dir: it is a folder of the repository, from its top' });
    }
    throw new PdxError('git/cache-failed', `cannot list the files of ${commit.slice(0, 12)} in ${gitDir}: ${gitLine(listed.stderr) || `git ls-tree exited with code ${listed.code}`}`);
  }
  const tree: SourceTree = new Map();
  const blobs: { path: string; oid: string; link: boolean }[] = [];
  const text = listed.stdout.toString('utf8');
  for (const record of text.split('\0')) {
    if (record === '') continue;
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/) as [string, string, string, string];
    const path = record.slice(tab + 1);
    if (type === 'commit') tree.set(path, { kind: 'submodule' });
    else if (type !== 'blob') continue;
    else if (!want(path, mode === '120000')) tree.set(path, { kind: 'unread' });
    else if (mode === '120000') blobs.push({ path, oid, link: true });
    else if (Number(size) > MAX_FILE_BYTES) tree.set(path, { kind: 'too-large', size: Number(size) });
    else blobs.push({ path, oid, link: false });
  }
  if (blobs.length === 0) return tree;
  const contents = await catFiles(gitDir, blobs.map((b) => b.oid), timeoutMs);
  blobs.forEach((blob, i) => {
    const bytes = contents[i]!;
    tree.set(blob.path, blob.link ? { kind: 'link', target: bytes.toString('utf8') } : { kind: 'file', bytes });
  });
  return tree;
}

/** `dir` as git names a folder: no leading or trailing `/`, no `.` or `..` parts. */
export function normalizeDir(dir: string): string {
  const parts = dir.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..') || dir.startsWith('/') || /[\u0000-\u001f\\:]/.test(dir)) {
    throw new PdxError('git/bad-dir', `${JSON.stringify(dir)} is not a folder inside the repository`, { exitCode: EXIT.usage, hint: 'give the folder from the top of the repository, e.g. teams/sales' });
  }
  return parts.join('/');
}

/** Reads the blobs `oids` with one `git cat-file --batch`, parsing its framed output as it streams. */
async function catFiles(gitDir: string, oids: string[], timeoutMs: number): Promise<Buffer[]> {
  const { child, ended } = spawnGit(gitDir, ['cat-file', '--batch', '--buffer'], timeoutMs);
  const results: Buffer[] = [];
  const err: Buffer[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let body = -1;
  let problem: string | undefined;
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdout.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (body < 0) {
        const nl = pending.indexOf(0x0a);
        if (nl < 0) return;
        // <oid> SP <type> SP <size> LF, or <oid> SP missing LF
        const header = pending.subarray(0, nl).toString('utf8').split(' ');
        pending = pending.subarray(nl + 1);
        if (header[1] === 'missing' || header.length !== 3) {
          problem ??= `object ${header[0]} is missing from the cache`;
          results.push(Buffer.alloc(0));
          continue;
        }
        body = Number(header[2]);
      }
      if (pending.length < body + 1) return;
      results.push(Buffer.from(pending.subarray(0, body)));
      pending = pending.subarray(body + 1);
      body = -1;
    }
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(`${oids.join('\n')}\n`);
  const { code, timedOut } = await ended;
  if (code !== 0 || problem || results.length !== oids.length) {
    const why = timedOut ? `it took over ${Math.round(timeoutMs / 1000)} s` : problem ?? (gitLine(Buffer.concat(err).toString('utf8')) || `git cat-file exited with code ${code}`);
    throw new PdxError('git/cache-failed', `cannot read the files from the git cache ${gitDir}: ${why}`, { hint: `remove ${gitDir} and run again without --offline to fetch it anew` });
  }
  return results;
}
