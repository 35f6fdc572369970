import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, git, gitPdxRepo, minimalRepo, runPdx, tempDir, writeTree } from '../helpers.js';

/** Commits everything in `dir` as made on `day` (git's author date is what pdx reads). */
function commitOn(dir: string, day: string, message: string): void {
  git(dir, 'add', '-A');
  execFileSync('git', ['commit', '-qm', message], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: `${day}T12:00:00`, GIT_COMMITTER_DATE: `${day}T12:00:00` } });
}

const INITIATIVE = (stage: string) => `id: quotes
title: Quotes
stage: ${stage}
history:
  - { stage: immersion, date: 2026-07-06, by: Maya }
  - { stage: epiphany, date: 2026-08-03, by: Maya }
  - { stage: validation, date: 2026-09-01, by: Maya, forced: true, reason: "the pilot customer would not wait", failedRules: [six-hypotheses, claims-tested] }
  - { stage: hypothesis, date: 2026-10-01, by: Maya, reason: "pricing refuted" }
`;
const HYPOTHESIS = (id: string, status: string, extra = '') => `id: ${id}
initiative: quotes
kind: pricing
statement: Shippers pay monthly.
claims:
  - { id: c1, text: A monthly fee is fine. }
status: ${status}
${extra}`;

type Entry = { kind: string; date: string | null; dated: string; hypothesis?: string; move?: string; experiment?: string };
const brief = (e: Entry) => `${e.date} ${e.dated} ${e.kind} ${e.hypothesis ?? e.move ?? e.experiment}`;

