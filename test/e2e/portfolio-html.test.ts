import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergePortfolio } from '../../src/reports/portfolio/merge.js';
import { loadPortfolioFormatter } from '../../src/reports/portfolio/formatters/index.js';
import { tempDir } from '../helpers.js';
import { productRepo } from '../product-repo.js';
import { opsRepo, salesRepo, summaryOf } from '../reports/portfolio/sources.js';

const CHROMIUM = '/usr/bin/chromium';
/** Without a browser the page test is skipped on a developer's machine, never in CI (`.ci/run` installs chromium and sets PDX_CI). */
const NO_BROWSER = !existsSync(CHROMIUM) && !process.env.PDX_CI;

describe.skipIf(NO_BROWSER)('the HTML portfolio in a real browser', () => {
  it('shows every team row, the investment chart and its table, offline, linking each source to its report', async () => {
    const [sales, ops, products] = await Promise.all([summaryOf(salesRepo()), summaryOf(opsRepo()), summaryOf(productRepo())]);
    const p = mergePortfolio([
      { origin: 'teams/sales', summary: sales },
      { origin: 'teams/ops', summary: ops },
      { origin: 'https://git.example/org/gone.git', error: 'git could not reach it' },
      { name: 'products', origin: 'teams/products', summary: products },
    ], {});
    const dir = tempDir('pdx-portfolio-html-');
    const out = join(dir, 'index.html');
    const links = { 'sales-team': 'sales-team/report.html', 'ops-team': 'ops-team/report.html', products: 'products/report.html' };
    writeFileSync(out, await (await loadPortfolioFormatter('html'))(p, { color: false, width: 80, reportLinks: links }));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${out}`);
      // Everything measured in one round trip. (Written as source: the browser's DOM types are not the tests' to check.)
      const seen = (await page.evaluate(`(() => ({
        rows: [...document.querySelectorAll('#teams tbody tr.team')].map((tr) => ({
          team: tr.dataset.team,
          cells: [...tr.children].map((c) => c.textContent.trim()),
          href: tr.querySelector('a') ? tr.querySelector('a').getAttribute('href') : null,
          height: tr.getBoundingClientRect().height,
        })),
        heads: [...document.querySelectorAll('#teams thead th')].map((th) => th.textContent),
        mix: [...document.querySelectorAll('#chart-investment g.mix-row')].map((g) => ({
          source: g.dataset.source,
          discovery: g.querySelector('rect.discovery').getBoundingClientRect().width,
          pm: g.querySelector('rect.product-management').getBoundingClientRect().width,
          label: g.querySelectorAll('text')[1].textContent,
        })),
        mixTable: [...document.querySelectorAll('table.mix tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
        funnel: document.querySelectorAll('#chart-funnel rect').length,
        expansions: [...document.querySelectorAll('li.product > ul > li.expansion')].map((li) => li.closest('li.product').dataset.product + ' > ' + li.dataset.expansion),
        failed: [...document.querySelectorAll('#troubles li.failed')].map((li) => li.textContent),
      }))()`)) as {
        rows: { team: string; cells: string[]; href: string | null; height: number }[];
        heads: string[];
        mix: { source: string; discovery: number; pm: number; label: string }[];
        mixTable: string[][];
        funnel: number;
        expansions: string[];
        failed: string[];
      };
      expect(seen.heads).toEqual(['source', 'team', 'kind', 'stage', 'days in stage', 'pace (average vs target)', 'readiness', 'people (FTE)']);
      expect(seen.rows.map((r) => r.team)).toEqual(p.teams.map((t) => t.id));
      for (const r of seen.rows) expect(r.height, r.team).toBeGreaterThan(0);
      expect(seen.rows.find((r) => r.team === 'sales-team:rapid-quotes')!.cells.slice(0, 5)).toEqual(['sales-team', 'sales-team:rapid-quotes', 'initiative', 'validation', '! 39 (past its check-in threshold)']);
      expect(seen.rows.find((r) => r.team === 'ops-team:rapid-quotes')!.cells.slice(0, 4)).toEqual(['ops-team', 'ops-team:rapid-quotes', 'initiative', 'hypothesis']);
      expect(seen.rows.find((r) => r.team === 'ops-team:rapid-quotes')!.href).toBe('ops-team/report.html');
      expect(seen.rows.find((r) => r.team === 'sales-team:rapid-quotes')!.cells[5]).toBe('Customer touchpoints 1 vs 1 ✓ at target');
      // The investment chart: overall and each read source, discovery and product management drawn to scale, labelled in words.
      expect(seen.mix.map((m) => m.source)).toEqual(['overall', 'sales-team', 'ops-team', 'products']);
      const overall = seen.mix[0]!;
      expect(overall.discovery).toBeGreaterThan(0);
      expect(overall.discovery / overall.pm).toBeCloseTo(3, 1);
      expect(overall.label).toBe('3 / 1 (75% discovery)');
      expect(seen.mix[1]!.discovery / seen.mix[1]!.pm).toBeCloseTo(1.5, 1);
      expect(seen.mixTable.map((r) => r[0])).toEqual(['sales-team', 'ops-team', 'products', 'overall']);
      expect(seen.funnel).toBe(9);
      expect(seen.expansions).toEqual(['products:quotes > products:quotes-api']);
      expect(seen.failed).toEqual(['gone (https://git.example/org/gone.git) was skipped: git could not reach it']);
      const shot = join(dir, 'portfolio.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      expect(requests).toEqual([`file://${out}`]);
    } finally {
      await browser.close();
    }
  });
});
