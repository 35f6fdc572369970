import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStageDates } from '../../src/engine/stage-dates.js';
import { fieldDatesFromHistory } from '../../src/git/index.js';
import { commitOn, git, gitPdxRepo, pdxGitCalls, runPdx, tempDir, writeTree } from '../helpers.js';

/**
 * Incremental history ≡ full history: after each step of a history (hand-set stages, a merge of a
 * branch with older dates, a merge that took the other side, a value set twice, an amend, a line
 * replaced, a reset), every command
 * that reads git's dates says the same with the history cached at the step before (read since
 * that commit) and with no cache (read whole); and so do the dates, cached or not.
 */

const COMMANDS = [
  ['gate', 'epiphany', '--json'],
  ['report', '--json'],
  ['log', '--json'],
];

const stage = (id: string, value: string) => ({ [`discovery/initiatives/${id}.yaml`]: `id: ${id}\ntitle: ${id.toUpperCase()}\nstage: ${value}\n` });

/** How a step's history is read with the cache of the step before: the commits since it, or those and then whole. */
type Read = 'since' | 'since, whole';

interface Step {
  name: string;
  make(dir: string): void | Promise<void>;
  read: Read;
}

const HAND_SET: Step = { name: 'a hand-set stage', make: (dir) => (writeTree(dir, stage('i1', 'hypothesis')), commitOn(dir, '2026-11-05', 'i1 ahead')), read: 'since' };

/** Branches and merges: one with older dates, and one that took the other side's files. */
const MERGES: Step[] = [
  HAND_SET,
  {
    name: 'a branch with older dates merged',
    make: (dir) => {
      git(dir, 'checkout', '-q', '-b', 'side', 'HEAD~1');
      writeTree(dir, { ...stage('i2', 'hypothesis'), ...stage('i3', 'hypothesis') });
      commitOn(dir, '2026-11-03', 'i2 and i3 ahead, on a branch');
      git(dir, 'checkout', '-q', 'main');
      git(dir, 'merge', '-q', '--no-ff', '--no-edit', 'side');
    },
    read: 'since',
  },
  { name: 'a stage on a feature branch', make: (dir) => (git(dir, 'checkout', '-q', '-b', 'feature'), writeTree(dir, stage('i0', 'validation')), commitOn(dir, '2026-11-06', 'i0 far ahead')), read: 'since' },
  {
    // The merge keeps main's i0, so its files are main's: git log without --full-history would
    // hide the feature's commit, which the cached dates hold.
    name: 'main merged into it, its side taken',
    make: (dir) => {
      git(dir, 'checkout', '-q', 'main');
      writeTree(dir, stage('i0', 'hypothesis'));
      commitOn(dir, '2026-11-04', 'i0 ahead on main');
      git(dir, 'checkout', '-q', 'feature');
      git(dir, 'merge', '-q', '--no-edit', '-X', 'theirs', 'main');
    },
    read: 'since',
  },
];

/** History rewritten: an amend, a line replaced, a reset; and a value set twice. */
const REWRITES: Step[] = [
  HAND_SET,
  {
    name: 'a value set again after a move back (two commits at once)',
    make: (dir) => {
      writeTree(dir, stage('i1', 'epiphany'));
      commitOn(dir, '2026-11-08', 'i1 back');
      writeTree(dir, stage('i1', 'hypothesis'));
      commitOn(dir, '2026-11-09', 'i1 ahead again');
    },
    read: 'since',
  },
  {
    name: 'evidence only',
    make: async (dir) => {
      expect((await runPdx(['evidence', 'add', '--initiative', 'i0', '--customer', 'C-1', '--source', 'interview', '--note', 'first', '--date', '2026-11-10'], { cwd: dir })).code).toBe(0);
      commitOn(dir, '2026-11-10', 'an interview');
    },
    read: 'since',
  },
  // The cached commit is gone from the branch, but it set no stage: its dates still hold.
  { name: 'the evidence commit amended', make: (dir) => (writeTree(dir, { 'notes.md': 'amended\n' }), commitOn(dir, '2026-11-11', 'an interview, amended', '--amend')), read: 'since' },
  { name: 'a stage on top', make: (dir) => (writeTree(dir, stage('i0', 'validation')), commitOn(dir, '2026-11-12', 'i0 ahead')), read: 'since' },
  {
    name: 'that commit replaced by another line',
    make: (dir) => {
      git(dir, 'reset', '-q', '--hard', 'HEAD~1');
      writeTree(dir, stage('i2', 'validation'));
      commitOn(dir, '2026-11-13', 'i2 far ahead instead');
    },
    read: 'since, whole',
  },
  { name: 'a reset to an older commit', make: (dir) => void git(dir, 'reset', '-q', '--hard', 'HEAD~3'), read: 'since, whole' },
];

