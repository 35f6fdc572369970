import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { git, gitPdxRepo, hasStackTrace, minimalRepo, runPdx, spawnPdx, tempDir, writeTree, type RunResult } from '../helpers.js';

const ROOT = process.getuid?.() === 0;
/** A PATH with no git on it (pdx is started with node's full path). */
const NO_GIT = { PATH: tempDir('pdx-no-git-') };

let base: string;
beforeAll(async () => {
  base = await gitPdxRepo();
  writeTree(base, { 'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Quotes\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-11-01 }\n' });
  git(base, 'add', '-A');
  git(base, 'commit', '-qm', 'an initiative');
});

/** A fresh copy of the base repo: a team's checkout with one initiative, all committed. */
function checkout(): string {
  const dir = tempDir('pdx-checkout-');
  cpSync(base, dir, { recursive: true });
  return dir;
}

const evidence = (customer: string, ...more: string[]) => ['evidence', 'add', '--initiative', 'quotes', '--customer', customer, '--source', 'interview', '--note', 'n', '--date', '2026-11-20', ...more];
const fileOf = (customer: string) => `discovery/evidence/quotes/2026-11-20-${customer.toLowerCase()}.yaml`;

/** One `pdx:` line and its hint, no stack trace. */
function expectOneLine(result: RunResult): string {
  expect(hasStackTrace(result.stderr), result.stderr).toBe(false);
  expect(result.stderr).not.toMatch(/internal error/);
  const [line, ...rest] = result.stderr.trimEnd().split('\n');
  expect(rest.every((l) => l.startsWith('  hint: ')), result.stderr).toBe(true);
  return line!;
}

