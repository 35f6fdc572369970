import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepo } from '../../src/store/load.js';
import { gitPdxRepo, runPdx, TODAY, pdxOk } from '../helpers.js';

/** Runs pdx and fails the test with its stderr when it does not exit 0. */
const pdx = pdxOk;

describe('every authoring command by flags', () => {
  it('records exactly what was given, and the repo stays valid', async () => {
    const dir = await gitPdxRepo();
    await pdx(dir, 'initiative', 'add', '--title', 'Instant quotes', '--objective', 'Book in one sitting', '--risk', 'technical', '--date', '2026-07-06');
    // An expansion starts from a product: one at mvp (forced there, for the test) and one started by `expand`.
    await pdx(dir, 'initiative', 'add', '--title', 'Tracking links', '--id', 'tracking-links', '--date', '2026-03-02');
    await pdx(dir, 'advance', 'tracking-links', '--to', 'mvp', '--force', '--reason', 'a product already', '--date', '2026-11-02');
    await pdx(dir, 'initiative', 'add', '--title', 'Quotes API', '--id', 'quotes-api', '--parent', 'tracking-links', '--date', '2026-11-16');
    await pdx(dir, 'expand', 'tracking-links', '--title', 'Tracking for carriers', '--id', 'carrier-tracking', '--objective', 'Carriers share their position', '--risk', 'technical', '--date', '2026-11-17');
    await pdx(dir, 'team', 'add', 'instant-quotes', '--name', 'Maya Okafor', '--role', 'product-manager', '--date', '2026-07-07');
    await pdx(dir, 'idea', 'add', 'instant-quotes', '--text', 'Quote from a photo: pallet, zip codes', '--date', '2026-07-09');
    await pdx(dir, 'initiative', 'update', 'instant-quotes', '--epiphany', 'A firm price beats a cheap one', '--date', '2026-08-20', '--released-on', '2026-11-10', '--title', 'Instant LTL quotes');
    await pdx(dir, 'hypothesis', 'add', '--initiative', 'instant-quotes', '--kind', 'product', '--statement', 'A firm price in a minute', '--claim', 'high: Shippers accept a firm price', '--claim', 'Three options are enough', '--current-solution', 'Emailing brokers', '--improvement-factor', '120', '--date', '2026-08-25');
    await pdx(dir, 'hypothesis', 'add', '--initiative', 'instant-quotes', '--kind', 'pricing', '--statement', 'A margin, no subscription', '--claim', 'Margin is fine', '--price-point', 'Pay as you go=12 percent of carrier rate', '--date', '2026-10-01');
    await pdx(dir, 'hypothesis', 'add', '--initiative', 'instant-quotes', '--kind', 'pricing', '--statement', 'Volume discount', '--claim', 'Volume pays', '--supersedes', 'instant-quotes-pricing', '--date', '2026-10-02');
    await pdx(dir, 'evidence', 'add', '--initiative', 'instant-quotes', '--hypothesis', 'instant-quotes-product', '--claim', 'c1', '--verdict', 'supports', '--customer', 'C-017', '--source', 'interview', '--date', '2026-09-15', '--note', 'Would book on the spot.\nSecond line, kept.');
    await pdx(dir, 'hypothesis', 'status', 'instant-quotes-product', 'validated', '--date', '2026-10-31');
    await pdx(dir, 'evidence', 'add', '--initiative', 'instant-quotes', '--customer', 'C-004', '--source', 'observation', '--date', '2026-07-08', '--note', 'Quoted three dealers by phone');
    await pdx(dir, 'experiment', 'add', '--initiative', 'instant-quotes', '--type', 'prototype', '--hypothesis', 'instant-quotes-product', '--believe', 'B', '--verify', 'V', '--measure', 'M', '--right-if', 'R', '--start', '2026-10-27', '--days', '5');
    await pdx(dir, 'experiment', 'conclude', 'instant-quotes-prototype', '--result', 'validated', '--observed', 'O', '--learned', 'L', '--next', 'N', '--decision', 'persevere', '--date', '2026-10-30');
    await pdx(dir, 'feedback-group', 'add', 'instant-quotes', 'C-004', 'C-007', '--segment', 'furniture', '--date', '2026-09-16');
    await pdx(dir, 'customer', 'add', 'instant-quotes', 'C-004', '--paying-since', '2026-10-01');
    await pdx(dir, 'customer', 'churn', 'instant-quotes', 'C-004', '--date', '2026-11-20');
    await pdx(dir, 'domain', 'add', '--id', 'onboarding', '--name', 'Shipper onboarding', '--purpose', 'First booking fast', '--date', '2026-09-01');
    await pdx(dir, 'team', 'add', 'onboarding', '--name', 'Nora', '--role', 'data-analyst');
    await pdx(dir, 'okr', 'add', '--domain', 'onboarding', '--period', '2026-Q4', '--objective', 'Book in days', '--date', '2026-09-30');
    await pdx(dir, 'kr', 'add', 'onboarding-2026-q4', '--metric', 'Days to first booking', '--baseline', '30', '--target', '3', '--unit', 'days', '--date', '2026-10-01');
    await pdx(dir, 'kr', 'update', 'days-to-first-booking', '--current', '12', '--date', '2026-11-02');
    await pdx(dir, 'experiment', 'add', '--domain', 'onboarding', '--type', 'ab-test', '--believe', 'B', '--verify', 'V', '--measure', 'M', '--right-if', 'R');

    const validate = await runPdx(['validate'], { cwd: dir });
    expect(validate.stdout).toMatch(/no problems/);
    expect(validate.code).toBe(0);

    const { records } = await loadRepo(dir, { today: TODAY });
    const byId = <T extends { data: { id: string } }>(list: T[], id: string) => list.find((r) => r.data.id === id)!.data;
    expect(byId(records.initiative, 'instant-quotes')).toEqual({
      id: 'instant-quotes',
      title: 'Instant LTL quotes',
      objective: 'Book in one sitting',
      risk: 'technical',
      stage: 'immersion',
      history: [{ stage: 'immersion', date: '2026-07-06', by: 'Test User' }],
      team: [{ name: 'Maya Okafor', role: 'product-manager', joined: '2026-07-07' }],
      ideas: [{ text: 'Quote from a photo: pallet, zip codes', date: '2026-07-09', by: 'Test User' }],
      epiphany: 'A firm price beats a cheap one',
      epiphanyOn: '2026-08-20',
      releasedOn: '2026-11-10',
      feedbackGroup: [
        { id: 'C-004', segment: 'furniture', joined: '2026-09-16' },
        { id: 'C-007', segment: 'furniture', joined: '2026-09-16' },
      ],
      customers: [{ id: 'C-004', payingSince: '2026-10-01', churnedOn: '2026-11-20' }],
    });
    expect(byId(records.initiative, 'quotes-api')).toMatchObject({ stage: 'immersion', parent: 'tracking-links', history: [{ stage: 'immersion', date: '2026-11-16' }] });
    expect(byId(records.initiative, 'carrier-tracking')).toMatchObject({ stage: 'immersion', parent: 'tracking-links', objective: 'Carriers share their position', risk: 'technical', history: [{ stage: 'immersion', date: '2026-11-17' }] });
    expect(byId(records.hypothesis, 'instant-quotes-product')).toEqual({
      id: 'instant-quotes-product',
      initiative: 'instant-quotes',
      kind: 'product',
      statement: 'A firm price in a minute',
      status: 'validated',
      statusSince: '2026-10-31',
      created: '2026-08-25',
      claims: [
        { id: 'c1', text: 'Shippers accept a firm price', importance: 'high' },
        { id: 'c2', text: 'Three options are enough' },
      ],
      currentSolution: 'Emailing brokers',
      improvementFactor: 120,
    });
    expect(byId(records.hypothesis, 'instant-quotes-pricing')).toMatchObject({ pricePoints: [{ name: 'Pay as you go', amount: 12, unit: 'percent of carrier rate' }], status: 'draft' });
    expect(byId(records.hypothesis, 'instant-quotes-pricing-2')).toMatchObject({ supersedes: 'instant-quotes-pricing', kind: 'pricing' });
    expect(byId(records.evidence, '2026-09-15-c-017')).toEqual({
      id: '2026-09-15-c-017',
      initiative: 'instant-quotes',
      date: '2026-09-15',
      source: 'interview',
      customer: 'C-017',
      hypothesis: 'instant-quotes-product',
      claim: 'c1',
      verdict: 'supports',
      by: 'Test User',
      note: 'Would book on the spot.\nSecond line, kept.',
    });
    expect(byId(records.evidence, '2026-07-08-c-004')).toMatchObject({ source: 'observation', note: 'Quoted three dealers by phone' });
    expect(byId(records.experiment, 'instant-quotes-prototype')).toEqual({
      id: 'instant-quotes-prototype',
      initiative: 'instant-quotes',
      type: 'prototype',
      hypotheses: ['instant-quotes-product'],
      testCard: { believe: 'B', verify: 'V', measure: 'M', rightIf: 'R' },
      status: 'concluded',
      started: '2026-10-27',
      plannedDays: 5,
      concluded: '2026-10-30',
      result: 'validated',
      learning: { observed: 'O', learned: 'L', next: 'N', decision: 'persevere' },
    });
    expect(byId(records.experiment, 'onboarding-ab-test')).toMatchObject({ domain: 'onboarding', status: 'planned' });
    expect(byId(records.domain, 'onboarding')).toEqual({ id: 'onboarding', name: 'Shipper onboarding', purpose: 'First booking fast', created: '2026-09-01', team: [{ name: 'Nora', role: 'data-analyst', joined: TODAY }], products: [] });
    expect(byId(records.okr, 'onboarding-2026-q4')).toEqual({
      id: 'onboarding-2026-q4',
      domain: 'onboarding',
      period: '2026-Q4',
      objective: 'Book in days',
      created: '2026-09-30',
      keyResults: [{ id: 'days-to-first-booking', metric: 'Days to first booking', unit: 'days', baseline: 30, target: 3, created: '2026-10-01', current: 12 }],
    });
    expect(records.checkin.map((c) => c.data)).toEqual([{ id: '2026-11-02-days-to-first-booking', kr: 'days-to-first-booking', date: '2026-11-02', value: 12, by: 'Test User' }]);

    const list = JSON.parse(await pdx(dir, 'hypothesis', 'list', '--json'));
    expect(list.map((h: { id: string; current: boolean }) => [h.id, h.current])).toEqual([
      ['instant-quotes-pricing', false],
      ['instant-quotes-pricing-2', true],
      ['instant-quotes-product', true],
    ]);
    expect(JSON.parse(await pdx(dir, 'initiative', 'show', 'instant-quotes', '--json'))).toMatchObject({ id: 'instant-quotes', evidence: 2 });
    expect(JSON.parse(await pdx(dir, 'experiment', 'list', '--json'))).toHaveLength(2);
  });
});

