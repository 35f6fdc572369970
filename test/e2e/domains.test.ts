import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimalRepo, pdxOk, runPdx, tempDir, treeHash, writeTree } from '../helpers.js';

/**
 * Domains that run on outcomes, over real repos in temp folders (TODAY is 2026-12-01): the read
 * commands, `domain update`, the warnings of status and the report with their fixes, experiments
 * tied to key results.
 */

const DOMAIN = `# The shipper side of the product.
id: onboarding
name: Shipper onboarding   # what the team calls it
purpose: Every new shipper books a first load quickly
created: 2026-09-01
team:
  - { name: Nora, role: product-manager }
  - { name: Kofi, role: designer }
  - { name: Ruth, role: engineering-lead, joined: 2026-09-01 }
  - { name: Sam, role: data-analyst }
  - { name: Lea, role: ux-researcher }
products: [quotes]
`;

const OKR = `id: onboarding-2026-q4
domain: onboarding
period: 2026-Q4
objective: New shippers book in days, not weeks
keyResults:
  - id: days-to-book
    metric: Median days to first booking
    unit: days
    baseline: 30
    target: 3
    current: 12
  - id: self-serve
    metric: Share of self-serve first bookings
    baseline: 20
    target: 60
    current: 40
`;

const checkin = (id: string, kr: string, date: string, value: number) => `id: ${id}\nkr: ${kr}\ndate: ${date}\nvalue: ${value}\n`;

const experiment = (id: string, o: { kr?: string; status?: string; result?: string; title?: string; started?: string; concluded?: string }) =>
  [
    `id: ${id}`,
    o.title ? `title: ${o.title}` : '',
    'domain: onboarding',
    'type: ab-test',
    'testCard: { believe: b, verify: v, measure: m, rightIf: r }',
    `status: ${o.status ?? 'running'}`,
    `started: ${o.started ?? '2026-11-02'}`,
    o.kr ? `kr: ${o.kr}` : '',
    o.concluded ? `concluded: ${o.concluded}` : '',
    o.result ? `result: ${o.result}` : '',
    o.result ? 'learning: { observed: o, learned: l, next: n }' : '',
  ]
    .filter((l) => l !== '')
    .join('\n') + '\n';

/** A repo with one complete domain, its Q4 OKR with two key results, check-ins and experiments. */
function domainRepo(extra: Record<string, string> = {}, config = 'version: 1\nname: Test team\n'): string {
  return minimalRepo({
    'pdx.yaml': config,
    'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Instant quotes\nstage: mvp\ndomain: onboarding\nhandoff: { date: 2026-09-15 }\n',
    'discovery/domains/onboarding.yaml': DOMAIN,
    'discovery/okrs/onboarding-2026-q4.yaml': OKR,
    'discovery/checkins/onboarding/c1.yaml': checkin('c1', 'days-to-book', '2026-11-25', 12),
    'discovery/checkins/onboarding/c2.yaml': checkin('c2', 'self-serve', '2026-11-10', 40),
    'discovery/experiments/onboarding/autocomplete.yaml': experiment('autocomplete', { kr: 'days-to-book', title: 'Address autocomplete', status: 'concluded', result: 'validated', concluded: '2026-11-20' }),
    'discovery/experiments/onboarding/guided-quote.yaml': experiment('guided-quote', { kr: 'days-to-book', title: 'Guided first quote', status: 'concluded', result: 'invalidated', concluded: '2026-11-16' }),
    'discovery/experiments/onboarding/chat-widget.yaml': experiment('chat-widget', { kr: 'self-serve', title: 'Chat widget' }),
    'discovery/experiments/onboarding/new-logo.yaml': experiment('new-logo', { title: 'A new logo' }),
    ...extra,
  });
}

const json = async (dir: string, ...args: string[]) => JSON.parse(await pdxOk(dir, ...args, '--json'));

