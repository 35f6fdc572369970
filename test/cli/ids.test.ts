import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_FILES, VALID } from '../fixtures.js';
import { ENTER, minimalRepo, runPdx, treeHash } from '../helpers.js';

const FILE = 'discovery/initiatives/quotes.yaml';
/** The base repo plus a second initiative and a running experiment. */
const TWO = {
  ...BASE_FILES,
  'discovery/initiatives/carrier-payouts.yaml': 'id: carrier-payouts\ntitle: Carrier payouts\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2026-11-01 }\n',
  'discovery/experiments/quotes/x2.yaml': VALID.experiment.replace('id: x1', 'id: x2').replace(/status: concluded[\s\S]*$/, 'status: running\nstarted: 2026-11-20\n'),
};

describe('an id left out', () => {
  it('is asked for at a terminal; the only initiative is the default', async () => {
    const dir = minimalRepo(BASE_FILES);
    const result = await runPdx(['stage'], { cwd: dir, tty: [{ ask: 'Initiative:', answer: ENTER }] });
    expect(result.code, result.stderr).toBe(0);
    expect(result.questions![0]).toMatchObject({ type: 'choice', choices: ['quotes'], default: 'quotes' });
    expect(result.questions![0]!.names![0]).toContain('Instant quotes (hypothesis)');
    expect(result.stdout).toMatch(/^quotes is in hypothesis since 2026-08-24/);
  });

  it('lists the initiative last worked on first and preselects it', async () => {
    const dir = minimalRepo(TWO);
    expect((await runPdx(['stage', 'quotes'], { cwd: dir })).code).toBe(0);
    const result = await runPdx(['initiative', 'show'], { cwd: dir, tty: [{ ask: 'Initiative:', answer: ENTER }] });
    expect(result.code, result.stderr).toBe(0);
    expect(result.questions![0]).toMatchObject({ choices: ['quotes', 'carrier-payouts'], default: 'quotes' });
    expect(result.stdout).toContain('Instant quotes  (quotes,');
    // Picking the other makes it the last one worked on.
    expect((await runPdx(['advance'], { cwd: dir, tty: [{ ask: 'Initiative:', answer: 'carrier-payouts' }] })).code).toBe(1);
    const next = await runPdx(['idea', 'add', '--text', 'Same-day payouts'], { cwd: dir, tty: [{ ask: 'Initiative:', answer: ENTER }] });
    expect(next.questions![0]).toMatchObject({ choices: ['carrier-payouts', 'quotes'], default: 'carrier-payouts' });
    expect(readFileSync(join(dir, 'discovery/initiatives/carrier-payouts.yaml'), 'utf8')).toContain('Same-day payouts');
  });

  it('without a terminal is a usage error naming it in words, with the command filled in and the ids there are; nothing is written', async () => {
    const dir = minimalRepo(TWO);
    const before = treeHash(dir, (path) => path === '.pdx');
    const cases: [string[], string][] = [
      [['stage'], 'pdx: which initiative? pass its id, e.g. pdx stage carrier-payouts (initiatives: carrier-payouts, quotes)'],
      [['advance'], 'pdx: which initiative? pass its id, e.g. pdx advance carrier-payouts (initiatives: carrier-payouts, quotes)'],
      [['initiative', 'update', '--title', 'T'], 'pdx: which initiative? pass its id, e.g. pdx initiative update carrier-payouts --epiphany "…" (initiatives: carrier-payouts, quotes)'],
      [['team', 'add', '--name', 'N', '--role', 'designer'], 'pdx: which initiative or domain? pass its id, e.g. pdx team add carrier-payouts --role designer --name "…" (initiatives and domains: carrier-payouts, onboarding, quotes)'],
      [['hypothesis', 'show'], 'pdx: which hypothesis? pass its id, e.g. pdx hypothesis show quotes-product (hypotheses: quotes-product)'],
      [['hypothesis', 'status', 'quotes-product'], 'pdx: which status? pass it, e.g. pdx hypothesis status quotes-product validated (one of draft, testing, validated, invalidated)'],
      [['experiment', 'conclude'], 'pdx: which experiment? pass its id, e.g. pdx experiment conclude x2 (running or planned experiments: x2)'],
      [['kr', 'update', '--current', '3'], 'pdx: which key result? pass its id, e.g. pdx kr update days-to-book --current … (key results: days-to-book)'],
    ];
    for (const [args, message] of cases) {
      const result = await runPdx(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.split('\n')[0], args.join(' ')).toBe(message);
      expect(result.stderr).not.toMatch(/missing required argument|\(ID\)|INITIATIVE/);
    }
    expect(treeHash(dir, (path) => path === '.pdx')).toBe(before);
  });

  it('with nothing to choose from says what to add first', async () => {
    const dir = minimalRepo();
    const result = await runPdx(['stage'], { cwd: dir, tty: [] });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pdx: there is no initiative yet\n  hint: add one first: pdx initiative add --title "…"\n');
  });

  it('hypothesis status asks the hypothesis and then the status; experiment conclude offers only open experiments', async () => {
    const dir = minimalRepo(TWO);
    const status = await runPdx(['hypothesis', 'status'], { cwd: dir, tty: [{ ask: 'Hypothesis:', answer: 'quotes-product' }, { ask: 'Status:', answer: 'testing' }] });
    expect(status.code, status.stderr).toBe(0);
    expect(status.questions!.map((q) => q.choices)).toEqual([['quotes-product'], ['draft', 'testing', 'validated', 'invalidated']]);
    expect(readFileSync(join(dir, 'discovery/hypotheses/quotes-product.yaml'), 'utf8')).toContain('status: testing');
    const conclude = await runPdx(['experiment', 'conclude', '--result', 'validated', '--observed', 'o', '--learned', 'l', '--next', 'n'], { cwd: dir, tty: [{ ask: 'Experiment:', answer: ENTER }] });
    expect(conclude.code, conclude.stderr).toBe(0);
    // x1 is concluded already: only x2 is offered.
    expect(conclude.questions![0]).toMatchObject({ choices: ['x2'], default: 'x2' });
    expect(readFileSync(join(dir, 'discovery/experiments/quotes/x2.yaml'), 'utf8')).toContain('status: concluded');
  });
});