/** A stage-dates cache file's content, in no particular order. */
function cached(text: string) {
  const { dates, ...rest } = JSON.parse(text) as { dates: [string, [string, string][]][] };
  return { ...rest, dates: Object.fromEntries(dates.map(([file, values]) => [file, Object.fromEntries(values)])) };
}

async function outputs(dir: string, extra: string[] = []): Promise<string[]> {
  const out: string[] = [];
  for (const args of COMMANDS) {
    const result = await runPdx([...args, ...extra], { cwd: dir });
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBeLessThanOrEqual(1);
    out.push(result.stdout);
  }
  return out;
}

/**
 * Makes each step in a repo of four hand-set initiatives and checks after each: every command
 * with the cache of the step before ≡ with no cache, and the dates read since the step before ≡
 * uncached ≡ whole. Resolves to the last dates.
 */
async function walk(steps: Step[]) {
  const dir = await gitPdxRepo();
  writeTree(dir, { ...stage('i0', 'epiphany'), ...stage('i1', 'epiphany'), ...stage('i2', 'epiphany'), ...stage('i3', 'epiphany') });
  commitOn(dir, '2026-11-02', 'hand-set stages');
  await outputs(dir);
  const cache = join(dir, '.pdx/cache');
  const before = tempDir('pdx-cache-before-');
  const datesCache = tempDir('pdx-dates-cache-');
  const watch = [{ folder: 'discovery/initiatives', field: 'stage' }];
  expect((await readStageDates(dir, true, { cacheRoot: datesCache })).available).toBe(true);
  for (const step of steps) {
    // The cache as the step before left it: every command starts from it.
    rmSync(before, { recursive: true, force: true });
    cpSync(cache, before, { recursive: true });
    const old = git(dir, 'rev-parse', 'HEAD').trim();
    await step.make(dir);
    const now = git(dir, 'rev-parse', 'HEAD').trim();
    const incremental: string[] = [];
    const next = tempDir('pdx-cache-next-');
    cpSync(before, next, { recursive: true });
    let after: string | undefined;
    for (const args of COMMANDS) {
      rmSync(cache, { recursive: true, force: true });
      cpSync(before, cache, { recursive: true });
      const result = await pdxGitCalls(dir, args);
      expect(result.code, `${step.name}: ${args.join(' ')}: ${result.stderr}`).toBeLessThanOrEqual(1);
      incremental.push(result.stdout);
      const logs = result.calls.filter((c) => c.startsWith('log ')).map((c) => (c.startsWith(`log --left-right ${old}...${now} `) ? 'since' : c.startsWith(`log ${now} `) ? 'whole' : c));
      expect(logs.join(', '), `${step.name}: ${args.join(' ')} ${old} ${now}`).toBe(step.read);
      // What the first read since the step before cached, to compare with the whole history's.
      after ??= readFileSync(join(cache, 'stage-dates.json'), 'utf8');
      // What this command wrote, kept for the next step (a command that does not read a file leaves the old one).
      for (const name of readdirSync(cache)) {
        const old = join(before, name);
        if (!existsSync(old) || !readFileSync(old).equals(readFileSync(join(cache, name)))) cpSync(join(cache, name), join(next, name), { recursive: true });
      }
    }
    // The next step starts from what these reads cached.
    rmSync(cache, { recursive: true, force: true });
    cpSync(next, cache, { recursive: true });
    // No cache: the history read whole.
    expect(incremental, step.name).toEqual(await outputs(dir, ['--no-cache']));
    expect(cached(after!), step.name).toEqual(cached(JSON.stringify({ key: JSON.parse(after!).key, commit: now, dates: [...(await fieldDatesFromHistory(dir, watch, false))!].map(([file, values]) => [file, [...values]]) })));
    // The dates themselves, read since the last step's commit, with no cache, and whole.
    const since = await readStageDates(dir, true, { cacheRoot: datesCache });
    expect(since.dates, step.name).toEqual((await readStageDates(dir, false)).dates);
    expect(since.dates, step.name).toEqual(await fieldDatesFromHistory(dir, watch, false));
    expect(existsSync(join(datesCache, '.pdx/cache/stage-dates.json'))).toBe(true);
  }
  const dates = (await readStageDates(dir, true, { cacheRoot: datesCache })).dates;
  return Object.fromEntries([...dates].map(([file, values]) => [file, Object.fromEntries(values)]));
}

