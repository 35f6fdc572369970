import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openGitSource } from '../../src/engine/git-source.js';
import { weeklyReport } from '../../src/engine/report.js';
import { openWorkspace, type Workspace } from '../../src/engine/workspace.js';
import { PdxError } from '../../src/errors.js';
import { remoteCacheDir } from '../../src/git/remote.js';
import { forgetUserSecret } from '../../src/store/cache.js';
import { commitOn, git, gitPdxRepo, tempDir, writeTree } from '../helpers.js';

const TODAY = '2026-11-24';
const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

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

/** Every git process started while `work` runs, from a `git` on PATH that logs its calls (subcommands in `calls`, whole in `args`, and what each `cat-file` was asked for, in `asked`). */
async function gitCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: string[]; args: string[]; asked: string[] }> {
  const bin = tempDir('pdx-git-shim-');
  const log = join(bin, 'calls.log');
  writeFileSync(log, '');
  // The subcommand: the first argument after the global options (-c name=value, --git-dir=…).
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nsub=''\nskip=0\nfor a in "$@"; do\n  if [ $skip = 1 ]; then skip=0; continue; fi\n  case "$a" in -c) skip=1;; -*) ;; *) sub="$a"; break;; esac\ndone\necho "$sub" >> '${log}'\necho "$*" >> '${log}.args'\nif [ "$sub" = cat-file ]; then tee -a '${log}.in' | '${REAL_GIT}' "$@"; exit $?; fi\nexec '${REAL_GIT}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  try {
    const result = await work();
    const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
    return { result, calls: lines(log), args: lines(`${log}.args`), asked: lines(`${log}.in`) };
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
    writeFileSync(join(bin, 'ssh'), `#!/bin/sh\necho "args: $* prompt: $GIT_TERMINAL_PROMPT askpass: $SSH_ASKPASS_REQUIRE" > '${seen}'\n(exec 3<>/dev/tty) 2>/dev/null && echo tty >> '${seen}'\necho "ssh: connect to host example.invalid port 22: Connection refused" >&2\nexit 255\n`);
    chmodSync(join(bin, 'ssh'), 0o755);
    const previous = process.env.GIT_SSH_COMMAND;
    process.env.GIT_SSH_COMMAND = join(bin, 'ssh');
    cleanup.push(() => (previous === undefined ? delete process.env.GIT_SSH_COMMAND : (process.env.GIT_SSH_COMMAND = previous)));
    const error = await failure(openGitSource({ url: 'ssh://git@example.invalid/team.git' }, { cacheDir, today: TODAY }));
    expect(error.code).toBe('git/remote-unreachable');
    const called = readFileSync(seen, 'utf8');
    expect(called).toMatch(/^args: -o BatchMode=yes .*git@example\.invalid.* prompt: 0 askpass: never\n$/);
  });

  it("the user's core.sshCommand is kept, in batch mode, for ssh:// and scp-like URLs", async () => {
    const bin = tempDir('pdx-own-ssh-');
    const seen = join(bin, 'seen');
    writeFileSync(join(bin, 'my-ssh'), `#!/bin/sh\necho "args: $* askpass: $SSH_ASKPASS_REQUIRE" >> '${seen}'\necho "ssh: connect to host example.invalid port 22: Connection refused" >&2\nexit 255\n`);
    chmodSync(join(bin, 'my-ssh'), 0o755);
    writeFileSync(join(bin, 'gitconfig'), `[core]\n\tsshCommand = ${join(bin, 'my-ssh')} -o User=me\n`);
    for (const [name, value] of Object.entries({ GIT_SSH_COMMAND: undefined, GIT_SSH: undefined, GIT_CONFIG_GLOBAL: join(bin, 'gitconfig') })) {
      const previous = process.env[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
      cleanup.push(() => (previous === undefined ? delete process.env[name] : (process.env[name] = previous)));
    }
    const cacheDir = tempDir('pdx-sources-');
    for (const url of ['ssh://git@example.invalid/team.git', 'git@example.invalid:team.git']) {
      expect((await failure(openGitSource({ url }, { cacheDir, today: TODAY }))).code).toBe('git/remote-unreachable');
    }
    // (git may first ask `ssh -G` which SSH it is.)
    const calls = readFileSync(seen, 'utf8').split('\n').filter((c) => c && !/ -G /.test(c));
    expect(calls).toEqual(["args: -o User=me -o BatchMode=yes git@example.invalid git-upload-pack '/team.git' askpass: never", "args: -o User=me -o BatchMode=yes git@example.invalid git-upload-pack 'team.git' askpass: never"]);
  });

  it('a clone planted in the cache folder is never used: its hooks and config never run, and offline it is not in the cache', async () => {
    const repo = await teamRepo();
    const url = `file://${repo}`;
    const evil = await gitPdxRepo();
    writeTree(evil, { 'discovery/initiatives/evil.yaml': 'id: evil\ntitle: Evil\nstage: epiphany\n' });
    commitOn(evil, '2026-11-03', 'evil');
    const evilHead = git(evil, 'rev-parse', 'HEAD').trim();
    // A clone, its state and a marker as someone else would commit them into a shared portfolio repo.
    const cacheDir = tempDir('pdx-sources-');
    const clone = remoteCacheDir(cacheDir, url);
    mkdirSync(clone, { recursive: true });
    const gitDir = join(clone, 'git');
    execFileSync('git', ['clone', '-q', '--bare', `file://${evil}`, gitDir]);
    execFileSync('git', ['--git-dir', gitDir, 'update-ref', 'refs/pdx/e3b0c44298fc1c14', evilHead]);
    const ran = join(tempDir('pdx-ran-'), 'ran');
    const script = join(gitDir, 'hooks', 'reference-transaction');
    writeFileSync(script, `#!/bin/sh\necho "$0" >> '${ran}'\ncat > /dev/null\n`);
    chmodSync(script, 0o755);
    for (const name of ['pre-auto-gc', 'post-checkout', 'fsmonitor-watchman']) {
      writeFileSync(join(gitDir, 'hooks', name), readFileSync(script));
      chmodSync(join(gitDir, 'hooks', name), 0o755);
    }
    execFileSync('git', ['config', '-f', join(gitDir, 'config'), 'core.fsmonitor', script]);
    execFileSync('git', ['config', '-f', join(gitDir, 'config'), `url.file://${evil}.insteadOf`, url]);
    writeFileSync(join(clone, 'fetched.json'), JSON.stringify({ url, refs: { '': { commit: evilHead, fetchedAt: '2026-11-20T00:00:00.000Z' } } }));
    writeFileSync(join(clone, 'owner'), `${'ab'.repeat(32)}\n`);

    const offline = await failure(openGitSource({ url }, { cacheDir, offline: true, today: TODAY }));
    expect(offline.message).toBe(`${url} is not in the cache yet; run once without --offline`);
    const online = await openGitSource({ url }, { cacheDir, today: TODAY, prefetchHistory: true });
    expect(online.commit).toBe(git(repo, 'rev-parse', 'HEAD').trim());
    expect(online.workspace.records.initiative.map((r) => r.data.id)).not.toContain('evil');
    expect((await online.workspace.stageDates()).dates.get('discovery/initiatives/i0.yaml')?.get('hypothesis')).toBe('2026-11-09');
    expect((await openGitSource({ url }, { cacheDir, offline: true, today: TODAY })).commit).toBe(online.commit);
    expect(existsSync(ran)).toBe(false);
  });

  it("hooks that land in pdx's own clone never run; a config changed under it makes the clone anew", async () => {
    const repo = await teamRepo();
    const url = `file://${repo}`;
    const cacheDir = tempDir('pdx-sources-');
    const first = await openGitSource({ url }, { cacheDir, today: TODAY });
    const gitDir = join(remoteCacheDir(cacheDir, url), 'git');
    const ran = join(tempDir('pdx-ran-'), 'ran');
    for (const name of ['reference-transaction', 'pre-auto-gc']) {
      writeFileSync(join(gitDir, 'hooks', name), `#!/bin/sh\necho "$0" >> '${ran}'\ncat > /dev/null\n`);
      chmodSync(join(gitDir, 'hooks', name), 0o755);
    }
    writeTree(repo, { 'discovery/initiatives/fresh.yaml': 'id: fresh\ntitle: Fresh\nstage: epiphany\n' });
    commitOn(repo, '2026-11-16', 'a new initiative');
    const second = await openGitSource({ url }, { cacheDir, today: TODAY });
    expect(second.commit).not.toBe(first.commit);
    expect(existsSync(ran)).toBe(false);
    // A pull of a shared repo that rewrites the clone's config: not the clone pdx made.
    execFileSync('git', ['config', '-f', join(gitDir, 'config'), 'core.sshCommand', `touch '${ran}'`]);
    expect((await failure(openGitSource({ url }, { cacheDir, offline: true, today: TODAY }))).code).toBe('git/not-cached');
    const { result: third, calls } = await gitCalls(() => openGitSource({ url }, { cacheDir, today: TODAY }));
    expect(third.commit).toBe(second.commit);
    expect(calls.filter((c) => c !== 'upload-pack')).toEqual(['init', 'fetch', 'rev-parse', 'ls-tree', 'cat-file']);
    expect(readFileSync(join(gitDir, 'config'), 'utf8')).not.toContain('sshCommand');
    expect(existsSync(ran)).toBe(false);
  });

  it('with no user secret, a clone made before this run is never trusted; one made in it is, by its child processes too', async () => {
    const repo = await teamRepo();
    const url = `file://${repo}`;
    const cacheDir = tempDir('pdx-sources-');
    await openGitSource({ url }, { cacheDir, today: TODAY, cache: false });
    const previous = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = '/dev/null/no-cache';
    forgetUserSecret();
    cleanup.push(() => {
      if (previous === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previous;
      delete process.env.PDX_GIT_CACHE_SESSION_KEY;
      forgetUserSecret();
    });
    expect((await failure(openGitSource({ url }, { cacheDir, offline: true, today: TODAY, cache: false }))).code).toBe('git/not-cached');
    const { result, calls } = await gitCalls(() => openGitSource({ url }, { cacheDir, today: TODAY, cache: false }));
    expect(calls[0]).toBe('init');
    expect((await openGitSource({ url }, { cacheDir, offline: true, today: TODAY, cache: false })).commit).toBe(result.commit);
    // The run's key is what its child processes (the portfolio's) inherit.
    expect(process.env.PDX_GIT_CACHE_SESSION_KEY).toMatch(/^[0-9a-f]{64}$/);
    // The next run, with a key of its own, does not trust it.
    delete process.env.PDX_GIT_CACHE_SESSION_KEY;
    expect((await failure(openGitSource({ url }, { cacheDir, offline: true, today: TODAY, cache: false }))).code).toBe('git/not-cached');
  });

  it('git variables of the environment (GIT_DIR and its kin) are not followed, and safe.bareRepository=explicit is met', async () => {
    const repo = await teamRepo();
    const other = tempDir('pdx-other-');
    git(other, 'init', '-q');
    const before = execFileSync('find', [join(other, '.git')], { encoding: 'utf8' });
    const variables: Record<string, string> = {
      GIT_DIR: join(other, '.git'),
      GIT_WORK_TREE: other,
      GIT_INDEX_FILE: join(other, '.git', 'index'),
      GIT_NAMESPACE: 'elsewhere',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'safe.bareRepository',
      GIT_CONFIG_VALUE_0: 'explicit',
    };
    for (const [name, value] of Object.entries(variables)) {
      const previous = process.env[name];
      process.env[name] = value;
      cleanup.push(() => (previous === undefined ? delete process.env[name] : (process.env[name] = previous)));
    }
    const opened = await openGitSource({ url: `file://${repo}` }, { cacheDir: tempDir('pdx-sources-'), today: TODAY, cache: false, prefetchHistory: true });
    for (const name of Object.keys(variables)) delete process.env[name];
    expect(opened.commit).toBe(git(repo, 'rev-parse', 'HEAD').trim());
    expect(opened.workspace.records.initiative.map((r) => r.data.id)).toContain('i0');
    // Stage dates from the bare clone's history, named explicitly.
    const dates = await opened.workspace.stageDates();
    expect(dates.available).toBe(true);
    expect(dates.dates.get('discovery/initiatives/i0.yaml')?.get('hypothesis')).toBe('2026-11-09');
    expect(execFileSync('find', [join(other, '.git')], { encoding: 'utf8' })).toBe(before);
  });

  it('with no dir, only pdx.yaml, the data folder and links are read: not the rest of the repository; a link to a record elsewhere still reads as in a checkout', async () => {
    const repo = await teamRepo();
    writeTree(repo, {
      'k8s/deploy.yaml': `kind: Deployment\nspec: ${'y'.repeat(200_000)}\n`,
      'k8s/service.yaml': 'kind: Service\n',
      'shared/rec.yaml': 'id: shared\ntitle: Shared\nstage: epiphany\n',
    });
    symlinkSync('../../shared/rec.yaml', join(repo, 'discovery/initiatives/shared.yaml'));
    commitOn(repo, '2026-11-12', 'deployment files, and a shared record');
    const url = `file://${repo}`;
    const checkout = tempDir('pdx-checkout-');
    execFileSync('git', ['clone', '-q', url, checkout]);
    const direct = await openWorkspace(checkout, { today: TODAY, cache: false, prefetchHistory: true });
    const { result, asked } = await gitCalls(() => openGitSource({ url }, { cacheDir: tempDir('pdx-sources-'), today: TODAY, cache: false, prefetchHistory: true }));
    expect(await said(result.workspace)).toEqual(await said(direct));
    expect(result.workspace.records.initiative.map((r) => r.data.id)).toContain('shared');
    const oid = (path: string) => git(repo, 'rev-parse', `HEAD:${path}`).trim();
    expect(asked).toContain(oid('shared/rec.yaml'));
    expect(asked).toContain(oid('discovery/initiatives/i1.yaml'));
    expect(asked).not.toContain(oid('k8s/deploy.yaml'));
    expect(asked).not.toContain(oid('k8s/service.yaml'));
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
    it(`uses the same git processes whatever the number of records (${n}): fetch, ls-tree, one cat-file, one log and one diff-tree`, async () => {
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
      expect(counts).toEqual([['init', 'fetch', 'rev-parse', 'ls-tree', 'cat-file', 'log', 'diff-tree'], ['ls-tree', 'cat-file'], ['fetch', 'rev-parse', 'ls-tree', 'cat-file']]);
      // A new commit fetched: one `git log` of the commits since the cached one (and one `git
      // diff-tree` of it: it moves a hand-set stage), and the dates of the whole history.
      writeTree(repo, { 'discovery/initiatives/i1.yaml': 'id: i1\ntitle: I1\nstage: hypothesis\n' });
      commitOn(repo, '2026-11-16', 'i1 ahead');
      const before = git(repo, 'rev-parse', 'HEAD~1').trim();
      const { result: since, calls, args } = await gitCalls(async () => {
        const opened = await openGitSource({ url: `file://${repo}` }, { cacheDir, today: TODAY, prefetchHistory: true });
        return { commit: opened.commit, dates: (await opened.workspace.stageDates()).dates };
      });
      const { dates } = since;
      expect(calls.filter((c) => c !== 'upload-pack')).toEqual(['fetch', 'rev-parse', 'ls-tree', 'cat-file', 'log', 'diff-tree']);
      expect(args.find((a) => / log /.test(` ${a} `))).toContain(` log --left-right ${before}...${since.commit} `);
      expect(dates.get('discovery/initiatives/i1.yaml')?.get('hypothesis')).toBe('2026-11-16');
      const whole = await openGitSource({ url: `file://${repo}` }, { cacheDir, offline: true, today: TODAY, cache: false });
      expect(dates).toEqual((await whole.workspace.stageDates()).dates);
    });
  }
});
