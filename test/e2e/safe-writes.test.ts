import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/store/transaction.js';
import { git, gitPdxRepo, hasStackTrace, runPdx, spawnPdx, tempDir, writeTree } from '../helpers.js';

/** A hand-written initiative, OKR and hypothesis, full of comments, odd spacing and quoting. */
const HAND = {
  'discovery/initiatives/rapid-quotes.yaml': `# Rapid quotes — written by hand in a hurry.
id: rapid-quotes
title:   'Rapid quotes'      # working title
objective: "Book freight in one sitting"

stage: immersion
history:
  - {stage: immersion,   date: 2026-07-06}   # kick-off

# Ideas from the first week.
ideas:
  - text: "Quote from a photo"
    date: 2026-07-09
`,
  'discovery/hypotheses/rapid-quotes-customer.yaml': `id: rapid-quotes-customer
initiative: rapid-quotes
kind: customer
statement: >-
  Shipping managers lose sales
  waiting for quotes.
# The team argues about this one.
status: draft     # until the interviews
claims:
  - id: c1
    text: 'They quote their own customers'
`,
  'discovery/domains/onboarding.yaml': 'id: onboarding\nname: Onboarding\npurpose: First booking fast\n',
  'discovery/okrs/onboarding-q4.yaml': `id: onboarding-q4
domain: onboarding
period: 2026-Q4
objective:    Book in days   # the one that matters
keyResults:
  # Decreasing: 30 down to 3.
  - { id: days-to-book,  metric: "Days to first booking", baseline: 30, target: 3, current: 21 }   # Oct
  - id: self-serve
    metric: Self-serve share
    baseline: 20
    target: 60
`,
};

function diffLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push(`${i + 1}: ${a[i] ?? '∅'} → ${b[i] ?? '∅'}`);
  return out;
}

describe('edits keep every byte the user wrote outside the edited value', () => {
  it('hypothesis status, kr update and initiative update change only the intended lines', async () => {
    const dir = await gitPdxRepo();
    writeTree(dir, HAND);
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    const run = async (...args: string[]) => expect((await runPdx(args, { cwd: dir })).code).toBe(0);

    // The status and, on the next line, the day it was set: every other byte as it was.
    await run('hypothesis', 'status', 'rapid-quotes-customer', 'testing', '--date', '2026-11-20');
    expect(read('discovery/hypotheses/rapid-quotes-customer.yaml')).toBe(
      HAND['discovery/hypotheses/rapid-quotes-customer.yaml']!.replace('status: draft     # until the interviews\n', 'status: testing     # until the interviews\nstatusSince: 2026-11-20\n'),
    );

    await run('kr', 'update', 'days-to-book', '--current', '12', '--date', '2026-11-02');
    expect(diffLines(HAND['discovery/okrs/onboarding-q4.yaml'], read('discovery/okrs/onboarding-q4.yaml'))).toEqual([
      '7:   - { id: days-to-book,  metric: "Days to first booking", baseline: 30, target: 3, current: 21 }   # Oct →   - { id: days-to-book,  metric: "Days to first booking", baseline: 30, target: 3, current: 12 }   # Oct',
    ]);
    await run('kr', 'update', 'self-serve', '--current', '34', '--date', '2026-11-09');
    expect(diffLines(HAND['discovery/okrs/onboarding-q4.yaml'], read('discovery/okrs/onboarding-q4.yaml')).slice(1)).toEqual(['12:  →     current: 34', '13: ∅ → ']);

    await run('initiative', 'update', 'rapid-quotes', '--title', "Rapid quotes: it's fast", '--objective', 'Book in a minute', '--epiphany', 'A firm price beats a cheap one');
    expect(diffLines(HAND['discovery/initiatives/rapid-quotes.yaml'], read('discovery/initiatives/rapid-quotes.yaml'))).toEqual([
      "3: title:   'Rapid quotes'      # working title → title:   'Rapid quotes: it''s fast'      # working title",
      '4: objective: "Book freight in one sitting" → objective: "Book in a minute"',
      '14:  → epiphany: A firm price beats a cheap one',
      '15: ∅ → epiphanyOn: 2026-12-01',
      '16: ∅ → ',
    ]);
    expect((await runPdx(['validate'], { cwd: dir })).code).toBe(0);
  });
});