describe('history read since the cached commit', () => {
  // The latest day a value was set, whatever order git lists the commits in.
  it('gives what no cache and a whole read give, through branches and merges', async () => {
    // i2 and i3 moved on the 3rd, on a branch merged later; i0's move on the feature branch
    // counts, though the merge took main's side.
    expect(await walk(MERGES)).toEqual({
      'discovery/initiatives/i0.yaml': { epiphany: '2026-11-02', hypothesis: '2026-11-04', validation: '2026-11-06' },
      'discovery/initiatives/i1.yaml': { epiphany: '2026-11-02', hypothesis: '2026-11-05' },
      'discovery/initiatives/i2.yaml': { epiphany: '2026-11-02', hypothesis: '2026-11-03' },
      'discovery/initiatives/i3.yaml': { epiphany: '2026-11-02', hypothesis: '2026-11-03' },
    });
  });

  it('gives what no cache and a whole read give, through rewritten history', async () => {
    // i1 was set to epiphany on the 2nd and again on the 8th; what the reset dropped is gone.
    expect(await walk(REWRITES)).toEqual({
      'discovery/initiatives/i0.yaml': { epiphany: '2026-11-02' },
      'discovery/initiatives/i1.yaml': { epiphany: '2026-11-08', hypothesis: '2026-11-05' },
      'discovery/initiatives/i2.yaml': { epiphany: '2026-11-02' },
      'discovery/initiatives/i3.yaml': { epiphany: '2026-11-02' },
    });
  });

  it('a cached commit git no longer has (pruned after a rewrite) is read whole', async () => {
    const dir = await gitPdxRepo();
    writeTree(dir, stage('i0', 'hypothesis'));
    commitOn(dir, '2026-11-02', 'hand-set stage');
    const first = await runPdx(['gate', 'epiphany', '--json'], { cwd: dir });
    const file = join(dir, '.pdx/cache/stage-dates.json');
    const gone = 'f'.repeat(40);
    writeFileSync(file, readFileSync(file, 'utf8').replace(git(dir, 'rev-parse', 'HEAD').trim(), gone));
    const again = await pdxGitCalls(dir, ['gate', 'epiphany', '--json']);
    const now = git(dir, 'rev-parse', 'HEAD').trim();
    expect(again.calls.filter((c) => c.startsWith('log ')).map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([`log --left-right ${gone}...${now}`, `log ${now} --relative`]);
    expect(again.stdout).toBe(first.stdout);
    expect(JSON.parse(readFileSync(file, 'utf8')).commit).toBe(now);
  });

  it('at the same commit, dates only the files the cache lacks and keeps the others as they were', async () => {
    const dir = await gitPdxRepo();
    writeTree(dir, { ...stage('i0', 'epiphany'), ...stage('i1', 'epiphany') });
    commitOn(dir, '2026-11-02', 'two initiatives');
    writeTree(dir, { ...stage('i0', 'hypothesis'), ...stage('i1', 'validation') });
    commitOn(dir, '2026-11-09', 'both move');
    const datesCache = tempDir('pdx-dates-cache-');
    const [i0, i1] = ['discovery/initiatives/i0.yaml', 'discovery/initiatives/i1.yaml'];
    const whole = (await readStageDates(dir, false)).dates;
    const first = await readStageDates(dir, true, { cacheRoot: datesCache }, new Set([i0]));
    expect([...first.dates.keys()]).toEqual([i0]);
    expect(first.dates.get(i0)).toEqual(whole.get(i0));
    // i1 asked too: only it is read, and merged with what the cache held for i0.
    const both = await readStageDates(dir, true, { cacheRoot: datesCache }, new Set([i0, i1]));
    expect(new Map([...both.dates].sort())).toEqual(new Map([...whole].sort()));
    const file = join(datesCache, '.pdx/cache', readdirSync(join(datesCache, '.pdx/cache')).find((n) => n.startsWith('stage-dates'))!);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { commit: string; dates: [string, unknown][] };
    expect(kept.commit).toBe(git(dir, 'rev-parse', 'HEAD').trim());
    expect(kept.dates.map(([f]) => f).sort()).toEqual([i0, i1]);
    expect((await readStageDates(dir, true, { cacheRoot: datesCache }, new Set([i1]))).dates.get(i1)).toEqual(whole.get(i1));
  });
});
