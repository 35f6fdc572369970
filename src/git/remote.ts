import { spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT, PdxError } from '../errors.js';
import { userSecret } from '../store/cache.js';
import { readPlainFile } from '../store/disk.js';
import { acquireLock, lockPath, releaseLock, type Lock } from '../store/lock.js';
import { MAX_FILE_BYTES } from '../store/read.js';
import { resolveInTree, treeFolders, type SourceTree, type TreeEntry } from '../store/tree.js';
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
 *
 * The cache lives in a portfolio's folder, which others may commit to: a clone is used only with
 * this user's ownership marker beside it (`ownsClone`), every git command in it names it
 * (`--git-dir`), runs no hook, fsmonitor, gc or maintenance, and sees none of the GIT_DIR family
 * of variables (`cloneArgs`, `gitEnv`).
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
  // What a clone pdx did not make says (its refs, its state) is not read: it is no cache of ours.
  const owned = ownsClone(cacheDir);
  const cached = owned ? readState(cacheDir, spec.url).refs[key] : undefined;
  const answer = (commit: string, fetchedAt: string, fromCache: boolean): Synced => ({ gitDir, commit, fetchedAt, ageMs: Math.max(0, now.getTime() - Date.parse(fetchedAt)), fromCache });

  if (options.offline) {
    if (!cached) {
      throw new PdxError('git/not-cached', `${described} is not in the cache yet; run once without --offline`, { hint: `pdx fetches it into ${cacheDir} on the first run that may use the network` });
    }
    return answer(cached.commit, cached.fetchedAt, true);
  }
  // A commit id names the same files forever: once fetched, it is never fetched again.
  if (cached && spec.ref !== undefined && HEX.test(spec.ref)) return answer(cached.commit, cached.fetchedAt, true);

  ensureOwnFolder(cacheDir);
  const lock = await waitForLock(gitDir, timeoutMs);
  try {
    // Decided again under the lock: another pdx may have just made the clone.
    if (!ownsClone(cacheDir)) {
      clearForeign(cacheDir, gitDir);
      const init = await runGit(undefined, cacheDir, ['init', '--bare', '--quiet', gitDir], timeoutMs);
      if (init.code !== 0) throw new PdxError('git/cache-failed', `cannot make the git cache ${gitDir}: ${gitLine(init.stderr) || `git init exited with code ${init.code}`}`);
      claimClone(cacheDir);
    }
    const fetchedAt = new Date().toISOString();
    const fetch = await runGit(gitDir, gitDir, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--end-of-options', spec.url, `+${spec.ref ?? 'HEAD'}:${local}`], timeoutMs, await sshEnv(spec.url, gitDir, timeoutMs));
    if (fetch.code !== 0) throw fetchError(spec, fetch, timeoutMs);
    const parsed = await runGit(gitDir, gitDir, ['rev-parse', '--verify', '--quiet', `${local}^{commit}`], timeoutMs);
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

/**
 * The ownership marker of a clone: beside it (`<cacheDir>/owner`, never inside the git folder,
 * which git and whoever planted it may write), an HMAC, keyed on this user's secret, of the git
 * folder's path and of its config. A clone that came in another way — committed into a shared
 * portfolio repository with its hooks and config, or its config rewritten by a pull — has no
 * such marker, or a wrong one: it is never used, and is made anew. With no user secret (its
 * folder cannot be written), the key is one random secret per run, handed down to the child
 * processes of that run: a clone made before it is never trusted.
 */
const MARKER = 'owner';
const SESSION_KEY = 'PDX_GIT_CACHE_SESSION_KEY';

function cloneKey(): string {
  const own = userSecret();
  if (own !== undefined) return own;
  const handed = process.env[SESSION_KEY];
  if (handed !== undefined && /^[0-9a-f]{64}$/.test(handed)) return handed;
  return (process.env[SESSION_KEY] = randomBytes(32).toString('hex'));
}

/** What the marker of the clone at `gitDir` must hold; undefined when the git folder is not one pdx could have made (a link, a config that is not a plain file, a `commondir` leading elsewhere). */
function expectedMarker(gitDir: string): Buffer | undefined {
  if (!lstatOrNull(gitDir)?.isDirectory() || lstatOrNull(join(gitDir, 'commondir'))) return undefined;
  const config = readPlainFile(join(gitDir, 'config'), 1_000_000);
  if (config === undefined) return undefined;
  const config256 = createHash('sha256').update(config).digest('hex');
  return createHmac('sha256', cloneKey()).update(`pdx git cache v1\n${resolve(gitDir)}\n${config256}\n`).digest();
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** Whether the clone in `cacheDir` is one this user's pdx made, as its marker says. */
export function ownsClone(cacheDir: string): boolean {
  const folder = lstatOrNull(cacheDir);
  if (!folder?.isDirectory()) return false;
  const expected = expectedMarker(join(cacheDir, 'git'));
  const found = readPlainFile(join(cacheDir, MARKER), 1_000_000);
  if (expected === undefined || found === undefined) return false;
  const text = found.toString('utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) return false;
  return timingSafeEqual(Buffer.from(text, 'hex'), expected);
}

/** Writes the marker of the clone pdx has just made in `cacheDir`. */
function claimClone(cacheDir: string): void {
  const marker = expectedMarker(join(cacheDir, 'git'));
  if (marker === undefined) throw new PdxError('git/cache-failed', `cannot make the git cache ${join(cacheDir, 'git')}: it is not a plain folder`);
  const temp = join(cacheDir, `.${MARKER}.${process.pid}.tmp`);
  writeFileSync(temp, `${marker.toString('hex')}\n`, { mode: 0o600 });
  renameSync(temp, join(cacheDir, MARKER));
}

/** `cacheDir` as a plain folder: a link or a file planted in its place is removed (never followed), then the folder made. */
function ensureOwnFolder(cacheDir: string): void {
  const found = lstatOrNull(cacheDir);
  if (found && !found.isDirectory()) rmSync(cacheDir, { force: true });
  mkdirSync(cacheDir, { recursive: true });
}

/**
 * Empties `cacheDir` of what is not ours — the clone, its state, the caches kept beside it —
 * keeping only the lock pdx holds on it. Only that folder: links in it are removed, never followed.
 */
function clearForeign(cacheDir: string, gitDir: string): void {
  const lock = basename(lockPath(gitDir));
  for (const name of readdirSync(cacheDir)) {
    if (name !== lock) rmSync(join(cacheDir, name), { recursive: true, force: true });
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

/** The variables that would point git at another repository, index or object store than the one pdx names. */
const REPO_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE'];

/**
 * The environment git runs in: English messages (pdx reads them), never a prompt — no
 * terminal prompt for HTTPS, no askpass program for SSH, and no controlling terminal (see
 * `spawnGit`) — and none of the variables that would send it to another repository.
 */
function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANGUAGE: 'en', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', SSH_ASKPASS_REQUIRE: 'never', GIT_ASKPASS: process.env.GIT_ASKPASS ?? '', ...extra };
  for (const name of REPO_VARIABLES) delete env[name];
  return env;
}

/** A URL git reaches over SSH: ssh://, git+ssh://, ssh+git://, or the scp-like host:path (a colon before any slash). */
export function sshLike(url: string): boolean {
  if (/^(ssh|git\+ssh|ssh\+git):\/\//i.test(url)) return true;
  if (url.includes('://')) return false;
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  return colon > 0 && (slash < 0 || colon < slash);
}

/**
 * For a fetch over SSH, SSH in batch mode (it fails instead of asking for a passphrase or a
 * host key) without losing the user's own SSH command: GIT_SSH_COMMAND, or else their
 * `core.sshCommand`, gets `-o BatchMode=yes` added (GIT_SSH_COMMAND overrides that setting, so
 * it is read and kept). A GIT_SSH program is left as it is: options cannot be added to it.
 */
async function sshEnv(url: string, gitDir: string, timeoutMs: number): Promise<NodeJS.ProcessEnv> {
  if (!sshLike(url) || process.env.GIT_SSH) return {};
  const command = process.env.GIT_SSH_COMMAND || (await configuredSshCommand(gitDir, timeoutMs)) || 'ssh';
  return { GIT_SSH_COMMAND: `${command} -o BatchMode=yes` };
}

/** The user's `core.sshCommand` ('' when unset), read once per process (per configuration environment). */
const sshCommands = new Map<string, Promise<string>>();
function configuredSshCommand(gitDir: string, timeoutMs: number): Promise<string> {
  const where = JSON.stringify(['HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT'].map((name) => process.env[name]));
  let known = sshCommands.get(where);
  if (known === undefined) {
    // In pdx's own clone: the user's system and global settings, as the fetch will see them.
    known = runGit(gitDir, gitDir, ['config', '--get', 'core.sshCommand'], timeoutMs).then((got) => (got.code === 0 ? got.stdout.toString('utf8').trim() : ''));
    sshCommands.set(where, known);
  }
  return known;
}

/**
 * What every git command in a cache clone starts with: no hooks, no file-system monitor, no
 * background gc or maintenance (whatever a config says), and the clone named explicitly — so
 * `safe.bareRepository=explicit` is met and no repository around the folder is looked for.
 */
function cloneArgs(gitDir: string | undefined): string[] {
  const safe = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'gc.auto=0', '-c', 'maintenance.auto=false'];
  return gitDir === undefined ? safe : [...safe, `--git-dir=${resolve(gitDir)}`];
}

/**
 * Starts git in its own session, with no terminal: whatever asks for a password (ssh, a
 * credential helper) finds none and fails instead of waiting. Killed with its children after
 * `timeoutMs`. `gitDir` is the clone the command is about (undefined for `git init`).
 */
function spawnGit(gitDir: string | undefined, cwd: string, args: string[], timeoutMs: number, extraEnv?: NodeJS.ProcessEnv) {
  const child = spawn('git', [...cloneArgs(gitDir), ...args], { cwd, env: gitEnv(extraEnv), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
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

async function runGit(gitDir: string | undefined, cwd: string, args: string[], timeoutMs: number, extraEnv?: NodeJS.ProcessEnv): Promise<GitResult> {
  const { child, ended } = spawnGit(gitDir, cwd, args, timeoutMs, extraEnv);
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
 * submodules are kept as such. With `follow`, what a link `follow.from` accepts leads to (through
 * other links, as the file system goes) is read too when `follow.target` accepts it, with one
 * more `git cat-file` when there is any such file.
 */
export async function readTree(
  gitDir: string,
  commit: string,
  dir: string,
  want: (path: string, link: boolean) => boolean = () => true,
  timeoutMs = 300_000,
  follow?: { from: (path: string) => boolean; target: (path: string) => boolean },
): Promise<SourceTree> {
  if (!HEX.test(commit)) throw new PdxError('git/bad-commit', `${JSON.stringify(commit)} is not a commit id`);
  const folder = normalizeDir(dir);
  if (!ownsClone(dirname(gitDir))) {
    throw new PdxError('git/not-cached', `the git cache ${gitDir} is not one pdx made, so it is not read`, { hint: 'run again without --offline: pdx makes it anew' });
  }
  const listed = await runGit(gitDir, gitDir, ['ls-tree', '-r', '-z', '--long', '--full-tree', folder === '' ? `${commit}^{tree}` : `${commit}:${folder}`], timeoutMs);
  if (listed.code !== 0) {
    if (/not a valid object name|not a tree object|Not a valid object/i.test(listed.stderr)) {
      throw new PdxError('git/no-folder', `the commit ${commit.slice(0, 12)} has no folder ${folder}`, { exitCode: EXIT.usage, hint: 'check the source\'s dir: it is a folder of the repository, from its top' });
    }
    throw new PdxError('git/cache-failed', `cannot list the files of ${commit.slice(0, 12)} in ${gitDir}: ${gitLine(listed.stderr) || `git ls-tree exited with code ${listed.code}`}`);
  }
  const tree: SourceTree = new Map();
  const blobs: { path: string; oid: string; link: boolean }[] = [];
  const skipped = new Map<TreeEntry, { path: string; oid: string; size: number }>();
  const text = listed.stdout.toString('utf8');
  for (const record of text.split('\0')) {
    if (record === '') continue;
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/) as [string, string, string, string];
    const path = record.slice(tab + 1);
    if (type === 'commit') tree.set(path, { kind: 'submodule' });
    else if (type !== 'blob') continue;
    else if (!want(path, mode === '120000')) {
      const entry: TreeEntry = { kind: 'unread' };
      tree.set(path, entry);
      if (mode !== '120000') skipped.set(entry, { path, oid, size: Number(size) });
    }
    else if (mode === '120000') blobs.push({ path, oid, link: true });
    else if (Number(size) > MAX_FILE_BYTES) tree.set(path, { kind: 'too-large', size: Number(size) });
    else blobs.push({ path, oid, link: false });
  }
  if (blobs.length === 0) return tree;
  await readInto(tree, gitDir, blobs, timeoutMs);
  if (follow === undefined || skipped.size === 0) return tree;
  // What the followed links lead to, that was left unread.
  const folders = treeFolders(tree);
  const targets = new Map<string, { path: string; oid: string; link: boolean }>();
  for (const blob of blobs) {
    if (!blob.link || !follow.from(blob.path)) continue;
    const found = resolveInTree(tree, folders, blob.path);
    const unread = found && 'entry' in found && found.entry ? skipped.get(found.entry) : undefined;
    if (unread === undefined || !follow.target(unread.path) || targets.has(unread.path)) continue;
    if (unread.size > MAX_FILE_BYTES) tree.set(unread.path, { kind: 'too-large', size: unread.size });
    else targets.set(unread.path, { path: unread.path, oid: unread.oid, link: false });
  }
  if (targets.size > 0) await readInto(tree, gitDir, [...targets.values()], timeoutMs);
  return tree;
}

/** Reads `blobs` with one `git cat-file --batch` into `tree`. */
async function readInto(tree: SourceTree, gitDir: string, blobs: { path: string; oid: string; link: boolean }[], timeoutMs: number): Promise<void> {
  const contents = await catFiles(gitDir, blobs.map((b) => b.oid), timeoutMs);
  blobs.forEach((blob, i) => {
    const bytes = contents[i]!;
    tree.set(blob.path, blob.link ? { kind: 'link', target: bytes.toString('utf8') } : { kind: 'file', bytes });
  });
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
  const { child, ended } = spawnGit(gitDir, gitDir, ['cat-file', '--batch', '--buffer'], timeoutMs);
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
