import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/gates/rules/index.js';
import { git, gitPdxRepo, runPdx, spawnPdx, treeHash, writeTree } from '../helpers.js';

/**
 * The acceptance walk of the handoff, end to end over one real git repo: refused by a failing mvp
 * gate, an expansion of an initiative in immersion refused, a paying customer added, the handoff
 * accepted (the built binary for both handoffs), an expansion started, and the product under its
 * domain with its expansion in status and the report.
 *
 * Every date is in 2025, so the binary (which takes the calendar's today) and the in-process runs
 * (today 2026-12-01) agree on what is in the past.
 */

/** Every rule off but paying-customers (one customer paying 30 days) and handoff-before-features: the mvp gate fails or passes on paying customers alone. */
const CONFIG = `version: 1\nname: Test team\nrules:\n${RULES.map((r) => r.meta.id)
  .filter((id) => id !== 'paying-customers' && id !== 'handoff-before-features')
  .map((id) => `  ${id}: { severity: off }\n`)
  .join('')}  paying-customers: { min: 1, minDays: 30 }\n`;

const X = 'discovery/initiatives/quotes.yaml';
const P = 'discovery/initiatives/docks.yaml';
const D = 'discovery/domains/quoting.yaml';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const pdx = (dir: string, ...args: string[]) => runPdx(args, { cwd: dir });

async function repo(): Promise<string> {
  const dir = await gitPdxRepo();
  writeTree(dir, {
    'pdx.yaml': CONFIG,
    [X]: 'id: quotes\ntitle: Instant quotes\n# the product we sell\nstage: mvp\nhistory:\n  - { stage: immersion, date: 2025-03-02 }\n  - { stage: mvp, date: 2025-09-01 }\n',
    [P]: 'id: docks\ntitle: Dock slots\nstage: immersion\nhistory:\n  - { stage: immersion, date: 2025-09-15 }\n',
  });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'setup');
  return dir;
}

