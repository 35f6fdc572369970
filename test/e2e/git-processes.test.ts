import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitOn, git, gitPdxRepo, pdxGitCalls, tempDir, writeTree } from '../helpers.js';

/** A repo of `n` initiatives whose stage was set by hand, so gate and report need git history. */
async function repoWith(n: number): Promise<string> {
  const dir = await gitPdxRepo();
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`discovery/initiatives/i${i}.yaml`] = `id: i${i}\ntitle: I${i}\nstage: epiphany\n`;
  writeTree(dir, files);
  commitOn(dir, '2026-11-02', 'hand-set stages');
  return dir;
}

const COMMANDS: [string, string[]][] = [
  ['validate', ['validate']],
  ['gate', ['gate', 'epiphany', '--json']],
  ['report', ['report', '--json']],
  ['status', ['status', '--json']],
  ['search', ['search', 'I1']],
  ['evidence list', ['evidence', 'list', '--json']],
  ['assumptions', ['assumptions', '--json']],
  ['log', ['log', '--json']],
  // Run in the portfolio's folder (see below): one folder source, the repo.
  ['portfolio', ['portfolio', '--json']],
  ['evidence add', ['evidence', 'add', '--initiative', 'i0', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--date', '2026-11-20']],
];

describe('git processes', () => {
  it('do not grow with the number of files, cold or with the cache', async () => {
    const counts: Record<string, number[]> = {};
    for (const n of [2, 25]) {
      const dir = await repoWith(n);
      const folio = tempDir('pdx-folio-');
      writeFileSync(join(folio, 'portfolio.yaml'), `name: Portfolio\nsources:\n  - name: team\n    path: ${JSON.stringify(dir)}\n`);
      for (const [name, args] of COMMANDS) {
        const cwd = name === 'portfolio' ? folio : dir;
        for (const state of ['cold', 'warm', 'after a commit']) {
          if (state === 'cold') for (const d of [dir, folio]) rmSync(join(d, '.pdx/cache'), { recursive: true, force: true });
          if (state === 'after a commit') {
            writeTree(dir, { 'notes.md': `before ${name}\n` });
            commitOn(dir, '2026-11-03', `a commit before ${name}`);
          }
          const { code, calls } = await pdxGitCalls(cwd, args);
          expect(code, `${name} ${state}`).toBeLessThanOrEqual(1);
          (counts[`${name} ${state}`] ??= []).push(calls.length);
        }
      }
    }
    // Same count for 2 and 25 initiatives, and the expected calls: none to read records (search,
    // evidence list and assumptions need no git at all), one `git log` for the whole history
    // (gate, report, status and a portfolio's source: `git log --raw`, then one `git diff-tree`
    // of the commits that change a hand-set stage's file; log: one `git log -p`), only
    // `rev-parse` once the history is cached for HEAD, and after a new commit `rev-parse` and one
    // `git log` of the commits since the cached one (which change no initiative here, so nothing
    // is diffed); a write asks git once who is writing (`git config`, for the record's `by`).
    expect(counts).toEqual({
      'validate cold': [0, 0],
      'validate warm': [0, 0],
      'gate cold': [3, 3],
      'validate after a commit': [0, 0],
      'gate warm': [1, 1],
      'gate after a commit': [2, 2],
      'report cold': [3, 3],
      'report warm': [1, 1],
      'report after a commit': [2, 2],
      // `git status` for what is uncommitted, then the history as gate's.
      'status cold': [4, 4],
      'status warm': [2, 2],
      'status after a commit': [3, 3],
      'search cold': [0, 0],
      'search warm': [0, 0],
      'search after a commit': [0, 0],
      'evidence list cold': [0, 0],
      'evidence list warm': [0, 0],
      'evidence list after a commit': [0, 0],
      'assumptions cold': [0, 0],
      'assumptions warm': [0, 0],
      'assumptions after a commit': [0, 0],
      'log cold': [2, 2],
      'log warm': [1, 1],
      'log after a commit': [2, 2],
      // The source's work tree state (`git status`) keys its cached summary, asked again after a
      // miss to store it; the child reading the source reads the history as report does. Warm:
      // the key only.
      'portfolio cold': [5, 5],
      'portfolio warm': [1, 1],
      // After a commit the source's cached summary misses (its key is the commit): as cold, but the history read since the cached commit.
      'portfolio after a commit': [4, 4],
      'evidence add cold': [1, 1],
      'evidence add warm': [1, 1],
      'evidence add after a commit': [1, 1],
    });
  });

  it('after the next commit only the commits since the cached one are read: a new hand-set stage gets its new date', async () => {
    const dir = await repoWith(1);
    const file = join(dir, 'discovery/initiatives/i0.yaml');
    const first = await pdxGitCalls(dir, ['gate', 'epiphany', '--json']);
    expect(JSON.parse(first.stdout).warnings[0].message).toContain('git shows it set on 2026-11-02');
    const old = git(dir, 'rev-parse', 'HEAD').trim();
    writeFileSync(file, readFileSync(file, 'utf8').replace('stage: epiphany', 'stage: hypothesis'));
    commitOn(dir, '2026-11-09', 'jump ahead');
    const now = git(dir, 'rev-parse', 'HEAD').trim();
    const second = await pdxGitCalls(dir, ['gate', 'hypothesis', '--json']);
    expect(JSON.parse(second.stdout).warnings[0].message).toContain('git shows it set on 2026-11-09');
    const logs = (calls: string[]) => calls.filter((c) => c.startsWith('log ')).map((c) => c.split(' ').slice(0, 3).join(' '));
    expect(logs(first.calls)).toEqual([`log ${old} --relative`]);
    expect(logs(second.calls)).toEqual([`log --left-right ${old}...${now}`]);
    // Each read diffs the one commit that changed the hand-set stage's file: the first, then the one since.
    const diffs = (calls: string[]) => calls.filter((c) => c.startsWith('diff-tree ')).length;
    expect([diffs(first.calls), diffs(second.calls)]).toEqual([1, 1]);
  });
});
