import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openGitSource } from '../../src/engine/git-source.js';
import { weeklyReport } from '../../src/engine/report.js';
import { openWorkspace, type Workspace } from '../../src/engine/workspace.js';
import { PdxError } from '../../src/errors.js';
import { git, gitPdxRepo, tempDir, writeTree } from '../helpers.js';

const TODAY = '2026-11-24';
const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

function commitOn(dir: string, day: string, message: string): void {
  git(dir, 'add', '-A');
  execFileSync('git', ['commit', '-qm', message], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: `${day}T12:00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00` } });
}

/**
 * A team's repo whose pdx folder is `dir` ('' for its top): initiatives whose stages were set by
 * hand over two commits (so their dates come from git), an invalid record, links (to a record,
 * out of the repo, to a folder), an unknown folder and an oversized file; tagged v1.
 */
async function teamRepo(dir = '', n = 3): Promise<string> {
  const repo = await gitPdxRepo();
  if (dir) {
    mkdirSync(join(repo, dir), { recursive: true });
    for (const name of ['pdx.yaml', 'discovery', '.pdx']) renameSync(join(repo, name), join(repo, dir, name));
    writeFileSync(join(repo, 'README.md'), 'the monorepo\n');
  }
  const pdx = join(repo, dir);
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`discovery/initiatives/i${i}.yaml`] = `id: i${i}\ntitle: I${i}\nstage: epiphany\n`;
  writeTree(pdx, files);
  commitOn(repo, '2026-11-02', 'hand-set stages');
  writeTree(pdx, {
    'discovery/initiatives/i0.yaml': 'id: i0\ntitle: I0\nstage: hypothesis\n',
    'discovery/initiatives/bad.yaml': 'id: bad\ntitle: Bad\nstage: nowhere\n',
    'discovery/notes/x.yaml': 'a: 1\n',
    'discovery/initiatives/big.yaml': `id: big\nnotes: ${'x'.repeat(1_100_000)}\n`,
  });
  symlinkSync('i1.yaml', join(pdx, 'discovery/initiatives/alias.yaml'));
  symlinkSync('/etc/passwd', join(pdx, 'discovery/initiatives/out.yaml'));
  symlinkSync('../initiatives', join(pdx, 'discovery/evidence/linked'));
  symlinkSync('alias.yaml', join(pdx, 'discovery/initiatives/chain.yaml'));
  symlinkSync('loop.yaml', join(pdx, 'discovery/initiatives/loop.yaml'));
  symlinkSync('gone.yaml', join(pdx, 'discovery/initiatives/dangling.yaml'));
  symlinkSync('../../pdx.yaml', join(pdx, 'discovery/notes/config.yaml'));
  symlinkSync('../evidence', join(pdx, 'discovery/initiatives/folder.yaml'));
  commitOn(repo, '2026-11-09', 'move i0 ahead, and some trouble');
  git(repo, 'tag', '-a', 'v1', '-m', 'v1');
  return repo;
}

/** What a workspace says, for comparing two: records, problems and the report. */
async function said(ws: Workspace) {
  return { records: ws.records, problems: ws.problems, report: JSON.parse(JSON.stringify(await weeklyReport(ws, { asOf: TODAY }))) };
}

/** Every git process started while `work` runs, from a `git` on PATH that logs its calls. */
async function gitCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: string[] }> {
  const bin = tempDir('pdx-git-shim-');
  const log = join(bin, 'calls.log');
  writeFileSync(log, '');
  // The subcommand: the first argument after the global options (-c name=value, --git-dir=…).
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nsub=''\nskip=0\nfor a in "$@"; do\n  if [ $skip = 1 ]; then skip=0; continue; fi\n  case "$a" in -c) skip=1;; -*) ;; *) sub="$a"; break;; esac\ndone\necho "$sub" >> '${log}'\nexec '${REAL_GIT}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  try {
    const result = await work();
    return { result, calls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  } finally {
    process.env.PATH = path;
  }
}

async function failure(promise: Promise<unknown>): Promise<PdxError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PdxError);
  return error as PdxError;
}

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