describe('parallel writers', () => {
  it('two evidence add processes started together both succeed, and both records exist', async () => {
    const dir = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir })).code).toBe(0);
    const args = (note: string) => ['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-017', '--source', 'interview', '--date', '2026-11-20', '--note', note, '--json'];
    // Two processes: in-process runs take turns.
    const results = await Promise.all([spawnPdx(args('first'), { cwd: dir }), spawnPdx(args('second'), { cwd: dir })]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const ids = results.map((r) => JSON.parse(r.stdout).id).sort();
    expect(ids).toEqual(['2026-11-20-c-017', '2026-11-20-c-017-2']);
    const notes = ids.map((id) => readFileSync(join(dir, `discovery/evidence/quotes/${id}.yaml`), 'utf8'));
    expect(notes.join('')).toContain('note: first');
    expect(notes.join('')).toContain('note: second');
  });

  it('two edits of one file racing: each either lands or is refused cleanly, never lost', async () => {
    const dir = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir })).code).toBe(0);
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([
        spawnPdx(['initiative', 'update', 'quotes', '--objective', `objective ${round}`], { cwd: dir }),
        spawnPdx(['initiative', 'update', 'quotes', '--epiphany', `epiphany ${round}`], { cwd: dir }),
      ]);
      const text = readFileSync(join(dir, 'discovery/initiatives/quotes.yaml'), 'utf8');
      for (const [i, result] of results.entries()) {
        const wanted = i === 0 ? `objective: objective ${round}` : `epiphany: epiphany ${round}`;
        if (result.code === 0) expect(text).toContain(wanted);
        else {
          expect(result.code).toBe(1);
          expect(result.stderr).toMatch(/changed on disk|being changed by another pdx/);
          expect(hasStackTrace(result.stderr)).toBe(false);
        }
      }
    }
  });

  it('refuses to write when the file changed after pdx read it', () => {
    const dir = tempDir();
    writeTree(dir, { 'a.yaml': 'id: a\n' });
    writeFileSync(join(dir, 'a.yaml'), 'id: a\nnote: someone else\n');
    expect(() => applyChanges(dir, [{ file: 'a.yaml', before: 'id: a\n', after: 'id: b\n' }])).toThrow(/changed on disk/);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('id: a\nnote: someone else\n');
  });

  it('refuses to write while another live pdx holds the file, naming it and the lock', () => {
    const dir = tempDir();
    // pid 1 always runs.
    writeTree(dir, { 'a.yaml': 'id: a\n', '.a.yaml.pdx-lock': `${JSON.stringify({ pid: 1, host: hostname(), command: 'pdx idea add', since: '2026-11-30T10:00:00.000Z' })}\n` });
    expect(() => applyChanges(dir, [{ file: 'a.yaml', before: 'id: a\n', after: 'id: b\n' }])).toThrow(/a\.yaml is being changed by another pdx command \(pid 1, `pdx idea add`, since 2026-11-30T10:00:00\.000Z\)/);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe('id: a\n');
  });
});

