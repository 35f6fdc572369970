import { describe, expect, it } from 'vitest';
import { emptyRecords, type Records } from '../../src/model/records.js';
import { buildReport } from '../../src/reports/build.js';
import { formatHtml } from '../../src/reports/formatters/html.js';
import { formatMarkdown } from '../../src/reports/formatters/markdown.js';
import { formatTable } from '../../src/reports/formatters/table.js';

/** A domain with A/B tests in W46 and W48 of 2026, an initiative in hypothesis with touchpoints, a key result with check-ins. */
function report() {
  const r: Records = emptyRecords();
  r.domain.push({ kind: 'domain', file: 'discovery/domains/d.yaml', data: { id: 'shop', name: 'Shop', purpose: 'p', team: [], products: [] } });
  r.initiative.push({ kind: 'initiative', file: 'discovery/initiatives/q.yaml', data: { id: 'quotes', title: 'Q', risk: 'market', stage: 'hypothesis', history: [{ stage: 'immersion', date: '2026-06-01' }, { stage: 'hypothesis', date: '2026-07-01' }], team: [], ideas: [], feedbackGroup: [], customers: [] } as never });
  const ab = (id: string, on: string) => ({ kind: 'experiment' as const, file: `${id}.yaml`, data: { id, domain: 'shop', type: 'ab-test' as const, hypotheses: [], testCard: { believe: 'b', verify: 'v', measure: 'm', rightIf: 'r' }, status: 'concluded' as const, started: on, concluded: on, result: 'validated' as const } });
  r.experiment.push(ab('a1', '2026-11-10'), ab('a2', '2026-11-11'), ab('a3', '2026-11-24'));
  for (const [id, date] of [['e1', '2026-10-20'], ['e2', '2026-11-17'], ['e3', '2026-11-18'], ['e4', '2026-11-19']] as const) r.evidence.push({ kind: 'evidence', file: `${id}.yaml`, data: { id, initiative: 'quotes', date, source: 'interview', customer: 'C-1', note: 'n' } });
  r.okr.push({ kind: 'okr', file: 'o.yaml', data: { id: 'o', domain: 'shop', period: '2026-Q4', objective: 'Faster', keyResults: [{ id: 'days', metric: 'Days to book', unit: 'days', baseline: 30, target: 3, current: 9 }] } });
  for (const [id, date, value] of [['c1', '2026-10-05', 21], ['c2', '2026-11-02', 12], ['c3', '2026-11-23', 9]] as const) r.checkin.push({ kind: 'checkin', file: `${id}.yaml`, data: { id, kr: 'days', date, value } });
  return buildReport({ records: r, config: { version: 1, name: 'T', report: { experimentsPerWeek: { domain: 4, touchpoints: 2 } } }, asOf: '2026-11-24', window: '12w', problems: [], notices: [], settings: new Map() });
}

describe('report formatters: pace numbers under ISO week labels', () => {
  it('the table shows the last six weeks as columns W43…W48 per team, with its measure, average and target', async () => {
    const text = String(await formatTable(report(), { color: false, width: 160 }));
    const lines = text.split('\n');
    const head = lines.find((l) => l.includes('│ team'))!;
    expect(head.split('│').map((c) => c.trim()).filter(Boolean)).toEqual(['team', 'measure', 'W43', 'W44', 'W45', 'W46', 'W47', 'W48', 'average', 'target']);
    const row = (team: string) => lines.find((l) => l.startsWith(`│ ${team} `))!.split('│').map((c) => c.trim()).filter(Boolean);
    expect(row('shop')).toEqual(['shop', 'A/B tests', '0', '0', '0', '2', '0', '1', '0.25', '4']);
    expect(row('quotes')).toEqual(['quotes', 'Customer touchpoints', '1', '0', '0', '0', '3', '0', '0.33', '2']);
    // One line per measure, each against its own target, never a total.
    expect(text).toMatch(/A\/B tests \(1 team\) +\S+ +0\.25 each vs target 4; 0 of 1 at target/);
    expect(text).toMatch(/Customer touchpoints \(1 team\) +\S+ +0\.33 each vs target 2; 0 of 1 at target/);
    expect(text).not.toMatch(/target 6/);
    // The key result's check-ins: a sparkline and first → latest.
    expect(text).toMatch(/█▃▁ 21 → 12 → 9/);
  });

  it('markdown shows the same weeks as columns, and each key result\'s check-ins in one line', async () => {
    const md = String(await formatMarkdown(report(), { color: false, width: 80 }));
    expect(md).toContain('| team | measure | W43 | W44 | W45 | W46 | W47 | W48 | average | target |');
    expect(md).toContain('| shop | A/B tests | 0 | 0 | 0 | 2 | 0 | 1 | 0.25 | 4 |');
    expect(md).toContain('| quotes | Customer touchpoints | 1 | 0 | 0 | 0 | 3 | 0 | 0.33 | 2 |');
    expect(md).toContain('- Days to book: baseline 30, target 3 days; check-ins 21 → 12 → 9 (2026-10-05: 21, 2026-11-02: 12, 2026-11-23: 9)');
  });

  it('HTML draws each measure against its own target with axis values, and gives the numbers per week', async () => {
    const html = String(await formatHtml(report(), { color: false, width: 80 }));
    expect(html).toMatch(/<svg id="chart-pace-ab-tests"[^]*?target 4\/week per team<\/text><\/svg>/);
    expect(html).toMatch(/<svg id="chart-pace-touchpoints"[^]*?target 2\/week per team<\/text><\/svg>/);
    expect(html).not.toContain('chart-pace-iterations');
    expect(html).toMatch(/<svg id="chart-pace-ab-tests"[^]*?<text class="axis-value"[^>]*>4<\/text>/);
    expect(html).toContain('<th scope="col">W48</th>');
    // Twelve weeks, W37…W48: two A/B tests in W46, one in W48; without the page's links (a page drawn from a summary), no file link.
    expect(html).toContain(`<tr><th scope="row">shop</th>${'<td>0</td>'.repeat(9)}<td>2</td><td>0</td><td>1</td><td>0.25</td><td>4</td><td>below target</td></tr>`);
    // Beside the repo, the team links to its file.
    const beside = String(await formatHtml(report(), { color: false, width: 80, links: { base: '../', files: new Map([['domain:shop', 'discovery/domains/d.yaml']]), repository: null } }));
    expect(beside).toMatch(/<tr><th scope="row"><a class="file" href="\.\.\/discovery\/domains\/d\.yaml">shop<\/a><\/th>/);
  });
});
