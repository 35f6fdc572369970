import { execFile, execFileSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, hasStackTrace, runPdx, tempDir, treeHash } from '../helpers.js';

/**
 * SQLite-style crash tests of the write path: the seam `PDX_TEST_FAULT=crash@N` kills pdx
 * (SIGKILL) at the Nth step that changes the disk, for every N until the command completes.
 * After each crash the next pdx command must see the repo exactly before or exactly after the
 * change, never between; `fail@N` makes the Nth step fail as a disk would, and then nothing at
 * all may have changed.
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

function runFaulty(args: string[], cwd: string, fault: string, env: Record<string, string> = {}): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: '1', PDX_TEST_FAULT: fault, ...env } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, signal: error?.signal ?? null, stderr });
    });
  });
}

let base: string;
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
});

const COMMANDS: Record<string, string[]> = {
  'kr update (a new check-in and an edited OKR)': ['kr', 'update', 'days', '--current', '12', '--date', '2026-11-02'],
  'idea add (one edited file)': ['idea', 'add', 'quotes', '--text', 'Quote from a photo', '--date', '2026-11-02'],
  'evidence add (one new file)': ['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'Needs it now', '--date', '2026-11-02'],
};

function copyOfBase(): string {
  const dir = tempDir('pdx-crash-');
  cpSync(base, dir, { recursive: true });
  return dir;
}

/** Runs `work(n)` for n = 1, 2, … in batches until `done` says the command completed. */
async function everyStep(work: (n: number) => Promise<boolean>): Promise<number> {
  for (let from = 1; ; from += 4) {
    const completed = await Promise.all([0, 1, 2, 3].map((i) => work(from + i)));
    if (completed.some(Boolean)) return from + completed.indexOf(true);
  }
}

describe('a write killed at any step leaves the repo before or after, never between', () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    it(name, async () => {
      const before = stateOf(base);
      const clean = copyOfBase();
      expect((await runPdx(args, { cwd: clean })).code).toBe(0);
      const after = stateOf(clean);
      expect(after).not.toBe(before);

      const seen = new Set<string>();
      const steps = await everyStep(async (n) => {
        const dir = copyOfBase();
        const crashed = await runFaulty(args, dir, `crash@${n}`);
        if (crashed.code === 0) return true;
        expect(crashed.signal, `step ${n}: ${crashed.stderr}`).toBe('SIGKILL');
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
        return false;
      });
      expect(steps).toBeGreaterThan(3);
      expect([...seen].sort()).toEqual(['after', 'before']);
    }, 120_000);
  }
});

describe('a write whose step fails (as a full or broken disk would make it) changes nothing at all', () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    it(name, async () => {
      // An empty .pdx/journal folder may stay: it is pdx's own, git-ignored, and holds no write.
      const before = stateOf(base);
      await everyStep(async (n) => {
        const dir = copyOfBase();
        const failed = await runFaulty(args, dir, `fail@${n}`);
        if (failed.code === 0) return true;
        expect(failed.code, `step ${n}: ${failed.stderr}`).toBe(1);
        expect(hasStackTrace(failed.stderr)).toBe(false);
        expect(failed.stderr.trim().split('\n').length, failed.stderr).toBeLessThanOrEqual(3);
        expect(stateOf(dir), `step ${n}: ${failed.stderr}`).toBe(before);
        expect(leftovers(dir), `step ${n}`).toEqual([]);
        return false;
      });
    }, 120_000);
  }
});

describe('without a cache folder of the user (a container with a read-only home)', () => {
  const NO_CACHE = { XDG_CACHE_HOME: '/proc/pdx-nowhere', HOME: '/proc/pdx-nowhere' };
  const args = COMMANDS['kr update (a new check-in and an edited OKR)']!;

  it('in a git repo the journal is signed with a secret kept in .git, so a crash is still finished or undone', async () => {
    const before = stateOf(base);
    const clean = copyOfBase();
    expect((await runPdx(args, { cwd: clean })).code).toBe(0);
    const after = stateOf(clean);
    const steps = await everyStep(async (n) => {
      const dir = copyOfBase();
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const crashed = await runFaulty(args, dir, `crash@${n}`, NO_CACHE);
      if (crashed.code === 0) return true;
      expect(crashed.signal, `step ${n}: ${crashed.stderr}`).toBe('SIGKILL');
      const next = await runPdx(['validate', '--json'], { cwd: dir, env: NO_CACHE });
      expect(next.code, `step ${n}: ${next.stdout}`).toBe(0);
      expect([before, after], `step ${n}`).toContain(stateOf(dir, ['.git']));
      return false;
    });
    expect(steps).toBeGreaterThan(10);
  }, 120_000);

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
    // The first step at which a crash leaves a journal behind.
    let dir = '';
    for (let n = 1; n < 40 && !dir; n++) {
      const candidate = copyOfBase();
      const crashed = await runFaulty(args, candidate, `crash@${n}`, writer);
      if (crashed.code === 0) break;
      if (leftovers(candidate).some((p) => /^\.pdx\/journal\/[^.][^/]*\.json$/.test(p))) dir = candidate;
    }
    expect(dir).not.toBe('');
    const before = treeHash(dir);
    const foreign = await runPdx(['validate', '--json'], { cwd: dir, env: stranger });
    expect(JSON.parse(foreign.stdout).warnings).toEqual([expect.objectContaining({ code: 'write/untrusted-journal' })]);
    expect(treeHash(dir)).toBe(before);
    const own = await runPdx(['validate', '--json'], { cwd: dir, env: writer });
    expect(JSON.parse(own.stdout).warnings.map((w: { code: string }) => w.code)).toEqual(['write/recovered', 'write/recovered']);
    expect(leftovers(dir).filter((p) => p.startsWith('.pdx/journal/'))).toEqual([]);
  }, 60_000);
});