describe('scripted mode', () => {
  it('without a terminal, a missing value exits 2 naming every missing flag, writing nothing', async () => {
    const dir = await gitPdxRepo();
    await pdx(dir, 'initiative', 'add', '--title', 'Quotes');
    const result = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--note', 'n'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing required values: --customer, --source');
    expect(await pdx(dir, 'validate', '--json')).toContain('"files": 2');
  });

  it('--json prints { ok, id, path, changed }', async () => {
    const dir = await gitPdxRepo();
    const out = JSON.parse(await pdx(dir, 'initiative', 'add', '--title', 'Rapid quotes!', '--json'));
    expect(out).toEqual({ ok: true, id: 'rapid-quotes', path: 'discovery/initiatives/rapid-quotes.yaml', changed: ['discovery/initiatives/rapid-quotes.yaml'] });
  });

  it('a user-given id that is taken exits 1 and names the file; a bad one exits 2', async () => {
    const dir = await gitPdxRepo();
    await pdx(dir, 'initiative', 'add', '--title', 'Quotes');
    const taken = await runPdx(['initiative', 'add', '--title', 'Other', '--id', 'quotes'], { cwd: dir });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('initiative id `quotes` is already used by discovery/initiatives/quotes.yaml');
    for (const id of ['../x', '-x', 'a/b', 'A B']) {
      const bad = await runPdx(['initiative', 'add', '--title', 'Other', '--id', id], { cwd: dir });
      expect(bad.code, id).toBe(2);
    }
  });

  it('evidence add reads only the records it needs, yet sees every evidence id and every reference', async () => {
    const dir = await gitPdxRepo();
    for (const title of ['Quotes', 'Payouts']) await pdx(dir, 'initiative', 'add', '--title', title);
    await pdx(dir, 'hypothesis', 'add', '--initiative', 'quotes', '--kind', 'pricing', '--statement', 's', '--claim', 'c');
    // Only a whole-repo read fills the verdict cache: a scoped one leaves it alone.
    const cacheFile = join(dir, '.pdx/cache/files.bin');
    rmSync(cacheFile, { force: true });
    await pdx(dir, 'evidence', 'add', '--initiative', 'payouts', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--id', 'shared');
    expect(existsSync(cacheFile)).toBe(false);
    const taken = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--id', 'shared'], { cwd: dir });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('evidence id `shared` is already used by discovery/evidence/payouts/shared.yaml');
    const noClaim = await runPdx(['evidence', 'add', '--initiative', 'quotes', '--hypothesis', 'quotes-pricing', '--claim', 'c9', '--verdict', 'supports', '--customer', 'C-1', '--source', 'interview', '--note', 'n'], { cwd: dir });
    expect(noClaim.code).toBe(2);
    expect(noClaim.stderr).toContain('hypothesis quotes-pricing has no claim `c9`');
    // An id that is not where pdx writes it (or not an id at all) takes the whole-repo path and its suggestions.
    const unknown = await runPdx(['evidence', 'add', '--initiative', 'quote', '--customer', 'C-1', '--source', 'interview', '--note', 'n'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean `quotes`?');
    expect(existsSync(cacheFile)).toBe(true);
    const escape = await runPdx(['evidence', 'add', '--initiative', '../quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'n'], { cwd: dir });
    expect(escape.code).toBe(2);
    const ok = JSON.parse(await pdx(dir, 'evidence', 'add', '--initiative', 'quotes', '--hypothesis', 'quotes-pricing', '--claim', 'c1', '--verdict', 'supports', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--json'));
    expect(ok.path).toBe(`discovery/evidence/quotes/${TODAY}-c-1.yaml`);
    // The file named by an id holds it: the next one is -2, in this folder or another initiative's.
    const second = JSON.parse(await pdx(dir, 'evidence', 'add', '--initiative', 'payouts', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--json'));
    expect(second.path).toBe(`discovery/evidence/payouts/${TODAY}-c-1-2.yaml`);
    // A file renamed by hand still holds its id, but a quick add reads no evidence (its cost would
    // grow with every file): it takes the id again, and pdx validate names the duplicate.
    renameSync(join(dir, ok.path), join(dir, 'discovery/evidence/quotes/renamed.yaml'));
    const next = JSON.parse(await pdx(dir, 'evidence', 'add', '--initiative', 'quotes', '--customer', 'C-1', '--source', 'interview', '--note', 'n', '--json'));
    expect(next.id).toBe(`${TODAY}-c-1`);
    const check = await runPdx(['validate', '--json'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).errors).toContainEqual(expect.objectContaining({ code: 'id/duplicate', message: `evidence id \`${TODAY}-c-1\` is already used by discovery/evidence/quotes/${TODAY}-c-1.yaml` }));
  });

  it('evidence add names the experiment it came from and may set its strength; an experiment of another initiative is refused', async () => {
    const dir = await gitPdxRepo();
    for (const title of ['Quotes', 'Payouts']) await pdx(dir, 'initiative', 'add', '--title', title);
    await pdx(dir, 'hypothesis', 'add', '--initiative', 'quotes', '--kind', 'pricing', '--statement', 's', '--claim', 'low: c', '--claim', 'Highly: a sentence');
    const card = ['--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r'];
    await pdx(dir, 'experiment', 'add', '--initiative', 'quotes', '--type', 'concierge', '--id', 'qx', ...card);
    await pdx(dir, 'experiment', 'add', '--initiative', 'payouts', '--type', 'pilot', '--id', 'px', ...card);
    const link = ['--hypothesis', 'quotes-pricing', '--claim', 'c1', '--verdict', 'supports', '--customer', 'C-1', '--note', 'n'];
    await pdx(dir, 'evidence', 'add', '--initiative', 'quotes', ...link, '--source', 'experiment', '--experiment', 'qx', '--id', 'e1');
    await pdx(dir, 'evidence', 'add', ...link, '--source', 'interview', '--strength', 'strong', '--id', 'e2');
    const other = await runPdx(['evidence', 'add', '--initiative', 'quotes', ...link, '--source', 'experiment', '--experiment', 'px', '--id', 'e3'], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('experiment px belongs to payouts, not quotes');
    const missing = await runPdx(['evidence', 'add', '--initiative', 'quotes', ...link, '--source', 'experiment', '--experiment', 'qy', '--id', 'e3'], { cwd: dir });
    expect(missing.code).toBe(2);
    const bad = await runPdx(['evidence', 'add', '--initiative', 'quotes', ...link, '--source', 'interview', '--strength', 'medium', '--id', 'e3'], { cwd: dir });
    expect(bad.code).toBe(2);
    const { records } = await loadRepo(dir, { today: TODAY });
    expect(records.evidence.map((e) => [e.data.id, e.data.experiment, e.data.strength])).toEqual([['e1', 'qx', undefined], ['e2', undefined, 'strong']]);
    expect(records.hypothesis[0]!.data.claims).toEqual([{ id: 'c1', text: 'c', importance: 'low' }, { id: 'c2', text: 'Highly: a sentence' }]);
    expect(existsSync(join(dir, 'discovery/evidence/quotes/e3.yaml'))).toBe(false);
  });

  it('generates readable ids and numbers repeats', async () => {
    const dir = await gitPdxRepo();
    await pdx(dir, 'initiative', 'add', '--title', 'Rapid Quotes — for small shippers');
    const id = 'rapid-quotes-for-small-shippers';
    for (let i = 0; i < 2; i++) await pdx(dir, 'hypothesis', 'add', '--initiative', id, '--kind', 'pricing', '--statement', 's', '--claim', 'c');
    const list = JSON.parse(await pdx(dir, 'hypothesis', 'list', '--json')) as { id: string }[];
    expect(list.map((h) => h.id)).toEqual([`${id}-pricing`, `${id}-pricing-2`]);
  });

  it('refuses a day after today before reading anything, and an unknown id with a suggestion', async () => {
    const dir = await gitPdxRepo();
    await pdx(dir, 'initiative', 'add', '--title', 'Quotes', '--date', '2026-07-01');
    const future = await runPdx(['idea', 'add', 'quotes', '--text', 't', '--date', '2099-01-01'], { cwd: dir });
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/^pdx: --date 2099-01-01 is after today \(\d{4}-\d\d-\d\d\)\n/);
    const unknown = await runPdx(['idea', 'add', 'quote', '--text', 't'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/did you mean `quotes`/);
    expect(await pdx(dir, 'initiative', 'show', 'quotes', '--json')).toContain('"ideas": []');
  });
});
