import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, gitPdxRepo, runPdx, tempDir, writeTree } from '../helpers.js';

const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

/** Runs pdx with a `git` on PATH that logs every call before running the real one. */
async function gitCalls(dir: string, args: string[]): Promise<{ code: number; stdout: string; calls: string[] }> {
  const bin = tempDir('pdx-git-shim-');
  const log = join(bin, 'calls.log');
  writeFileSync(log, '');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${REAL_GIT}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  const result = await runPdx(args, { cwd: dir, env: { PATH: `${bin}:${process.env.PATH}` } });
  return { ...result, calls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function commitOn(dir: string, day: string, message: string): void {
  git(dir, 'add', '-A');
  execFileSync('git', ['commit', '-qm', message], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: `${day}T12:00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00` } });
}

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
        for (const state of ['cold', 'warm']) {
          if (state === 'cold') for (const d of [dir, folio]) rmSync(join(d, '.pdx/cache'), { recursive: true, force: true });
          const { code, calls } = await gitCalls(cwd, args);
          expect(code, `${name} ${state}`).toBeLessThanOrEqual(1);
          (counts[`${name} ${state}`] ??= []).push(calls.length);
        }
      }
    }
    // Same count for 2 and 25 initiatives, and the expected calls: none to read records (search,
    // evidence list and assumptions need no git at all), one
    // `git log` for the whole history, and only `rev-parse` once the history is cached for HEAD;
    // a write asks git once who is writing (`git config`, for the record's `by`).
    expect(counts).toEqual({
      'validate cold': [0, 0],
      'validate warm': [0, 0],
      'gate cold': [2, 2],
      'gate warm': [1, 1],
      'report cold': [2, 2],
      'report warm': [1, 1],
      // `git status` for what is uncommitted, then the history as gate's.
      'status cold': [3, 3],
      'status warm': [2, 2],
      'search cold': [0, 0],
      'search warm': [0, 0],
      'evidence list cold': [0, 0],
      'evidence list warm': [0, 0],
      'assumptions cold': [0, 0],
      'assumptions warm': [0, 0],
      'log cold': [2, 2],
      'log warm': [1, 1],
      // The source's work tree state (`git status`) keys its cached summary, asked again after a
      // miss to store it; the child reading the source reads the history as report does. Warm:
      // the key only.
      'portfolio cold': [4, 4],
      'portfolio warm': [1, 1],
      'evidence add cold': [1, 1],
      'evidence add warm': [1, 1],
    });
  });

  it('history cached for one commit is read again after the next: a new hand-set stage gets its new date', async () => {
    const dir = await repoWith(1);
    const file = join(dir, 'discovery/initiatives/i0.yaml');
    const first = JSON.parse((await runPdx(['gate', 'epiphany', '--json'], { cwd: dir })).stdout);
    expect(first.warnings[0].message).toContain('git shows it set on 2026-11-02');
    writeFileSync(file, readFileSync(file, 'utf8').replace('stage: epiphany', 'stage: hypothesis'));
    commitOn(dir, '2026-11-09', 'jump ahead');
    const second = JSON.parse((await runPdx(['gate', 'hypothesis', '--json'], { cwd: dir })).stdout);
    expect(second.warnings[0].message).toContain('git shows it set on 2026-11-09');
  });
});