describe('the handoff, end to end', () => {
  it('refused by the mvp gate, then accepted after a paying customer; the expansion starts; status and the report show the product under its domain', async () => {
    const dir = await repo();

    // At mvp with the gate failing: status names the handoff as the step, and what it lacks with its fix.
    const failing = await pdx(dir, 'status');
    expect(failing.code, failing.stderr).toBe(0);
    expect(failing.stdout).toMatch(/^quotes {2}mvp for \d+ days {2}handoff needs 1 thing$/m);
    expect(failing.stdout).toContain('→ pdx customer add quotes C-…');
    expect(failing.stdout).not.toContain('→ pdx handoff');
    const failingJson = JSON.parse((await pdx(dir, 'status', '--json')).stdout).initiatives.find((i: { id: string }) => i.id === 'quotes');
    expect(failingJson).toMatchObject({ stage: 'mvp', next: null, handoff: true, ready: false, fix: null, missing: 1 });

    // The handoff is refused (the built binary): exit 1, the checklist, every file as it was, no domain.
    const before = treeHash(dir);
    const refused = await spawnPdx(['handoff', 'quotes', '--domain', 'quoting', '--name', 'Quoting', '--purpose', 'A firm price in seconds'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('quotes cannot be handed off yet: it does not pass the mvp gate');
    expect(refused.stderr).toMatch(/✗ paying-customers +0 of 1 customers have paid for 30 days or more/);
    expect(refused.stderr).toContain('→ pdx customer add quotes C-…');
    expect(treeHash(dir)).toBe(before);
    expect(existsSync(join(dir, D))).toBe(false);

    // An expansion of an initiative still in immersion is refused, with nothing written.
    const early = await pdx(dir, 'initiative', 'add', '--title', 'Docks for ports', '--parent', 'docks');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('docks is in immersion: an expansion starts from a product that reached its MVP');
    expect(treeHash(dir)).toBe(before);

    // A customer paying since mid-October: as of 2025-11-20, 36 days.
    expect((await pdx(dir, 'customer', 'add', 'quotes', 'C-1', '--date', '2025-10-15')).code).toBe(0);

    // The gate passes now: the handoff is the next step, in status, bare pdx, JSON and stage.
    const ready = await pdx(dir, 'status');
    expect(ready.stdout).toMatch(/^quotes {2}mvp for \d+ days {2}ready for handoff$/m);
    expect(ready.stdout).toContain('  → pdx handoff quotes --domain "…"');
    expect(ready.stdout).not.toContain('the last stage');
    expect((await pdx(dir)).stdout).toMatch(/^ {2}quotes +mvp for \d+ days +ready for handoff$/m);
    expect(JSON.parse((await pdx(dir, 'status', '--json')).stdout).initiatives.find((i: { id: string }) => i.id === 'quotes')).toMatchObject({ handoff: true, ready: true, fix: 'pdx handoff quotes --domain "…"' });
    const stage = await pdx(dir, 'stage', 'quotes');
    expect(stage.stdout).toContain('next: handoff to product management — ready (pdx handoff quotes --domain "…")');
    expect(stage.stdout).not.toContain('mvp is the last stage');

    // The handoff (the built binary): the new domain owns the product; the initiative names it and the day.
    const accepted = await spawnPdx(['handoff', 'quotes', '--domain', 'quoting', '--name', 'Quoting', '--purpose', 'A firm price in seconds', '--date', '2025-11-20'], { cwd: dir });
    expect(accepted.stderr).toBe('');
    expect(accepted.code).toBe(0);
    expect(parse(read(dir, D))).toMatchObject({ id: 'quoting', name: 'Quoting', purpose: 'A firm price in seconds', products: ['quotes'] });
    const initiative = parse(read(dir, X));
    expect(initiative.domain).toBe('quoting');
    expect(initiative.handoff).toEqual({ date: '2025-11-20', by: 'Test User' });
    expect(read(dir, X)).toContain('# the product we sell\n');
    // A write of two files leaves no journal folder behind.
    expect(existsSync(join(dir, '.pdx/journal'))).toBe(false);

    // Expansions of the product are accepted, in immersion with their parent.
    const expanded = await pdx(dir, 'expand', 'quotes', '--title', 'Cross-border quotes');
    expect(expanded.code, expanded.stderr).toBe(0);
    const child = parse(read(dir, 'discovery/initiatives/cross-border-quotes.yaml'));
    expect(child).toMatchObject({ stage: 'immersion', parent: 'quotes' });
    const added = await pdx(dir, 'initiative', 'add', '--title', 'Quotes API', '--parent', 'quotes');
    expect(added.code, added.stderr).toBe(0);
    expect(parse(read(dir, 'discovery/initiatives/quotes-api.yaml'))).toMatchObject({ stage: 'immersion', parent: 'quotes' });

    // status: the product under its domain with its expansions, not among the initiatives in discovery.
    const status = (await pdx(dir, 'status')).stdout;
    expect(status).not.toMatch(/^quotes {2}/m);
    expect(status).toMatch(/^cross-border-quotes {2}immersion for 0 days {2}.*\n {2}expands quotes \(domain quoting\)$/m);
    expect(status.slice(status.indexOf('Product management'))).toMatch(
      /^Product management\n {2}quoting {2}Quoting\n {4}quotes {2}Instant quotes, handed off on 2025-11-20\n {6}expansion cross-border-quotes {2}immersion for 0 days\n {6}expansion quotes-api {2}immersion for 0 days$/m,
    );
    const json = JSON.parse((await pdx(dir, 'status', '--json')).stdout);
    expect(json.initiatives.map((i: { id: string }) => i.id)).toEqual(['cross-border-quotes', 'docks', 'quotes-api']);
    expect(json.productManagement).toMatchObject([
      { domain: 'quoting', name: 'Quoting', products: [{ id: 'quotes', handedOffOn: '2025-11-20', forced: false, expansions: [{ id: 'cross-border-quotes', stage: 'immersion' }, { id: 'quotes-api', stage: 'immersion' }] }] },
    ]);

    // The report: JSON and HTML (its nested lists parsed, not matched as markup).
    const report = JSON.parse((await pdx(dir, 'report', '--json')).stdout);
    expect(report.products).toEqual([
      {
        domain: 'quoting',
        name: 'Quoting',
        products: [
          {
            id: 'quotes',
            title: 'Instant quotes',
            stage: 'mvp',
            handedOffOn: '2025-11-20',
            by: 'Test User',
            forced: false,
            expansions: [
              { id: 'cross-border-quotes', title: 'Cross-border quotes', stage: 'immersion', domain: null },
              { id: 'quotes-api', title: 'Quotes API', stage: 'immersion', domain: null },
            ],
          },
        ],
      },
    ]);
    const html = await pdx(dir, 'report', '--format', 'html');
    expect(html.code, html.stderr).toBe(0);
    const list = html.stdout.split('\n').find((line) => line.startsWith('<ul id="products">'));
    expect(list, html.stdout).toBeDefined();
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'li' || name === 'ul' }).parse(list!);
    const domains = parsed.ul[0].li;
    expect(domains.map((d: Record<string, string>) => d['@_id'])).toEqual(['domain-quoting']);
    const products = domains[0].ul[0].li;
    expect(products.map((p: Record<string, string>) => p['@_id'])).toEqual(['product-quotes']);
    expect(products[0]['#text']).toContain('handed off on 2025-11-20');
    const expansions = products[0].ul[0].li;
    expect(expansions.map((x: Record<string, string>) => [x['@_id'], x['@_class'], x.strong])).toEqual([
      ['expansion-cross-border-quotes', 'expansion', 'cross-border-quotes'],
      ['expansion-quotes-api', 'expansion', 'quotes-api'],
    ]);
    expect(expansions.every((x: Record<string, string>) => x['#text']?.includes('immersion'))).toBe(true);
  });
});
