import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webOfRemote } from '../../src/git/index.js';
import { commitAll, EXAMPLES, git, gitPdxRepo, initGit, runPdx, tempDir, TODAY } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
/** Without a browser the page test is skipped on a developer's machine, never in CI (`.ci/run` installs chromium and sets PDX_CI). */
const NO_BROWSER = !existsSync(CHROMIUM) && !process.env.PDX_CI;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** The page box of `@page` (A4, 14 mm top, 12 mm sides, 16 mm bottom) in CSS pixels: what one printed page holds. */
const PAGE = { width: ((210 - 24) / 25.4) * 96, height: ((297 - 30) / 25.4) * 96 };

async function pdxOut(args: string[], cwd?: string): Promise<string> {
  const result = await runPdx(args, cwd ? { cwd } : {});
  expect(result.code, `pdx ${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/** axe-core's serious and critical violations on the loaded page (its source injected, no network). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`)) as string[];
}

/** How many pages a PDF made by Chromium has: one `/Type /Page` object each. */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

/**
 * Each h2/h3/h4 whose next element does not start on the heading's printed page. The page is laid
 * out in print media as columns of one page box each (multi-column layout breaks content as pages
 * do, honouring the same break-* rules), and an element's page is the column it starts in.
 */
async function orphanedHeadings(page: Page): Promise<string[]> {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: Math.ceil(PAGE.width), height: Math.ceil(PAGE.height) });
  const style = await page.addStyleTag({ content: `html,body{margin:0!important;padding:0!important}body{width:${PAGE.width}px;height:${PAGE.height}px;columns:${PAGE.width}px;column-gap:0;column-fill:auto}` });
  const orphans = (await page.evaluate(`(() => {
    const left = document.body.getBoundingClientRect().left;
    const pageOf = (el) => { const box = el.getClientRects()[0]; return box ? Math.floor((box.left - left + 1) / ${PAGE.width}) : -1; };
    return [...document.querySelectorAll('main h2, main h3, main h4')].filter((h) => h.nextElementSibling && getComputedStyle(h).display !== 'none')
      .filter((h) => pageOf(h) !== pageOf(h.nextElementSibling))
      .map((h) => h.textContent + ' (page ' + (pageOf(h) + 1) + ', then ' + (pageOf(h.nextElementSibling) + 1) + ')');
  })()`)) as string[];
  await style.evaluate((node) => (node as unknown as { remove(): void }).remove());
  await page.emulateMedia({ media: 'screen' });
  return orphans;
}

/** Contrast ratio of a CSS colour against white (WCAG relative luminance). */
function contrastOnWhite(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map(Number).map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return 1.05 / (l + 0.05);
}