describe('pdx log', () => {
  /** A repo whose history sets a status and a stage by hand, on known days (made once, for the tests that read it). */
  let made: Promise<string> | undefined;
  const handEdited = () => (made ??= (async () => {
      const dir = await gitPdxRepo();
      writeTree(dir, {
        'discovery/initiatives/quotes.yaml': INITIATIVE('hypothesis'),
        'discovery/hypotheses/quotes/old.yaml': HYPOTHESIS('old', 'testing'),
      });
      commitOn(dir, '2026-10-05', 'testing');
      // Hand-edited, no statusSince: only git knows the days it changed.
      writeTree(dir, { 'discovery/hypotheses/quotes/old.yaml': HYPOTHESIS('old', 'invalidated') });
      commitOn(dir, '2026-11-02', 'invalidated by hand');
      writeTree(dir, {
        'discovery/hypotheses/quotes/mid.yaml': HYPOTHESIS('mid', 'invalidated', 'supersedes: old\ncreated: 2026-11-03\nstatusSince: 2026-11-04\n'),
        'discovery/hypotheses/quotes/new.yaml': HYPOTHESIS('new', 'draft', 'supersedes: mid\ncreated: 2026-11-05\n'),
        'discovery/experiments/quotes/pricing.yaml': `id: pricing
initiative: quotes
type: interview
hypotheses: [old]
testCard: { believe: b, verify: v, measure: m, rightIf: r }
status: concluded
started: 2026-10-10
concluded: 2026-11-06
result: invalidated
learning: { observed: o, learned: They pay per load., next: Price per load., decision: pivot }
`,
        // The stage set by hand, with no history entry; and back to testing by hand.
        'discovery/initiatives/quotes.yaml': INITIATIVE('prototyping'),
        'discovery/hypotheses/quotes/old.yaml': HYPOTHESIS('old', 'testing'),
      });
      commitOn(dir, '2026-11-10', 'more');
      return dir;
    })());

  it('dates a status set by hand by the day git saw it, with one git log for the whole repo, cached per commit', async () => {
    const dir = await handEdited();
    const bin = tempDir('pdx-git-shim-');
    const calls = join(bin, 'calls.log');
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$@" >> '${calls}'\nexec '${real}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const logs = () => readFileSync(calls, 'utf8').split('\n').filter((l) => l.startsWith('log ')).length;

    const result = await runPdx(['log', '--json'], { cwd: dir, env, today: '2026-11-20' });
    expect(result.code, result.stderr).toBe(0);
    expect(logs()).toBe(1);
    const json = JSON.parse(result.stdout) as { entries: Entry[]; notices: string[] };
    expect(json.notices).toEqual([]);
    expect(json.entries.map(brief)).toEqual([
      // The last day the status changed to testing, not the day the file was added with it.
      '2026-11-10 git status old',
      '2026-11-10 git stage by-hand',
      '2026-11-06 record decision pricing',
      '2026-11-05 record supersede new',
      '2026-11-04 record status mid',
      '2026-11-03 record supersede mid',
      '2026-10-01 record stage pivot',
      '2026-09-01 record stage skip',
      '2026-08-03 record stage advance',
      '2026-07-06 record stage start',
    ]);
    expect(json.entries[1]).toMatchObject({ from: 'hypothesis', to: 'prototyping' });
    expect(json.entries[3]).toMatchObject({ supersedes: 'mid', chain: ['old', 'mid', 'new'] });
    expect(json.entries[7]).toMatchObject({ forced: true, reason: 'the pilot customer would not wait', failedRules: ['six-hypotheses', 'claims-tested'], by: 'Maya' });
    // The same commit again: the dates come from the cache, git is asked only which commit it is.
    expect((await runPdx(['log', '--json'], { cwd: dir, env, today: '2026-11-20' })).stdout).toBe(result.stdout);
    expect(logs()).toBe(1);
  });

  it('prints the log as text within a window, and as Markdown with the reasons under the moves', async () => {
    const dir = await handEdited();
    const text = await runPdx(['log', '--since', '3w', '--no-color'], { cwd: dir, today: '2026-11-20', env: { COLUMNS: '200' } });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n')).toEqual([
      '2026-11-10  quotes  hypothesis old testing (the day git saw it)',
      '2026-11-10  quotes  stage set by hand hypothesis → prototyping (the day git saw it)',
      '2026-11-06  quotes  experiment pricing concluded invalidated: pivot',
      '            learned: They pay per load.',
      '            next: Price per load.',
      '2026-11-05  quotes  hypothesis new supersedes mid',
      '            line: old → mid → new',
      '2026-11-04  quotes  hypothesis mid invalidated',
      '2026-11-03  quotes  hypothesis mid supersedes old',
      '',
    ]);
    const all = await runPdx(['log', '--format', 'markdown'], { cwd: dir, today: '2026-11-20' });
    expect(all.stdout).toContain('- **2026-09-01** · quotes · skipped ahead epiphany → validation, forced past six-hypotheses, claims-tested by Maya\n  - why: the pilot customer would not wait\n');
    expect(all.stdout).toContain('- **2026-10-01** · quotes · pivoted back validation → hypothesis by Maya\n  - why: pricing refuted\n');
  });

  it('outside git, a status set by hand is undated, listed last, with a notice', async () => {
    const dir = minimalRepo({ 'discovery/initiatives/quotes.yaml': INITIATIVE('hypothesis'), 'discovery/hypotheses/quotes/old.yaml': HYPOTHESIS('old', 'testing') });
    const result = await runPdx(['log', '--json'], { cwd: dir, today: '2026-11-20' });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { entries: Entry[]; notices: string[] };
    expect(json.notices).toEqual([expect.stringContaining('no git history to date them')]);
    expect(json.entries.map(brief).at(-1)).toBe('null unknown status old');
    // A window keeps only what is dated within it.
    const recent = JSON.parse((await runPdx(['log', '--json', '--since', '60d'], { cwd: dir, today: '2026-11-20' })).stdout) as { since: string; entries: Entry[] };
    expect(recent.since).toBe('2026-09-22');
    expect(recent.entries.map(brief)).toEqual(['2026-10-01 record stage pivot']);
  });

  it('on examples/: the pivot with its reason, experiment decisions and supersedes, filtered by initiative', async () => {
    const result = await runPdx(['-C', EXAMPLES, 'log', '--json', '--initiative', 'cargo-protection']);
    expect(result.code, result.stderr).toBe(0);
    const { entries } = JSON.parse(result.stdout) as { entries: (Entry & { initiative: string })[] };
    expect(entries.every((e) => e.initiative === 'cargo-protection')).toBe(true);
    // Newest first.
    const dated = entries.filter((e) => e.dated === 'record').map((e) => e.date!);
    expect(dated).toEqual([...dated].sort().reverse());
    expect(entries).toContainEqual(expect.objectContaining({ kind: 'stage', move: 'pivot', date: '2026-09-21', from: 'validation', to: 'hypothesis', by: 'Hana Sato', reason: expect.stringContaining('the checkbox test') }));
    expect(entries).toContainEqual(expect.objectContaining({ kind: 'decision', experiment: 'cp-checkbox-cover', date: '2026-09-14', result: 'invalidated', decision: 'pivot' }));
    expect(entries).toContainEqual(expect.objectContaining({ kind: 'supersede', hypothesis: 'cargo-protection-customer-2', supersedes: 'cargo-protection-customer', date: '2026-09-23' }));
    expect(entries.filter((e) => e.kind === 'stage').map((e) => `${e.date} ${e.move}`)).toEqual([
      '2026-10-26 advance',
      '2026-09-21 pivot',
      '2026-07-27 advance',
      '2026-06-29 advance',
      '2026-06-08 advance',
      '2026-05-04 start',
    ]);
  });

  it('records the handoff: the day, who, the domain, and for a forced one its reason and failed rules, in text, Markdown and JSON; initiative show has it in its history', async () => {
    const dir = minimalRepo({
      'discovery/initiatives/quotes.yaml': `id: quotes
title: Quotes
stage: mvp
domain: onboarding
history:
  - { stage: immersion, date: 2026-07-06, by: Maya }
  - { stage: mvp, date: 2026-10-01, by: Maya }
handoff: { date: 2026-11-02, by: Nora, forced: true, reason: "the launch is booked", failedRules: [paying-customers, pricing-validated] }
`,
      'discovery/domains/onboarding.yaml': 'id: onboarding\nname: Onboarding\npurpose: First loads fast\nproducts: [quotes]\n',
    });
    const text = await runPdx(['log', '--no-color'], { cwd: dir, today: '2026-11-20', env: { COLUMNS: '200' } });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n').slice(0, 3)).toEqual([
      '2026-11-02  quotes  handed off to domain onboarding, forced past paying-customers, pricing-validated by Nora',
      '            why: the launch is booked',
      '2026-10-01  quotes  skipped ahead immersion → mvp by Maya',
    ]);
    const markdown = await runPdx(['log', '--format', 'markdown'], { cwd: dir, today: '2026-11-20' });
    expect(markdown.stdout).toContain('- **2026-11-02** · quotes · handed off to domain onboarding, forced past paying-customers, pricing-validated by Nora\n  - why: the launch is booked\n');
    const json = JSON.parse((await runPdx(['log', '--json', '--initiative', 'quotes'], { cwd: dir, today: '2026-11-20' })).stdout) as { entries: Entry[] };
    expect(json.entries[0]).toEqual({ kind: 'handoff', date: '2026-11-02', dated: 'record', initiative: 'quotes', domain: 'onboarding', file: 'discovery/initiatives/quotes.yaml', forced: true, reason: 'the launch is booked', failedRules: ['paying-customers', 'pricing-validated'], by: 'Nora' });
    const show = await runPdx(['initiative', 'show', 'quotes', '--no-color'], { cwd: dir, today: '2026-11-20', env: { COLUMNS: '200' } });
    expect(show.stdout).toMatch(/│ mvp\s+│ 2026-10-01 │ Maya │\s+│\n/);
    expect(show.stdout).toMatch(/│ handed off to onboarding │ 2026-11-02 │ Nora │ the launch is booked — forced past paying-customers, pricing-validated │/);
  });

  it('on examples/: the handoff of tracking-links, after its move to mvp', async () => {
    const result = await runPdx(['-C', EXAMPLES, 'log', '--json', '--initiative', 'tracking-links']);
    const entries = (JSON.parse(result.stdout) as { entries: (Entry & { domain: string | null; by: string | null })[] }).entries.filter((e) => e.dated === 'record');
    expect(entries.slice(0, 2).map((e) => [e.date, e.kind, e.domain, e.by])).toEqual([
      ['2026-11-02', 'handoff', 'shipment-visibility', 'Elif Kaya'],
      ['2026-10-19', 'stage', null, 'Elif Kaya'],
    ]);
  });

  it('refuses an unknown initiative or a bad window as usage errors', async () => {
    const unknown = await runPdx(['-C', EXAMPLES, 'log', '--initiative', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^pdx: .*nope/);
    const window = await runPdx(['-C', EXAMPLES, 'log', '--since', '3m']);
    expect(window.code).toBe(2);
    expect(window.stderr).toMatch(/^pdx: .*--since/);
  });
});
