import { existsSync, readFileSync } from 'node:fs';
import { RULES } from '../../src/gates/rules/index.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPdx, treeHash } from '../helpers.js';
import { productRepo } from '../product-repo.js';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
/** The team's files (pdx's own state under .pdx/ is not theirs). */
const files = (dir: string) => treeHash(dir, (path) => path === '.pdx');

describe('expansions', () => {
  it('refuses a parent still in immersion: exit 1, why, and nothing written', async () => {
    const dir = productRepo();
    const before = files(dir);
    const result = await runPdx(['initiative', 'add', '--title', 'Docks for ports', '--parent', 'docks'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('docks is in immersion: an expansion starts from a product that reached its MVP');
    expect(result.stderr).toContain('pdx stage docks');
    expect(files(dir)).toBe(before);
    const expand = await runPdx(['expand', 'docks', '--title', 'Docks for ports', '--json'], { cwd: dir });
    expect(expand.code).toBe(1);
    expect(JSON.parse(expand.stdout)).toMatchObject({ ok: false, errors: [{ code: 'initiative/parent-not-product' }] });
    expect(files(dir)).toBe(before);
  });

  it('refuses a parent that reached mvp only after the day the expansion is dated', async () => {
    const dir = productRepo();
    const before = files(dir);
    const result = await runPdx(['expand', 'payouts', '--title', 'Payouts for brokers', '--date', '2026-11-01'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('payouts is in immersion');
    expect(files(dir)).toBe(before);
  });

  it('accepts a handed-off parent: the child starts in immersion with its parent', async () => {
    const dir = productRepo();
    const result = await runPdx(['initiative', 'add', '--title', 'Cross-border quotes', '--parent', 'quotes', '--date', '2026-11-20', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, id: 'cross-border-quotes', path: 'discovery/initiatives/cross-border-quotes.yaml' });
    const text = read(dir, 'discovery/initiatives/cross-border-quotes.yaml');
    expect(text).toMatch(/^stage: immersion$/m);
    expect(text).toMatch(/^parent: quotes$/m);
    expect(text).toContain('date: 2026-11-20');
  });

  it('accepts a parent at mvp not yet handed off', async () => {
    const dir = productRepo();
    const result = await runPdx(['initiative', 'add', '--title', 'Payouts for brokers', '--parent', 'payouts', '--id', 'broker-payouts'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(read(dir, 'discovery/initiatives/broker-payouts.yaml')).toMatch(/^parent: payouts$/m);
  });

  it('expand PARENT writes the same file as initiative add --parent PARENT, with the same options', async () => {
    const options = ['--title', 'Cross-border quotes', '--objective', 'Shippers quote Canada loads as fast as domestic', '--risk', 'technical', '--date', '2026-11-23'];
    const a = productRepo();
    const b = productRepo();
    const added = await runPdx(['initiative', 'add', '--parent', 'quotes', ...options], { cwd: a });
    const expanded = await runPdx(['expand', 'quotes', ...options], { cwd: b });
    expect(added.code, added.stderr).toBe(0);
    expect(expanded.code, expanded.stderr).toBe(0);
    const file = 'discovery/initiatives/cross-border-quotes.yaml';
    expect(read(b, file)).toBe(read(a, file));
    expect(read(b, file)).toMatch(/^risk: technical$/m);
    expect(expanded.stdout).toBe(added.stdout);
  });

  it('expand without a parent off a terminal names the missing argument (exit 2), and an unknown parent is a usage error', async () => {
    const dir = productRepo();
    const missing = await runPdx(['expand', '--title', 'X'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('pdx expand');
    const unknown = await runPdx(['expand', 'quotez', '--title', 'X'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('quotes');
    expect(existsSync(join(dir, 'discovery/initiatives/x.yaml'))).toBe(false);
  });
});

describe('expand at a terminal', () => {
  it('offers only the products (handed off or at mvp), then asks the title and the outcome', async () => {
    const dir = productRepo();
    const result = await runPdx(['expand'], {
      cwd: dir,
      tty: [
        { ask: 'Product to expand:', answer: 'quotes' },
        { ask: 'Title of the expansion of quotes:', answer: 'Cross-border quotes' },
        { ask: 'Business outcome', answer: 'Shippers quote Canada loads as fast as domestic' },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.questions![0]).toMatchObject({ type: 'choice', choices: ['payouts', 'quotes'] });
    expect(result.questions![0]!.names).toEqual(['payouts  Carrier payouts (mvp)', 'quotes   Instant quotes (a product of freight)']);
    const text = read(dir, 'discovery/initiatives/cross-border-quotes.yaml');
    expect(text).toMatch(/^parent: quotes$/m);
    expect(text).toMatch(/^objective: Shippers quote Canada loads as fast as domestic$/m);
  });

  it('with no product to expand, says so (exit 2) and asks nothing', async () => {
    const dir = productRepo({ 'discovery/initiatives/payouts.yaml': 'id: payouts\ntitle: Carrier payouts\nstage: release\n', 'discovery/initiatives/quotes.yaml': 'id: quotes\ntitle: Instant quotes\nstage: release\n' });
    const result = await runPdx(['expand'], { cwd: dir, tty: [] });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('there is no product to expand yet');
    expect(result.questions).toEqual([]);
  });
});

describe('initiative show', () => {
  it('shows a product with its domain, handoff and expansions, and an expansion with its parent and the parent domain', async () => {
    const dir = productRepo();
    const product = await runPdx(['initiative', 'show', 'quotes'], { cwd: dir });
    expect(product.code, product.stderr).toBe(0);
    expect(product.stdout).toContain('product of freight, handed off on 2026-11-02 by Maya (forced: the pilot customers pay)');
    expect(product.stdout).toMatch(/quotes-api\s*│\s*validation\s*│\s*Quotes API for platforms/);
    const json = JSON.parse((await runPdx(['initiative', 'show', 'quotes', '--json'], { cwd: dir })).stdout);
    expect(json.product).toEqual({ domain: 'freight', handedOffOn: '2026-11-02', by: 'Maya', forced: true, reason: 'the pilot customers pay' });
    expect(json.expansions).toEqual([{ id: 'quotes-api', title: 'Quotes API for platforms', stage: 'validation', domain: null }]);
    const expansion = await runPdx(['initiative', 'show', 'quotes-api'], { cwd: dir });
    expect(expansion.stdout).toContain('expands: quotes, a product of freight');
    expect(expansion.stdout).not.toContain('handed off on');
    expect(JSON.parse((await runPdx(['initiative', 'show', 'quotes-api', '--json'], { cwd: dir })).stdout)).toMatchObject({ expands: { id: 'quotes', domain: 'freight' }, product: null, expansions: [] });
  });

  it('an expansion of a parent at mvp says it is not handed off; a handoff after today is not shown yet', async () => {
    const dir = productRepo({
      'discovery/initiatives/broker-payouts.yaml': 'id: broker-payouts\ntitle: Payouts for brokers\nstage: immersion\nparent: payouts\nhistory:\n  - { stage: immersion, date: 2026-11-20 }\n',
    });
    const shown = await runPdx(['initiative', 'show', 'broker-payouts'], { cwd: dir });
    expect(shown.stdout).toContain('expands: payouts (mvp, not handed off yet)');
    const early = await runPdx(['initiative', 'show', 'quotes', '--json'], { cwd: dir, today: '2026-11-01' });
    expect(JSON.parse(early.stdout).product).toBeNull();
  });
});

describe('status', () => {
  it('lists a handed-off initiative under its domain, not with a gate, and its expansion among discovery with its parent', async () => {
    const dir = productRepo();
    const result = await runPdx(['status'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const text = result.stdout;
    expect(text).toContain('Test team: 3 initiatives in discovery, 1 product in product management on 2026-12-01');
    // No gate checklist for the product: it has no section of its own among the initiatives.
    expect(text).not.toMatch(/^quotes {2}release/m);
    expect(text).toMatch(/^quotes-api {2}validation for 10 days {2}prototyping needs \d+ things\n {2}expands quotes \(domain freight\)$/m);
    const management = text.slice(text.indexOf('Product management'));
    expect(management).toMatch(/^Product management\n {2}freight {2}Freight booking\n {4}quotes {2}Instant quotes, handed off on 2026-11-02 \(forced\)\n {6}expansion quotes-api {2}validation for 10 days$/m);
  });

  it('--json: initiatives in discovery only, each expansion with its parent, and productManagement by domain', async () => {
    const dir = productRepo();
    const json = JSON.parse((await runPdx(['status', '--json'], { cwd: dir })).stdout);
    expect(json.initiatives.map((i: { id: string }) => i.id)).toEqual(['docks', 'payouts', 'quotes-api']);
    expect(json.initiatives.find((i: { id: string }) => i.id === 'quotes-api').expands).toEqual({ id: 'quotes', domain: 'freight' });
    expect(json.initiatives.find((i: { id: string }) => i.id === 'docks').expands).toBeNull();
    expect(json.productManagement).toEqual([
      {
        domain: 'freight',
        name: 'Freight booking',
        products: [{ id: 'quotes', title: 'Instant quotes', stage: 'release', handedOffOn: '2026-11-02', forced: true, expansions: [{ id: 'quotes-api', title: 'Quotes API for platforms', stage: 'validation', enteredOn: '2026-11-21', days: 10 }] }],
      },
    ]);
  });

  it('before the handoff day the product is still in discovery with its gate', async () => {
    const dir = productRepo();
    const json = JSON.parse((await runPdx(['status', '--json'], { cwd: dir, today: '2026-11-01' })).stdout);
    expect(json.productManagement).toEqual([]);
    expect(json.initiatives.map((i: { id: string }) => i.id)).toContain('quotes');
  });

  it('bare pdx: one line per domain with its products, the expansion with its parent', async () => {
    const dir = productRepo();
    const result = await runPdx([], { cwd: dir });
    expect(result.stdout).toContain('Test team: 3 initiatives in discovery, 1 product in product management\n');
    expect(result.stdout).toMatch(/^ {2}quotes-api {2}validation for 10 days {2}prototyping needs \d+ things {2}expands quotes \(domain freight\)$/m);
    expect(result.stdout).toMatch(/^ {2}freight owns quotes \(handed off on 2026-11-02, 1 expansion in discovery\)$/m);
    expect(result.stdout).not.toMatch(/^ {2}quotes {2}/m);
  });
});

describe('at mvp, the handoff is the next step', () => {
  it('status and stage show the mvp gate failing with each fix, never "the last stage"', async () => {
    const dir = productRepo();
    const status = await runPdx(['status'], { cwd: dir });
    expect(status.stdout).toMatch(/^payouts {2}mvp for 22 days {2}handoff needs \d+ things$/m);
    expect(status.stdout).not.toContain('the last stage');
    const section = status.stdout.slice(status.stdout.indexOf('\npayouts  '), status.stdout.indexOf('\nquotes-api  '));
    expect(section).toMatch(/✗ \S+ .*\n +→ pdx /);
    expect(section).not.toContain('→ pdx handoff');
    const json = JSON.parse((await runPdx(['status', '--json'], { cwd: dir })).stdout).initiatives.find((i: { id: string }) => i.id === 'payouts');
    expect(json).toMatchObject({ next: null, handoff: true, ready: false, fix: null });
    expect(json.rules.every((r: { gate: string; pass: boolean }) => r.gate === 'mvp' || !r.pass)).toBe(true);
    const stage = await runPdx(['stage', 'payouts'], { cwd: dir });
    expect(stage.stdout).toContain('next: handoff to product management — not ready yet: it needs the mvp gate to pass');
    expect(stage.stdout).toMatch(/✗ \S+ .*\n +→ pdx /);
    expect(JSON.parse((await runPdx(['stage', 'payouts', '--json'], { cwd: dir })).stdout)).toMatchObject({ next: null, ready: false, handoff: 'pdx handoff payouts --domain "…"' });
  });

  it('once the gate passes, the command names the domain the initiative names already; a product has no handoff step', async () => {
    // Every rule off: the mvp gate passes.
    const dir = productRepo({
      'pdx.yaml': `version: 1\nname: Test team\nrules:\n${RULES.map((r) => `  ${r.meta.id}: { severity: off }\n`).join('')}`,
      'discovery/initiatives/payouts.yaml': 'id: payouts\ntitle: Carrier payouts\nstage: mvp\ndomain: freight\nhistory:\n  - { stage: mvp, date: 2026-11-09 }\n',
    });
    const status = await runPdx(['status'], { cwd: dir });
    expect(status.stdout).toMatch(/^payouts {2}mvp for 22 days {2}ready for handoff\n(?:.*\n)*? {2}→ pdx handoff payouts --domain freight$/m);
    expect(JSON.parse((await runPdx(['status', '--json'], { cwd: dir })).stdout).initiatives.find((i: { id: string }) => i.id === 'payouts').fix).toBe('pdx handoff payouts --domain freight');
    expect((await runPdx(['stage', 'payouts'], { cwd: dir })).stdout).toContain('next: handoff to product management — ready (pdx handoff payouts --domain freight)');
    expect(JSON.parse((await runPdx(['stage', 'quotes', '--json'], { cwd: dir })).stdout)).toMatchObject({ handoff: null, rules: [] });
  });
});

describe('domain show', () => {
  it('lists each product with the day it was handed off (forced or not) and its expansions with their stage, in text and JSON', async () => {
    const dir = productRepo({
      'discovery/initiatives/quotes-eu.yaml': 'id: quotes-eu\ntitle: Quotes in Europe\nstage: immersion\nparent: quotes\nhistory:\n  - { stage: immersion, date: 2026-11-25 }\n',
    });
    const text = await runPdx(['domain', 'show', 'freight'], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    const products = text.stdout.slice(text.stdout.indexOf('Products it owns'), text.stdout.indexOf('OKRs'));
    expect(products).toMatch(/│ initiative +│ title +│ handed off +│ expansions +│/);
    expect(products).toMatch(/│ quotes +│ Instant quotes +│ 2026-11-02 \(forced\) +│ quotes-api \(validation\), quotes-eu \(immersion\) +│/);
    const json = JSON.parse((await runPdx(['domain', 'show', 'freight', '--json'], { cwd: dir })).stdout);
    expect(json.products).toEqual([
      {
        id: 'quotes',
        title: 'Instant quotes',
        handedOffOn: '2026-11-02',
        forced: true,
        expansions: [
          { id: 'quotes-api', title: 'Quotes API for platforms', stage: 'validation', domain: null },
          { id: 'quotes-eu', title: 'Quotes in Europe', stage: 'immersion', domain: null },
        ],
      },
    ]);
    // As of a day before the handoff, the domain's list names it, not handed off yet.
    const early = JSON.parse((await runPdx(['domain', 'show', 'freight', '--json', '--as-of', '2026-11-01'], { cwd: dir })).stdout);
    expect(early.products).toMatchObject([{ id: 'quotes', title: 'Instant quotes', handedOffOn: null, forced: false }]);
    expect((await runPdx(['domain', 'show', 'freight', '--as-of', '2026-11-01'], { cwd: dir })).stdout).toMatch(/│ quotes +│ Instant quotes +│ not yet +│/);
  });
});
