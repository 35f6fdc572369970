import { execFile, execFileSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_ENV, BIN, hasStackTrace, runPdx, tempDir, treeHash } from '../helpers.js';

/**
 * SQLite-style crash tests of the write path: the seam `PDX_TEST_FAULT=crash@N` kills pdx
 * (SIGKILL) at the Nth step that changes the disk, for every N until the command completes.
 * After each crash the next pdx command must see the repo exactly before or exactly after the
 * change, never between; `fail@N` makes the Nth step fail as a disk would, and then nothing at
 * all may have changed (unless what failed was only a clean-up, when the write completes).
 *
 * Crashes kill a process: they run the built binary, four at a time. Failures do not: they, and
 * the commands after each crash, run in this process. The steps of each command are counted
 * first, by a run whose fault is armed past its last step, so that every walk covers each one.
 */

/** Temp, backup, lock and guard files: what a killed writer may leave until the next write in that folder. */
const LEFTOVER = /(^|\/)\.[^/]+\.(\d+\.[0-9a-f]{8}\.(tmp|bak)|pdx-lock(\.takeover-\d+-\d+)?)$/;
const ignored = (path: string) => LEFTOVER.test(path) || path.startsWith('.pdx/journal');

/** The repo as git and a reader see it: no leftovers, and no empty folders (a crash may leave one it made). */
function stateOf(dir: string, skip: string[] = []): string {
  return treeHash(dir, (path) => ignored(path) || skip.some((s) => path === s || path.startsWith(`${s}/`)) || isEmptyFolder(join(dir, path)));
}

/** A folder holding nothing but leftovers and folders like it. */
function isEmptyFolder(path: string): boolean {
  try {
    return readdirSync(path, { withFileTypes: true }).every((e) => (e.isDirectory() ? isEmptyFolder(join(path, e.name)) : ignored(e.name)));
  } catch {
    return false;
  }
}

function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      const path = relative(dir, full).split(sep).join('/');
      if (path.startsWith('.pdx/cache')) continue;
      if (e.isDirectory()) walk(full);
      else if (LEFTOVER.test(path) || (path.startsWith('.pdx/journal/') && !e.name.startsWith('.'))) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/** Runs the built pdx with a fault armed: a crash must kill a real process. */
function runFaulty(args: string[], cwd: string, fault: string, env: Record<string, string> = {}): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...BASE_ENV, NO_COLOR: '1', CI: '1', PDX_TEST_FAULT: fault, ...env } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, signal: error?.signal ?? null, stderr });
    });
  });
}

let base: string;
/** The base repo, also in a git repo of its own. */
let gitBase: string;
beforeAll(async () => {
  base = tempDir('pdx-crash-base-');
  const steps = [
    ['init', '--name', 'T', '--no-git'],
    ['initiative', 'add', '--title', 'Quotes', '--date', '2026-11-01'],
    ['domain', 'add', '--id', 'onboarding', '--name', 'Onboarding', '--purpose', 'First booking fast'],
    ['okr', 'add', '--domain', 'onboarding', '--period', '2026-Q4', '--objective', 'Book in days'],
    ['kr', 'add', 'onboarding-2026-q4', '--metric', 'Days', '--baseline', '30', '--target', '3'],
  ];
  for (const args of steps) {
    const result = await runPdx(args, { cwd: base });
    if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  }
  gitBase = tempDir('pdx-crash-git-base-');
  cpSync(base, gitBase, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: gitBase, env: BASE_ENV });
});