describe('--commit', () => {
  it('ten parallel writes all commit, and each reports its own commit holding exactly its own file', async () => {
    const dir = checkout();
    const before = Number(git(dir, 'rev-list', '--count', 'HEAD'));
    const customers = Array.from({ length: 10 }, (_, i) => `P-${i}`);
    // Ten processes at once, contending for git's lock and pdx's: in-process runs would take turns.
    const results = await Promise.all(customers.map((c) => spawnPdx(evidence(c, '--commit', '--json'), { cwd: dir })));
    const hashes = results.map((result, i) => {
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const out = JSON.parse(result.stdout) as { commit: string; changed: string[] };
      expect(out.changed).toEqual([fileOf(customers[i]!)]);
      // The commit it names is the one that added its file, and only that.
      expect(git(dir, 'show', '--name-only', '--format=%s', out.commit).trim().split('\n')).toEqual([`pdx: add evidence 2026-11-20-p-${i} to quotes`, '', fileOf(customers[i]!)]);
      return out.commit;
    });
    expect(new Set(hashes).size).toBe(10);
    expect(Number(git(dir, 'rev-list', '--count', 'HEAD'))).toBe(before + 10);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('a refusing pre-commit hook: exit 1, the file written and left untracked, and the command that commits it', async () => {
    const dir = checkout();
    const hook = join(dir, '.git/hooks/pre-commit');
    // Exits 1 without a word: git then prints nothing either.
    writeFileSync(hook, '#!/bin/sh\nexit 1\n');
    chmodSync(hook, 0o755);
    const head = git(dir, 'rev-parse', 'HEAD');
    const quiet = await runPdx(evidence('C-1', '--commit'), { cwd: dir });
    expect(quiet.code).toBe(1);
    expect(expectOneLine(quiet)).toBe(`pdx: could not commit: the pre-commit hook refused the commit (exit 1); ${fileOf('C-1')} was written but not committed`);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe(`?? ${fileOf('C-1')}\n`);

    // A hook that says why is quoted (its words are its own, even when they sound like git's); an
    // edit of a tracked file stays an unstaged change.
    writeFileSync(hook, '#!/bin/sh\necho "lint: Permission denied: quotes.yaml has a trailing space" >&2\nexit 1\n');
    const edit = await runPdx(['initiative', 'update', 'quotes', '--title', 'Rapid quotes', '--commit', '--json'], { cwd: dir });
    expect(edit.code).toBe(1);
    expect(JSON.parse(edit.stdout).errors).toEqual([
      {
        code: 'env/git-hook',
        message: 'could not commit: the pre-commit hook refused the commit (lint: Permission denied: quotes.yaml has a trailing space); discovery/initiatives/quotes.yaml was written but not committed',
        hint: "fix what the hook reports (run git commit yourself to see all of it); then commit it with: git add -- discovery/initiatives/quotes.yaml && git commit -m 'pdx: update title of initiative quotes' -- discovery/initiatives/quotes.yaml",
      },
    ]);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe(` M discovery/initiatives/quotes.yaml\n?? ${fileOf('C-1')}\n`);

    // The command in the hint commits exactly that file once the hook is satisfied.
    const command = /then commit it with: (.*)$/m.exec(quiet.stderr)![1]!;
    expect(command).toBe(`git add -- ${fileOf('C-1')} && git commit -m 'pdx: add evidence 2026-11-20-c-1 to quotes' -- ${fileOf('C-1')}`);
    rmSync(hook);
    execFileSync('sh', ['-c', command], { cwd: dir, stdio: 'ignore' });
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe(fileOf('C-1'));
  });

  it('failed signing, locks held too long, git missing, not a repository: each says its own cause; a lock let go is waited for', async () => {
    const signing = checkout();
    git(signing, 'config', 'commit.gpgsign', 'true');
    git(signing, 'config', 'gpg.program', 'false');
    const locked = checkout();
    writeFileSync(join(locked, '.git/index.lock'), '');
    // Another pdx command (here: this test's process) in the middle of its commit.
    const busy = checkout();
    writeFileSync(join(busy, '.git/.pdx-commit.pdx-lock'), `${JSON.stringify({ pid: process.pid, host: hostname(), command: 'pdx evidence add' })}\n`);
    // A pdx command killed in the middle of its commit left its lock behind.
    const stale = checkout();
    writeFileSync(join(stale, '.git/.pdx-commit.pdx-lock'), `${JSON.stringify({ pid: spawnSync('true').pid, host: hostname() })}\n`);
    const released = checkout();
    writeFileSync(join(released, '.git/index.lock'), '');
    setTimeout(() => rmSync(join(released, '.git/index.lock')), 1500);
    const missing = checkout();
    const plain = minimalRepo({ 'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Quotes\nstage: immersion\n' });
    const short = { PDX_GIT_LOCK_TIMEOUT: '0.3' };
    const [sign, lock, other, taken, waited, noGit, notRepo] = await Promise.all([
      runPdx(evidence('C-1', '--commit'), { cwd: signing }),
      runPdx(evidence('C-1', '--commit'), { cwd: locked, env: short }),
      // A process of its own, so that the lock's pid (this test's) is another process's.
      spawnPdx(evidence('C-1', '--commit'), { cwd: busy, env: short }),
      runPdx(evidence('C-1', '--commit'), { cwd: stale, env: short }),
      // Started with the others, to find the lock still held and wait for it.
      spawnPdx(evidence('C-1', '--commit'), { cwd: released }),
      runPdx(evidence('C-1', '--commit'), { cwd: missing, env: NO_GIT }),
      runPdx(evidence('C-1', '--commit'), { cwd: plain }),
    ]);

    expect(sign.code).toBe(1);
    expect(expectOneLine(sign)).toBe(`pdx: could not commit: git could not sign the commit (gpg failed to sign the data); ${fileOf('C-1')} was written but not committed`);
    expect(sign.stderr).toMatch(/git config commit\.gpgsign false; then commit it with: git add -- /);
    expect(git(signing, 'status', '--porcelain', '--untracked-files=all')).toBe(`?? ${fileOf('C-1')}\n`);

    expect(lock.code).toBe(1);
    expect(expectOneLine(lock)).toBe(`pdx: could not commit: git's lock ${join(locked, '.git/index.lock')} was still held after 0.3 s; ${fileOf('C-1')} was written but not committed`);
    expect(lock.stderr).toContain(`remove the lock: rm ${join(locked, '.git/index.lock')}`);
    expect(other.code).toBe(1);
    expect(expectOneLine(other)).toBe(`pdx: could not commit: another pdx command (pid ${process.pid}, \`pdx evidence add\`) held the commit lock ${join(busy, '.git/.pdx-commit.pdx-lock')} for over 0.3 s; ${fileOf('C-1')} was written but not committed`);

    for (const [result, dir] of [[taken, stale], [waited, released]] as const) {
      expect(result.code, result.stderr).toBe(0);
      expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe(fileOf('C-1'));
      expect(existsSync(join(dir, '.git/.pdx-commit.pdx-lock'))).toBe(false);
    }

    // Checked before anything is written.
    expect(noGit.code).toBe(1);
    expect(expectOneLine(noGit)).toBe('pdx: cannot commit: git is not installed (there is no git on PATH); no file was changed');
    expect(git(missing, 'status', '--porcelain')).toBe('');
    expect(notRepo.code).toBe(2);
    expect(expectOneLine(notRepo)).toBe(`pdx: cannot commit: ${plain} is not in a git repository; no file was changed`);
    expect(existsSync(join(plain, fileOf('C-1')))).toBe(false);
  });

  it.skipIf(!ROOT)('a repository owned by another user: the safe.directory way out, nothing written', async () => {
    const dir = checkout();
    execFileSync('chown', ['-R', '65534:65534', dir]);
    const result = await runPdx(evidence('C-1', '--commit'), { cwd: dir });
    expect(result.code).toBe(1);
    expect(expectOneLine(result)).toBe(`pdx: cannot commit: git refuses to work in ${dir} because it belongs to another user (git calls this dubious ownership); no file was changed`);
    expect(result.stderr).toContain(`hint: if you trust that folder, tell git so: git config --global --add safe.directory ${dir}`);
    expect(existsSync(join(dir, fileOf('C-1')))).toBe(false);
  });
});

describe('gate --changed-since when git cannot answer', () => {
  it('names the real cause: not a repository, git missing, an unknown revision, a shallow clone, no commits, another owner', async () => {
    const notRepo = minimalRepo();
    const shallow = join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${base}`, shallow]);
    const empty = tempDir();
    execFileSync('git', ['init', '-q'], { cwd: empty });
    writeFileSync(join(empty, 'pdx.yaml'), 'version: 1\nname: T\n');
    const foreign = checkout();
    if (ROOT) execFileSync('chown', ['-R', '65534:65534', foreign]);
    const gate = (cwd: string, ref: string, env?: Record<string, string>) => runPdx(['gate', 'mvp', '--changed-since', ref], { cwd, env });
    const [outside, noGit, unknown, cut, fresh, owned] = await Promise.all([
      gate(notRepo, 'HEAD~1'),
      gate(base, 'HEAD~1', NO_GIT),
      gate(base, 'no-such-branch'),
      gate(shallow, 'HEAD~1'),
      gate(empty, 'HEAD'),
      gate(foreign, 'HEAD~1'),
    ]);
    const expectations: [RunResult, number, string, RegExp][] = [
      [outside, 2, `pdx: --changed-since HEAD~1 cannot be checked: ${notRepo} is not in a git repository`, /run it in a git checkout/],
      [noGit, 1, 'pdx: --changed-since HEAD~1 cannot be checked: git is not installed (there is no git on PATH); no file was changed', /install git/],
      [unknown, 2, 'pdx: git does not know no-such-branch: there is no branch, tag or commit of that name here', /check the revision name/],
      [cut, 2, 'pdx: git does not know HEAD~1: this clone is shallow, its older history was not fetched', /fetch-depth: 0/],
      [fresh, 2, 'pdx: git does not know HEAD: the repository has no commits yet', /commit first/],
    ];
    if (ROOT) {
      expectations.push([owned, 1, `pdx: --changed-since HEAD~1 cannot be checked: git refuses to work in ${foreign} because it belongs to another user (git calls this dubious ownership); no file was changed`, /safe\.directory/]);
    }
    for (const [result, code, line, hint] of expectations) {
      expect(result.code, result.stderr).toBe(code);
      expect(expectOneLine(result)).toBe(line);
      expect(result.stderr).toMatch(hint);
      // The revision is to blame only when it is the revision.
      if (result !== unknown) expect(result.stderr).not.toMatch(/check the revision name/);
    }
  });
});

describe('no history to date a stage set by hand', () => {
  it('says why: git missing, no commits, or not a repository', async () => {
    const files = { 'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Quotes\nstage: epiphany\nhistory:\n  - { stage: immersion, date: 2026-11-01 }\n' };
    const plain = minimalRepo(files);
    const empty = minimalRepo(files);
    execFileSync('git', ['init', '-q'], { cwd: empty });
    const [notRepo, noCommits, noGit] = await Promise.all([
      runPdx(['gate', 'epiphany', '--json'], { cwd: plain }),
      runPdx(['gate', 'epiphany', '--json'], { cwd: empty }),
      runPdx(['report', '--json'], { cwd: empty, env: NO_GIT }),
    ]);
    expect(notRepo.stdout).toContain('there is no git history to date it (this folder is not in a git repository)');
    expect(noCommits.stdout).toContain('there is no git history to date it (the repository has no commits yet)');
    expect(JSON.parse(noGit.stdout).notices).toEqual(['some stages were set by hand and there is no git history to date them (git is not installed): their time in stage is unknown']);
  });
});
