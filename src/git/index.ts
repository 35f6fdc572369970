import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { GitConstructError, GitError, simpleGit } from 'simple-git';
import { EXIT, PdxError, usageError, type ExitCode } from '../errors.js';
import { acquireLock, lockHolder, lockPath, releaseLock, type Lock } from '../store/lock.js';
import { findGitRoot } from '../store/root.js';
import { folderPrefix } from '../store/safe-path.js';

/**
 * The only module that talks to git. Every argument that comes from a user or a file is checked
 * against an allow-list before it gets here; none of simple-git's unsafe options is enabled.
 * Every failure of git becomes a PdxError that names its real cause (git missing, not a
 * repository, dubious ownership, a held lock, a refusing hook, signing…) and what to do about it.
 */

/** A git command that did not succeed: how it ended and what it printed. (A GitError, or simple-git wraps it in one.) */
class GitFailure extends GitError {
  constructor(
    readonly dir: string,
    readonly args: string[],
    /** Negative when git never ran (not installed, the folder gone). */
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(undefined, `git ${args[0] ?? ''} failed (${exitCode}): ${firstLine(stderr) || firstLine(stdout)}`);
    this.name = 'GitFailure';
  }
}

/** Runs git with `args` in `dir` and resolves to its standard output; rejects with a GitFailure. */
async function run(dir: string, args: string[]): Promise<string> {
  // pdx tells a held lock from a refusing hook or an unknown revision by git's own words, so git
  // speaks English to it. LANGUAGE changes only the language of messages, not how text is encoded.
  process.env.LANGUAGE = 'en';
  try {
    const git = simpleGit({
      baseDir: dir,
      // simple-git counts a non-zero exit as success when git printed nothing on stderr (a
      // pre-commit hook that fails quietly): here every non-zero exit is a failure, with both streams.
      errors: (_error, result) =>
        result.exitCode === 0 ? undefined : new GitFailure(dir, args, result.exitCode, Buffer.concat(result.stdOut).toString('utf8'), Buffer.concat(result.stdErr).toString('utf8')),
    });
    return await git.raw(args);
  } catch (error) {
    if (error instanceof GitFailure) throw error;
    // simple-git refuses a folder that does not exist before starting git.
    if (error instanceof GitConstructError) throw new GitFailure(dir, args, -1, '', `spawn git ENOENT: ${dir} does not exist`);
    throw error;
  }
}

/** Why a git command failed, told apart by what git said. */
type Diagnosis =
  | { kind: 'no-git' | 'folder-gone' | 'not-a-repo' | 'unknown-revision' | 'nothing-to-commit' | 'disk-full' | 'read-only' }
  | { kind: 'dubious-ownership'; path: string }
  | { kind: 'locked'; path: string }
  | { kind: 'signing' | 'permission' | 'other'; detail: string };

function diagnose(f: GitFailure): Diagnosis {
  const text = `${f.stderr}\n${f.stdout}`;
  if (f.exitCode < 0) {
    // Node could not start git: no such program, or the folder to start it in is gone.
    if (/\bENOENT\b/.test(f.stderr)) return existsSync(f.dir) ? { kind: 'no-git' } : { kind: 'folder-gone' };
    if (/\bE(ACCES|PERM)\b/.test(f.stderr)) return { kind: 'permission', detail: 'git cannot be started (permission denied)' };
    return { kind: 'other', detail: `git could not be started (${firstLine(f.stderr)})` };
  }
  // git dies with 128; anything else is a command's own answer or a hook's refusal, whose words
  // (which may well mention a lock or a permission) are not git's.
  if (f.exitCode !== 128) {
    if (/nothing to commit|nothing added to commit|no changes added to commit/i.test(f.stdout)) return { kind: 'nothing-to-commit' };
    return { kind: 'other', detail: gitLine(text) || `git ${f.args[0]} exited with code ${f.exitCode}` };
  }
  let m: RegExpExecArray | null;
  if ((m = /detected dubious ownership in repository at '([^']*)'/.exec(text))) return { kind: 'dubious-ownership', path: m[1]! };
  if (/not a git repository/i.test(text)) return { kind: 'not-a-repo' };
  if ((m = /Unable to create '([^']*\.lock)': File exists/.exec(text))) return { kind: 'locked', path: m[1]! };
  // Another commit moved the branch between reading and updating it.
  if ((m = /cannot lock ref '([^']*)': (?:is at|reference already exists|.*File exists)/.exec(text))) return { kind: 'locked', path: m[1]! };
  if (/gpg failed to sign|failed to sign the data|error: (?:gpg|ssh-keygen|signing)/i.test(text)) return { kind: 'signing', detail: signingDetail(text) };
  if (/No space left on device|Disk quota exceeded/i.test(text)) return { kind: 'disk-full' };
  if (/Read-only file system/i.test(text)) return { kind: 'read-only' };
  if (/Permission denied|insufficient permission/i.test(text)) return { kind: 'permission', detail: gitLine(text) };
  if (/bad revision|unknown revision|invalid object name|bad object|Needed a single revision/i.test(text)) return { kind: 'unknown-revision' };
  return { kind: 'other', detail: gitLine(text) || `git ${f.args[0]} exited with code ${f.exitCode}` };
}