describe('remote git sources', () => {
  // The first gitPdxRepo of a file runs pdx init: paid here, not by the first test.
  beforeAll(() => gitPdxRepo(), 20_000);

  it('read at a tag from a file:// URL equal a checkout of that tag: records, problems and report', async () => {
    const repo = await teamRepo();
    const url = `file://${repo}`;
    writeTree(repo, { 'discovery/initiatives/later.yaml': 'id: later\ntitle: Later\nstage: epiphany\n' });
    commitOn(repo, '2026-11-16', 'after the tag');
    const checkout = tempDir('pdx-checkout-');
    execFileSync('git', ['clone', '-q', url, checkout]);
    execFileSync('git', ['checkout', '-q', 'v1'], { cwd: checkout });
    const direct = await openWorkspace(checkout, { today: TODAY, cache: false, prefetchHistory: true });
    const remote = await openGitSource({ url, ref: 'v1' }, { cacheDir: tempDir('pdx-sources-'), today: TODAY, cache: false, prefetchHistory: true });
    expect(remote.commit).toBe(git(repo, 'rev-parse', 'v1^{commit}').trim());
    const [a, b] = [await said(direct), await said(remote.workspace)];
    expect(b).toEqual(a);
    // The comparison is about something: git's dates, the invalid record, each kind of trouble.
    expect(a.records.initiative.map((r) => r.data.id).sort()).toEqual(['i0', 'i1', 'i1', 'i1', 'i2']);
    expect(a.problems.map((p) => `${p.file} ${p.code}`)).toEqual(
      expect.arrayContaining([
        'discovery/evidence/linked file/symlink',
        'discovery/initiatives/dangling.yaml file/unreadable',
        'discovery/initiatives/folder.yaml file/symlink',
        'discovery/initiatives/loop.yaml file/unreadable',
        'discovery/initiatives/big.yaml file/too-large',
        'discovery/initiatives/out.yaml file/symlink',
        'discovery/notes file/unknown-folder',
      ]),
    );
    expect(a.problems.find((p) => p.file === 'discovery/initiatives/big.yaml')?.message).toContain('1075 KB');
    expect(JSON.stringify(a.report)).toContain('2026-11-09');
  });

  it('a sub-folder of a monorepo, with the verdict cache warm, equals its checkout; a missing folder is a clear error', async () => {
    const repo = await teamRepo('teams/sales');
    const cacheDir = tempDir('pdx-sources-');
    const direct = await openWorkspace(join(repo, 'teams/sales'), { today: TODAY, cache: false });
    // Two sources of one URL, read at once, share its clone.
    writeTree(repo, { 'teams/ops/pdx.yaml': readFileSync(join(repo, 'teams/sales/pdx.yaml'), 'utf8'), 'teams/ops/discovery/initiatives/o1.yaml': 'id: o1\ntitle: O1\nstage: epiphany\n' });
    commitOn(repo, '2026-11-10', 'ops joins');
    const [cold, ops] = await Promise.all([
      openGitSource({ url: `file://${repo}`, dir: 'teams/sales/' }, { cacheDir, today: TODAY }),
      openGitSource({ url: `file://${repo}`, dir: 'teams/ops' }, { cacheDir, today: TODAY }),
    ]);
    expect(ops.workspace.records.initiative.map((r) => r.data.id)).toEqual(['o1']);
    expect(ops.commit).toBe(cold.commit);
    const warm = await openGitSource({ url: `file://${repo}`, dir: 'teams/sales' }, { cacheDir, today: TODAY });
    expect(await said(cold.workspace)).toEqual(await said(direct));
    expect(await said(warm.workspace)).toEqual(await said(direct));
    const missing = await failure(openGitSource({ url: `file://${repo}`, dir: 'teams/hr' }, { cacheDir, today: TODAY }));
    expect(missing.message).toMatch(/has no folder teams\/hr/);
    const notPdx = await failure(openGitSource({ url: `file://${repo}`, dir: 'teams' }, { cacheDir, today: TODAY }));
    expect(notPdx.message).toMatch(/has no teams\/pdx\.yaml, so it is not a pdx repo folder/);
  });

  it('a later fetch picks up a new commit; offline reads the cache and says how old it is', async () => {
    const repo = await teamRepo();
    const url = `file://${repo}`;
    const cacheDir = tempDir('pdx-sources-');
    const none = await failure(openGitSource({ url }, { cacheDir, offline: true, today: TODAY }));
    expect(none.message).toBe(`${url} is not in the cache yet; run once without --offline`);

    const first = await openGitSource({ url }, { cacheDir, today: TODAY });
    expect(first.fromCache).toBe(false);
    writeTree(repo, { 'discovery/initiatives/fresh.yaml': 'id: fresh\ntitle: Fresh\nstage: epiphany\n' });
    commitOn(repo, '2026-11-16', 'a new initiative');
    const offline = await openGitSource({ url }, { cacheDir, offline: true, today: TODAY });
    expect(offline).toMatchObject({ commit: first.commit, fetchedAt: first.fetchedAt, fromCache: true });
    expect(offline.ageMs).toBeGreaterThanOrEqual(0);
    expect(offline.workspace.records.initiative.map((r) => r.data.id)).not.toContain('fresh');

    const second = await openGitSource({ url }, { cacheDir, today: TODAY });
    expect(second.commit).toBe(git(repo, 'rev-parse', 'HEAD').trim());
    expect(second.commit).not.toBe(first.commit);
    expect(second.workspace.records.initiative.map((r) => r.data.id)).toContain('fresh');
    // The new one's stage is dated from the new commit, read from the bare clone.
    const dates = await second.workspace.stageDates();
    expect(dates.dates.get('discovery/initiatives/fresh.yaml')?.get('epiphany')).toBe('2026-11-16');
    // A tag of the same URL is its own ref in the shared clone.
    const tagged = await openGitSource({ url, ref: 'v1' }, { cacheDir, today: TODAY });
    expect(tagged.commit).toBe(git(repo, 'rev-parse', 'v1^{commit}').trim());
    expect((await openGitSource({ url }, { cacheDir, offline: true, today: TODAY })).commit).toBe(second.commit);
  });

  it('an unreachable host, a folder that is no repository and an unknown ref fail fast with one clear sentence', async () => {
    const repo = await teamRepo();
    const cacheDir = tempDir('pdx-sources-');
    const started = Date.now();
    const refused = await failure(openGitSource({ url: 'http://127.0.0.1:9/team.git' }, { cacheDir, today: TODAY }));
    expect(refused.code).toBe('git/remote-unreachable');
    expect(refused.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9\/team\.git \(git: unable to access .*\)$/);
    const nowhere = await failure(openGitSource({ url: `file://${repo}/nope` }, { cacheDir, today: TODAY }));
    expect(nowhere.code).toBe('git/remote-not-a-repo');
    expect(nowhere.message).toContain("does not appear to be a git repository");
    const unknown = await failure(openGitSource({ url: `file://${repo}`, ref: 'v9' }, { cacheDir, today: TODAY }));
    expect(unknown.message).toBe(`file://${repo} has no branch, tag or commit v9 (git: couldn't find remote ref v9)`);
    const option = await failure(openGitSource({ url: '--upload-pack=touch /tmp/x' }, { cacheDir, today: TODAY }));
    expect(option.code).toBe('git/bad-url');
    for (const error of [refused, nowhere, unknown]) expect(error.message.split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('a password prompt is never waited for: SSH runs in batch mode without a terminal, HTTPS prompts are off', async () => {
    const cacheDir = tempDir('pdx-sources-');
    const bin = tempDir('pdx-fake-ssh-');
    const seen = join(bin, 'seen');
    // An SSH that notes how it was called, and tries the terminal a password would be asked on.
    writeFileSync(join(bin, 'ssh'), `#!/bin/sh\necho "args: $* prompt: $GIT_TERMINAL_PROMPT" > '${seen}'\n(exec 3<>/dev/tty) 2>/dev/null && echo tty >> '${seen}'\necho "ssh: connect to host example.invalid port 22: Connection refused" >&2\nexit 255\n`);
    chmodSync(join(bin, 'ssh'), 0o755);
    const previous = process.env.GIT_SSH_COMMAND;
    process.env.GIT_SSH_COMMAND = join(bin, 'ssh');
    cleanup.push(() => (previous === undefined ? delete process.env.GIT_SSH_COMMAND : (process.env.GIT_SSH_COMMAND = previous)));
    const error = await failure(openGitSource({ url: 'ssh://git@example.invalid/team.git' }, { cacheDir, today: TODAY }));
    expect(error.code).toBe('git/remote-unreachable');
    const called = readFileSync(seen, 'utf8');
    expect(called).toMatch(/^args: -o BatchMode=yes .*git@example\.invalid.* prompt: 0\n$/);
  });

  it('a submodule in the pdx folder is reported, not read', async () => {
    const inner = await gitPdxRepo();
    const repo = await teamRepo();
    execFileSync('git', ['-c', 'protocol.file.allow=always', 'submodule', '--quiet', 'add', `file://${inner}`, 'discovery/initiatives/vendored'], { cwd: repo, stdio: 'pipe' });
    commitOn(repo, '2026-11-12', 'vendor a submodule');
    const { workspace } = await openGitSource({ url: `file://${repo}` }, { cacheDir: tempDir('pdx-sources-'), today: TODAY, cache: false });
    expect(workspace.problems.find((p) => p.file === 'discovery/initiatives/vendored')).toMatchObject({ severity: 'warning', code: 'file/submodule' });
  });

  // Cold: the clone made, fetched, read, its history logged once. Then the stage dates are
  // cached for the commit: offline reads the tree only; online fetches, then reads. The same
  // list for 2 and for 30 records.
  for (const n of [2, 30]) {
    it(`uses the same git processes whatever the number of records (${n}): fetch, ls-tree, one cat-file, one log`, async () => {
      const repo = await teamRepo('', n);
      const cacheDir = tempDir('pdx-sources-');
      const counts: string[][] = [];
      for (const offline of [false, true, false]) {
        const { calls } = await gitCalls(async () => {
          const { workspace } = await openGitSource({ url: `file://${repo}` }, { cacheDir, offline, today: TODAY, prefetchHistory: true });
          return weeklyReport(workspace, { asOf: TODAY });
        });
        counts.push(calls.filter((c) => c !== 'upload-pack'));
      }
      expect(counts).toEqual([['init', 'fetch', 'rev-parse', 'ls-tree', 'cat-file', 'log'], ['ls-tree', 'cat-file'], ['fetch', 'rev-parse', 'ls-tree', 'cat-file']]);
    });
  }
});