const COMMANDS: Record<string, string[]> = {
  'kr update (a new check-in and an edited OKR)': ['kr', 'update', 'days', '--current', '12', '--date', '2026-11-02'],
  'idea add (one edited file)': ['idea', 'add', 'quotes', '--text', 'Quote from a photo', '--date', '2026-11-02'],
  'evidence add (one new file)': ['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'Needs it now', '--date', '2026-11-02'],
};

function copyOf(from: string): string {
  const dir = tempDir('pdx-crash-');
  cpSync(from, dir, { recursive: true });
  return dir;
}
const copyOfBase = () => copyOf(base);

/**
 * The steps that change the disk, in order, of `args` run on a copy of `from`: counted by a run
 * whose fault is armed beyond the last step, so that every walk below covers each of them.
 */
async function stepsOf(args: string[], from = base, env: Record<string, string> = {}): Promise<readonly string[]> {
  const result = await runPdx(args, { cwd: copyOf(from), env: { CI: '1', PDX_TEST_FAULT: 'fail@1000000', ...env } });
  expect(result.code, result.stderr).toBe(0);
  return result.faultSteps!;
}

/** Runs `work(n)` for n = 1 … `last`, at most four at a time. */
async function eachStep(last: number, work: (n: number) => Promise<void>): Promise<void> {
  let next = 1;
  const worker = async () => {
    for (let n = next++; n <= last; n = next++) await work(n);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Each walk is split into this many tests (step n in part (n - 1) % PARTS), so that none comes near its timeout on a loaded machine. */
const PARTS = 4;

describe('a write killed at any step leaves the repo before or after, never between', () => {
  const seenBy = new Map<string, Set<string>>();
  for (const [name, args] of Object.entries(COMMANDS)) {
   for (let part = 0; part < PARTS; part++) {
    it(`${name}, steps ${part + 1}, ${part + 1 + PARTS}, …`, async () => {
      const before = stateOf(base);
      const clean = copyOfBase();
      expect((await runPdx(args, { cwd: clean })).code).toBe(0);
      const after = stateOf(clean);
      expect(after).not.toBe(before);
      const steps = await stepsOf(args);
      expect(steps.length).toBeGreaterThan(3);

      const seen = seenBy.get(name) ?? seenBy.set(name, new Set()).get(name)!;
      // Every step, and one more: killed there, the command has already completed.
      await eachStep(steps.length + 1, async (n) => {
        if ((n - 1) % PARTS !== part) return;
        const dir = copyOfBase();
        const crashed = await runFaulty(args, dir, `crash@${n}`);
        if (n > steps.length) {
          expect(crashed.code, `step ${n}: ${crashed.stderr}`).toBe(0);
          expect(stateOf(dir)).toBe(after);
          return;
        }
        expect(crashed.signal, `step ${n} (${steps[n - 1]}): ${crashed.stderr}`).toBe('SIGKILL');
        // The next pdx command (any, even a read) finishes or undoes the write.
        const next = await runPdx(['validate', '--json'], { cwd: dir });
        expect(next.code, `step ${n}: ${next.stdout}`).toBe(0);
        const state = stateOf(dir);
        expect([before, after], `step ${n}`).toContain(state);
        seen.add(state === before ? 'before' : 'after');
        expect(leftovers(dir).filter((p) => p.startsWith('.pdx/journal/')), `step ${n}`).toEqual([]);
        // The next write in those folders takes over the dead writer's locks at once and cleans what it left.
        const again = await runPdx(args, { cwd: dir });
        expect(again.code, `step ${n}: ${again.stderr}`).toBe(0);
        expect(leftovers(dir), `step ${n}`).toEqual([]);
      });
    });
   }
    it(`${name}: some crashes leave it before, some after`, () => {
      expect([...(seenBy.get(name) ?? [])].sort()).toEqual(['after', 'before']);
    });
  }
});

/** Steps whose failure is only a courtesy left undone (a leftover removed, a lock let go): the next write cleans up. */
const COURTESIES = ['cleanup', 'unlock'];

describe('a write whose step fails (as a full or broken disk would make it) changes nothing, unless only a clean-up failed', () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    it(name, async () => {
      // An empty .pdx/journal folder may stay: it is pdx's own, git-ignored, and holds no write.
      const before = stateOf(base);
      const clean = copyOfBase();
      expect((await runPdx(args, { cwd: clean })).code).toBe(0);
      const after = stateOf(clean);
      const steps = await stepsOf(args);
      const outcomes: string[] = [];
      // Failing does not kill the process: each step fails in this one.
      for (let n = 1; n <= steps.length; n++) {
        const step = `step ${n} (${steps[n - 1]})`;
        const dir = copyOfBase();
        const failed = await runPdx(args, { cwd: dir, env: { CI: '1', PDX_TEST_FAULT: `fail@${n}` } });
        expect(hasStackTrace(failed.stderr), step).toBe(false);
        if (failed.code === 0) {
          // The write went on, whole; what was left (a temp file, a lock) is the next write's to clean.
          expect(COURTESIES, `${step}: a failure that is more than a courtesy was ignored`).toContain(steps[n - 1]);
          expect(stateOf(dir), step).toBe(after);
          expect(leftovers(dir).filter((p) => p.startsWith('.pdx/journal/')), step).toEqual([]);
          outcomes.push('completed');
          continue;
        }
        expect(failed.code, `${step}: ${failed.stderr}`).toBe(1);
        expect(failed.stderr.trim().split('\n').length, failed.stderr).toBeLessThanOrEqual(3);
        expect(stateOf(dir), `${step}: ${failed.stderr}`).toBe(before);
        expect(leftovers(dir), step).toEqual([]);
        outcomes.push('refused');
      }
      // Most steps, and the first, refuse the whole write.
      expect(outcomes[0]).toBe('refused');
      expect(outcomes.filter((o) => o === 'refused').length).toBeGreaterThan(steps.length / 3);
    });
  }
});

describe('without a cache folder of the user (a container with a read-only home)', () => {
  const NO_CACHE = { XDG_CACHE_HOME: '/proc/pdx-nowhere', HOME: '/proc/pdx-nowhere' };
  const args = COMMANDS['kr update (a new check-in and an edited OKR)']!;

  for (let part = 0; part < PARTS; part++) {
  it(`in a git repo the journal is signed with a secret kept in .git, so a crash is still finished or undone (steps ${part + 1}, ${part + 1 + PARTS}, …)`, async () => {
    const before = stateOf(gitBase, ['.git']);
    const clean = copyOf(gitBase);
    expect((await runPdx(args, { cwd: clean, env: NO_CACHE })).code).toBe(0);
    const after = stateOf(clean, ['.git']);
    const steps = await stepsOf(args, gitBase, NO_CACHE);
    expect(steps.length).toBeGreaterThan(10);
    // The secret is used from the journal on: its temp file (written, flushed, then put in place)
    // and every step after. The steps before it are the first walk's, which no secret touches.
    const journal = steps.indexOf('journal-rename') + 1;
    expect(steps.slice(journal - 4, journal)).toEqual(['temp', 'temp-write', 'temp-sync', 'journal-rename']);
    const first = journal - 3;
    // This part's share of the steps from the first the secret touches.
    const mine = Array.from({ length: steps.length - first + 1 }, (_, i) => first + i).filter((_, i) => i % PARTS === part);
    await eachStep(mine.length, async (i) => {
      const n = mine[i - 1]!;
      const dir = copyOf(gitBase);
      const crashed = await runFaulty(args, dir, `crash@${n}`, NO_CACHE);
      expect(crashed.signal, `step ${n}: ${crashed.stderr}`).toBe('SIGKILL');
      const next = await runPdx(['validate', '--json'], { cwd: dir, env: NO_CACHE });
      expect(next.code, `step ${n}: ${next.stdout}`).toBe(0);
      expect([before, after], `step ${n}`).toContain(stateOf(dir, ['.git']));
    });
  });
  }

  it('outside git, a write of several files is refused before anything changes, with what to do', async () => {
    const dir = copyOfBase();
    const before = stateOf(dir);
    const result = await runPdx(args, { cwd: dir, env: NO_CACHE });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/needs a secret to sign its journal with.*nothing was written/);
    expect(stateOf(dir)).toBe(before);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('a journal that this user did not sign', () => {
  it('is reported and never acted on; the user who wrote it finishes the write', async () => {
    const args = COMMANDS['kr update (a new check-in and an edited OKR)']!;
    const writer = { XDG_CACHE_HOME: tempDir('pdx-writer-cache-') };
    const stranger = { XDG_CACHE_HOME: tempDir('pdx-stranger-cache-') };
    // Killed at the step after the journal is put in place, the write leaves it behind.
    const steps = await stepsOf(args, base, writer);
    const dir = copyOfBase();
    const crashed = await runFaulty(args, dir, `crash@${steps.indexOf('journal-rename') + 2}`, writer);
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(leftovers(dir).filter((p) => /^\.pdx\/journal\/[^.][^/]*\.json$/.test(p))).toHaveLength(1);
    const before = treeHash(dir);
    const foreign = await runPdx(['validate', '--json'], { cwd: dir, env: stranger });
    expect(JSON.parse(foreign.stdout).warnings).toEqual([expect.objectContaining({ code: 'write/untrusted-journal' })]);
    expect(treeHash(dir)).toBe(before);
    const own = await runPdx(['validate', '--json'], { cwd: dir, env: writer });
    expect(JSON.parse(own.stdout).warnings.map((w: { code: string }) => w.code)).toEqual(['write/recovered', 'write/recovered']);
    expect(leftovers(dir).filter((p) => p.startsWith('.pdx/journal/'))).toEqual([]);
  });
});
