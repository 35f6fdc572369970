import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/reports/build.js';
import { mergePortfolio, originBase, personKey, slug } from '../../../src/reports/portfolio/merge.js';
import type { PortfolioInput } from '../../../src/reports/portfolio/input.js';
import { loadPortfolioFormatter, PORTFOLIO_FORMATS } from '../../../src/reports/portfolio/formatters/index.js';
import { minimalRepo } from '../../helpers.js';
import { productRepo } from '../../product-repo.js';
import { AS_OF, opsRepo, salesRepo, summaryOf } from './sources.js';

let sales: Report;
let ops: Report;
let products: Report;
let inputs: PortfolioInput[];

beforeAll(async () => {
  [sales, ops, products] = await Promise.all([summaryOf(salesRepo()), summaryOf(opsRepo()), summaryOf(productRepo())]);
  inputs = [
    { origin: 'teams/sales', summary: sales },
    { origin: 'teams/ops', summary: ops },
    { origin: 'https://git.example/org/gone.git@v1', error: 'git could not reach https://git.example/org/gone.git: Could not resolve host' },
    { name: 'products', origin: 'teams/products', summary: products },
  ];
});

describe('mergePortfolio', () => {
  it('names each source, keeps the given order, and prefixes every id with its source', () => {
    const p = mergePortfolio(inputs, {});
    expect(p.schemaVersion).toBe(1);
    expect(Object.keys(p)[0]).toBe('schemaVersion');
    expect(p.sources.map((s) => [s.name, s.status])).toEqual([['sales-team', 'ok'], ['ops-team', 'ok'], ['gone', 'failed'], ['products', 'ok']]);
    expect(p.teams.map((t) => t.id)).toEqual([
      'sales-team:rapid-quotes', 'sales-team:freight',
      'ops-team:rapid-quotes',
      'products:docks', 'products:payouts', 'products:quotes', 'products:quotes-api', 'products:freight',
    ]);
    expect(p.stageAging.map((a) => a.id)).toEqual(['sales-team:rapid-quotes', 'ops-team:rapid-quotes', 'products:docks', 'products:payouts', 'products:quotes-api']);
    expect(p.gateReadiness.map((g) => `${g.id} → ${g.next}`)).toContain('ops-team:rapid-quotes → validation');
    expect(p.products).toEqual([expect.objectContaining({ source: 'products', domain: 'products:freight', products: [expect.objectContaining({ id: 'products:quotes', expansions: [expect.objectContaining({ id: 'products:quotes-api', stage: 'validation' })] })] })]);
    expect(p.teams.find((t) => t.id === 'products:quotes')).toMatchObject({ system: 'product-management', domain: 'products:freight', stage: 'release', pace: null, readiness: null });
    // The same id in two sources: two rows, each with its own source's numbers.
    expect(p.teams.filter((t) => t.id.endsWith(':rapid-quotes')).map((t) => [t.id, t.stage, t.pace?.target, t.pace?.average])).toEqual([['sales-team:rapid-quotes', 'validation', 1, 1], ['ops-team:rapid-quotes', 'hypothesis', 3, 0]]);
  });

  it('sums the funnel, paces each measure with every team against its own source\'s target, never across measures', () => {
    const p = mergePortfolio(inputs, {});
    expect(p.overall.funnel).toEqual({ immersion: 1, epiphany: 0, hypothesis: 1, validation: 2, prototyping: 0, design: 0, release: 0, mvp: 1, graduated: 1 });
    expect(p.sources[0]!.funnel.validation).toBe(1);
    expect(p.sources[2]!.funnel).toEqual(expect.objectContaining({ validation: 0, graduated: 0 }));
    const touch = p.overall.pace.find((m) => m.measure === 'touchpoints')!;
    // sales-team at 1 a week reaches its own target of 1; ops-team's 0 does not reach its 3.
    expect(touch).toMatchObject({ teams: 5, atTarget: 1, targets: [1, 3], average: 0.2 });
    expect(p.overall.pace.map((m) => m.measure)).toEqual(['ab-tests', 'touchpoints']);
    expect(p.overall.pace.find((m) => m.measure === 'ab-tests')).toMatchObject({ teams: 2, targets: [20], atTarget: 0 });
    expect(p.sources[0]!.pace).toEqual([expect.objectContaining({ measure: 'ab-tests', teams: 1 }), expect.objectContaining({ measure: 'touchpoints', teams: 1, atTarget: 1, targets: [1] })]);
  });

  it('counts a person on two teams in two sources once, half on each, by name trimmed and case-folded', () => {
    const p = mergePortfolio(inputs, {});
    expect(p.investment.shared).toEqual([{ name: 'Maya Okafor', teams: ['sales-team:rapid-quotes', 'ops-team:rapid-quotes'] }]);
    expect(p.teams.find((t) => t.id === 'sales-team:rapid-quotes')!.fte).toBe(1.5);
    expect(p.teams.find((t) => t.id === 'ops-team:rapid-quotes')!.fte).toBe(1.5);
    // Maya, Ben, Kim in discovery; Lena in product management: four people, not five.
    expect(p.investment.overall).toMatchObject({ people: 4, discovery: 3, productManagement: 1, discoveryShare: 0.75 });
    expect(p.investment.bySource.map((s) => [s.source, s.discovery, s.productManagement])).toEqual([['sales-team', 1.5, 1], ['ops-team', 1.5, 0], ['products', 0, 0]]);
    // Money only because one team has a budget, saying how many have none.
    expect(p.investment.overall.money).toEqual({ discovery: 100000, productManagement: 0, discoveryShare: 1, teamsWithoutBudget: 7 });
    expect(p.investment.bySource[1]!.money).toBeNull();
    expect(personKey(' Ma\u0301ya ')).toBe(personKey('MÁYA'));
  });

  it('reports the failed source with its error and the invalid one with its first located problems', () => {
    const p = mergePortfolio(inputs, {});
    expect(p.failed).toEqual([{ source: 'gone', origin: 'https://git.example/org/gone.git@v1', error: 'git could not reach https://git.example/org/gone.git: Could not resolve host' }]);
    expect(p.invalid).toEqual([{ source: 'ops-team', count: 1, errors: 1, warnings: 0, first: [expect.objectContaining({ file: 'discovery/initiatives/broken.yaml', line: 3, code: 'schema/enum' })] }]);
    expect(p.sources[1]!.problems).toEqual({ count: 1, errors: 1, warnings: 0 });
    expect(p.investment.warnings).toEqual([]);
  });

  it('warns when one discovery team holds most of the discovery people, and when no discovery runs', async () => {
    // Alone, sales-team's rapid-quotes holds both discovery people (Lena is on a domain).
    expect(mergePortfolio([{ origin: 'sales', summary: sales }], {}).investment.warnings).toEqual([
      'One team holds most of the discovery: sales-team:rapid-quotes has 2 of the portfolio\'s 2 discovery people (100%); if it stalls, discovery stalls: spread the people or start discovery elsewhere.',
    ]);
    // Initiatives in discovery, nobody named on them.
    expect(mergePortfolio([{ origin: 'p', summary: products }], {}).investment.warnings[0]).toMatch(/^No discovery is running: the 3 initiatives in discovery name nobody on their team/);
    const domainsOnly = await summaryOf(minimalRepo({ 'discovery/domains/billing.yaml': 'id: billing\nname: Billing\npurpose: Get paid\nteam:\n  - { name: Ana, role: product-manager }\n' }));
    expect(mergePortfolio([{ origin: 'b', summary: domainsOnly }], {}).investment.warnings[0]).toMatch(/^No discovery is running: no initiative is in discovery in any source/);
  });

  it('makes equal names unique with -2 and says so', () => {
    const p = mergePortfolio([{ origin: 'a', summary: sales }, { origin: 'b/sales', summary: sales }, { name: 'sales-team', origin: 'c', summary: ops }], {});
    expect(p.sources.map((s) => s.name)).toEqual(['sales-team', 'sales-team-2', 'sales-team-3']);
    expect(p.notices).toEqual([
      'Another source is already named sales-team: b/sales is shown as sales-team-2; set its name in portfolio.yaml to choose another.',
      'Another source is already named sales-team: c is shown as sales-team-3; set its name in portfolio.yaml to choose another.',
    ]);
    expect(new Set(p.teams.map((t) => t.id)).size).toBe(p.teams.length);
    // The same summary given twice: Ben is on two teams (½ each), Maya on three (⅓ each), Kim on one.
    expect(p.teams.filter((t) => t.id.endsWith('rapid-quotes')).map((t) => [t.id, t.fte])).toEqual([['sales-team:rapid-quotes', 0.83], ['sales-team-2:rapid-quotes', 0.83], ['sales-team-3:rapid-quotes', 1.33]]);
    expect(slug('Ops — Téam')).toBe('ops-team');
    expect(originBase('https://host/org/sales.git@v2')).toBe('sales');
    expect(originBase('git@host:org/sales.git@v2:teams/quotes/')).toBe('quotes');
    expect(originBase('out/ops.json')).toBe('ops');
  });

  it('says when summaries differ in day or window, and fails one made as of another day than --as-of', async () => {
    const earlier = await summaryOf(opsRepo(), '2026-11-20');
    const mixed = mergePortfolio([{ origin: 'a', summary: sales }, { origin: 'b', summary: earlier }], {});
    expect(mixed.asOf).toBe(AS_OF);
    expect(mixed.notices).toEqual(['The sources are not all as of one day (sales-team 2026-11-27, ops-team 2026-11-20): their numbers are of different days; run pdx portfolio --as-of DAY to compare like with like.']);
    const pinned = mergePortfolio([{ origin: 'a', summary: sales }, { origin: 'b', summary: earlier }], { asOf: AS_OF });
    expect(pinned.failed).toEqual([{ source: 'ops-team', origin: 'b', error: 'as of 2026-11-20, the portfolio is as of 2026-11-27: run pdx report --json --as-of 2026-11-27 there' }]);
    expect(pinned.teams.map((t) => t.source)).toEqual(['sales-team', 'sales-team']);
    expect(pinned.notices).toEqual([]);
    const twelve = { ...sales, window: '12w' };
    expect(mergePortfolio([{ origin: 'a', summary: twelve }, { origin: 'b', summary: ops }], {}).notices).toEqual(['The sources\' windows differ (sales-team 12w, ops-team 4w): their paces cover different weeks; give them one window (pdx portfolio --since 12w, or pdx report --json --since 12w in each).']);
  });

  it('is deterministic and keeps the sources in the given order', () => {
    expect(JSON.stringify(mergePortfolio(inputs, {}))).toBe(JSON.stringify(mergePortfolio(inputs, {})));
    expect(mergePortfolio([...inputs].reverse(), {}).sources.map((s) => s.name)).toEqual(['products', 'gone', 'ops-team', 'sales-team']);
  });
});

