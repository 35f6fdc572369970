import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addFieldDate, fieldDatesFromHistory, fieldDatesSince, type FieldDates } from '../../src/git/index.js';
import { commitOn, git, gitPdxRepo, tempDir, writeTree } from '../helpers.js';

/**
 * Dating only some files (`git log --raw`, then a diff of only the commits that change them) ≡
 * the whole history's `git log -p` dates of those files, on generated histories: stages set
 * plain, quoted and with comments, other lines changed, files deleted and added again, a value
 * set twice, days out of order, branches merged (one taking the other side's files), and added
 * lines that look like a patch's file header.
 */

const WATCH = [{ folder: 'discovery/initiatives', field: 'stage' }];
const FILES = Array.from({ length: 6 }, (_, i) => `discovery/initiatives/f${i}.yaml`);
const STAGES = ['epiphany', 'hypothesis', 'validation', 'mvp'];

/** A small seeded generator (mulberry32), so that a failing history can be made again. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { pick: <T>(items: T[]): T => items[Math.floor(next() * items.length)]!, chance: (p: number) => next() < p };
}

/** A generated history of `steps` commits in a new repo, each file's text kept to change it line by line. */
async function history(seed: number, steps: number): Promise<string> {
  const dir = await gitPdxRepo();
  const r = random(seed);
  const text = new Map<string, string[]>();
  const stageLine = (value: string) => r.pick([`stage: ${value}`, `stage: "${value}"`, `stage: '${value}' # by hand`, `stage: ${value}   `]);
  const change = () => {
    const file = r.pick(FILES);
    const lines = text.get(file) ?? [`id: ${file.slice(-7, -5)}`, 'title: T', stageLine(r.pick(STAGES))];
    if (!text.has(file) || r.chance(0.1)) {
      text.set(file, lines);
    } else if (r.chance(0.1)) {
      text.delete(file);
      rmSync(join(dir, file), { force: true });
      return;
    } else {
      const at = lines.findIndex((l) => l.startsWith('stage:'));
      if (r.chance(0.6)) lines[at] = stageLine(r.pick(STAGES));
      if (r.chance(0.3)) lines.splice(r.pick([0, 1, lines.length]), 0, r.pick(['notes: more', '# a comment', `++ b/${r.pick(FILES)}`, `+++ b/${r.pick(FILES)}`]));
      if (r.chance(0.15)) lines.push(stageLine(r.pick(STAGES)));
    }
    writeTree(dir, { [file]: `${lines.join('\n')}\n` });
  };
  const day = () => `2026-0${r.pick([1, 2, 3, 4])}-1${r.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])}`;
  const commit = (message: string) => {
    try {
      commitOn(dir, day(), message);
    } catch {
      // Nothing changed (a file deleted that was not there).
    }
  };
  /** Each file's text as the commit checked out has it. */
  const readBack = () => {
    text.clear();
    for (const f of FILES) {
      try {
        text.set(f, git(dir, 'show', `HEAD:${f}`).replace(/\n$/, '').split('\n'));
      } catch {
        // Not in this commit.
      }
    }
  };
  for (let i = 0; i < steps; i++) {
    if (i > 4 && r.chance(0.15)) {
      // A branch from a few commits back, merged in (taking one side where both changed a line).
      git(dir, 'checkout', '-q', '-b', `side${i}`, 'HEAD~2');
      readBack();
      change();
      commit(`side ${i}`);
      git(dir, 'checkout', '-q', 'main');
      try {
        git(dir, 'merge', '-q', '--no-edit', '-X', r.chance(0.5) ? 'theirs' : 'ours', `side${i}`);
      } catch {
        // A file changed on one side and deleted on the other: kept as the work tree has it.
        git(dir, 'add', '-A');
        git(dir, 'commit', '-q', '--no-edit');
      }
      readBack();
      continue;
    }
    change();
    if (r.chance(0.1)) writeTree(dir, { 'notes.md': `step ${i}\n` });
    commit(`step ${i}`);
  }
  // A branch never merged, with a stage of its own: reading since its tip carries its dates over only when they are not asked.
  git(dir, 'checkout', '-q', '-b', 'stray', 'HEAD~3');
  readBack();
  const file = r.pick([...text.keys()]);
  writeTree(dir, { [file]: `${text.get(file)!.join('\n')}\nstage: stray\n` });
  commit('stray');
  git(dir, 'checkout', '-q', 'main');
  return dir;
}