describe('files pdx must not write', () => {
  it('a record linked from outside the repo is neither read nor written; a read-only file is refused', async () => {
    const dir = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir })).code).toBe(0);
    const outside = tempDir();
    const theirs = 'id: other\ntitle: Other\nstage: immersion\n';
    writeFileSync(join(outside, 'other.yaml'), theirs);
    symlinkSync(join(outside, 'other.yaml'), join(dir, 'discovery/initiatives/other.yaml'));
    const validate = await runPdx(['validate', '--json'], { cwd: dir });
    expect(JSON.parse(validate.stdout).errors).toEqual([expect.objectContaining({ file: 'discovery/initiatives/other.yaml', code: 'file/symlink' })]);
    const edit = await runPdx(['idea', 'add', 'other', '--text', 't'], { cwd: dir });
    // The record is there but unusable: the repo's fault (exit 1), not the command's.
    expect(edit.code).toBe(1);
    expect(edit.stderr).toMatch(/other\.yaml.*symbolic link to a file outside the repo/);
    expect(readFileSync(join(outside, 'other.yaml'), 'utf8')).toBe(theirs);
    // Editing the good file next to it still works.
    expect((await runPdx(['idea', 'add', 'quotes', '--text', 't'], { cwd: dir })).code).toBe(0);

    chmodSync(join(dir, 'discovery/initiatives/quotes.yaml'), 0o444);
    const readOnly = await runPdx(['idea', 'add', 'quotes', '--text', 'again'], { cwd: dir });
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toMatch(/quotes\.yaml is read-only/);
    expect(readFileSync(join(dir, 'discovery/initiatives/quotes.yaml'), 'utf8')).not.toContain('again');
  });
});

describe('experiment conclude', () => {
  it('never replaces a learning card the team already wrote', async () => {
    const dir = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir })).code).toBe(0);
    expect((await runPdx(['experiment', 'add', '--initiative', 'quotes', '--type', 'interview', '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r', '--id', 'ex'], { cwd: dir })).code).toBe(0);
    const file = join(dir, 'discovery/experiments/quotes/ex.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}learning:\n  observed: |\n    Draft notes from 12 interviews.\n  learned: Margins matter\n  next: Test a margin\n`);
    const before = readFileSync(file, 'utf8');
    const refused = await runPdx(['experiment', 'conclude', 'ex', '--result', 'validated', '--observed', 'short', '--learned', 'l', '--next', 'n'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already has a learning card; concluding would replace its observed/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const kept = await runPdx(['experiment', 'conclude', 'ex', '--result', 'validated', '--observed', 'Draft notes from 12 interviews.\n', '--learned', 'Margins matter', '--next', 'Test a margin', '--decision', 'pivot', '--date', '2026-11-20'], { cwd: dir });
    expect(kept.code, kept.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('    Draft notes from 12 interviews.\n');
    expect(readFileSync(file, 'utf8')).toMatch(/status: concluded\n[\s\S]*  learned: Margins matter\n  next: Test a margin\n  decision: pivot\n/);
  });
});