describe('portfolio formatters', () => {
  it('keep the two rapid-quotes apart in every format, each with its own stage', async () => {
    const p = mergePortfolio(inputs, {});
    expect(PORTFOLIO_FORMATS).toEqual(['table', 'markdown', 'json', 'html']);
    const options = { color: false, width: Number.POSITIVE_INFINITY };
    const table = await (await loadPortfolioFormatter('table'))(p, options);
    const line = (text: string, id: string) => text.split('\n').find((l) => l.includes(` ${id} `)) ?? '';
    const cells = (id: string) => line(table, id).split('│').map((c) => c.trim());
    expect(cells('sales-team:rapid-quotes').slice(1, 7)).toEqual(['sales-team', 'sales-team:rapid-quotes', '! validation, 39 days', '1 vs 1 touchpoints ✓', 'prototyping: 9 missing', '2 (1.5 FTE)']);
    expect(cells('ops-team:rapid-quotes').slice(1, 7)).toEqual(['ops-team', 'ops-team:rapid-quotes', '! hypothesis, 39 days', '0 vs 3 touchpoints', 'validation: 6 missing', '2 (1.5 FTE)']);
    const markdown = await (await loadPortfolioFormatter('markdown'))(p, options);
    expect(line(markdown, 'sales-team:rapid-quotes')).toMatch(/\| validation \|/);
    expect(line(markdown, 'ops-team:rapid-quotes')).toMatch(/\| hypothesis \|/);
    const json = JSON.parse(await (await loadPortfolioFormatter('json'))(p, options));
    expect(json).toEqual(JSON.parse(JSON.stringify(p)));
    expect(json.teams.filter((t: { id: string }) => t.id.endsWith(':rapid-quotes')).map((t: { id: string; stage: string }) => `${t.id} ${t.stage}`)).toEqual(['sales-team:rapid-quotes validation', 'ops-team:rapid-quotes hypothesis']);
    const html = await (await loadPortfolioFormatter('html'))(p, options);
    const row = (id: string) => html.match(new RegExp(`<tr class="team[^"]*" data-team="${id}"[^]*?</tr>`))?.[0] ?? '';
    expect(row('sales-team:rapid-quotes')).toContain('<td>validation</td>');
    expect(row('ops-team:rapid-quotes')).toContain('<td>hypothesis</td>');
  });

  it('show the failed and invalid sources, the mix and its warnings in text', async () => {
    const p = mergePortfolio(inputs, {});
    const table = await (await loadPortfolioFormatter('table'))(p, { color: false, width: 120 });
    expect(table).toContain('! gone (https://git.example/org/gone.git@v1) was skipped: git could not reach');
    expect(table).toContain('ops-team: discovery/initiatives/broken.yaml:3  error  `stage` must be one of');
    expect(table).toMatch(/│ overall\s*│ 8\s*│ 4\s*│ 3\s*│ 1\s*│ 75%\s*│/);
    expect(table).toMatch(/│ overall\s*│ 100000\s*│ 0\s*│ 100%\s*│ 7\s*│/);
    // Every table fits the terminal: never laid on its side.
    const narrow = await (await loadPortfolioFormatter('table'))(p, { color: false, width: 80 });
    expect(Math.max(...narrow.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    // At 100 columns the teams table keeps its columns (narrower, it is laid on its side).
    const hundred = await (await loadPortfolioFormatter('table'))(p, { color: false, width: 100 });
    expect(hundred).toMatch(/│ source\s*│ team\s*│ stage, days\s*│ pace vs target\s*│ readiness\s*│ people\s*│/);
    expect(narrow).toContain('  ops-team:rapid-quotes → validation\n    - 0 ideas recorded, of 3 needed');
    expect(table).toContain('  overall  immersion 1 · hypothesis 1 · validation 2 · mvp 1 · graduated 1');
    const markdown = await (await loadPortfolioFormatter('markdown'))(p, { color: false, width: 80 });
    expect(markdown).toContain('| overall | 8 | 4 | 3 | 1 | 75% |');
    expect(markdown).toContain('| overall | 100000 | 0 | 100% | 7 |');
    expect(markdown).toContain('| ops-team | — | — | — | 1 |');
    expect(markdown).toContain('    - expansion **products:quotes-api**');
  });

  it('escape what a source names itself in every format', async () => {
    const p = mergePortfolio([{ name: '<b>x</b>|*', origin: 'a', summary: sales }], {});
    const options = { color: false, width: Number.POSITIVE_INFINITY, reportLinks: { '<b>x</b>|*': '"><script>alert(1)</script>' } };
    const html = await (await loadPortfolioFormatter('html'))(p, options);
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&lt;b&gt;x&lt;/b&gt;|*</a>');
    const markdown = await (await loadPortfolioFormatter('markdown'))(p, options);
    expect(markdown).toContain('| &lt;b&gt;x&lt;/b&gt;\\|\\* | &lt;b&gt;x&lt;/b&gt;\\|\\*:rapid-quotes |');
  });
});