/** The whole history's dates of `files`, each with an entry. */
function only(dates: FieldDates, files: Set<string>): FieldDates {
  return new Map([...files].map((file) => [file, new Map(dates.get(file) ?? [])]));
}

const SUBSETS = [new Set(FILES), new Set([FILES[0]!]), new Set([FILES[1]!, FILES[4]!]), new Set([FILES[2]!, 'discovery/initiatives/never.yaml']), new Set<string>()];

describe('dating some files', () => {
  for (const seed of [1, 2, 3]) {
    it(`equals the whole history's dates of those files (history ${seed})`, async () => {
      const dir = await history(seed, 28);
      const whole = (await fieldDatesFromHistory(dir, WATCH, false))!;
      expect(whole.size).toBeGreaterThan(0);
      for (const files of SUBSETS) expect(await fieldDatesFromHistory(dir, WATCH, false, undefined, undefined, files), [...files].join(' ')).toEqual(only(whole, files));
      // Read since an older commit, and since a side branch's tip: merged into that commit's dates, the same.
      const head = git(dir, 'rev-parse', 'HEAD').trim();
      const froms = [git(dir, 'rev-parse', 'HEAD~3').trim(), git(dir, 'rev-parse', 'stray').trim(), ...git(dir, 'branch', '--format=%(objectname)').split('\n').filter((b) => b !== '' && b !== head).slice(0, 1)];
      let carried = 0;
      let refused = 0;
      for (const from of froms) {
        for (const files of SUBSETS) {
          const since = await fieldDatesSince(dir, WATCH, from, head, undefined, files);
          if (!since) {
            refused++;
            continue;
          }
          carried++;
          const merged = (await fieldDatesFromHistory(dir, WATCH, false, undefined, from, files))!;
          // The cache's own merge rule.
          for (const [file, values] of since) for (const [value, date] of values) addFieldDate(merged, file, value, date);
          expect(merged, `since ${from}: ${[...files].join(' ')}`).toEqual(only(whole, files));
        }
      }
      // The stray branch's stage is refused where asked; some reads are carried over.
      expect(refused).toBeGreaterThan(0);
      expect(carried).toBeGreaterThan(refused);
      // A shallow clone: the oldest commit it has is not dated, either way.
      const shallow = tempDir('pdx-shallow-');
      git(shallow, 'clone', '-q', '--depth', '6', `file://${dir}`, '.');
      const cut = (await fieldDatesFromHistory(shallow, WATCH, true))!;
      for (const files of SUBSETS) expect(await fieldDatesFromHistory(shallow, WATCH, true, undefined, undefined, files)).toEqual(only(cut, files));
    });
  }

  it('names a file only by its header: an added line that looks like one is content', async () => {
    const dir = await gitPdxRepo();
    writeTree(dir, { [FILES[0]!]: `id: f0\ntitle: T\n++ b/${FILES[1]}\nstage: mvp\n`, [FILES[1]!]: 'id: f1\ntitle: T\nstage: epiphany\n' });
    commitOn(dir, '2026-03-01', 'both');
    const whole = await fieldDatesFromHistory(dir, WATCH, false);
    expect(whole).toEqual(new Map([[FILES[0], new Map([['mvp', '2026-03-01']])], [FILES[1], new Map([['epiphany', '2026-03-01']])]]));
    expect(await fieldDatesFromHistory(dir, WATCH, false, undefined, undefined, new Set([FILES[1]!]))).toEqual(new Map([[FILES[1], new Map([['epiphany', '2026-03-01']])]]));
  });
});
