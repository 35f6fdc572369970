import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { EXAMPLES, PROJECT, copyOfExamples, git, gitPdxRepo, runPdx, tempDir, writeTree } from '../helpers.js';
import { productRepo } from '../product-repo.js';

const CHROMIUM = '/usr/bin/chromium';
/** Without a browser the page tests are skipped on a developer's machine, never in CI (`.ci/run` installs chromium and sets PDX_CI). */
const NO_BROWSER = !existsSync(CHROMIUM) && !process.env.PDX_CI;

describe('pdx report', () => {
  it('--json --as-of on examples/ is byte-identical across runs and matches the committed expected file', async () => {
    const first = await runPdx(['-C', EXAMPLES, 'report', '--json', '--as-of', '2026-11-24']);
    const second = await runPdx(['-C', EXAMPLES, 'report', '--json', '--as-of', '2026-11-24']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toBe(readFileSync(join(PROJECT, 'test/fixtures/report-examples.json'), 'utf8'));
    const json = JSON.parse(first.stdout);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['asOf', 'since', 'experimentsPerWeek', 'stageAging', 'funnel', 'hypotheses', 'okrs']));
    expect(json.experimentsPerWeek.weeks).toHaveLength(12);
    const onboarding = json.okrs.find((o: { okr: string }) => o.okr === 'shipper-onboarding-2026-q4');
    expect(onboarding.keyResults[0]).toMatchObject({ id: 'days-to-first-booking', baseline: 30, target: 3, current: 9, progress: 0.78 });
  });

  it('reports stages, funnel and readiness as they stood on --as-of', async () => {
    const json = JSON.parse((await runPdx(['-C', EXAMPLES, 'report', '--json', '--as-of', '2026-10-01'])).stdout);
    expect(json.stageAging.map((s: { initiative: string; stage: string; days: number }) => `${s.initiative} ${s.stage} ${s.days}`)).toEqual([
      // Back at hypothesis since the pivot of 2026-09-21 (it was in validation from 2026-07-27).
      'cargo-protection hypothesis 10',
      'dock-slot-booking epiphany 3',
      'instant-quotes validation 17',
      'tracking-links release 73',
    ]);
    expect(json.funnel).toMatchObject({ immersion: 0, epiphany: 1, hypothesis: 1, validation: 1, prototyping: 0, release: 1, mvp: 0 });
  });

  it('filters by initiative, domain or team member', async () => {
    const report = async (...args: string[]) => JSON.parse((await runPdx(['-C', EXAMPLES, 'report', '--json', '--as-of', '2026-11-24', ...args])).stdout);
    const one = await report('--initiative', 'instant-quotes');
    expect(one.stageAging.map((s: { initiative: string }) => s.initiative)).toEqual(['instant-quotes']);
    expect(one.okrs).toEqual([]);
    const domain = await report('--domain', 'shipper-onboarding');
    expect(domain.stageAging).toEqual([]);
    expect(domain.experimentsPerWeek.byTeam.map((t: { team: string }) => t.team)).toEqual(['shipper-onboarding']);
    const maya = await report('--team', 'Maya Okafor');
    expect(maya.stageAging.map((s: { initiative: string }) => s.initiative)).toEqual(['dock-slot-booking', 'instant-quotes']);
    expect((await runPdx(['-C', EXAMPLES, 'report', '--initiative', 'nope'])).code).toBe(2);
  });

  it('--domain keeps that domain and only its OKRs, key results and experiments, none of another domain', async () => {
    // The examples have one domain: a second, with its own OKR, check-in and experiments.
    const dir = copyOfExamples();
    for (const args of [
      // Dated before the report's day: as of it, what was set up later did not exist yet.
      ['domain', 'add', '--id', 'warehouse', '--name', 'Warehouse', '--purpose', 'Faster docks', '--date', '2026-09-01'],
      ['team', 'add', 'warehouse', '--name', 'Wen Li', '--role', 'product-manager', '--date', '2026-09-01'],
      ['okr', 'add', '--domain', 'warehouse', '--period', '2026-Q4', '--objective', 'Turn trucks around in minutes', '--date', '2026-10-01'],
      ['kr', 'add', 'warehouse-2026-q4', '--metric', 'Dock minutes', '--baseline', '50', '--target', '20', '--date', '2026-10-01'],
      ['kr', 'update', 'dock-minutes', '--current', '35', '--date', '2026-11-20'],
      ['experiment', 'add', '--domain', 'warehouse', '--type', 'ab-test', '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r', '--start', '2026-11-02', '--id', 'wh-slots'],
      ['experiment', 'conclude', 'wh-slots', '--result', 'invalidated', '--control', '4380/100000', '--variant', '4120/100000', '--observed', 'o', '--learned', 'l', '--next', 'n', '--date', '2026-11-09'],
      ['experiment', 'add', '--domain', 'warehouse', '--type', 'ab-test', '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r', '--start', '2026-10-01', '--days', '5', '--id', 'wh-overdue'],
    ]) {
      const result = await runPdx(args, { cwd: dir });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const report = async (cwd: string, ...args: string[]) => {
      const result = await runPdx(['report', '--json', '--as-of', '2026-11-24', ...args], { cwd });
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    const okrs = (json: { okrs: { okr: string; keyResults: { id: string }[] }[] }) => json.okrs.map((o) => `${o.okr}: ${o.keyResults.map((k) => k.id).join(' ')}`);
    const teams = (json: { experimentsPerWeek: { byTeam: { team: string }[] } }) => json.experimentsPerWeek.byTeam.map((t) => t.team);

    // The examples' domain alone reports exactly as it did before the second domain existed.
    const alone = await report(EXAMPLES, '--domain', 'shipper-onboarding');
    const onboarding = await report(dir, '--domain', 'shipper-onboarding');
    expect(okrs(onboarding)).toEqual(['shipper-onboarding-2026-q4: days-to-first-booking self-serve-first-booking']);
    expect(teams(onboarding)).toEqual(['shipper-onboarding']);
    expect(onboarding.experimentsPerWeek).toEqual(alone.experimentsPerWeek);
    expect(onboarding.learnings).toEqual(alone.learnings);
    expect(onboarding.stale).toEqual(alone.stale);

    const warehouse = await report(dir, '--domain', 'warehouse');
    expect(okrs(warehouse)).toEqual(['warehouse-2026-q4: dock-minutes']);
    expect(warehouse.okrs[0].keyResults[0]).toMatchObject({ current: 35, lastCheckIn: '2026-11-20' });
    expect(teams(warehouse)).toEqual(['warehouse']);
    expect(warehouse.stageAging).toEqual([]);
    expect(warehouse.experimentsPerWeek.weeks.map((w: { started: number; concluded: number }) => w.started + w.concluded).reduce((a: number, b: number) => a + b)).toBe(3);
    expect(warehouse.learnings.invalidatedExperiments).toBe(1);
    expect(warehouse.stale.experiments.map((e: { id: string }) => e.id)).toEqual(['wh-overdue']);

    const both = await report(dir, '--domain', 'shipper-onboarding', '--domain', 'warehouse');
    expect(okrs(both).sort()).toEqual([...okrs(onboarding), ...okrs(warehouse)].sort());
    // A team member finds the domains they are in.
    expect(okrs(await report(dir, '--team', 'Wen Li'))).toEqual(okrs(warehouse));
  });

  it('lists invalid records and hand-set stages at the top, reports on the rest, and exits 0', async () => {
    const dir = await gitPdxRepo();
    expect((await runPdx(['initiative', 'add', '--title', 'Quotes', '--date', '2026-07-01'], { cwd: dir })).code).toBe(0);
    writeTree(dir, {
      'discovery/initiatives/broken.yaml': 'id: broken\ntitle: [\n',
      'discovery/initiatives/jumped.yaml': 'id: jumped\ntitle: Jumped\nstage: design\nhistory:\n  - { stage: immersion, date: 2026-07-01 }\n',
    });
    const result = await runPdx(['report', '--format', 'markdown', '--as-of', '2026-11-24'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('> 1 problem(s) in the records were left out of these numbers; run `pdx validate`.');
    expect(result.stdout).toContain('> some stages were set by hand: their entry dates come from git history');
    expect(result.stdout).toMatch(/\| jumped \| design \| unknown \| — \|/);
    expect(result.stdout).toMatch(/\| quotes \| immersion \| 2026-07-01 \| 146 \| 30 \| \*\*time to check in\*\* \|/);
    expect((await runPdx(['report', '--since', 'forever'], { cwd: dir })).code).toBe(2);
  });

  it('says what we heard: the window\'s quotes, what customers did first, and the claims whose balance changed', async () => {
    const dir = copyOfExamples();
    const quote = (id: string, date: string, source: string, words: string) =>
      [`discovery/evidence/instant-quotes/${id}.yaml`, `id: ${id}\ninitiative: instant-quotes\ndate: ${date}\nsource: ${source}\ncustomer: C-090\nnote: Noted.\nquote: ${JSON.stringify(words)}\n`] as const;
    writeTree(dir, Object.fromEntries([
      quote('q-said-new', '2026-11-20', 'interview', 'I need the price <now>, not "tomorrow".'),
      quote('q-said-old', '2026-11-02', 'interview', 'Older words.'),
      quote('q-did', '2026-10-01', 'observation', 'Booked it before we finished the call.'),
      quote('q-said-mid', '2026-11-10', 'survey', 'Middle words.'),
      quote('q-before', '2026-08-01', 'observation', 'Before the window.'),
    ]));
    const run = async (...args: string[]) => {
      const result = await runPdx(['report', '--as-of', '2026-11-24', ...args], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };
    const json = JSON.parse(await run('--json'));
    expect(json.whatWeHeard.quotes.filter((q: { initiative: string }) => q.initiative === 'instant-quotes').map((q: { evidence: string }) => q.evidence)).toEqual(['q-did', 'q-said-new', 'q-said-mid']);
    expect(json.whatWeHeard.claimsChanged).toContainEqual({ initiative: 'instant-quotes', hypothesis: 'instant-quotes-pricing', claim: 'c1', text: 'Shippers will pay a monthly fee to get instant quotes.', before: 0, after: -2 });
    // A window after every verdict: nothing changed in it.
    expect(JSON.parse(await run('--json', '--since', '1d')).whatWeHeard).toEqual({ quotes: [], claimsChanged: [] });

    const table = await run('--no-color');
    expect(table).toContain('What we heard');
    expect(table).toContain('“Booked it before we finished the call.” — C-090, observation, 2026-10-01 (instant-quotes)');
    expect(table).not.toContain('Older words.');
    expect(table).toMatch(/instant-quotes-pricing +│ 0 → -2/);
    const markdown = await run('--format', 'markdown');
    expect(markdown).toContain('## What we heard');
    expect(markdown).toContain('> “I need the price &lt;now&gt;, not "tomorrow".” — C-090, interview, 2026-11-20 (instant-quotes)');
    expect(markdown).toContain('| c1 Shippers will pay a monthly fee to get instant quotes. | instant-quotes-pricing | 0 → -2 |');
    const html = await run('--format', 'html');
    expect(html).toContain('<blockquote class="quote"><p>“I need the price &lt;now&gt;, not &quot;tomorrow&quot;.”</p><footer>C-090, interview, 2026-11-20 (instant-quotes) · ');
    expect(html).toMatch(/<td><a class="file" href="discovery\/hypotheses\/[^"]*instant-quotes-pricing\.yaml">instant-quotes-pricing<\/a><\/td><td>0 → -2<\/td>/);
  });

  it('outside git, hand-set stages are unknown with a notice, never a wrong number', async () => {
    const dir = tempDir();
    writeTree(dir, { 'pdx.yaml': 'version: 1\nname: T\n', 'discovery/initiatives/jumped.yaml': 'id: jumped\ntitle: J\nstage: design\n' });
    const json = JSON.parse((await runPdx(['report', '--json', '--as-of', '2026-11-24'], { cwd: dir })).stdout);
    expect(json.notices).toEqual(['some stages were set by hand and there is no git history to date them (this folder is not in a git repository): their time in stage is unknown']);
    expect(json.stageAging).toEqual([{ initiative: 'jumped', stage: 'design', enteredOn: null, days: null, warnAfterDays: 30, overdue: false, source: 'unknown' }]);
  });

  it('starts a constant number of git processes, however many initiatives need dates from git', async () => {
    const counts: number[] = [];
    for (const n of [2, 12]) {
      const dir = await gitPdxRepo();
      const files: Record<string, string> = {};
      for (let i = 0; i < n; i++) files[`discovery/initiatives/i${i}.yaml`] = `id: i${i}\ntitle: I${i}\nstage: epiphany\n`;
      writeTree(dir, files);
      git(dir, 'add', '-A');
      execFileSync('git', ['commit', '-qm', 'hand-set stages'], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: '2026-11-02T12:00:00', GIT_COMMITTER_DATE: '2026-11-02T12:00:00' } });
      const bin = tempDir('pdx-git-shim-');
      const log = join(bin, 'calls.log');
      const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$@" >> '${log}'\nexec '${real}' "$@"\n`);
      chmodSync(join(bin, 'git'), 0o755);
      const result = await runPdx(['report', '--json', '--as-of', '2026-11-24'], { cwd: dir, env: { PATH: `${bin}:${process.env.PATH}` } });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).stageAging.every((s: { source: string }) => s.source === 'git')).toBe(true);
      counts.push(readFileSync(log, 'utf8').trim().split('\n').length);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  });
});

describe.skipIf(NO_BROWSER)('the HTML report in a real browser', () => {
  it('renders its charts as inline SVG, offline, and screenshots', async () => {
    const dir = tempDir('pdx-html-');
    const out = join(dir, 'report.html');
    expect((await runPdx(['-C', EXAMPLES, 'report', '--format', 'html', '--as-of', '2026-11-24', '--out', out])).code).toBe(0);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${out}`);
      // One pace chart per measure, each against the target of one team measured in it.
      for (const measure of ['ab-tests', 'iterations', 'touchpoints']) {
        expect(await page.locator(`#chart-pace-${measure} rect.bar`).count()).toBe(12);
        expect(await page.locator(`#chart-pace-${measure} line.target`).count()).toBe(1);
      }
      // 0.7 a week at best against 20: the target is drawn above the axis, off its scale, with its value.
      expect(await page.locator('#chart-pace-ab-tests text.target-label').textContent()).toBe('▲ target 20/week per team, off this scale (30× the best week)');
      expect(await page.locator('#chart-pace-iterations text.target-label').textContent()).toBe('target 3/week per team');
      expect(await page.locator('#chart-pace-touchpoints text.target-label').textContent()).toBe('target 3/week per team');
      expect(await page.locator('#chart-aging rect.bar').count()).toBe(6);
      expect(await page.locator('#chart-aging rect.overdue').count()).toBe(1);
      expect(await page.locator('#chart-funnel rect.bar').count()).toBe(8);
      // The assumption map: one per initiative with current claims, every claim labelled, no two labels overlapping.
      const { assumptions } = JSON.parse((await runPdx(['-C', EXAMPLES, 'report', '--json', '--as-of', '2026-11-24'])).stdout) as { assumptions: { initiative: string; hypothesis: string; claim: string; importance: string; strongest: string }[] };
      const initiatives = [...new Set(assumptions.map((a) => a.initiative))].sort();
      expect(initiatives).toEqual(['cargo-protection', 'dock-slot-booking', 'instant-quotes', 'tracking-links']);
      type Box = { x: number; y: number; width: number; height: number };
      // Every map's frame, labels and table rows, measured in one round trip to the browser.
      // (Written as source: the browser's DOM types are not the tests' to check.)
      const maps = (await page.evaluate(`[...document.querySelectorAll('svg.assumption-map')].map((svg) => ({
        id: svg.id,
        frame: svg.getBoundingClientRect().toJSON(),
        labels: [...svg.querySelectorAll('text.claim-label')].map((n) => ({ text: n.textContent, box: n.getBoundingClientRect().toJSON() })),
        rows: svg.nextElementSibling ? svg.nextElementSibling.querySelectorAll('tbody tr').length : 0,
      }))`)) as { id: string; frame: Box; labels: { text: string; box: Box }[]; rows: number }[];
      expect(maps.map((m) => m.id)).toEqual(initiatives.map((id) => `map-${id}`));
      for (const { id: mapId, frame, labels, rows } of maps) {
        const id = mapId.slice('map-'.length);
        const mine = assumptions.filter((a) => a.initiative === id);
        const short = (a: (typeof mine)[number]) => `${a.hypothesis.replace(`${id}-`, '')} ${a.claim}`;
        expect(labels.map((l) => l.text).sort(), id).toEqual(mine.map(short).sort());
        for (const [i, a] of labels.entries()) {
          expect(a.box.width, `${id} ${a.text}`).toBeGreaterThan(0);
          // Inside the map, and clear of every other label.
          expect(a.box.x >= frame.x && a.box.x + a.box.width <= frame.x + frame.width && a.box.y >= frame.y && a.box.y + a.box.height <= frame.y + frame.height, `${id} ${a.text} inside`).toBe(true);
          for (const b of labels.slice(i + 1)) {
            const apart = a.box.x + a.box.width <= b.box.x || b.box.x + b.box.width <= a.box.x || a.box.y + a.box.height <= b.box.y || b.box.y + b.box.height <= a.box.y;
            expect(apart, `${id}: "${a.text}" and "${b.text}" overlap`).toBe(true);
          }
        }
        // Placed by quadrant: a claim known from what customers did sits right of the middle.
        const mid = frame.x + frame.width * (28 / 640 + (1 - 28 / 640) / 2);
        for (const a of mine) expect(labels.find((l) => l.text === short(a))!.box.x > mid, `${id} ${short(a)} column`).toBe(a.strongest === 'strong');
        // The data table says the same in words.
        expect(rows, id).toBe(mine.length);
      }
      expect(await page.locator('#map-cargo-protection .claim.high text.claim-label').allTextContents()).toEqual(['product-2 c2', 'pricing-2 c1']);
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      expect(requests).toEqual([`file://${out}`]);
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(NO_BROWSER)('key-result history in a real browser', () => {
  it('draws each key result\'s baseline, target and every check-in of the window as a point with its tooltip', async () => {
    const dir = tempDir('pdx-kr-');
    const checkins: [string, number][] = [['2026-09-14', 27], ['2026-10-05', 21], ['2026-10-19', 16], ['2026-11-02', 12], ['2026-11-23', 9]];
    writeTree(dir, {
      'pdx.yaml': 'version: 1\nname: T\n',
      'discovery/domains/shop.yaml': 'id: shop\nname: Shop\npurpose: Book fast\n',
      'discovery/okrs/shop/shop-q4.yaml': 'id: shop-q4\ndomain: shop\nperiod: 2026-Q4\nobjective: Book in days\nkeyResults:\n  - { id: days-to-book, metric: Days to first booking, unit: days, baseline: 30, target: 3, current: 9 }\n',
      // One check-in before the 12-week window (2026-09-07 to 2026-11-24): not drawn.
      'discovery/checkins/shop/old.yaml': 'id: old\nkr: days-to-book\ndate: 2026-08-03\nvalue: 29\n',
      ...Object.fromEntries(checkins.map(([date, value]) => [`discovery/checkins/shop/c-${date}.yaml`, `id: c-${date}\nkr: days-to-book\ndate: ${date}\nvalue: ${value}\n`])),
    });
    const out = join(dir, 'report.html');
    const result = await runPdx(['report', '--format', 'html', '--as-of', '2026-11-24', '--out', out], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${out}`);
      // Everything measured in one round trip: the lines' heights, the points' places and tooltips.
      const chart = (await page.evaluate(`(() => {
        const svg = document.querySelector('#kr-chart-days-to-book');
        if (!svg) return null;
        const y = (sel) => { const n = svg.querySelector(sel); return n ? n.getBoundingClientRect().y : null; };
        return {
          baseline: y('line.baseline'), target: y('line.target'),
          labels: [...svg.querySelectorAll('text.label')].map((t) => t.textContent),
          points: [...svg.querySelectorAll('circle.checkin')].map((c) => ({ title: c.querySelector('title') && c.querySelector('title').textContent, box: c.getBoundingClientRect().toJSON() })),
          axis: [...svg.querySelectorAll('text.axis-value')].map((t) => t.textContent),
          rows: [...document.querySelectorAll('table.kr-history tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
        };
      })()`)) as { baseline: number; target: number; labels: string[]; points: { title: string; box: { x: number; y: number; width: number } }[]; axis: string[]; rows: string[][] } | null;
      expect(chart).not.toBeNull();
      expect(chart!.labels).toEqual(['baseline 30 days', 'target 3 days']);
      // A decreasing metric: its baseline is drawn above its target.
      expect(chart!.baseline).toBeLessThan(chart!.target);
      expect(chart!.points.map((p) => p.title)).toEqual(checkins.map(([date, value]) => `${date}: ${value} days`));
      for (const [i, p] of chart!.points.entries()) {
        expect(p.box.width).toBeGreaterThan(0);
        // Later check-ins further right; each value between the baseline and the target lines.
        if (i > 0) expect(p.box.x).toBeGreaterThan(chart!.points[i - 1]!.box.x);
        expect(p.box.y).toBeGreaterThan(chart!.baseline - 5);
        expect(p.box.y).toBeLessThan(chart!.target);
      }
      expect(chart!.axis).toEqual(expect.arrayContaining(['2026-09-07', '2026-11-24', '3', '30']));
      expect(chart!.rows).toEqual(checkins.map(([date, value]) => [date, String(value)]));
    } finally {
      await browser.close();
    }
  });
});

describe('pdx report: products', () => {
  it('--json: each domain with its products and their expansions; the funnel counts the product as graduated, not in its stage', async () => {
    const dir = productRepo();
    const result = await runPdx(['report', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.products).toEqual([
      {
        domain: 'freight',
        name: 'Freight booking',
        products: [{ id: 'quotes', title: 'Instant quotes', stage: 'release', handedOffOn: '2026-11-02', by: 'Maya', forced: true, expansions: [{ id: 'quotes-api', title: 'Quotes API for platforms', stage: 'validation', domain: null }] }],
      },
    ]);
    expect(json.funnel).toEqual({ immersion: 1, epiphany: 0, hypothesis: 0, validation: 1, prototyping: 0, design: 0, release: 0, mvp: 1, graduated: 1 });
    // Time in stage and gate readiness are discovery's: the product is under its domain instead.
    expect(json.stageAging.map((s: { initiative: string }) => s.initiative)).toEqual(['docks', 'payouts', 'quotes-api']);
    expect(json.gateReadiness.map((g: { initiative: string }) => g.initiative)).toEqual(['docks', 'payouts', 'quotes-api']);
    // As of a day before the handoff it was still in discovery.
    const before = JSON.parse((await runPdx(['report', '--json', '--as-of', '2026-10-31'], { cwd: dir })).stdout);
    expect(before.products).toEqual([]);
    expect(before.funnel).toMatchObject({ release: 1, graduated: 0 });
  });

  it('html: the product in a list under its domain, the expansion under its product, and a graduated column in the funnel', async () => {
    const dir = productRepo();
    const html = (await runPdx(['report', '--format', 'html'], { cwd: dir })).stdout;
    const list = html.match(/<ul id="products">.*?<\/ul><\/li><\/ul>(?=\n)/s)?.[0];
    expect(list, html).toBeDefined();
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'li' || name === 'ul' }).parse(list!);
    const domain = parsed.ul[0].li[0];
    expect(domain['@_id']).toBe('domain-freight');
    const product = domain.ul[0].li[0];
    expect(product['@_id']).toBe('product-quotes');
    expect(product['#text']).toContain('handed off on 2026-11-02');
    const expansion = product.ul[0].li[0];
    expect(expansion['@_id']).toBe('expansion-quotes-api');
    expect(expansion['#text']).toContain('validation');
    expect(html).toMatch(/<rect class="graduated"[^>]*><title>graduated \(handed off\): 1<\/title>/);
    expect(html.match(/<svg id="chart-funnel".*?<\/svg>/s)![0].match(/<rect class="bar"/g)).toHaveLength(8);
  });

  it('table and markdown: the products section names the domain, the product with its handoff day, and its expansion', async () => {
    const dir = productRepo();
    const table = (await runPdx(['report'], { cwd: dir })).stdout;
    const section = table.slice(table.indexOf('Products'), table.indexOf('What we learned'));
    expect(section).toMatch(/│ freight +│ quotes +│ 2026-11-02 \(forced\) +│ quotes-api \(validation\) +│/);
    const markdown = (await runPdx(['report', '--format', 'markdown'], { cwd: dir })).stdout;
    expect(markdown).toContain('- **freight** — Freight booking\n  - **quotes** Instant quotes: handed off on 2026-11-02 (forced)\n    - expansion quotes-api Quotes API for platforms: validation\n');
  });
});

describe('pdx report: investment', () => {
  /** The product repo with people: Ann in docks (discovery) and in the freight domain, Bo joining payouts after the day; budgets on docks and freight. */
  const repo = () =>
    productRepo({
      'discovery/initiatives/docks.yaml': `id: docks
title: Dock slot booking
stage: immersion
budget: 40000
team:
  - { name: Ann, role: product-manager }
  - { name: Cy, role: designer }
history:
  - { stage: immersion, date: 2026-11-16 }
`,
      'discovery/initiatives/payouts.yaml': `id: payouts
title: Carrier payouts
stage: mvp
team:
  - { name: Bo, role: engineer, joined: 2026-11-23 }
history:
  - { stage: immersion, date: 2026-04-06 }
  - { stage: mvp, date: 2026-11-09, forced: true, reason: shortcut for the test }
`,
      'discovery/domains/freight.yaml': `id: freight
name: Freight booking
purpose: Shippers book freight fast
products: [quotes]
budget: 250000
team:
  - { name: Ann, role: product-manager }
  - { name: Dee, role: data-analyst }
  - { name: Eve, role: designer }
`,
    });

  it('--json has each team with its people on the day and its budget; every format says the split, each person once', async () => {
    const dir = repo();
    const json = JSON.parse((await runPdx(['report', '--json', '--as-of', '2026-11-22'], { cwd: dir })).stdout);
    expect(json.investment.teams.map((t: { id: string; system: string; people: string[]; budget: number | null }) => [t.id, t.system, t.people, t.budget])).toEqual([
      ['docks', 'discovery', ['Ann', 'Cy'], 40000],
      ['payouts', 'discovery', [], null],
      ['quotes', 'product-management', [], null],
      ['quotes-api', 'discovery', [], null],
      ['freight', 'product-management', ['Ann', 'Dee', 'Eve'], 250000],
    ]);
    const table = (await runPdx(['report', '--as-of', '2026-11-22'], { cwd: dir })).stdout;
    const section = table.slice(table.indexOf('Investment'), table.indexOf('What we learned'));
    expect(section).toContain('4 people: 1.5 in discovery (38%), 2.5 in product management (62%)');
    expect(section).toContain('budget 290,000: 40,000 in discovery (14%), 250,000 in product management (86%); 2 of 5 teams have a budget');
    expect(section).toMatch(/│ docks +│ discovery +│ 2 +│ 1\.5 +│ 40,000 +│/);
    expect(section).toMatch(/│ quotes \(product of freight\) +│ product management +│ 0 +│ 0 +│ — +│/);
    expect(section).toMatch(/│ freight \(domain\) +│ product management +│ 3 +│ 2\.5 +│ 250,000 +│/);
    // Bo joined payouts on the 23rd: a person more, in discovery, from then on.
    expect((await runPdx(['report'], { cwd: dir })).stdout).toContain('5 people: 2.5 in discovery (50%), 2.5 in product management (50%)');
  });

  it('markdown has the same section as a table; html as a table whose rows are headed by the team, the numbers in text', async () => {
    const dir = repo();
    const markdown = (await runPdx(['report', '--format', 'markdown', '--as-of', '2026-11-22'], { cwd: dir })).stdout;
    expect(markdown).toContain('## Investment');
    expect(markdown).toContain('| team | system | people | people (split) | budget |');
    expect(markdown).toContain('| freight (domain) | product management | 3 | 2.5 | 250,000 |');

    const html = (await runPdx(['report', '--format', 'html', '--as-of', '2026-11-22'], { cwd: dir })).stdout;
    const part = html.match(/<section id="investment">.*?<\/section>/s)?.[0];
    expect(part, html).toBeDefined();
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'tr' || name === 'th' || name === 'td' }).parse(part!);
    const rows = parsed.section.table.tbody.tr.map((tr: { th: { '#text': string }[]; td: (string | number)[] }) => [tr.th[0]!['#text'], ...tr.td.map(String)]);
    expect(rows[0]).toEqual(['docks', 'discovery', '2', '1.5', '40,000']);
    expect(rows[4]).toEqual(['freight (domain)', 'product management', '3', '2.5', '250,000']);
    expect(part).toContain('<p class="mix">4 people: 1.5 in discovery (38%), 2.5 in product management (62%).</p>');
    expect(part).toContain('<p class="budget">Budget 290,000: 40,000 in discovery (14%), 250,000 in product management (86%); 2 of 5 teams have a budget.</p>');
  });

  it('without any budget, says nothing of money', async () => {
    const dir = productRepo();
    const table = (await runPdx(['report'], { cwd: dir })).stdout;
    expect(table).toContain('no one is named in a team yet');
    expect(table).not.toContain('budget');
    expect((await runPdx(['report', '--format', 'markdown'], { cwd: dir })).stdout).not.toMatch(/budget/i);
  });
});