describe('pdx domain list, domain show, okr list, okr show, kr list', () => {
  it('domain list: each domain with its counts and warnings, as a table and as JSON', async () => {
    const dir = domainRepo();
    const text = await pdxOk(dir, 'domain', 'list');
    expect(text).toMatch(/│ onboarding\s+│ Shipper onboarding\s+│ Every new shipper books a first load quickly\s+│ 5\s+│ 1\s+│ 1\s+│ 2\s+│ 4\s+│ 1\s+│/);
    const rows = await json(dir, 'domain', 'list');
    // One warning: self-serve had no check-in for 21 days.
    expect(rows).toEqual([{ id: 'onboarding', name: 'Shipper onboarding', purpose: 'Every new shipper books a first load quickly', team: 5, products: 1, okrs: 1, keyResults: 2, experiments: 4, warnings: 1 }]);
  });

  it('domain show: purpose, team, products, OKRs with baseline → current → target, progress, last check-in, experiments per key result, warnings', async () => {
    const dir = domainRepo();
    const text = await pdxOk(dir, 'domain', 'show', 'onboarding');
    expect(text).toContain('Shipper onboarding  (onboarding)\npurpose: Every new shipper books a first load quickly\nset up 2026-09-01');
    expect(text).toMatch(/│ Ruth\s+│ engineering-lead │ 2026-09-01 │/);
    expect(text).toMatch(/│ quotes\s+│ Instant quotes │/);
    expect(text).toContain('2026-Q4  New shippers book in days, not weeks  (onboarding-2026-q4, 59%)');
    expect(text).toMatch(/│ days-to-book\s+│ Median days to first booking\s+│ 30 → 12 → 3 days\s+│ 67%\s+│ 2026-11-25\s+│ 1 validated, 1 invalidated │/);
    expect(text).toMatch(/│ self-serve\s+│ Share of self-serve first bookings\s+│ 20 → 40 → 60\s+│ 50%\s+│ 2026-11-10 \(stale\)\s+│ 1 running\s+│/);
    expect(text).toMatch(/│ new-logo\s+│ A new logo\s+│\s+│ none\s+│ running/);
    expect(text).toContain('Warnings\n! key result self-serve (Share of self-serve first bookings) has no check-in for 14 days: last check-in 2026-11-10\n  → pdx kr update self-serve --current …');

    const d = await json(dir, 'domain', 'show', 'onboarding');
    expect(d).toMatchObject({ id: 'onboarding', name: 'Shipper onboarding', created: '2026-09-01', updated: null, products: [{ id: 'quotes', title: 'Instant quotes' }], experimentCount: 4 });
    expect(d.team.map((m: { role: string }) => m.role)).toEqual(['product-manager', 'designer', 'engineering-lead', 'data-analyst', 'ux-researcher']);
    const kr = d.okrs[0].keyResults[0];
    expect(kr).toMatchObject({ id: 'days-to-book', baseline: 30, current: 12, target: 3, progress: 0.67, lastCheckIn: '2026-11-25', stale: false, counts: { validated: 1, invalidated: 1 } });
    expect(kr.experiments.map((x: { id: string; result: string }) => [x.id, x.result])).toEqual([['autocomplete', 'validated'], ['guided-quote', 'invalidated']]);
    expect(d.warnings).toEqual([{ kind: 'stale-kr', kr: 'self-serve', message: expect.stringContaining('self-serve'), fix: 'pdx kr update self-serve --current …' }]);
  });

  it('domain show --as-of: what came later is hidden (experiments, check-ins), and an unknown domain is a usage error with the closest id', async () => {
    const dir = domainRepo();
    const d = await json(dir, 'domain', 'show', 'onboarding', '--as-of', '2026-11-18');
    const kr = d.okrs[0].keyResults[0];
    // Autocomplete concluded on the 20th: on the 18th it was running.
    expect(kr.counts).toEqual({ running: 1, invalidated: 1 });
    expect(kr.lastCheckIn).toBeNull();
    const missing = await runPdx(['domain', 'show', 'onboardin'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('did you mean `onboarding`?');
    const none = await runPdx(['domain', 'show'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('which domain? pass its id, e.g. pdx domain show onboarding');
  });

  it('--as-of leaves out what did not exist yet: a domain set up later, OKRs and key results created later, experiments started later (a planned one stays), products handed off later', async () => {
    const dir = domainRepo({
      'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Instant quotes\nstage: mvp\ndomain: onboarding\nhandoff: { date: 2026-10-01 }\n',
      'discovery/okrs/onboarding-2026-q4.yaml': OKR.replace('keyResults:\n', 'created: 2026-10-05\nkeyResults:\n').replace('    current: 40\n', '    current: 40\n    created: 2026-11-05\n'),
      'discovery/experiments/onboarding/planned.yaml': experiment('planned', { title: 'Planned' }).replace('status: running\nstarted: 2026-11-02\n', 'status: planned\n'),
    });
    expect(await json(dir, 'domain', 'list', '--as-of', '1970-01-01')).toEqual([]);
    expect(await json(dir, 'domain', 'list', '--as-of', '2026-09-15')).toEqual([expect.objectContaining({ id: 'onboarding', products: 0, okrs: 0, keyResults: 0, experiments: 1 })]);
    expect(await json(dir, 'domain', 'list', '--as-of', '2026-11-01')).toEqual([expect.objectContaining({ products: 1, okrs: 1, keyResults: 1, experiments: 1 })]);
    expect(await json(dir, 'domain', 'list')).toEqual([expect.objectContaining({ products: 1, okrs: 1, keyResults: 2, experiments: 5 })]);
    expect((await json(dir, 'domain', 'show', 'onboarding', '--as-of', '2026-09-15')).experimentCount).toBe(1);
    const before = await runPdx(['domain', 'show', 'onboarding', '--as-of', '2026-08-01'], { cwd: dir });
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('domain onboarding was set up on 2026-09-01, after --as-of 2026-08-01');
    expect(await runPdx(['okr', 'list', '--domain', 'onboarding', '--as-of', '2026-08-01'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('domain onboarding (--domain) was set up on 2026-09-01, after --as-of 2026-08-01') });
    const okr = await runPdx(['okr', 'show', 'onboarding-2026-q4', '--as-of', '2020-01-01'], { cwd: dir });
    expect(okr.code).toBe(2);
    expect(okr.stderr).toContain('OKR onboarding-2026-q4 was created on 2026-10-05, after --as-of 2020-01-01');
    expect(okr.stdout).toBe('');
    expect(await json(dir, 'okr', 'list', '--as-of', '2026-10-01')).toEqual([]);
    expect(await json(dir, 'kr', 'list', '--as-of', '1970-01-01')).toEqual([]);
    expect((await json(dir, 'kr', 'list', '--as-of', '2026-11-01')).map((k: { id: string }) => k.id)).toEqual(['days-to-book']);
    expect((await json(dir, 'okr', 'show', 'onboarding-2026-q4', '--as-of', '2026-11-01')).keyResults.map((k: { id: string }) => k.id)).toEqual(['days-to-book']);
  });

  it('counts as products only the initiatives handed off to the domain: not one another domain owns, nor one never handed off', async () => {
    const dir = domainRepo({
      'discovery/initiatives/tracking.yaml': 'id: tracking\ntitle: Tracking\nstage: mvp\n',
      'discovery/domains/visibility.yaml': 'id: visibility\nname: Visibility\npurpose: Where is my load\ncreated: 2026-09-01\nproducts: [quotes, tracking]\n',
    });
    const result = await runPdx(['domain', 'list', '--json'], { cwd: dir });
    expect(result.stderr).toContain('problems');
    expect(JSON.parse(result.stdout).map((d: { id: string; products: number }) => [d.id, d.products])).toEqual([['onboarding', 1], ['visibility', 0]]);
  });

  it('okr add writes a period as the schema has it (2026-h1 is 2026-H1), and refuses one that is no period before writing', async () => {
    const dir = domainRepo();
    await pdxOk(dir, 'validate');
    const before = treeHash(dir);
    const wrong = await runPdx(['okr', 'add', '--domain', 'onboarding', '--period', '2026-Q5', '--objective', 'Faster'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('pdx: --period "2026-Q5" is not a period such as 2026-Q4, 2026-H2, 2026-11 or 2026');
    expect(treeHash(dir)).toBe(before);
    await pdxOk(dir, 'okr', 'add', '--domain', 'onboarding', '--period', '2026-h1', '--objective', 'Faster', '--id', 'onboarding-2026-h1', '--date', '2026-01-05');
    expect(readFileSync(join(dir, 'discovery/okrs/onboarding-2026-h1.yaml'), 'utf8')).toMatch(/^period: 2026-H1$/m);
  });

  it('okr list filters by domain and period; okr show lists the experiments per key result', async () => {
    const dir = domainRepo({ 'discovery/okrs/onboarding-2027.yaml': 'id: onboarding-2027\ndomain: onboarding\nperiod: "2027"\nobjective: Self-serve everywhere\n' });
    const all = await json(dir, 'okr', 'list');
    expect(all.map((o: { id: string }) => o.id)).toEqual(['onboarding-2027', 'onboarding-2026-q4']);
    const q4 = await json(dir, 'okr', 'list', '--period', '2026-Q4');
    expect(q4).toEqual([{ id: 'onboarding-2026-q4', domain: 'onboarding', period: '2026-Q4', objective: 'New shippers book in days, not weeks', progress: 0.59, keyResults: 2, stale: 1 }]);
    expect(await pdxOk(dir, 'okr', 'list', '--period', '2026-Q4')).toMatch(/│ onboarding-2026-q4 │ onboarding │ 2026-Q4 │ New shippers book in days, not weeks │ 2\s+│ 59%\s+│ 1\s+│/);
    // A period matches whatever its case; one that is no period is a usage error naming the forms.
    expect(await json(dir, 'okr', 'list', '--period', '2026-q4')).toEqual(q4);
    for (const period of ['bogus', '2026-Q5', '26-Q4']) {
      const wrong = await runPdx(['okr', 'list', '--period', period], { cwd: dir });
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain(`pdx: --period "${period}" is not a period such as 2026-Q4, 2026-H2, 2026-11 or 2026`);
      expect(wrong.stdout).toBe('');
    }
    const bad = await runPdx(['okr', 'list', '--domain', 'onbording'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('`onboarding`');
    const show = await pdxOk(dir, 'okr', 'show', 'onboarding-2026-q4');
    expect(show).toMatch(/│ days-to-book\s+│ autocomplete\s+│ Address autocomplete │ concluded │ validated\s+│/);
    expect(show).toMatch(/│ self-serve\s+│ chat-widget\s+│ Chat widget\s+│ running\s+│/);
    expect((await json(dir, 'okr', 'show', 'onboarding-2026-q4')).keyResults[1].experiments.map((x: { id: string }) => x.id)).toEqual(['chat-widget']);
  });

  it('kr list: every key result with its OKR, domain, period, progress, last check-in and stale flag; --okr and --domain filter', async () => {
    const dir = domainRepo();
    const text = await pdxOk(dir, 'kr', 'list');
    expect(text).toMatch(/│ self-serve\s+│ Share of self-serve first bookings │ onboarding-2026-q4 │ onboarding │ 2026-Q4 │ 20 → 40 → 60\s+│ 50%\s+│ 2026-11-10 \(stale\) │/);
    const rows = await json(dir, 'kr', 'list', '--okr', 'onboarding-2026-q4');
    expect(rows.map((k: { id: string; stale: boolean; okr: string; domain: string; period: string }) => [k.id, k.okr, k.domain, k.period, k.stale])).toEqual([
      ['days-to-book', 'onboarding-2026-q4', 'onboarding', '2026-Q4', false],
      ['self-serve', 'onboarding-2026-q4', 'onboarding', '2026-Q4', true],
    ]);
    // 28 days later, both are stale; a week earlier neither is.
    expect((await json(dir, 'kr', 'list', '--as-of', '2026-11-20')).map((k: { stale: boolean }) => k.stale)).toEqual([true, false]);
    const bad = await runPdx(['kr', 'list', '--okr', 'onboarding-2026'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('onboarding-2026-q4');
  });

  it('report.krStaleAfterDays sets when a key result is stale', async () => {
    const dir = domainRepo({}, 'version: 1\nname: Test team\nreport:\n  krStaleAfterDays: 30\n');
    expect((await json(dir, 'kr', 'list')).map((k: { stale: boolean }) => k.stale)).toEqual([false, false]);
    const status = await json(dir, 'status');
    expect(status.staleAfterDays).toBe(30);
    expect(status.keyResults).toEqual([]);
  });
});

describe('pdx domain update', () => {
  it('changes only the purpose and records the day, every other byte as it was', async () => {
    const dir = domainRepo();
    const file = join(dir, 'discovery/domains/onboarding.yaml');
    const result = await runPdx(['domain', 'update', 'onboarding', '--purpose', 'Every shipper books a first load within a day', '--date', '2026-11-30'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(DOMAIN.replace('purpose: Every new shipper books a first load quickly', 'purpose: Every shipper books a first load within a day').replace('created: 2026-09-01\n', 'created: 2026-09-01\nupdated: 2026-11-30\n'));
    const shown = await pdxOk(dir, 'domain', 'show', 'onboarding');
    expect(shown).toContain('purpose: Every shipper books a first load within a day\nset up 2026-09-01, updated 2026-11-30');
    // The name, with the comment after it kept; the day defaults to today.
    expect((await runPdx(['domain', 'update', 'onboarding', '--name', 'Onboarding'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('name: Onboarding   # what the team calls it\n');
    expect(readFileSync(file, 'utf8')).toContain('updated: 2026-12-01\n');
  });

  it('--json answers with the file it changed', async () => {
    const dir = domainRepo();
    const out = await json(dir, 'domain', 'update', 'onboarding', '--name', 'Onboarding');
    expect(out).toMatchObject({ ok: true, id: 'onboarding', path: 'discovery/domains/onboarding.yaml' });
  });

  it('refuses, exit 2 and nothing written: no change flag, the same value, a date before it was set up or last updated, an unknown domain', async () => {
    const dir = domainRepo();
    const before = treeHash(dir, (p) => p.startsWith('.pdx'));
    const cases: [string[], string][] = [
      [['domain', 'update', 'onboarding'], 'nothing to update: pass --name, --purpose or --budget'],
      [['domain', 'update', 'onboarding', '--date', '2026-11-30'], 'nothing to update: pass --name, --purpose or --budget'],
      [['domain', 'update', 'onboarding', '--name', 'Shipper onboarding'], 'already has that name'],
      [['domain', 'update', 'onboarding', '--name', 'X', '--date', '2026-08-01'], 'before onboarding was set up (2026-09-01)'],
      [['domain', 'update', 'onbording', '--name', 'X'], 'did you mean `onboarding`?'],
      [['domain', 'update', 'onboarding', '--name', 'X', '--date', '2026-12-02'], '--date'],
    ];
    for (const [args, message] of cases) {
      const result = await runPdx(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    expect(treeHash(dir, (p) => p.startsWith('.pdx'))).toBe(before);
    await pdxOk(dir, 'domain', 'update', 'onboarding', '--name', 'X', '--date', '2026-11-30');
    const earlier = await runPdx(['domain', 'update', 'onboarding', '--name', 'Y', '--date', '2026-11-29'], { cwd: dir });
    expect(earlier.code).toBe(2);
    expect(earlier.stderr).toContain('before onboarding was last updated (2026-11-30)');
  });
});

describe('domain warnings in status and the report, each with its fix', () => {
  const bare = () =>
    minimalRepo({
      'discovery/domains/carriers.yaml': 'id: carriers\nname: Carriers\npurpose: Enough carriers on every lane\nteam:\n  - { name: Amara, role: product-manager }\n  - { name: Grace, role: designer }\n',
    });

  it('a missing role names the team add command; running it clears the warning', async () => {
    const dir = bare();
    const text = await pdxOk(dir, 'status');
    expect(text).toContain('domain carriers  Carriers: 4 warnings\n  ! no engineering-lead on the team\n    → pdx team add carriers --role engineering-lead --name "…"\n  ! no data-analyst on the team\n    → pdx team add carriers --role data-analyst --name "…"\n  ! no ux-researcher on the team\n    → pdx team add carriers --role ux-researcher --name "…"');
    await pdxOk(dir, 'team', 'add', 'carriers', '--role', 'engineering-lead', '--name', 'Pieter');
    const after = await json(dir, 'status');
    expect(after.domains[0].warnings.map((w: { kind: string; role?: string }) => w.role ?? w.kind)).toEqual(['data-analyst', 'ux-researcher', 'no-current-okr']);
  });

  it('domains.roles in pdx.yaml sets the roles a domain team needs', async () => {
    const dir = bare();
    writeFileSync(join(dir, 'pdx.yaml'), 'version: 1\nname: Test team\ndomains:\n  roles: [product-manager, designer]\n');
    const status = await json(dir, 'status');
    expect(status.domains[0].warnings.map((w: { kind: string }) => w.kind)).toEqual(['no-current-okr']);
  });

  it('no OKR for the current period names okr add with the quarter; an OKR for the quarter, half, month or year containing the day clears it', async () => {
    const dir = bare();
    const text = await pdxOk(dir, 'status');
    expect(text).toContain('  ! no OKR for the current period (2026-Q4, or any period containing 2026-12-01)\n    → pdx okr add --domain carriers --period 2026-Q4 --objective "…"');
    const warned = async (asOf?: string) => (asOf ? (await json(dir, 'report', '--as-of', asOf)).domains : (await json(dir, 'status')).domains)[0].warnings.some((w: { kind: string }) => w.kind === 'no-current-okr');
    for (const [period, inside, outside] of [['2026-H2', '2026-07-01', '2026-06-30'], ['2026-12', '2026-12-01', '2026-11-30'], ['2026', '2026-01-01', '2025-12-31'], ['2026-Q4', '2026-10-01', '2026-09-30']] as const) {
      writeTree(dir, { 'discovery/okrs/carriers-okr.yaml': `id: carriers-okr\ndomain: carriers\nperiod: "${period}"\nobjective: Cover every lane\n` });
      expect(await warned(inside), `${period} on ${inside}`).toBe(false);
      expect(await warned(outside), `${period} on ${outside}`).toBe(true);
    }
    const report = await json(dir, 'report', '--as-of', '2026-09-30');
    expect(report.domains[0].warnings.find((w: { kind: string }) => w.kind === 'no-current-okr')).toMatchObject({ period: '2026-Q3', fix: 'pdx okr add --domain carriers --period 2026-Q3 --objective "…"' });
  });

  it('a stale key result is a warning of its domain, in the report too', async () => {
    const dir = domainRepo();
    const report = await json(dir, 'report');
    expect(report.domains).toEqual([{ domain: 'onboarding', name: 'Shipper onboarding', warnings: [expect.objectContaining({ kind: 'stale-kr', kr: 'self-serve', fix: 'pdx kr update self-serve --current …' })] }]);
    const text = await pdxOk(dir, 'report');
    expect(text).toContain('Domains');
    expect(text).toMatch(/ {4}! key result self-serve \(Share of self-serve first bookings\) has no check-in for 14 days: last check-in 2026-11-10\n {6}→ pdx kr update self-serve --current …/);
    const md = await pdxOk(dir, 'report', '--format', 'markdown');
    expect(md).toContain('## Domains');
    expect(md).toContain(': `pdx kr update self-serve --current …`');
    const html = await pdxOk(dir, 'report', '--format', 'html');
    expect(html).toContain('<code>pdx kr update self-serve --current …</code>');
  });
});

describe('experiments tied to key results', () => {
  const add = (dir: string, ...flags: string[]) =>
    runPdx(['experiment', 'add', '--type', 'ab-test', '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r', '--title', 'Saved address', ...flags], { cwd: dir });

  it('--kr writes the key result; one of another domain, a typo, or --kr with --initiative is exit 2 with nothing written', async () => {
    const dir = domainRepo({
      'discovery/domains/carriers.yaml': 'id: carriers\nname: Carriers\npurpose: Enough carriers\n',
      'discovery/okrs/carriers-2026.yaml': 'id: carriers-2026\ndomain: carriers\nperiod: "2026"\nobjective: Cover lanes\nkeyResults:\n  - { id: lanes-covered, metric: Lanes covered, baseline: 50, target: 80 }\n',
    });
    const before = treeHash(dir, (p) => p.startsWith('.pdx'));
    const other = await add(dir, '--domain', 'onboarding', '--kr', 'lanes-covered');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('key result lanes-covered (--kr) belongs to carriers (OKR carriers-2026), not onboarding');
    expect(other.stderr).toContain("onboarding's key results: days-to-book, self-serve");
    const typo = await add(dir, '--domain', 'onboarding', '--kr', 'days-to-bok');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('onboarding has no key result `days-to-bok` (--kr) (did you mean `days-to-book`?)');
    const initiative = await add(dir, '--initiative', 'quotes', '--kr', 'days-to-book');
    expect(initiative.code).toBe(2);
    expect(initiative.stderr).toContain('--kr is for a domain experiment');
    // Neither --domain nor --initiative (or both): the owner is said first, never `undefined`.
    for (const owners of [[], ['--initiative', 'quotes', '--domain', 'onboarding']]) {
      const none = await add(dir, '--kr', 'days-to-book', ...owners);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('an experiment belongs to one initiative or one domain: pass --initiative or --domain');
      expect(none.stderr).not.toContain('undefined');
    }
    // Checked before anything is asked: with no other flag, the key result is what is refused.
    const first = await runPdx(['experiment', 'add', '--domain', 'onboarding', '--kr', 'nope'], { cwd: dir });
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('onboarding has no key result `nope`');
    expect(treeHash(dir, (p) => p.startsWith('.pdx'))).toBe(before);

    const ok = await add(dir, '--domain', 'onboarding', '--kr', 'self-serve');
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(dir, 'discovery/experiments/onboarding/onboarding-saved-address.yaml'), 'utf8')).toContain('kr: self-serve\n');
    const okr = await json(dir, 'okr', 'show', 'onboarding-2026-q4');
    expect(okr.keyResults[1].experiments.map((x: { id: string }) => x.id)).toEqual(['chat-widget', 'onboarding-saved-address']);
  });

  it('completion offers key result ids after --kr', async () => {
    const dir = domainRepo();
    const result = await runPdx(['__complete', 'bash', '--', 'pdx experiment add --domain onboarding --kr '], { cwd: dir });
    expect(result.stdout).toBe('days-to-book\nself-serve\n');
    const domains = await runPdx(['__complete', 'bash', '--', 'pdx domain show '], { cwd: dir });
    expect(domains.stdout).toBe('onboarding\n');
    const okrs = await runPdx(['__complete', 'bash', '--', 'pdx kr list --okr '], { cwd: dir });
    expect(okrs.stdout).toBe('onboarding-2026-q4\n');
  });

  it('the report shows per key result the experiments run for it and flags domain experiments with no key result, in every format', async () => {
    const dir = domainRepo();
    const report = await json(dir, 'report');
    expect(report.outcomes.keyResults).toEqual([
      expect.objectContaining({ kr: 'days-to-book', domain: 'onboarding', counts: { validated: 1, invalidated: 1 }, experiments: [expect.objectContaining({ id: 'autocomplete', title: 'Address autocomplete', result: 'validated' }), expect.objectContaining({ id: 'guided-quote', result: 'invalidated' })] }),
      expect.objectContaining({ kr: 'self-serve', counts: { running: 1 }, experiments: [expect.objectContaining({ id: 'chat-widget', status: 'running', result: null })] }),
    ]);
    expect(report.outcomes.unlinked.map((x: { id: string }) => x.id)).toEqual(['new-logo']);

    const text = await pdxOk(dir, 'report');
    expect(text).toContain('Experiments per key result');
    expect(text).toContain('  days-to-book (onboarding, 2026-Q4): 1 validated, 1 invalidated\n    autocomplete  Address autocomplete  validated\n    guided-quote  Guided first quote  invalidated\n  self-serve (onboarding, 2026-Q4): 1 running\n    chat-widget  Chat widget  running');
    expect(text).toContain('! Output without an outcome: 1 domain experiment with no key result\n    new-logo (onboarding)  A new logo  running');

    const md = await pdxOk(dir, 'report', '--format', 'markdown');
    expect(md).toContain('**days-to-book** (onboarding, 2026-Q4): 1 validated, 1 invalidated');
    expect(md).toContain('| autocomplete | Address autocomplete | validated |');
    expect(md).toContain('> **Output without an outcome:** 1 domain experiment with no key result.');
    expect(md).toContain('| new-logo | onboarding | A new logo | running |');

    const html = await pdxOk(dir, 'report', '--format', 'html');
    expect(html).toContain('<h3 id="kr-days-to-book">days-to-book <small>(onboarding, 2026-Q4): 1 validated, 1 invalidated</small></h3>');
    expect(html).toContain('<td>autocomplete</td><td>Address autocomplete</td><td>validated</td>');
    expect(html).toContain('<strong>Output without an outcome:</strong> 1 domain experiment with no key result.');
    expect(html).toContain('<td>new-logo</td><td>onboarding</td><td>A new logo</td><td>running</td>');
  });

  const arms = (c: string, v: string) => `arms:\n  - { name: control, conversions: ${c.split('/')[0]}, exposures: ${c.split('/')[1]} }\n  - { name: variant, conversions: ${v.split('/')[0]}, exposures: ${v.split('/')[1]} }\n`;
  // R: prop.test(c(150, 212), c(2950, 2950), correct = FALSE)$p.value = 0.00077; prop.test(c(80, 100), c(1000, 1000), …)$p.value = 0.118.
  const abRepo = () =>
    domainRepo(
      {
        // days-to-book falls from 30 to 3: the significant drop is what validated it.
        'discovery/experiments/onboarding/autocomplete.yaml': experiment('autocomplete', { kr: 'days-to-book', title: 'Address autocomplete', status: 'concluded', result: 'validated', concluded: '2026-11-20' }) + arms('212/2950', '150/2950'),
        'discovery/experiments/onboarding/new-logo.yaml': experiment('new-logo', { title: 'A new logo' }) + arms('100/1000', '80/1000'),
      },
      'version: 1\nname: Test team\nexperiments:\n  significance: 0.2\n',
    );
  const fewer = '−29.2% p < 0.001; fewer is better';
  // Significant at 0.2 (it would be n.s. at the default 0.05); no key result, so more is better.
  const logo = '−20.0% p = 0.118';

  it('the report shows the A/B numbers of experiments with counts, at the configured significance and in their key result\'s direction, in every format', async () => {
    const dir = abRepo();
    const report = await json(dir, 'report');
    expect(report.outcomes.keyResults[0].experiments.map((x: { id: string; ab: string | null }) => [x.id, x.ab])).toEqual([['autocomplete', fewer], ['guided-quote', null]]);
    expect(report.outcomes.unlinked[0].ab).toBe(logo);

    const text = await pdxOk(dir, 'report');
    expect(text).toContain(`    autocomplete  Address autocomplete  validated  ${fewer}\n    guided-quote  Guided first quote  invalidated\n`);
    expect(text).toContain(`    new-logo (onboarding)  A new logo  running  ${logo}`);
    const md = await pdxOk(dir, 'report', '--format', 'markdown');
    expect(md).toContain('| experiment | title | result | lift, p |\n| --- | --- | --- | --- |\n| autocomplete | Address autocomplete | validated | −29.2% p &lt; 0.001; fewer is better |\n| guided-quote | Guided first quote | invalidated |  |');
    // A key result whose experiments have no counts keeps its three columns.
    expect(md).toContain('| experiment | title | result |\n| --- | --- | --- |\n| chat-widget | Chat widget | running |');
    expect(md).toContain(`| new-logo | onboarding | A new logo | running | ${logo} |`);
    const html = await pdxOk(dir, 'report', '--format', 'html');
    expect(html).toContain('<td>autocomplete</td><td>Address autocomplete</td><td>validated</td><td>−29.2% p &lt; 0.001; fewer is better</td>');
    expect(html).toContain(`<td>new-logo</td><td>onboarding</td><td>A new logo</td><td>running</td><td>${logo}</td>`);
  });

  it('domain show and okr show give the same A/B numbers in a lift, p column', async () => {
    const dir = abRepo();
    const domain = await runPdx(['domain', 'show', 'onboarding'], { cwd: dir, columns: 200 });
    expect(domain.stdout).toMatch(/│ experiment\s+│ title\s+│ product\s+│ key result\s+│ status\s+│ result\s+│ lift, p\s+│ started\s+│ concluded\s+│/);
    expect(domain.stdout).toMatch(/│ autocomplete\s+│ Address autocomplete\s+│\s+│ days-to-book\s+│ concluded │ validated\s+│ −29\.2% p < 0\.001; fewer is better │ 2026-11-02 │ 2026-11-20 │/);
    expect(domain.stdout).toMatch(/│ new-logo\s+│ A new logo\s+│\s+│ none\s+│ running\s+│\s+│ −20\.0% p = 0\.118\s+│ 2026-11-02 │/);
    expect((await json(dir, 'domain', 'show', 'onboarding')).experiments.find((x: { id: string }) => x.id === 'new-logo').ab).toBe(logo);
    const okr = await runPdx(['okr', 'show', 'onboarding-2026-q4'], { cwd: dir, columns: 200 });
    expect(okr.stdout).toMatch(/│ days-to-book\s+│ autocomplete\s+│ Address autocomplete │ concluded │ validated\s+│ −29\.2% p < 0\.001; fewer is better │/);
    expect((await json(dir, 'okr', 'show', 'onboarding-2026-q4')).keyResults[0].experiments[0].ab).toBe(fewer);
  });

  it('with every domain experiment tied to a key result, nothing is flagged', async () => {
    const dir = domainRepo({ 'discovery/experiments/onboarding/new-logo.yaml': experiment('new-logo', { kr: 'self-serve' }) });
    const report = await json(dir, 'report');
    expect(report.outcomes.unlinked).toEqual([]);
    expect(await pdxOk(dir, 'report')).not.toContain('Output without an outcome');
    expect(await pdxOk(dir, 'report', '--format', 'markdown')).not.toContain('Output without an outcome');
  });
});

describe('the vision', () => {
  it('is shown at the top of status and of the report in every format, and is in their JSON', async () => {
    const dir = domainRepo({}, 'version: 1\nname: Test team\nvision: Every shipper books freight in one sitting\n');
    expect((await pdxOk(dir, 'status')).split('\n')[1]).toBe('Vision: Every shipper books freight in one sitting');
    expect((await json(dir, 'status')).vision).toBe('Every shipper books freight in one sitting');
    expect((await pdxOk(dir, 'report')).split('\n')[1]).toBe('Vision: Every shipper books freight in one sitting');
    expect((await json(dir, 'report')).vision).toBe('Every shipper books freight in one sitting');
    expect((await pdxOk(dir, 'report', '--format', 'markdown')).split('\n').slice(0, 3)).toEqual(['# Discovery health — Test team, as of 2026-12-01', '', '**Vision:** Every shipper books freight in one sitting']);
    expect(await pdxOk(dir, 'report', '--format', 'html')).toContain('<h1>Discovery health — Test team</h1>\n<p class="vision"><strong>Vision:</strong> Every shipper books freight in one sitting</p>');
    // Without one, nothing is said.
    const none = domainRepo();
    expect(await pdxOk(none, 'status')).not.toContain('Vision');
    expect((await json(none, 'report')).vision).toBeNull();
  });

  it('pdx init --vision writes it after the name; into an existing pdx.yaml it is refused', async () => {
    const dir = tempDir();
    await pdxOk(dir, 'init', '--no-git', '--name', 'Freight', '--vision', 'Freight in one sitting');
    expect(readFileSync(join(dir, 'pdx.yaml'), 'utf8')).toContain('name: Freight\nvision: Freight in one sitting\n');
    const again = await runPdx(['init', '--vision', 'Another'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('pdx.yaml already exists and init never changes it');
    expect(readFileSync(join(dir, 'pdx.yaml'), 'utf8')).toContain('vision: Freight in one sitting\n');
  });
});

describe('--budget on initiative update and domain update', () => {
  const INITIATIVE = '# The quotes team.\nid: quotes\ntitle: Instant quotes   # short\nstage: mvp\ndomain: onboarding\nhandoff: { date: 2026-09-15 }\n';

  it('writes only the budget (and, for a domain, the day of the change), every other byte as it was; the report counts it', async () => {
    const dir = domainRepo({ 'discovery/initiatives/quotes.yaml': INITIATIVE });
    const initiative = join(dir, 'discovery/initiatives/quotes.yaml');
    const domain = join(dir, 'discovery/domains/onboarding.yaml');
    const set = await runPdx(['initiative', 'update', 'quotes', '--budget', '180000'], { cwd: dir });
    expect(set.code, set.stderr).toBe(0);
    expect(readFileSync(initiative, 'utf8')).toBe(`${INITIATIVE}budget: 180000\n`);
    expect((await runPdx(['initiative', 'update', 'quotes', '--budget', '0.5e5'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(initiative, 'utf8')).toBe(`${INITIATIVE}budget: 50000\n`);
    const domainSet = await runPdx(['domain', 'update', 'onboarding', '--budget', '420000', '--date', '2026-11-30'], { cwd: dir });
    expect(domainSet.code, domainSet.stderr).toBe(0);
    expect(readFileSync(domain, 'utf8')).toBe(`${DOMAIN.replace('created: 2026-09-01\n', 'created: 2026-09-01\nupdated: 2026-11-30\n')}budget: 420000\n`);
    const report = JSON.parse((await runPdx(['report', '--json'], { cwd: dir })).stdout);
    expect(report.investment.teams.map((t: { id: string; budget: number | null }) => [t.id, t.budget])).toEqual([['quotes', 50000], ['onboarding', 420000]]);
    expect((await runPdx(['validate'], { cwd: dir })).code).toBe(0);
  });

  it('refuses a negative or non-number budget, exit 2 naming the flag, nothing written', async () => {
    const dir = domainRepo({ 'discovery/initiatives/quotes.yaml': INITIATIVE });
    const before = treeHash(dir, (p) => p.startsWith('.pdx'));
    const cases: [string[], string][] = [
      [['initiative', 'update', 'quotes', '--budget', '-5'], 'pdx: --budget must be zero or more, not -5'],
      [['initiative', 'update', 'quotes', '--budget', 'lots'], 'pdx: --budget must be a number, not "lots"'],
      [['initiative', 'update', 'quotes', '--budget', ''], 'pdx: --budget must be a number, not ""'],
      [['domain', 'update', 'onboarding', '--budget', '1e999'], 'pdx: --budget must be a number, not "1e999"'],
      [['domain', 'update', 'onboarding', '--budget', '-0.01'], 'pdx: --budget must be zero or more, not -0.01'],
    ];
    for (const [args, message] of cases) {
      const run = await runPdx(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(message);
    }
    expect(treeHash(dir, (p) => p.startsWith('.pdx'))).toBe(before);
  });
});