describe('a value written as pdx suggests it ("…", P-…)', () => {
  it('is asked for at a terminal, and without one is a usage error naming it; nothing is written', async () => {
    const dir = minimalRepo(BASE_FILES);
    const before = treeHash(dir, (path) => path === '.pdx');
    const team = await runPdx(['team', 'add', 'quotes', '--role', 'designer', '--name', '…'], { cwd: dir });
    expect(team.code).toBe(2);
    expect(team.stderr).toContain('missing a required value: --name');
    const group = await runPdx(['feedback-group', 'add', 'quotes', 'P-…'], { cwd: dir });
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('missing a required value: PARTICIPANT');
    const epiphany = await runPdx(['initiative', 'update', 'quotes', '--epiphany', '…'], { cwd: dir });
    expect(epiphany.code).toBe(2);
    expect(epiphany.stderr).toContain('missing a required value: --epiphany');
    expect(treeHash(dir, (path) => path === '.pdx')).toBe(before);

    const asked = await runPdx(['team', 'add', 'quotes', '--role', 'designer', '--name', '…'], { cwd: dir, tty: [{ ask: 'Name:', answer: 'Jonas' }] });
    expect(asked.code, asked.stderr).toBe(0);
    const people = await runPdx(['feedback-group', 'add', 'quotes', 'P-…'], { cwd: dir, tty: [{ ask: 'Participant', answer: ['P-101', 'bad id', ''] }, { ask: 'Participant', answer: ['P-101', 'P-102', ''] }] });
    expect(people.code, people.stderr).toBe(0);
    expect(people.stderr).toContain('not pseudonymous ids: bad id');
    const stated = await runPdx(['initiative', 'update', 'quotes', '--epiphany', '…'], { cwd: dir, tty: [{ ask: 'Epiphany statement:', answer: 'Cash flow decides' }] });
    expect(stated.code, stated.stderr).toBe(0);
    const file = readFileSync(join(dir, FILE), 'utf8');
    expect(file).toContain('{ name: Jonas, role: designer, joined: ');
    expect(file).toMatch(/id: P-101[\s\S]*id: P-102/);
    expect(file).toContain('epiphany: Cash flow decides');
    expect(file).not.toContain('…');
  });
});

describe('an unknown id', () => {
  it('offers the closest ids, those sharing a part of it too', async () => {
    const dir = minimalRepo({
      ...BASE_FILES,
      'discovery/initiatives/instant-quotes.yaml': 'id: instant-quotes\ntitle: I\nstage: immersion\n',
      'discovery/initiatives/quotes-api.yaml': 'id: quotes-api\ntitle: A\nstage: immersion\n',
      'discovery/initiatives/carrier-payouts.yaml': 'id: carrier-payouts\ntitle: C\nstage: immersion\n',
    });
    const result = await runPdx(['stage', 'self-serve-quotes'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^pdx: no initiative with id `self-serve-quotes`/);
    expect(result.stderr).toContain('hint: did you mean `instant-quotes`, `quotes` or `quotes-api`?');
    expect((await runPdx(['advance', 'carier-payouts'], { cwd: dir })).stderr).toContain('did you mean `carrier-payouts`?');
    expect((await runPdx(['gate', 'mvp', 'quotes-ap'], { cwd: dir })).stderr).toContain('did you mean `quotes-api`');
    expect((await runPdx(['hypothesis', 'show', 'quotes-prodcut'], { cwd: dir })).stderr).toContain('did you mean `quotes-product`?');
    // Nothing close: the ids there are.
    const far = await runPdx(['initiative', 'show', 'zzz'], { cwd: dir });
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('hint: the initiatives are `carrier-payouts`, `instant-quotes`, `quotes-api`, `quotes`');
  });
});