describe('--commit', () => {
  it('creates exactly one commit holding exactly the changed files, leaving a pre-staged file staged', async () => {
    const dir = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes', '--commit'], { cwd: dir })).code).toBe(0);
    expect((await runPdx(['domain', 'add', '--id', 'onboarding', '--name', 'O', '--purpose', 'P', '--commit'], { cwd: dir })).code).toBe(0);
    expect((await runPdx(['okr', 'add', '--domain', 'onboarding', '--period', '2026-Q4', '--objective', 'O', '--commit'], { cwd: dir })).code).toBe(0);
    expect((await runPdx(['kr', 'add', 'onboarding-2026-q4', '--metric', 'Days', '--baseline', '30', '--target', '3', '--commit'], { cwd: dir })).code).toBe(0);
    writeTree(dir, { 'notes.txt': 'unrelated\n' });
    git(dir, 'add', 'notes.txt');
    const head = git(dir, 'rev-parse', 'HEAD').trim();

    const result = await runPdx(['kr', 'update', 'days', '--current', '12', '--date', '2026-11-02', '--commit', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(git(dir, 'rev-list', '--count', `${head}..HEAD`).trim()).toBe('1');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('pdx: check in days at 12');
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['discovery/checkins/onboarding/2026-11-02-days.yaml', 'discovery/okrs/onboarding-2026-q4.yaml']);
    expect(git(dir, 'diff', '--cached', '--name-only').trim()).toBe('notes.txt');
    expect(JSON.parse(result.stdout).changed.sort()).toEqual(['discovery/checkins/onboarding/2026-11-02-days.yaml', 'discovery/okrs/onboarding-2026-q4.yaml']);
  });

  it('follows git.autoCommit in pdx.yaml', async () => {
    const dir = await gitPdxRepo();
    writeFileSync(join(dir, 'pdx.yaml'), readFileSync(join(dir, 'pdx.yaml'), 'utf8').replace('autoCommit: false', 'autoCommit: true'));
    git(dir, 'commit', '-qam', 'auto commit on');
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes'], { cwd: dir })).code).toBe(0);
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('pdx: add initiative quotes');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('without a git identity, exits 2 with how to set one, and writes nothing', async () => {
    const dir = await gitPdxRepo();
    git(dir, 'config', '--unset', 'user.name');
    const env = { HOME: tempDir(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
    const result = await runPdx(['initiative', 'add', '--title', 'Quotes', '--commit'], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/git does not know who you are/);
    expect(result.stderr).toMatch(/git config --global user\.name/);
    expect(git(dir, 'status', '--porcelain', '--', 'discovery')).toBe('');
  });
});

describe('the write path itself', () => {
  it('refuses to create a file through a linked folder that leads out of the repo', () => {
    const dir = tempDir();
    const outside = tempDir();
    symlinkSync(outside, join(dir, 'evidence'));
    expect(() => applyChanges(dir, [{ file: 'evidence/e.yaml', before: null, after: 'id: e\n' }])).toThrow(/linked folder/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a write of several files leaves no empty journal folder behind, and removes nothing else of .pdx', () => {
    const dir = tempDir();
    writeTree(dir, { 'a.yaml': 'id: a\n', '.pdx/state.json': '{}\n' });
    applyChanges(dir, [
      { file: 'a.yaml', before: 'id: a\n', after: 'id: b\n' },
      { file: 'c.yaml', before: null, after: 'id: c\n' },
    ]);
    expect(readFileSync(join(dir, 'c.yaml'), 'utf8')).toBe('id: c\n');
    expect(existsSync(join(dir, '.pdx/journal'))).toBe(false);
    expect(readdirSync(join(dir, '.pdx'))).toEqual(['state.json']);
  });

  it('keeps a journal folder that holds anything else, and what it holds', () => {
    const dir = tempDir();
    writeTree(dir, { 'a.yaml': 'id: a\n', '.pdx/journal/notes.txt': 'mine\n' });
    mkdirSync(join(dir, '.pdx/journal/sub'));
    applyChanges(dir, [
      { file: 'a.yaml', before: 'id: a\n', after: 'id: b\n' },
      { file: 'c.yaml', before: null, after: 'id: c\n' },
    ]);
    expect(readdirSync(join(dir, '.pdx/journal')).sort()).toEqual(['notes.txt', 'sub']);
    expect(readFileSync(join(dir, '.pdx/journal/notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('keeps the permissions of the file it replaces', () => {
    const dir = tempDir();
    writeTree(dir, { 'a.yaml': 'id: a\n' });
    chmodSync(join(dir, 'a.yaml'), 0o600);
    applyChanges(dir, [{ file: 'a.yaml', before: 'id: a\n', after: 'id: b\n' }]);
    expect(statSync(join(dir, 'a.yaml')).mode & 0o777).toBe(0o600);
  });

  it('refuses to write through a symlink that leads out of the repo', () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, 'victim.yaml'), 'id: victim\n');
    symlinkSync(join(outside, 'victim.yaml'), join(dir, 'a.yaml'));
    expect(() => applyChanges(dir, [{ file: 'a.yaml', before: 'id: victim\n', after: 'id: pwned\n' }])).toThrow(/outside the repo/);
    expect(readFileSync(join(outside, 'victim.yaml'), 'utf8')).toBe('id: victim\n');
  });
});
