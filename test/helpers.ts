import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { BASE_ENV, runInProcess, type InProcessOptions, type InProcessResult } from './harness.js';

export const PROJECT = fileURLToPath(new URL('..', import.meta.url));
export const EXAMPLES = join(PROJECT, 'examples');
export const BIN = join(PROJECT, 'bin', 'pdx');

const made: string[] = [];
/**
 * Removes the folders tempDir made. test/setup.ts calls it after each test file: a setup file runs
 * for every file, where this module (shared by the files a worker runs, vitest's isolate: false)
 * is loaded once.
 */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'pdx-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `files` (path → text or bytes) under `dir`. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** A copy of the bundled example repo in a temporary folder. */
export function copyOfExamples(): string {
  const dir = tempDir('pdx-example-');
  // Without the cache that running pdx in examples/ leaves behind: each test starts as a fresh clone.
  cpSync(EXAMPLES, dir, { recursive: true, filter: (source) => !source.startsWith(join(EXAMPLES, '.pdx', 'cache')) });
  return dir;
}

/** A minimal valid pdx repo plus `files`. */
export function minimalRepo(files: Record<string, string | Buffer> = {}): string {
  const dir = tempDir();
  writeTree(dir, { 'pdx.yaml': 'version: 1\nname: Test team\n', ...files });
  return dir;
}

/**
 * Content hash of every file under `dir` (path and bytes), to prove a command changed nothing.
 * pdx's own git-ignored cache (`.pdx/cache/`, derived from the files) is not the user's data.
 */
export function treeHash(dir: string, skip: (path: string) => boolean = () => false): string {
  const hash = createHash('sha256');
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(current, entry.name);
      const path = relative(dir, full).split(sep).join('/');
      if (skip(path) || path === '.pdx/cache') continue;
      if (entry.isDirectory()) {
        hash.update(`dir ${path}\n`);
        walk(full);
      } else {
        hash.update(`file ${path}\n`).update(readFileSync(full));
      }
    }
  };
  walk(dir);
  return hash.digest('hex');
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export { BASE_ENV, ENTER, INTERRUPT, TODAY, type InProcessResult, type Question, type Step } from './harness.js';

export interface RunOptions {
  cwd?: string;
  /** Added to the test process's environment, NO_COLOR=1 and CI=''; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

/**
 * Runs pdx in this process (test/harness.ts), as a user would without a terminal: the default.
 * `today` fixes the day (default TODAY); `tty` runs it at a terminal whose questions a script answers.
 */
export function runPdx(args: string[], options: InProcessOptions = {}): Promise<InProcessResult> {
  return runInProcess(args, options);
}

/**
 * Runs the built `bin/pdx` as a user would, without a terminal: for what only a real process
 * shows (start-up, packaging, signals, crash faults, several processes at once, its own streams).
 */
/** Runs pdx in-process in `dir` and expects it to succeed (exit 0, stderr in the message); returns its stdout. */
export async function pdxOk(dir: string, ...args: string[]): Promise<string> {
  const result = await runPdx(args, { cwd: dir });
  expect(result.code, `pdx ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

export function spawnPdx(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? PROJECT, env: { ...BASE_ENV, NO_COLOR: '1', CI: '', ...options.env }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** True when `text` looks like a stack trace leaked to the user. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]\d+/m.test(text) || /node:internal/.test(text);
}

/** The first gitPdxRepo of this test file, kept as made: the later ones are copies of it. */
let template: string | undefined;

/**
 * A temporary git repo with a committer identity and an initialised pdx repo, like a team's
 * checkout. Made once per test file (git init, config, pdx init, the first commit: seven
 * processes), then copied.
 */
export async function gitPdxRepo(): Promise<string> {
  if (template === undefined || !existsSync(join(template, 'pdx.yaml'))) {
    template = tempDir('pdx-repo-template-');
    initGit(template);
    const result = await runPdx(['init', '--name', 'Test team'], { cwd: template });
    if (result.code !== 0) throw new Error(result.stderr);
    commitAll(template, 'init');
  }
  const dir = tempDir('pdx-repo-');
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** Makes `dir` a git repo on `main` with the test committer and no signing; with `message`, commits everything in it. */
export function initGit(dir: string, message?: string): string {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test User');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  if (message !== undefined) commitAll(dir, message);
  return dir;
}

/** Stages everything in `dir` and commits it. */
export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

/** Stages everything in `dir` and commits it as made on `day` (author and committer date). */
export function commitOn(dir: string, day: string, message: string, ...options: string[]): void {
  git(dir, 'add', '-A');
  execFileSync('git', ['commit', '-q', ...options, '-m', message], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...BASE_ENV, GIT_AUTHOR_DATE: `${day}T12:00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00` } });
}

/** Runs pdx in-process with a `git` on PATH that logs every call (its arguments, space-joined) before running the real one. */
export async function pdxGitCalls(dir: string, args: string[]): Promise<InProcessResult & { calls: string[] }> {
  const bin = tempDir('pdx-git-shim-');
  const log = join(bin, 'calls.log');
  writeFileSync(log, '');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${REAL_GIT}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  const result = await runPdx(args, { cwd: dir, env: { PATH: `${bin}:${process.env.PATH}` } });
  return { ...result, calls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

/** Runs git in `dir` and returns its output. */
export function git(dir: string, ...args: string[]): string {
  // The test process's own environment, even while an in-process run has put its own in place.
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: BASE_ENV });
}