/** Git's own complaint: its first `fatal:`/`error:` line, else the first line it printed. */
export function gitLine(text: string): string {
  const line = text.split('\n').find((l) => /^(fatal|error): /.test(l)) ?? text.split('\n').find((l) => l.trim() !== '') ?? '';
  return clean(line.replace(/^(fatal|error): /, ''));
}

/** What failed in signing: the signing program's complaint when git passes one on, else git's. */
function signingDetail(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^(fatal|error): (gpg failed to sign the data|failed to write commit object)/.test(l));
  return clean((lines[0] ?? 'gpg failed to sign the data').replace(/^(fatal|error): /, ''));
}

function firstLine(text: string): string {
  return clean(text.split('\n').find((l) => l.trim() !== '') ?? '');
}

/** One line of text from git or a hook, safe to print: no control characters, not too long. */
function clean(line: string): string {
  const text = line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function detailOf(d: Diagnosis): string {
  return 'detail' in d ? d.detail : d.kind;
}

function gitError(code: string, message: string, hint: string, cause: unknown, exitCode: ExitCode = EXIT.failed): PdxError {
  return new PdxError(code, message, { exitCode, hint, cause });
}

/**
 * The failures that mean the same whatever pdx asked git for. `doing` says what pdx was doing
 * ("cannot commit"), `optOut` how to do without git.
 */
function commonError(d: Diagnosis, doing: string, optOut: string, cause: unknown): PdxError | undefined {
  switch (d.kind) {
    case 'no-git':
      return gitError('env/no-git', `${doing}: git is not installed (there is no git on PATH)`, `install git (or put it on PATH), or ${optOut}`, cause);
    case 'folder-gone':
      return gitError('env/cwd-gone', `${doing}: the folder ${(cause as GitFailure).dir} no longer exists`, 'it was deleted or moved while pdx ran; run the command again in the folder where it is now', cause);
    case 'dubious-ownership':
      return gitError(
        'env/dubious-ownership',
        `${doing}: git refuses to work in ${d.path} because it belongs to another user (git calls this dubious ownership)`,
        `if you trust that folder, tell git so: git config --global --add safe.directory ${shellQuote(d.path)}`,
        cause,
      );
    case 'disk-full':
      return gitError('env/disk-full', `${doing}: git could not write, the disk is full`, 'free some space', cause);
    case 'read-only':
      return gitError('env/read-only', `${doing}: git could not write, the file system is read-only`, 'run pdx in a writable checkout', cause);
    case 'permission':
      return gitError('env/permission', `${doing}: ${d.detail}`, 'check who owns the repository and its .git folder (ls -l), or run as a user who may write there', cause);
    default:
      return undefined;
  }
}

/** Runs `git init` in `dir`. Resolves false when git is not installed. */
export async function gitInit(dir: string): Promise<boolean> {
  try {
    await run(dir, ['init']);
    return true;
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    const d = diagnose(error);
    if (d.kind === 'no-git') return false;
    throw commonError(d, 'cannot create a git repository', 'pass --no-git to skip this step', error) ?? gitError('env/git-failed', `git init failed: ${detailOf(d)}`, 'pass --no-git to skip this step', error);
  }
}

/**
 * Checks, before anything is written, that a commit can be made in `dir`: git runs, `dir` is in a
 * repository git trusts, and git config names who commits (user.name and user.email). Throws a
 * PdxError saying which is missing; `optOut` tells how to write without committing.
 */
export async function checkCanCommit(dir: string, optOut: string): Promise<void> {
  let identity = '';
  try {
    await run(dir, ['rev-parse', '--show-toplevel']);
    identity = await identityLines(dir);
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    const d = diagnose(error);
    if (d.kind === 'not-a-repo') throw gitError('git/not-a-repo', `cannot commit: ${dir} is not in a git repository`, `run git init first, or ${optOut}`, error, EXIT.usage);
    throw commonError(d, 'cannot commit', optOut, error) ?? gitError('env/git-failed', `cannot commit: git failed: ${detailOf(d)}`, optOut, error);
  }
  const set = new Set(identity.split('\n').filter((line) => /^user\.(name|email) \S/.test(line)).map((line) => line.split(' ')[0]));
  if (!set.has('user.name') || !set.has('user.email')) {
    throw gitError(
      'git/no-identity',
      'cannot commit: git does not know who you are (user.name and user.email are not set)',
      IDENTITY_HINT,
      undefined,
      EXIT.usage,
    );
  }
}

/**
 * Which of `files` (relative to `dir`) git neither tracks nor ignores: what committing them would
 * add. Call it after `checkCanCommit`, which names what stops git from running here.
 */
export async function untrackedFiles(dir: string, files: string[]): Promise<string[]> {
  if (files.length === 0) return [];
  try {
    return (await run(dir, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...files])).split('\0').filter((f) => f !== '');
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    const d = diagnose(error);
    throw commonError(d, 'cannot commit', 'leave out --commit', error) ?? gitError('env/git-failed', `cannot commit: git failed: ${detailOf(d)}`, 'leave out --commit', error);
  }
}

/** How long a commit waits for git's locks by default; `PDX_GIT_LOCK_TIMEOUT` (seconds) changes it. */
export const LOCK_WAIT_MS = 20_000;