describe.skipIf(NO_BROWSER)('the review page (report --format html) in headless Chromium', () => {
  let context: BrowserContext;
  let dir: string;
  let example: string;
  let empty: string;
  let json: {
    experimentsPerWeek: { measures: { measure: string; teams: number; target: number; weeks: { count: number; teams: number }[] }[]; byTeam: { weeks: { measure: string | null; started: number }[] }[] };
    stageAging: { initiative: string; days: number | null; overdue: boolean }[];
    funnel: Record<string, number>;
  };

  beforeAll(async () => {
    dir = tempDir('pdx-report-html-');
    example = join(dir, 'pages', 'example.html');
    mkdirSync(join(dir, 'pages'));
    await pdxOut(['-C', EXAMPLES, 'report', '--format', 'html', '--as-of', '2026-11-27', '--out', example]);
    json = JSON.parse(await pdxOut(['-C', EXAMPLES, 'report', '--json', '--as-of', '2026-11-27']));
    const repo = await gitPdxRepo();
    empty = join(repo, 'report.html');
    await pdxOut(['report', '--format', 'html', '--as-of', '2026-11-27', '--out', 'report.html'], repo);
    const { chromium } = await import('playwright-core');
    // A new profile of its own, and nothing that reaches out on its own.
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      viewport: { width: 1000, height: 800 },
    });
  }, 30_000);

  afterAll(async () => {
    await context?.close();
  });

  /** A new tab showing `file`, with every request it made. */
  const open = async (file: string) => {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    return { page, requests };
  };

  it('the example: no serious or critical axe violation', async () => {
    const { page } = await open(example);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('the example: nothing fetched, chart values equal the JSON, every chart named and with its table, cues in words, contrast ≥ 3:1', async () => {
    const { page, requests } = await open(example);
    await page.screenshot({ path: '/tmp/pdx-html-example.png', fullPage: true });
    const seen = (await page.evaluate(`(() => {
      const values = (sel) => [...document.querySelectorAll(sel)].map((n) => Number(n.dataset.value));
      const pace = {};
      for (const svg of document.querySelectorAll('svg.pace-chart')) pace[svg.id.replace('chart-pace-', '')] = {
        done: [...svg.querySelectorAll('rect.completed')].map((n) => Number(n.dataset.value)),
        started: [...svg.querySelectorAll('rect.bar-started')].map((n) => Number(n.dataset.value)),
        labels: [...svg.querySelectorAll('g.week')].map((g) => g.querySelector('text.value').textContent),
        target: svg.querySelector('line.target').getAttribute('y1'),
        offScale: svg.querySelector('line.target').dataset.offScale === 'true',
        top: [...svg.querySelectorAll('text.axis-value')].map((t) => Number(t.textContent)),
      };
      const charts = [...document.querySelectorAll('svg[role="img"]')].map((svg) => {
        const ids = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
        const name = ids.length ? ids.map((id) => (document.getElementById(id) || { textContent: '' }).textContent).join(' ') : (svg.getAttribute('aria-label') || '');
        const fig = svg.closest('figure');
        const table = (fig && fig.querySelector('table')) || (svg.nextElementSibling && svg.nextElementSibling.tagName === 'TABLE') || (fig && fig.nextElementSibling && fig.nextElementSibling.tagName === 'TABLE');
        return { id: svg.id, name, table: Boolean(table) };
      });
      const colour = (el) => { const s = getComputedStyle(el); return s.fill.startsWith('url') || s.fill === 'none' || s.fill === 'rgb(255, 255, 255)' ? s.stroke : s.fill; };
      const marks = [...document.querySelectorAll('svg rect.bar, svg rect.bar-started, svg rect.graduated, svg rect.overdue, svg line.target, svg line.threshold, svg circle.checkin, svg .known-weak, svg .known-strong, svg .known-none')]
        .map((n) => ({ what: n.getAttribute('class'), colour: colour(n) }));
      const texts = [...document.querySelectorAll('svg text')].map((n) => ({ what: n.textContent, colour: getComputedStyle(n).fill }));
      // What each bar is drawn as, read back from its geometry against the axis's grid lines
      // (the grid line of value v at y, or x, for the horizontal bars), beside the value it says it has.
      const drawn = [];
      const axisOf = (svg, along) => {
        const grid = [...svg.querySelectorAll('line.grid')].map((l) => Number(l.getAttribute(along === 'y' ? 'y1' : 'x1')));
        const values = [...svg.querySelectorAll(along === 'y' ? 'text.axis-value' : 'text.tick')].map((t) => Number(t.textContent));
        return { zero: grid[0], per: (grid.at(-1) - grid[0]) / values.at(-1) };
      };
      for (const svg of document.querySelectorAll('svg.pace-chart')) {
        const { zero, per } = axisOf(svg, 'y');
        for (const rect of svg.querySelectorAll('rect.completed, rect.bar-started')) {
          const y = Number(rect.getAttribute('y'));
          drawn.push({ chart: svg.id, value: Number(rect.dataset.value), drawn: (y - zero) / per, height: (zero - y - Number(rect.getAttribute('height'))) / per, pixel: 1 / Math.abs(per) });
        }
      }
      const aging = document.querySelector('#chart-aging');
      const { per } = axisOf(aging, 'x');
      for (const rect of aging.querySelectorAll('rect.bar')) drawn.push({ chart: 'chart-aging', value: Number(rect.dataset.value), drawn: Number(rect.getAttribute('width')) / per, height: 0, pixel: 1 / per });
      return {
        pace, charts, marks, texts, drawn,
        aging: values('#chart-aging rect.bar'),
        overdueWords: [...document.querySelectorAll('#chart-aging g.is-overdue text.end-value')].map((t) => t.textContent),
        overdueRows: [...document.querySelectorAll('#aging-table tbody tr')].filter((tr) => tr.textContent.includes('⚠ overdue')).map((tr) => tr.querySelector('th').textContent),
        funnel: [...document.querySelectorAll('#chart-funnel rect')].map((n) => [n.dataset.stage, Number(n.dataset.value)]),
        failing: [...document.querySelectorAll('#gates tbody tr')].filter((tr) => tr.textContent.includes('✗ not ready')).length,
        stale: document.querySelectorAll('#stale .stale-flag').length,
        sections: [...document.querySelectorAll('main h2')].map((h) => h.textContent),
        fileLinks: [...document.querySelectorAll('a.file')].map((a) => a.href),
      };
    })()`)) as {
      pace: Record<string, { done: number[]; started: number[]; labels: string[]; top: number[]; offScale: boolean }>;
      drawn: { chart: string; value: number; drawn: number; height: number; pixel: number }[];
      charts: { id: string; name: string; table: boolean }[];
      marks: { what: string; colour: string }[];
      texts: { what: string; colour: string }[];
      aging: number[];
      overdueWords: string[];
      overdueRows: string[];
      funnel: [string, number][];
      failing: number;
      stale: number;
      sections: string[];
      fileLinks: string[];
    };
    // Every section the text report has, and those the README promises.
    expect(seen.sections).toEqual(['Pace per week', 'Time in stage', 'Funnel', 'Products', 'Investment', 'Gate readiness', 'What we learned', 'What we heard', 'Riskiest assumptions', 'Assumption map', 'OKRs', 'Experiments per key result', 'Domains', 'Stale work']);
    expect(await page.locator('#hypotheses-by-kind tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#median-days td').allTextContents()).toEqual(['35', '21', '24.5', '49', '49', '49', '91', '—']);
    // The pace charts: per measure, the bars' values are the JSON's, the axis reaches the larger of data and target, never a sum.
    const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
    const measures = json.experimentsPerWeek.measures.filter((m) => m.teams > 0);
    expect(Object.keys(seen.pace).sort()).toEqual(measures.map((m) => m.measure).sort());
    for (const m of measures) {
      const each = m.weeks.map((w) => (w.teams === 0 ? 0 : w.count / w.teams));
      const chart = seen.pace[m.measure]!;
      expect(chart.done, m.measure).toEqual(each.map((v) => round(v, 3)));
      expect(chart.labels, m.measure).toEqual(each.map((v) => String(round(v, 1))));
      // A target more than four times the best week is drawn off the scale, so the bars keep their height.
      const top = Math.max(...chart.top);
      const best = Math.max(...each, ...chart.started);
      const scale = best > 0 && m.target > best * 4 ? best : Math.max(m.target, best);
      expect(top, m.measure).toBeGreaterThanOrEqual(scale);
      expect(top, m.measure).toBeLessThan(scale * 2.01);
      expect(chart.offScale, m.measure).toBe(scale !== Math.max(m.target, best));
      if (m.measure === 'touchpoints') expect(chart.started).toEqual([]);
      else {
        const started = m.weeks.map((w, i) => json.experimentsPerWeek.byTeam.reduce((n, t) => n + (t.weeks[i]!.measure === m.measure ? t.weeks[i]!.started : 0), 0) / (w.teams || 1));
        expect(chart.started, m.measure).toEqual(started.map((v) => round(v, 3)));
      }
    }
    expect(seen.pace.iterations!.started.some((v) => v > 0)).toBe(true);
    // Each bar is drawn as long as the value it says it has, to a fifth of a pixel (its coordinates have one decimal).
    expect(seen.drawn.filter((d) => d.chart.startsWith('chart-pace-')).length).toBeGreaterThan(12);
    for (const d of seen.drawn) {
      expect(Math.abs(d.drawn - d.value), `${d.chart} bar of ${d.value}`).toBeLessThanOrEqual(d.pixel * 0.2);
      expect(Math.abs(d.height), `${d.chart} bar of ${d.value} ends on the axis`).toBeLessThanOrEqual(d.pixel * 0.2);
    }
    // Time in stage, the funnel: the JSON's numbers; overdue said in words, in the chart and its table.
    expect(seen.aging).toEqual(json.stageAging.map((s) => s.days));
    const overdue = json.stageAging.filter((s) => s.overdue).map((s) => s.initiative);
    expect(overdue.length).toBeGreaterThan(0);
    expect(seen.overdueWords).toEqual(json.stageAging.filter((s) => s.overdue).map((s) => `${s.days} d ⚠ overdue`));
    expect(seen.overdueRows).toEqual(overdue);
    expect(seen.funnel).toEqual(Object.entries(json.funnel).sort(([a], [b]) => (a === 'graduated' ? 1 : b === 'graduated' ? -1 : 0)));
    expect(seen.failing).toBeGreaterThan(0);
    expect(seen.stale).toBeGreaterThan(0);
    // Every chart has a name saying what it shows, and its numbers in a table.
    expect(seen.charts.length).toBeGreaterThanOrEqual(measures.length + 2);
    for (const c of seen.charts) {
      expect(c.name.length, c.id).toBeGreaterThan(30);
      expect(c.table, `${c.id} has a data table`).toBe(true);
    }
    // Marks ≥ 3:1 and chart text ≥ 4.5:1 against the white page.
    for (const m of seen.marks) expect(contrastOnWhite(m.colour), `${m.what} ${m.colour}`).toBeGreaterThanOrEqual(3);
    for (const t of seen.texts) expect(contrastOnWhite(t.colour), `"${t.what}" ${t.colour}`).toBeGreaterThanOrEqual(4.5);
    // Each record links to its file, relative to where the page was written.
    expect(seen.fileLinks.length).toBeGreaterThan(20);
    for (const href of seen.fileLinks) expect(existsSync(fileURLToPath(href)), href).toBe(true);
    expect(requests).toEqual([`file://${example}`]);
    await page.close();
  });

  it('the example prints to A4 pages in a sensible number, no heading left at the foot of a page', async () => {
    const { page } = await open(example);
    const pages = pdfPages(await page.pdf({ preferCSSPageSize: true }));
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(pages).toBeLessThanOrEqual(30);
    expect(await orphanedHeadings(page)).toEqual([]);
    await page.close();
  });

  it('a new repo: says what to do first, with the commands, and no empty chart or table; axe-clean and one printed page', async () => {
    const { page, requests } = await open(empty);
    await page.screenshot({ path: '/tmp/pdx-html-empty.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.locator('#start h2').textContent()).toBe('Nothing to report yet: start here');
    const commands = await page.locator('#start li code').allTextContents();
    expect(commands.map((c) => c.split(' --')[0])).toEqual(['pdx initiative add', 'pdx hypothesis add', 'pdx evidence add', 'pdx status']);
    expect(await page.locator('svg[role="img"], table, .none').count()).toBe(0);
    expect(pdfPages(await page.pdf({ preferCSSPageSize: true }))).toBe(1);
    expect(requests).toEqual([`file://${empty}`]);
    await page.close();
  });
});

describe('links to the git host', () => {
  it('turns https and ssh remotes of GitHub, GitLab and Bitbucket into web addresses, never with credentials; other hosts into none', () => {
    expect(webOfRemote('https://github.com/acme/discovery.git')).toEqual({ web: 'https://github.com/acme/discovery', host: 'github' });
    expect(webOfRemote('https://x-access-token:ghp_SECRET@github.com/acme/discovery')).toEqual({ web: 'https://github.com/acme/discovery', host: 'github' });
    expect(webOfRemote('git@github.com:acme/discovery.git')).toEqual({ web: 'https://github.com/acme/discovery', host: 'github' });
    expect(webOfRemote('ssh://git@github.com:22/acme/discovery.git')).toEqual({ web: 'https://github.com/acme/discovery', host: 'github' });
    expect(webOfRemote('https://oauth2:glpat-SECRET@gitlab.com/group/sub/project.git')).toEqual({ web: 'https://gitlab.com/group/sub/project', host: 'gitlab' });
    expect(webOfRemote('git@gitlab.acme.io:group/project.git')).toEqual({ web: 'https://gitlab.acme.io/group/project', host: 'gitlab' });
    expect(webOfRemote('https://me:app-pass@bitbucket.org/team/repo.git')).toEqual({ web: 'https://bitbucket.org/team/repo', host: 'bitbucket' });
    for (const unknown of ['https://git.example.com/acme/discovery.git', '/srv/git/discovery.git', 'file:///srv/git/d.git', '../sibling', 'https://github.com/only-owner', 'https://github.com/a/b/c', 'git@github.com:acme/../x.git']) expect(webOfRemote(unknown), unknown).toBeUndefined();
  });

  it('the page links each record to its line on the host at HEAD, in a monorepo below the pdx folder, and prints no credential', async () => {
    const dir = tempDir('pdx-report-links-');
    initGit(dir);
    mkdirSync(join(dir, 'product'));
    await pdxOut(['init', '--name', 'Mono'], join(dir, 'product'));
    await pdxOut(['initiative', 'add', '--title', 'Quotes', '--objective', 'Book fast'], join(dir, 'product'));
    commitAll(dir, 'init');
    git(dir, 'remote', 'add', 'origin', 'https://oauth2:glpat-TOPSECRET@gitlab.com/acme/platform/mono.git');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    const html = await pdxOut(['report', '--format', 'html', '--as-of', TODAY], join(dir, 'product'));
    expect(html).toContain(`<a class="file" href="discovery/initiatives/quotes.yaml">quotes</a> <a class="host" href="https://gitlab.com/acme/platform/mono/-/blob/${head}/product/discovery/initiatives/quotes.yaml#L1" aria-label="quotes on GitLab">GitLab</a>`);
    expect(html).not.toMatch(/TOPSECRET|oauth2/);
    // --json stays the same at every commit: the links are the page's alone.
    expect(JSON.parse(await pdxOut(['report', '--json', '--as-of', TODAY], join(dir, 'product')))).not.toHaveProperty('links');
    // An unknown host: no host link at all.
    git(dir, 'remote', 'set-url', 'origin', 'https://git.internal.example/acme/mono.git');
    expect(await pdxOut(['report', '--format', 'html', '--as-of', TODAY], join(dir, 'product'))).not.toContain('class="host"');
    expect(readFileSync(join(dir, 'product', 'pdx.yaml'), 'utf8')).toContain('Mono');
  });
});
