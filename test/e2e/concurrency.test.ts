import { execFile, execFileSync, spawn } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planAdvance } from '../../src/authoring/advance.js';
import { applyEdits } from '../../src/store/edit.js';
import { loadRepo } from '../../src/store/load.js';
import { currentOwner } from '../../src/store/lock.js';
import { preparePlan } from '../../src/store/plan-writer.js';
import { applyChanges } from '../../src/store/transaction.js';
import { BASE_FILES } from '../fixtures.js';
import { BIN, EXAMPLES, hasStackTrace, minimalRepo, runPdx, spawnPdx, tempDir } from '../helpers.js';

const INITIATIVE = 'discovery/initiatives/quotes.yaml';

async function repoWithInitiative(): Promise<string> {
  const dir = minimalRepo();
  const result = await runPdx(['initiative', 'add', '--title', 'Quotes', '--id', 'quotes', '--date', '2026-11-01'], { cwd: dir });
  if (result.code !== 0) throw new Error(result.stderr);
  return dir;
}

/** The pid of a process that has just exited: a lock naming it belongs to nobody. */
function deadPid(): number {
  return Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
}

const CHANGED = /changed on disk while pdx was working on it; nothing was written — run the command again|is being changed by another pdx command \((pid \d+|owner unknown)/;

describe('another program editing the same file', () => {
  it('loses none of its lines while pdx writes the file again and again', async () => {
    const dir = await repoWithInitiative();
    const file = join(dir, INITIATIVE);
    // Another program appends a comment line every 1–3 ms, opening the file each time.
    const appender = spawn(process.execPath, ['-e', `
      const fs = require('node:fs');
      const pause = new Int32Array(new SharedArrayBuffer(4));
      let n = 0;
      const stop = Date.now() + 2500;
      while (Date.now() < stop) {
        fs.appendFileSync(${JSON.stringify(file)}, '# appended ' + (++n) + '\\n');
        Atomics.wait(pause, 0, 0, 1 + Math.floor(Math.random() * 3)); // asleep, not spinning: the CPU is pdx's
      }
      process.stdout.write(String(n));
    `]);
    let appended = '';
    appender.stdout.on('data', (d: Buffer) => (appended += d.toString()));
    const finished = new Promise((resolve) => appender.on('close', resolve));
    const written: string[] = [];
    let refused = 0;
    for (let i = 0; appender.exitCode === null && i < 5000; i++) {
      const before = readFileSync(file, 'utf8');
      const text = `idea ${i}`;
      let after: string;
      try {
        after = applyEdits(before, [{ op: 'append', path: ['ideas'], item: { text, date: '2026-11-02' } }]);
      } catch {
        continue; // read half a line: the edit refuses, as pdx would
      }
      try {
        applyChanges(dir, [{ file: INITIATIVE, before, after }]);
        written.push(text);
      } catch (error) {
        expect(String(error)).toMatch(CHANGED);
        refused++;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await finished;
    const final = readFileSync(file, 'utf8');
    const count = Number(appended);
    expect(count).toBeGreaterThan(100);
    const missing = Array.from({ length: count }, (_, i) => `# appended ${i + 1}\n`).filter((line) => !final.includes(line));
    expect(missing).toEqual([]);
    for (const text of written) expect(final).toContain(`{ text: ${text}, date: 2026-11-02 }`);
    expect(written.length).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'discovery/initiatives')).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('locks', () => {
  it('names the command in its locks by what commander ran, whatever options come before it, never its values', async () => {
    const dir = minimalRepo(BASE_FILES);
    const run = await runPdx(['--no-color', '-C', dir, '--no-input', 'idea', 'add', 'quotes', '--text', 'Secret notes from a call', '--json'], { cwd: tempDir() });
    expect(run.code, run.stdout).toBe(0);
    expect(currentOwner().command).toBe('pdx idea add');
  });

  it('a lock left by a killed pdx is taken over at once, and its leftovers cleaned', async () => {
    const dir = await repoWithInitiative();
    const folder = join(dir, 'discovery/initiatives');
    const dead = deadPid();
    writeFileSync(join(folder, '.quotes.yaml.pdx-lock'), `${JSON.stringify({ pid: dead, host: hostname(), command: 'pdx idea add' })}\n`);
    writeFileSync(join(folder, `.quotes.yaml.${dead}.0badf00d.tmp`), 'half a write');
    writeFileSync(join(folder, `.quotes.yaml.${dead}.0badf00d.bak`), 'an old copy');
    const started = Date.now();
    const result = await runPdx(['idea', 'add', 'quotes', '--text', 'After the crash'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(readFileSync(join(folder, 'quotes.yaml'), 'utf8')).toContain('After the crash');
    expect(readdirSync(folder)).toEqual(['quotes.yaml']);
  });

  it('a lock naming a live pid but no start time (an older pdx, or one that came with the repo) is taken over once 30 s old', async () => {
    const dir = await repoWithInitiative();
    const lock = join(dir, 'discovery/initiatives/.quotes.yaml.pdx-lock');
    writeFileSync(lock, '1\n');
    const fresh = await runPdx(['idea', 'add', 'quotes', '--text', 'Too soon'], { cwd: dir });
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(/pdx takes it over by itself once that process is gone, or 30 s after it was taken/);
    const old = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(lock, old, old);
    const later = await runPdx(['idea', 'add', 'quotes', '--text', 'Two days later'], { cwd: dir });
    expect(later.code, later.stderr).toBe(0);
    expect(readdirSync(join(dir, 'discovery/initiatives'))).toEqual(['quotes.yaml']);
  });

  it('a live lock is named with its owner and never taken', async () => {
    const dir = await repoWithInitiative();
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'discovery/initiatives/.quotes.yaml.pdx-lock'), `${JSON.stringify({ pid: sleeper.pid, host: hostname(), command: 'pdx advance', since: '2026-11-30T09:00:00.000Z' })}\n`);
      const result = await runPdx(['idea', 'add', 'quotes', '--text', 'Blocked'], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`discovery/initiatives/quotes.yaml is being changed by another pdx command (pid ${sleeper.pid}, \`pdx advance\`, since 2026-11-30T09:00:00.000Z); nothing was written`);
      expect(result.stderr).toMatch(/\.quotes\.yaml\.pdx-lock/);
      expect(readFileSync(join(dir, INITIATIVE), 'utf8')).not.toContain('Blocked');
    } finally {
      sleeper.kill();
    }
  });

  it('a dead lock another writer is taking over this instant (its guard is live) is not taken a second time', async () => {
    const dir = await repoWithInitiative();
    const lock = join(dir, 'discovery/initiatives/.quotes.yaml.pdx-lock');
    writeFileSync(lock, `${JSON.stringify({ pid: deadPid(), host: hostname() })}\n`);
    const stale = lstatSync(lock, { bigint: true });
    writeFileSync(`${lock}.takeover-${stale.ino}-${stale.ctimeNs}`, `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`);
    const before = readFileSync(join(dir, INITIATIVE), 'utf8');
    expect(() => applyChanges(dir, [{ file: INITIATIVE, before, after: `${before}# mine\n` }])).toThrow(CHANGED);
    expect(readFileSync(join(dir, INITIATIVE), 'utf8')).toBe(before);
  });

  it('when many find the same dead lock at once, one at a time gets in: no edit is lost', async () => {
    const dir = await repoWithInitiative();
    writeFileSync(join(dir, 'discovery/initiatives/.quotes.yaml.pdx-lock'), `${JSON.stringify({ pid: deadPid(), host: hostname() })}\n`);
    // Separate processes: in-process runs take turns.
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => spawnPdx(['idea', 'add', 'quotes', '--text', `Idea number ${i}`], { cwd: dir })));
    const final = readFileSync(join(dir, INITIATIVE), 'utf8');
    for (const [i, r] of results.entries()) {
      expect(hasStackTrace(r.stderr)).toBe(false);
      if (r.code === 0) expect(final).toContain(`Idea number ${i},`);
      else {
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toMatch(CHANGED);
      }
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    expect(readdirSync(join(dir, 'discovery/initiatives'))).toEqual(['quotes.yaml']);
  });
});

describe('bursts of writers', () => {
  it('ten parallel advances: each is written or told the file changed, never a plan from a stale read', async () => {
    const dir = await repoWithInitiative();
    for (let i = 0; i < 3; i++) expect((await runPdx(['idea', 'add', 'quotes', '--text', `Idea ${i}`, '--date', '2026-11-02'], { cwd: dir })).code).toBe(0);
    const results = await Promise.all(Array.from({ length: 10 }, () => spawnPdx(['advance', 'quotes', '--force', '--reason', 'Testing a burst', '--date', '2026-11-03'], { cwd: dir })));
    const wrote = results.filter((r) => r.code === 0);
    expect(wrote.length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((r) => r.code !== 0)) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(CHANGED);
    }
    const final = readFileSync(join(dir, INITIATIVE), 'utf8');
    // Every move that reported success is in the history, each from the stage the one before left:
    // a plan made from a stale read would enter the same stage twice.
    expect(final.match(/reason: Testing a burst/g)?.length).toBe(wrote.length);
    const stages = [...final.matchAll(/stage: (\w+)/g)].map((m) => m[1]).slice(1);
    expect(stages).toEqual(['immersion', 'epiphany', 'hypothesis', 'validation', 'prototyping', 'design', 'release', 'mvp'].slice(0, wrote.length + 1));
    expect((await runPdx(['validate'], { cwd: dir })).code).toBe(0);
  });

  it('a plan made from the file as loaded is refused once another writer changed what the file says', async () => {
    const dir = await repoWithInitiative();
    const repo = await loadRepo(dir, { today: '2026-11-30', cache: false });
    const plan = planAdvance(repo.records.initiative[0]!, { to: 'epiphany', date: '2026-11-03', reason: 'r', forcedPast: [] });
    // Another writer moved it meanwhile: the same plan applied to the new text would move it twice.
    const file = join(dir, INITIATIVE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('stage: immersion\n', 'stage: epiphany\n'));
    expect(() => preparePlan(repo, plan, '2026-11-30')).toThrow(/quotes\.yaml changed on disk while pdx was working on it/);
    // A change that leaves what the file says alone (a comment) does not stop the plan.
    writeFileSync(file, `# a note\n${readFileSync(file, 'utf8').replace('stage: epiphany\n', 'stage: immersion\n')}`);
    expect(preparePlan(repo, plan, '2026-11-30')[0]!.after).toMatch(/^# a note\n/);
  });

  it('twelve parallel evidence adds for one customer on one day all get an id', async () => {
    const dir = await repoWithInitiative();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => spawnPdx(['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-017', '--source', 'interview', '--date', '2026-11-20', '--note', `Note ${i}`, '--json'], { cwd: dir })),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const ids = new Set(results.map((r) => JSON.parse(r.stdout).id as string));
    expect(ids.size).toBe(12);
    const files = readdirSync(join(dir, 'discovery/evidence/quotes'));
    expect(files.filter((f) => !f.startsWith('.')).length).toBe(12);
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('two parallel evidence adds with one --id: one is written, the other refused, nothing overwritten', async () => {
    const dir = await repoWithInitiative();
    const results = await Promise.all(
      ['first', 'second'].map((note) => spawnPdx(['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-017', '--source', 'interview', '--date', '2026-11-20', '--note', note, '--id', 'e1'], { cwd: dir })),
    );
    expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
    const winner = results.findIndex((r) => r.code === 0);
    expect(readFileSync(join(dir, 'discovery/evidence/quotes/e1.yaml'), 'utf8')).toContain(`note: ${['first', 'second'][winner]}\n`);
    expect(results[1 - winner]!.stderr).toMatch(/e1(\.yaml)?`? (already exists|is already used)/);
    expect(readdirSync(join(dir, 'discovery/evidence/quotes'))).toEqual(['e1.yaml']);
  });
});

describe('a full disk', () => {
  const mountable = (() => {
    if (process.getuid?.() !== 0) return false;
    const probe = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
      execFileSync('umount', [probe]);
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!mountable)('a write of two files fails whole, leaving no lock, temp file or half a change; once there is room it works', async () => {
    const mount = tempDir('pdx-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]);
    try {
      const repo = join(mount, 'repo');
      execFileSync('mkdir', [repo]);
      const P = (...args: string[]) => runPdx(args, { cwd: repo, env: { XDG_CACHE_HOME: tempDir() } });
      for (const args of [['init', '--name', 'T', '--no-git'], ['domain', 'add', '--id', 'onboarding', '--name', 'O', '--purpose', 'P'], ['okr', 'add', '--domain', 'onboarding', '--period', '2026-Q4', '--objective', 'O'], ['kr', 'add', 'onboarding-2026-q4', '--metric', 'Days', '--baseline', '30', '--target', '3']]) {
        expect((await P(...args)).code).toBe(0);
      }
      execFileSync('rm', ['-rf', join(repo, '.pdx/cache')]);
      // Everything but pdx's cache, which may or may not find room.
      const snapshot = () => execFileSync('find', [repo, '-path', join(repo, '.pdx/cache'), '-prune', '-o', '-type', 'f', '-printf', '%P %s\n'], { encoding: 'utf8' }).split('\n').sort().join('\n');
      // Fill the disk to the last byte.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(mount, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
      } catch {
        // dd stops when the disk is full.
      }
      const before = snapshot();
      const result = await P('kr', 'update', 'days', '--current', '12', '--date', '2026-11-02');
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/no space left on the device; no file was changed/);
      expect(hasStackTrace(result.stderr)).toBe(false);
      expect(snapshot()).toBe(before);
      execFileSync('rm', [join(mount, 'filler')]);
      expect((await P('kr', 'update', 'days', '--current', '12', '--date', '2026-11-02')).code).toBe(0);
      expect(readFileSync(join(repo, 'discovery/okrs/onboarding-2026-q4.yaml'), 'utf8')).toContain('current: 12');
    } finally {
      execFileSync('umount', ['-l', mount]);
    }
  });

  it('a write that the disk takes only part of (a file size limit) fails whole instead of cutting the record short', async () => {
    const dir = await repoWithInitiative();
    const file = join(dir, INITIATIVE);
    writeFileSync(file, `${'# a long comment the team wrote by hand, kept in the file\n'.repeat(60)}${readFileSync(file, 'utf8')}`);
    const before = readFileSync(file, 'utf8');
    expect(before.length).toBeGreaterThan(2048);
    const limited = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile('bash', ['-c', `ulimit -f 1; exec "${process.execPath}" "${BIN}" idea add quotes --text "One more idea"`], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '1' } }, (error, _out, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
      );
    });
    expect(limited.code, limited.stderr).toBe(1);
    expect(limited.stderr).toMatch(/no file was changed/);
    expect(hasStackTrace(limited.stderr)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(join(dir, 'discovery/initiatives'))).toEqual(['quotes.yaml']);
  });

  it('output redirected to a file that the disk takes only part of is an error, not a shorter report', async () => {
    const dir = tempDir();
    const limited = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile('bash', ['-c', `ulimit -f 2; exec "${process.execPath}" "${BIN}" -C "${EXAMPLES}" report --json > "${join(dir, 'r.json')}"`], { env: { ...process.env, NO_COLOR: '1', CI: '1' } }, (error, _out, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
      );
    });
    expect(limited.code, limited.stderr).toBe(1);
    expect(limited.stderr).toMatch(/could not write the output .*so it is incomplete/);
    expect(hasStackTrace(limited.stderr)).toBe(false);
  });
});