/**
 * Commits exactly `files` (paths relative to `dir`) with `message`, leaving anything else that is
 * staged staged and uncommitted, and resolves to the new commit's short hash as git printed it for
 * this very commit (undefined if git printed none). Parallel pdx commits take turns, and when
 * another git command holds the index or branch lock (an editor's git) it waits too, retrying
 * with growing, jittered pauses, for up to `lockWaitMs` in all. Otherwise it throws a PdxError
 * naming the cause, and leaves the files written but not committed and the index as it found it.
 */
export async function commitFiles(dir: string, files: string[], message: string, lockWaitMs = LOCK_WAIT_MS): Promise<string | undefined> {
  const deadline = Date.now() + lockWaitMs;
  return oneAtATime(dir, deadline, lockWaitMs, async () => {
    // `commit --only` takes each file as it is on disk but needs git to know the path: new files
    // are added as "intent to add", which stages none of their content (nor a tracked file's).
    const tracked = new Set((await run(dir, ['ls-files', '-z', '--cached', '--', ...files]).catch(() => '')).split('\0'));
    const fresh = files.filter((file) => !tracked.has(file));
    for (let attempt = 0; ; attempt++) {
      try {
        if (fresh.length > 0) await run(dir, ['add', '--intent-to-add', '--', ...fresh]);
        // Not --quiet: the summary line `[branch abc1234] subject` is the only report of which
        // commit this one is; HEAD may already have moved on to a parallel writer's.
        const out = await run(dir, ['commit', '--only', '--no-edit', '-m', message, '--', ...files]);
        return ownCommit(out, message);
      } catch (error) {
        if (!(error instanceof GitFailure)) throw error;
        const d = diagnose(error);
        if (d.kind === 'locked' && (await pauseBeforeRetry(attempt, 20, 400, deadline))) continue;
        // Best effort: a new file goes back to untracked, as it was before.
        if (fresh.length > 0) await run(dir, ['rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...fresh]).catch(() => undefined);
        throw await commitError(dir, d, error, lockWaitMs);
      }
    }
  });
}

/**
 * Waits before the next try of something another process holds (a lock): `base` ms doubling with
 * each attempt up to `max`, with jitter so that waiting processes do not wake together. False,
 * without waiting, when that would pass the deadline.
 */
async function pauseBeforeRetry(attempt: number, base: number, max: number, deadline: number): Promise<boolean> {
  const wait = Math.min(base * 2 ** attempt, max) * (0.5 + Math.random());
  if (Date.now() + wait >= deadline) return false;
  await new Promise((done) => setTimeout(done, wait));
  return true;
}

/**
 * Runs `work` holding pdx's commit lock (`.pdx-commit.pdx-lock` in the git folder), so pdx's
 * commits take turns: `git commit --only` reads the index before it locks it, and two at once can
 * undo each other's index entries. It is the same kind of lock pdx takes on a record (see
 * store/lock.ts): it names its owner, and one whose owner is gone is taken over at once.
 */
async function oneAtATime<T>(dir: string, deadline: number, lockWaitMs: number, work: () => Promise<T>): Promise<T> {
  const target = resolve(dir, (await run(dir, ['rev-parse', '--git-path', 'pdx-commit'])).trim());
  let lock: Lock;
  for (let attempt = 0; ; attempt++) {
    try {
      lock = acquireLock(target, 'the commit');
      break;
    } catch (error) {
      if (!(error instanceof PdxError) || error.code !== 'write/changed-on-disk') throw error;
      if (!(await pauseBeforeRetry(attempt, 10, 200, deadline))) {
        throw gitError(
          'env/git-locked',
          `could not commit: another pdx command (${lockHolder(target)}) held the commit lock ${lockPath(target)} for over ${Math.round(lockWaitMs / 100) / 10} s`,
          error.hint ?? 'run the command again',
          undefined,
        );
      }
    }
  }
  try {
    return await work();
  } finally {
    releaseLock(lock);
  }
}

/** The hash in git's summary line for the commit just made with `message`. */
function ownCommit(out: string, message: string): string | undefined {
  const subject = message.split('\n')[0]!.trim();
  const summaries = [...out.matchAll(/^\[(?:detached HEAD|\S+)(?: \(root-commit\))? ([0-9a-f]{4,64})\] (.*)$/gm)];
  // A hook may print lines of its own, and a commit-msg hook may rewrite the subject.
  const own = summaries.find((m) => m[2]!.trim() === subject) ?? (summaries.length === 1 ? summaries[0] : undefined);
  return own?.[1];
}

async function commitError(dir: string, d: Diagnosis, failure: GitFailure, lockWaitMs: number): Promise<PdxError> {
  const common = commonError(d, 'could not commit', 'commit by hand', failure);
  if (common) return common;
  switch (d.kind) {
    case 'locked':
      return gitError(
        'env/git-locked',
        `could not commit: git's lock ${d.path} was still held after ${Math.round(lockWaitMs / 100) / 10} s`,
        `wait for the other git command to finish; if none is running (a crashed one leaves its lock behind), remove the lock: rm ${shellQuote(d.path)}`,
        failure,
      );
    case 'signing':
      return gitError(
        'env/git-signing',
        `could not commit: git could not sign the commit (${d.detail})`,
        'fix the signing set-up (gpg.program, user.signingkey; git commit -S shows the problem), or turn signing off for this repo: git config commit.gpgsign false',
        failure,
      );
    case 'not-a-repo':
      return gitError('git/not-a-repo', `could not commit: ${dir} is not in a git repository`, 'run git init first', failure);
    case 'nothing-to-commit':
      return gitError('git/nothing-to-commit', 'could not commit: git found nothing to commit (the files match the last commit)', 'check git status', failure);
    default: {
      const hooks = await commitHooks(dir);
      const said = gitLine(`${failure.stderr}\n${failure.stdout}`);
      // Git itself dies with 128; a refusing hook makes it exit 1, with the hook's words or none.
      if (hooks.length > 0 && failure.exitCode !== 128) {
        return gitError(
          'env/git-hook',
          `could not commit: the ${hooks.join(' or ')} hook refused the commit${said ? ` (${said})` : ` (exit ${failure.exitCode})`}`,
          `fix what the hook reports (run git commit yourself to see all of it)`,
          failure,
        );
      }
      return gitError('env/git-failed', `could not commit: git commit failed: ${'detail' in d ? d.detail : said}`, 'run git status and git commit yourself to see why', failure);
    }
  }
}

/** The hooks git runs before it makes a commit, of those this repository has (honouring core.hooksPath). */
async function commitHooks(dir: string): Promise<string[]> {
  const names = ['pre-commit', 'prepare-commit-msg', 'commit-msg'];
  try {
    const paths = (await run(dir, ['rev-parse', ...names.flatMap((name) => ['--git-path', `hooks/${name}`])])).split('\n');
    return names.filter((_, i) => {
      try {
        accessSync(resolve(dir, paths[i] ?? ''), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

/**
 * The shell command that commits `files` (relative to the repository at `dir`) by hand, to run in
 * `from` (the folder the user is in; undefined when unknown, then it names `dir` outright).
 */
export function manualCommit(dir: string, files: string[], message: string, from?: string): string {
  const inside = from !== undefined && (from === dir || from.startsWith(`${dir}${sep}`));
  const git = from === dir ? 'git' : `git -C ${shellQuote(inside ? relative(from!, dir) : dir)}`;
  const paths = files.map(shellQuote).join(' ');
  return `${git} add -- ${paths} && ${git} commit -m ${shellQuote(message)} -- ${paths}`;
}

/** `text` as one word for a POSIX shell. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Refs and revisions a user may pass: no leading dash, no spaces or shell-ish characters. */
const REF_PATTERN = /^(?!-)[A-Za-z0-9_./~^@{}-]+$/;

/**
 * Files (relative to `dir`) changed since `ref`, committed or not, read with one git call (plus
 * one for new files). Each way this can fail has its own message: a ref git does not know (a
 * typo, or history a shallow clone lacks), a repository without commits, a folder outside any
 * repository (exit 2); git missing, a repository git distrusts, anything else (exit 1).
 */
export async function changedSince(dir: string, ref: string): Promise<string[]> {
  if (!REF_PATTERN.test(ref)) throw usageError(`--changed-since "${ref}" is not a git revision`);
  try {
    const diff = await run(dir, ['diff', '--name-only', '--relative', '--no-renames', '--end-of-options', ref, '--']);
    // New files nobody has added yet are changes too.
    const untracked = await run(dir, ['ls-files', '--others', '--exclude-standard', '--']);
    return [...diff.split('\n'), ...untracked.split('\n')].filter((line) => line !== '');
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    throw await changedSinceError(dir, ref, error);
  }
}

async function changedSinceError(dir: string, ref: string, failure: GitFailure): Promise<PdxError> {
  let d = diagnose(failure);
  let shallow = false;
  if (d.kind === 'unknown-revision' || d.kind === 'other') {
    // Outside a repository `git diff` compares two files instead, and complains about those: ask
    // git what this folder is before believing it.
    try {
      shallow = (await run(dir, ['rev-parse', '--is-shallow-repository', 'HEAD'])).startsWith('true');
    } catch (probe) {
      if (!(probe instanceof GitFailure)) throw probe;
      d = diagnose(probe);
      if (d.kind === 'unknown-revision') {
        return gitError('git/no-commits', `git does not know ${ref}: the repository has no commits yet`, 'commit first, or leave out --changed-since to check every initiative', failure, EXIT.usage);
      }
    }
  }
  const doing = `--changed-since ${ref} cannot be checked`;
  const optOut = 'leave out --changed-since to check every initiative';
  const common = commonError(d, doing, optOut, failure);
  if (common) return common;
  switch (d.kind) {
    case 'unknown-revision':
      return shallow
        ? gitError('git/shallow', `git does not know ${ref}: this clone is shallow, its older history was not fetched`, 'fetch more history (actions/checkout with fetch-depth: 0, or git fetch --unshallow) so the comparison is real', failure, EXIT.usage)
        : gitError('git/unknown-revision', `git does not know ${ref}: there is no branch, tag or commit of that name here`, 'check the revision name (git branch -a and git log --oneline list them); in CI, fetch it first', failure, EXIT.usage);
    case 'not-a-repo':
      return gitError('git/not-a-repo', `${doing}: ${dir} is not in a git repository`, `run it in a git checkout, or ${optOut}`, failure, EXIT.usage);
    default:
      return gitError('env/git-failed', `${doing}: git failed: ${detailOf(d)}`, optOut, failure);
  }
}

/** A file with changes git has not committed: how it changed, and whether the change is staged. */
export interface UncommittedFile {
  /** Relative to `dir`, with `/`. */
  path: string;
  state: 'modified' | 'new' | 'deleted' | 'conflict';
  staged: boolean;
}

/**
 * The files under `paths` (relative to `dir`) that differ from the last commit, staged or not,
 * new ones included, from one `git status`. `{ why }` when there is nothing to ask (git missing,
 * not a repository, git refusing the folder): a status line, not a failure.
 */
export async function uncommittedFiles(dir: string, paths: string[]): Promise<{ files: UncommittedFile[] } | { why: string }> {
  let out: string;
  try {
    // Optional locks off: reading the state must not refresh (and lock) the index of a team's repo.
    out = await run(dir, ['--no-optional-locks', '-c', 'core.quotePath=false', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules', '--', ...paths]);
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error;
    const d = diagnose(error);
    switch (d.kind) {
      case 'no-git':
        return { why: 'git is not installed' };
      case 'not-a-repo':
        return { why: 'this folder is not in a git repository' };
      case 'dubious-ownership':
        return { why: `git does not trust this folder (it belongs to another user; git config --global --add safe.directory ${shellQuote(d.path)})` };
      default:
        return { why: `git failed: ${detailOf(d)}` };
    }
  }
  // git names paths from the top of the work tree; pdx from its own root, which may be below it.
  const top = findGitRoot(dir);
  const prefix = top === undefined ? '' : folderPrefix(top, resolve(dir));
  const files: UncommittedFile[] = [];
  for (const entry of out.split('\0')) {
    if (entry.length < 4) continue;
    const [x, y] = [entry[0]!, entry[1]!];
    const full = entry.slice(3);
    const path = prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full;
    const conflict = x === 'U' || y === 'U' || (x === 'A' && y === 'A') || (x === 'D' && y === 'D');
    const state = conflict ? 'conflict' : x === '?' || x === 'A' ? 'new' : x === 'D' || y === 'D' ? 'deleted' : 'modified';
    files.push({ path, state, staged: x !== ' ' && x !== '?' });
  }
  return { files: files.sort((a, b) => a.path.localeCompare(b.path)) };
}


/** How to give git an identity, once for every repo. */
export const IDENTITY_HINT = 'git config --global user.name "Your Name" && git config --global user.email you@example.com';

/**
 * git config's `user.name` and `user.email` entries as `git config --get-regexp` prints them, one
 * `user.name value` line each, in git's order. Read from the whole list (`--list -z`, split here):
 * in a repository it is never empty, and simple-git waits 50 ms more for a git that printed nothing.
 */
async function identityLines(dir: string): Promise<string> {
  let text: string;
  try {
    text = await run(dir, ['config', '--list', '-z']);
  } catch (error) {
    // Exit 1: no config at all.
    if (error instanceof GitFailure && error.exitCode === 1) return '';
    throw error;
  }
  const lines: string[] = [];
  for (const entry of text.split('\0')) {
    const at = entry.indexOf('\n');
    const key = at < 0 ? entry : entry.slice(0, at);
    if (key === 'user.name' || key === 'user.email') lines.push(`${key} ${at < 0 ? '' : entry.slice(at + 1)}`);
  }
  return lines.join('\n');
}

/**
 * `user.name` and `user.email` as git's config sets them for `dir` (a blank one is unset; the
 * last of several wins, as in git), or undefined when git cannot say: not installed, or a
 * folder it refuses to read.
 */
export async function gitIdentity(dir: string): Promise<{ name?: string; email?: string } | undefined> {
  let text: string;
  try {
    text = await identityLines(dir);
  } catch {
    return undefined;
  }
  const identity: { name?: string; email?: string } = {};
  for (const line of text.split('\n')) {
    const match = /^user\.(name|email) (.*\S)/.exec(line);
    if (match) identity[match[1] as 'name' | 'email'] = match[2]!.trim();
  }
  return identity;
}

/** The commit checked out and whether older history is cut off, from one git call; undefined without commits or git. */
/**
 * Why there is no history to read in `dir`, in a few words for a notice ("git is not installed",
 * "this folder is not in a git repository", "the repository has no commits yet", …).
 */
export async function whyNoHistory(dir: string): Promise<string> {
  try {
    await run(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    return 'git could not read it';
  } catch (error) {
    if (!(error instanceof GitFailure)) return 'git could not read it';
    const d = diagnose(error);
    switch (d.kind) {
      case 'no-git':
        return 'git is not installed';
      case 'not-a-repo':
        return 'this folder is not in a git repository';
      case 'dubious-ownership':
        return `git does not trust this folder (it belongs to another user; git config --global --add safe.directory ${shellQuote(d.path)})`;
      case 'permission':
        return `git may not read it (${d.detail})`;
      case 'other':
        // `rev-parse --verify --quiet` fails silently when there is no commit.
        return error.exitCode === 1 && error.stderr.trim() === '' ? 'the repository has no commits yet' : `git failed: ${d.detail}`;
      default:
        return `git failed: ${detailOf(d)}`;
    }
  }
}

export async function headState(dir: string): Promise<{ commit: string; shallow: boolean } | undefined> {
  try {
    const [commit, shallow] = (await run(dir, ['rev-parse', 'HEAD', '--is-shallow-repository'])).trim().split('\n');
    return commit && /^[0-9a-f]{40,64}$/.test(commit) ? { commit, shallow: shallow === 'true' } : undefined;
  } catch {
    return undefined;
  }
}

/** Which history to read instead of a checkout's HEAD: a commit of a bare repository and the pdx folder inside it ('' for its top). */
export interface HistoryAt {
  rev: string;
  prefix: string;
}

/** A top-level field whose values git history should date, in the files under a folder. */
export interface WatchedField {
  folder: string;
  field: string;
}

/** For each file (relative to the pdx root), each value its watched field was set to and the latest day a commit set it. */
export type FieldDates = Map<string, Map<string, string>>;

const COMMIT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Adds `date` for `value` of `file` unless a later day is already there. The one merge rule of
 * field dates: a value's date is the latest author day of any commit that set it, whatever order
 * the commits are read in, so a history read in parts (the cached commit's, then the commits
 * since) gives exactly the dates of reading it whole.
 */
export function addFieldDate(dates: FieldDates, file: string, value: string, date: string): void {
  let perFile = dates.get(file);
  if (!perFile) dates.set(file, (perFile = new Map()));
  const known = perFile.get(value);
  if (known === undefined || date > known) perFile.set(value, date);
}

/**
 * For each file under a watched folder, the latest day a commit changed its top-level `field:`
 * line to each value, from one `git log` over every folder at once. `rev` is the commit whose
 * history is read (default HEAD; `at.rev` in a bare repository). `shallow` (from `headState`)
 * says whether older history is cut off: then the oldest commit's dates are dropped, since it
 * shows every file as added. Undefined when git or history is missing.
 *
 * The commits read are every non-merge commit reachable from `rev` that changes a watched folder
 * (`--full-history`: without it git hides a side branch's commits behind a merge that kept the
 * other side's files, so whether a commit counts would depend on the commits above it). A merge
 * sets nothing (`-p` shows no diff for it). So a commit's dates depend on that commit alone, and
 * the dates of a history are the dates of its parts merged with `addFieldDate`.
 *
 * With `files`, only those files are dated (each one that is read has an entry, empty when no
 * commit set its field): the same dates as a whole read gives them, since a file's dates depend
 * on its own diffs alone, but only the commits that change one of them are diffed (see
 * `readFieldLog`).
 */
export async function fieldDatesFromHistory(dir: string, watches: WatchedField[], shallow: boolean, at?: HistoryAt, rev?: string, files?: ReadonlySet<string>): Promise<FieldDates | undefined> {
  const read = await readFieldLog(dir, watches, at, [rev ?? at?.rev ?? 'HEAD'], files);
  if (!read) return undefined;
  const dates: FieldDates = new Map();
  for (const file of files ?? []) dates.set(file, new Map());
  // A shallow clone's oldest commit shows every file as added: what it sets is not dated.
  const commits = shallow ? read.commits.slice(0, -1) : read.commits;
  for (const commit of commits) for (const [file, value] of commit.sets) addFieldDate(dates, file, value, commit.date);
  return dates;
}

/**
 * What the commits since `from` add to the field dates of `from`'s history, for the history of
 * `to`: one `git log --left-right from...to` over the watched folders. Undefined when `from`'s
 * dates cannot be carried over: a commit reachable from `from` but not from `to` (history
 * rewritten, another branch, a reset) set a watched field, so `from`'s dates hold a day `to`'s
 * history does not; or git cannot read the range (`from` is gone). Else the dates the commits only
 * `to` reaches set: merged into `from`'s with `addFieldDate`, they are exactly `to`'s
 * (`fieldDatesFromHistory`), since a commit's dates depend on that commit alone. With `files`,
 * only those files count, on both sides: `from`'s dates of the others are not carried.
 */
export async function fieldDatesSince(dir: string, watches: WatchedField[], from: string, to: string, at?: HistoryAt, files?: ReadonlySet<string>): Promise<FieldDates | undefined> {
  if (!COMMIT_ID.test(from) || !COMMIT_ID.test(to)) return undefined;
  const read = await readFieldLog(dir, watches, at, ['--left-right', `${from}...${to}`], files);
  if (!read) return undefined;
  const dates: FieldDates = new Map();
  for (const commit of read.commits) {
    if (commit.side === '<') {
      if (commit.sets.length > 0) return undefined;
    } else {
      for (const [file, value] of commit.sets) addFieldDate(dates, file, value, commit.date);
    }
  }
  return dates;
}

interface LoggedCommit {
  /** The author's day. */
  date: string;
  /** `<` for a commit only the left side of a `--left-right` range reaches, else `>`. */
  side: string;
  /** Each watched file and the value a `+field:` line of this commit sets. */
  sets: [string, string][];
}

/**
 * The commits of `git log` over the watched folders for `revs`, newest first: each commit's day
 * and the values it sets. Without `files`: one `git log -p`, every file's diff of every commit.
 * With `files`: one `git log --raw` lists which files each commit changes (no blob is read or
 * diffed), then one `git diff-tree --stdin -p` diffs only the commits that change one of
 * `files` (none when no commit does), and only their sets count. Both diffs are git's patch of
 * the commit against its parent with the same options, so a file's sets are the same either way;
 * in a flat folder of thousands of files, diffing every commit is most of the cost.
 */
async function readFieldLog(dir: string, watches: WatchedField[], at: HistoryAt | undefined, revs: string[], files?: ReadonlySet<string>): Promise<{ commits: LoggedCommit[] } | undefined> {
  // In a checkout: paths relative to `dir`. In a bare repository: the history of `at.rev`,
  // paths relative to the pdx folder `at.prefix` inside it, so the files are named the same.
  const base = at ? at.prefix.split('/').filter((p) => p !== '').join('/') : '';
  if (at && (!COMMIT_ID.test(at.rev) || base.split('/').some((p) => p === '..' || p.startsWith('-')))) return undefined;
  if (revs.some((r) => r.startsWith('-') && r !== '--left-right')) return undefined;
  // A bare repository is named explicitly: `safe.bareRepository=explicit` refuses one found by looking.
  const gitDir = at ? [`--git-dir=${resolve(dir)}`] : [];
  const relative = base ? `--relative=${base}/` : '--relative';
  const folders = watches.map((w) => (base ? `${base}/${w.folder}` : w.folder));
  const patch = ['-p', '--unified=0', '--no-color', '--no-renames'];
  const fieldOf = (file: string) => watches.find((w) => file.startsWith(`${w.folder}/`))?.field;
  try {
    if (!files) {
      const commits: LoggedCommit[] = [];
      const sets = patchReader(fieldOf, (head) => {
        const [side = '>', date = ''] = head.split(' ');
        const commit: LoggedCommit = { date, side, sets: [] };
        commits.push(commit);
        return commit.sets;
      });
      await gitLines(dir, [...gitDir, 'log', ...revs, relative, '--full-history', '--format=pdx-commit %m %ad', '--date=short', ...patch, '--', ...folders], undefined, sets);
      return { commits };
    }
    const commits: (LoggedCommit & { id: string })[] = [];
    const changing = new Set<string>();
    let current: (LoggedCommit & { id: string }) | undefined;
    await gitLines(dir, [...gitDir, 'log', ...revs, relative, '--full-history', '--format=pdx-commit %m %ad %H', '--date=short', '--raw', '--no-abbrev', '--no-renames', '--', ...folders], undefined, (line) => {
      if (line.startsWith('pdx-commit ')) {
        const [side = '>', date = '', id = ''] = line.slice('pdx-commit '.length).split(' ');
        commits.push((current = { id, date, side, sets: [] }));
      } else if (current && line.startsWith(':')) {
        // :<mode> <mode> <blob> <blob> <status>\t<path>, the path quoted as in a patch's headers.
        const tab = line.indexOf('\t');
        if (tab > 0 && files.has(line.slice(tab + 1)) && COMMIT_ID.test(current.id)) changing.add(current.id);
      }
    });
    if (changing.size > 0) {
      const byId = new Map<string, [string, string][]>();
      const sets = patchReader(fieldOf, (head) => {
        const found: [string, string][] = [];
        byId.set(head, found);
        return found;
      });
      await gitLines(dir, [...gitDir, 'diff-tree', '--stdin', '-r', '--root', relative, '--format=pdx-commit %H', ...patch, '--', ...folders], [...changing].map((id) => `${id}\n`).join(''), sets);
      for (const commit of commits) commit.sets = (byId.get(commit.id) ?? []).filter(([file]) => files.has(file));
    }
    return { commits };
  } catch (error) {
    // Not a git repository, git missing, no commit yet, or a commit git does not have.
    if (error instanceof GitFailure) return undefined;
    throw error;
  }
}

/**
 * A line reader of `git log -p`/`git diff-tree -p` output with `--format=pdx-commit …`: each
 * commit's header (after `pdx-commit `) goes to `commit`, which returns where its sets go; each
 * `+field:` line of a hunk in a watched file's diff is one set, its value without a comment or
 * quotes. A file is named only by a `+++ b/…` header line: inside a hunk a line that looks like
 * one (`+++ …` for a line `++ …` added) is content.
 */
function patchReader(fieldOf: (file: string) => string | undefined, commit: (head: string) => [string, string][]): (line: string) => void {
  let sets: [string, string][] | undefined;
  let file = '';
  let prefix = '';
  let inHunk = false;
  return (line) => {
    if (line.startsWith('pdx-commit ')) {
      sets = commit(line.slice('pdx-commit '.length).trim());
      file = '';
      inHunk = false;
    } else if (line.startsWith('diff ')) {
      file = '';
      inHunk = false;
    } else if (line.startsWith('@@')) {
      inHunk = true;
    } else if (!inHunk && line.startsWith('+++ ')) {
      file = line.startsWith('+++ b/') ? line.slice(6) : '';
      const field = file ? fieldOf(file) : undefined;
      prefix = field ? `+${field}:` : '';
      if (!prefix) file = '';
    } else if (inHunk && file && sets && line.startsWith(prefix)) {
      sets.push([file, line.slice(prefix.length).replace(/#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2')]);
    }
  };
}

/**
 * Runs git with `args` in `dir`, `input` on its standard input, and hands each line of its
 * output to `line` as it comes (no output is held whole); rejects with a GitFailure.
 */
function gitLines(dir: string, args: string[], input: string | undefined, line: (text: string) => void): Promise<void> {
  process.env.LANGUAGE = 'en';
  return new Promise((done, fail) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('git', args, { cwd: dir, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    } catch (error) {
      fail(new GitFailure(dir, args, -1, '', String(error)));
      return;
    }
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let failed: unknown;
    const take = (text: string) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop()!;
      try {
        for (const l of lines) line(l);
      } catch (error) {
        failed ??= error;
      }
    };
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => take(decoder.write(chunk)));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    // git could not be started (not installed, the folder gone): no 'close' may follow.
    child.on('error', (error) => fail(new GitFailure(dir, args, -1, '', String(error))));
    if (input !== undefined) {
      // git stops reading when it fails: its exit code says why, not the broken pipe.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(input);
    }
    child.on('close', (code) => {
      take(decoder.end());
      if (failed === undefined && rest !== '') {
        try {
          line(rest);
        } catch (error) {
          failed = error;
        }
      }
      if (failed !== undefined) fail(failed);
      else if (code === 0) done();
      else fail(new GitFailure(dir, args, code ?? -1, '', Buffer.concat(err).toString('utf8')));
    });
  });
}

/**
 * What a summary of the work tree at `dir` depends on, from one `git status`: the commit checked
 * out (undefined before the first) and every file under `paths` (relative to `dir`) that differs
 * from it — changed, staged, untracked or ignored — relative to `dir`, with `/`; `status` is git's
 * own answer, whole. Undefined when git cannot say (not installed, not a repository, refusing the folder).
 */
export async function workTreeStatus(dir: string, paths: string[]): Promise<{ commit?: string; files: string[]; status: string } | undefined> {
  let out: string;
  try {
    out = await run(dir, ['-c', 'core.quotePath=false', 'status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all', '--ignored', '--no-renames', '--ignore-submodules', '--', ...paths]);
  } catch (error) {
    if (error instanceof GitFailure) return undefined;
    throw error;
  }
  const top = findGitRoot(dir);
  const prefix = top === undefined ? '' : folderPrefix(top, resolve(dir));
  let commit: string | undefined;
  const files: string[] = [];
  for (const entry of out.split('\0')) {
    let full: string | undefined;
    if (entry.startsWith('# branch.oid ')) {
      const oid = entry.slice('# branch.oid '.length);
      if (/^[0-9a-f]{40,64}$/.test(oid)) commit = oid;
    } else if (entry.startsWith('1 ')) full = entry.split(' ').slice(8).join(' ');
    else if (entry.startsWith('u ')) full = entry.split(' ').slice(10).join(' ');
    else if (entry.startsWith('? ') || entry.startsWith('! ')) full = entry.slice(2);
    if (full === undefined || full === '') continue;
    files.push(prefix && full.startsWith(prefix) ? full.slice(prefix.length) : full);
  }
  return { commit, files: files.sort(), status: out };
}

/** Where a repository's files can be read on its git host: the project's web address, which host it is, HEAD's commit and the pdx folder's place in the repository. */
export interface RepositoryWeb {
  /** `https://github.com/org/repo`: never with a user name or token. */
  web: string;
  host: 'github' | 'gitlab' | 'bitbucket';
  commit: string;
  /** The pdx folder inside the git repository, with a trailing slash (`product/`), or '' at its top. */
  prefix: string;
}

/**
 * The web address of a remote URL on GitHub, GitLab or Bitbucket (https, ssh:// or scp-like
 * `git@host:path`), without credentials, port or `.git`; undefined for any other host or URL.
 * Self-hosted GitHub Enterprise and GitLab count when the host's first label says so
 * (`github.acme.com`, `gitlab.acme.com`).
 */
export function webOfRemote(url: string): { web: string; host: RepositoryWeb['host'] } | undefined {
  const text = url.trim();
  let host: string;
  let path: string;
  const scp = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+):(?!\/\/)([^\s]+)$/.exec(text);
  if (/^(?:https?|ssh|git\+ssh):\/\//i.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text.replace(/^git\+ssh:/i, 'ssh:'));
    } catch {
      return undefined;
    }
    host = parsed.hostname;
    path = decodeURIComponent(parsed.pathname);
  } else if (scp) {
    host = scp[1]!;
    path = scp[2]!;
  } else {
    return undefined;
  }
  host = host.toLowerCase();
  const kind = host === 'github.com' || /^github\./.test(host) ? 'github' : host === 'gitlab.com' || /^gitlab\./.test(host) ? 'gitlab' : host === 'bitbucket.org' ? 'bitbucket' : undefined;
  if (!kind) return undefined;
  const parts = path.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/').filter(Boolean);
  // A GitLab project may sit in subgroups; GitHub and Bitbucket are owner/name.
  if (parts.length < 2 || (kind !== 'gitlab' && parts.length !== 2)) return undefined;
  if (!parts.every((p) => /^[A-Za-z0-9._~-]+$/.test(p) && p !== '.' && p !== '..')) return undefined;
  return { web: `https://${host}/${parts.join('/')}`, host: kind };
}

/**
 * The repository of `dir` on its git host: `origin`'s URL read once, with HEAD's commit and the
 * folder's prefix. Undefined without git, a commit, an origin, or on a host pdx does not know.
 */
export async function repositoryWeb(dir: string): Promise<RepositoryWeb | undefined> {
  try {
    const url = (await run(dir, ['remote', 'get-url', 'origin'])).trim();
    const web = webOfRemote(url);
    if (!web) return undefined;
    const [commit, prefix = ''] = (await run(dir, ['rev-parse', 'HEAD', '--show-prefix'])).split('\n');
    if (!commit || !/^[0-9a-f]{40,64}$/.test(commit.trim())) return undefined;
    return { ...web, commit: commit.trim(), prefix: prefix.trim() };
  } catch {
    return undefined;
  }
}
