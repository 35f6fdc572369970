import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/reports/build.js';
import type { PortfolioInput } from '../../src/reports/portfolio/input.js';
import { mergePortfolio } from '../../src/reports/portfolio/merge.js';
import type { Portfolio } from '../../src/reports/portfolio/types.js';
import { BASE_ENV, copyOfExamples, git, hasStackTrace, initGit, runPdx, tempDir, writeTree } from '../helpers.js';
import { hasTmux, Terminal } from '../tty.js';

const AS_OF = '2026-11-27';

const initiative = (id: string, stage: string, people: string[], history = `  - { stage: immersion, date: 2026-09-01 }\n  - { stage: ${stage}, date: 2026-10-19, forced: true, reason: review }\n`) =>
  `id: ${id}\ntitle: ${id} for small shippers\nstage: ${stage}\nteam:\n${people.map((p) => `  - { name: ${p}, role: product-manager }`).join('\n')}\nhistory:\n${history}`;

/** A git repo with `files` committed (the pdx folder at `dir` inside it). */
function repo(files: Record<string, string>, message = 'discovery work'): string {
  const root = tempDir('pdx-team-');
  writeTree(root, files);
  initGit(root);
  commit(root, message, '2026-11-02T10:00:00Z');
  return root;
}

function commit(root: string, message: string, day: string): void {
  git(root, 'add', '-A');
  execFileSync('git', ['commit', '-q', '-m', message], { cwd: root, env: { ...BASE_ENV, GIT_AUTHOR_DATE: day, GIT_COMMITTER_DATE: day } });
}

let hq: string;
let sales: string;
let platform: string;
let ops: string;
let opsAtTag: string;
let unreachable: string;

beforeAll(() => {
  // A team's own repo, with one invalid record, and the initiative id the platform team also uses.
  sales = repo({
    'pdx.yaml': 'version: 1\nname: Sales\n',
    'discovery/initiatives/rapid-quotes.yaml': `${initiative('rapid-quotes', 'validation', ['Ana Ruiz', 'Ben Adler'])}budget: 40000\n`,
    'discovery/initiatives/broken.yaml': 'id: broken\ntitle: Broken\nstage: nowhere\n',
  });
  // A monorepo: code beside the pdx folder product/.
  platform = repo({
    'services/billing/README.md': 'code, not discovery\n',
    'product/pdx.yaml': 'version: 1\nname: Platform\n',
    'product/discovery/initiatives/rapid-quotes.yaml': initiative('rapid-quotes', 'hypothesis', ['Ben Adler']),
    'product/discovery/domains/billing.yaml': 'id: billing\nname: Billing\npurpose: Shippers pay for what they ship\nbudget: 90000\nteam:\n  - { name: Lena Park, role: product-manager }\n',
  });
  // Reached through git at a tag; a stage set by hand (no history entry) is dated from git, and
  // work committed after the tag is not read.
  ops = repo(
    {
      'pdx.yaml': 'version: 1\nname: Ops\n',
      'discovery/initiatives/dock-slots.yaml': initiative('dock-slots', 'immersion', ['Kofi Mensah'], '  - { stage: immersion, date: 2026-09-01 }\n'),
    },
    'dock slots',
  );
  writeTree(ops, { 'discovery/initiatives/dock-slots.yaml': initiative('dock-slots', 'epiphany', ['Kofi Mensah'], '  - { stage: immersion, date: 2026-09-01 }\n') });
  commit(ops, 'dock slots: epiphany, set by hand', '2026-11-09T10:00:00Z');
  git(ops, 'tag', 'v1');
  writeTree(ops, { 'discovery/initiatives/dock-slots.yaml': initiative('dock-slots', 'hypothesis', ['Kofi Mensah'], '  - { stage: immersion, date: 2026-09-01 }\n') });
  commit(ops, 'dock slots: hypothesis, after the review', '2026-11-20T10:00:00Z');
  // What a checkout of the tag holds: the repo the team would run pdx report in.
  opsAtTag = tempDir('pdx-ops-at-tag-');
  execFileSync('git', ['clone', '-q', '--branch', 'v1', ops, opsAtTag], { env: BASE_ENV, stdio: 'pipe' });
  unreachable = `file://${join(tempDir('pdx-gone-'), 'nowhere.git')}`;
  hq = tempDir('pdx-hq-');
  writeFileSync(
    join(hq, 'portfolio.yaml'),
    `name: Org\nsources:\n  - name: sales\n    path: ${sales}\n  - name: platform\n    path: ${join(platform, 'product')}\n  - name: ops\n    url: file://${ops}\n    ref: v1\n  - name: gone\n    url: ${unreachable}\n`,
  );
});

async function portfolioJson(...args: string[]): Promise<{ code: number; json: Portfolio; stderr: string }> {
  const result = await runPdx(['portfolio', '--json', '--as-of', AS_OF, ...args], { cwd: hq });
  expect(hasStackTrace(result.stderr), result.stderr).toBe(false);
  return { code: result.code, json: JSON.parse(result.stdout) as Portfolio, stderr: result.stderr };
}

async function reportJson(dir: string): Promise<Report> {
  const result = await runPdx(['report', '--json', '--as-of', AS_OF], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('pdx portfolio over real git: a path, a monorepo folder, a file:// URL at a tag, and an unreachable source', () => {
  it('reports the invalid record, skips the unreachable source with its error, and equals the merge of the three report --json', async () => {
    const { code, json, stderr } = await portfolioJson();
    expect(code).toBe(1);
    expect(json.sources.map((s) => [s.name, s.status])).toEqual([
      ['sales', 'ok'],
      ['platform', 'ok'],
      ['ops', 'ok'],
      ['gone', 'failed'],
    ]);
    expect(stderr).toContain(`pdx: gone (${unreachable}): `);
    expect(json.failed).toEqual([{ source: 'gone', origin: unreachable, error: expect.stringContaining('nowhere.git') }]);
    expect(json.invalid).toEqual([expect.objectContaining({ source: 'sales', count: 1, first: [expect.objectContaining({ file: 'discovery/initiatives/broken.yaml', line: 3 })] })]);
    // The tag's stage, dated by git (set by hand in the commit of 2026-11-09), not the later commit's.
    expect(json.teams.find((t) => t.id === 'ops:dock-slots')).toMatchObject({ stage: 'epiphany', days: 18 });

    // Nothing is written into a source; the portfolio's caches keep themselves out of git.
    for (const dir of [sales, platform]) expect(git(dir, 'status', '--porcelain', '--ignored'), dir).toBe('');
    expect(readFileSync(join(hq, '.pdx/cache/portfolio/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const commit = git(ops, 'rev-parse', 'v1^{commit}').trim();
    expect(json.sources[2]).toMatchObject({ commit, fetched: { offline: false } });
    const inputs: PortfolioInput[] = [
      { name: 'sales', origin: sales, summary: await reportJson(sales) },
      { name: 'platform', origin: join(platform, 'product'), summary: await reportJson(join(platform, 'product')) },
      { name: 'ops', origin: `file://${ops}@v1`, summary: await reportJson(opsAtTag), commit, fetched: json.sources[2]!.fetched! },
      { name: 'gone', origin: unreachable, error: json.failed[0]!.error },
    ];
    expect(json).toEqual(JSON.parse(JSON.stringify(mergePortfolio(inputs, { asOf: AS_OF }))));
  });

  it('gives the same portfolio from the summaries each team made (--from), but for where each was read', async () => {
    const { json: direct } = await portfolioJson();
    const folder = join(hq, 'summaries');
    mkdirSync(folder, { recursive: true });
    for (const [name, dir] of [['sales', sales], ['platform', join(platform, 'product')], ['ops', opsAtTag]] as const) {
      const made = await runPdx(['report', '--json', '--as-of', AS_OF, '--out', join(folder, `${name}.json`)], { cwd: dir });
      expect(made.code, made.stderr).toBe(0);
    }
    const merged = await runPdx(['portfolio', '--from', 'summaries/sales.json', 'summaries/platform.json', 'summaries/ops.json', '--json'], { cwd: hq });
    expect(merged.code, merged.stderr).toBe(0);
    const federated = JSON.parse(merged.stdout) as Portfolio;
    // Each is named after its file (sales.json → sales): the same prefixes as portfolio.yaml gave.
    const where = (p: Portfolio) => ({ ...p, sources: p.sources.filter((s) => s.status === 'ok').map(({ origin, commit, fetched, ...rest }) => rest), failed: [] });
    expect(where(federated)).toEqual(where(direct));
  });

  it('keeps equal ids of two sources apart in every format', async () => {
    for (const format of ['table', 'markdown', 'html', 'json']) {
      const result = await runPdx(['portfolio', '--format', format, '--as-of', AS_OF], { cwd: hq });
      expect(result.code).toBe(1);
      expect(result.stdout, format).toContain('sales:rapid-quotes');
      expect(result.stdout, format).toContain('platform:rapid-quotes');
      expect(result.stdout, format).not.toMatch(/[^:a-z-]rapid-quotes/);
    }
  });

  it('writes the page and each team\'s own report page into a folder, linked', async () => {
    const result = await runPdx(['portfolio', '--format', 'html', '--as-of', AS_OF, '--out', 'site/'], { cwd: hq });
    expect(result.code).toBe(1);
    const index = readFileSync(join(hq, 'site/index.html'), 'utf8');
    for (const name of ['sales', 'platform', 'ops']) {
      expect(existsSync(join(hq, 'site', 'teams', `${name}.html`)), name).toBe(true);
      expect(index).toContain(`href="teams/${name}.html"`);
    }
    expect(existsSync(join(hq, 'site', 'teams', 'gone.html'))).toBe(false);
    expect(readFileSync(join(hq, 'site/teams/ops.html'), 'utf8')).toContain('dock-slots');
    // A folder is for html only.
    const markdown = await runPdx(['portfolio', '--format', 'markdown', '--as-of', AS_OF, '--out', 'site/'], { cwd: hq });
    expect(markdown.code).toBe(2);
    expect(markdown.stderr).toContain('is a folder, which is for --format html');
  });

  it('--offline reads git sources from the cache and says when they were fetched; a source never fetched fails alone', async () => {
    await portfolioJson();
    const offline = await portfolioJson('--offline');
    expect(offline.json.sources[2]).toMatchObject({ status: 'ok', fetched: { offline: true } });
    expect(offline.json.notices.some((n) => /^ops: offline, as fetched on \d{4}-\d{2}-\d{2} \(/.test(n))).toBe(true);
    expect(offline.json.failed).toEqual([expect.objectContaining({ source: 'gone', error: expect.stringContaining('not in the cache yet') })]);
    // Each folder source's record caches are in a folder of the portfolio's own; a git source's are beside its clone, with none made for it here.
    const sources = join(hq, '.pdx/cache/portfolio/sources');
    expect(readdirSync(sources).length).toBe(2);
    expect(readdirSync(sources).every((id) => existsSync(join(sources, id, '.pdx/cache/files.bin')))).toBe(true);
  });

  it('refuses a summary of an unknown schema version, naming the file, and merges the others', async () => {
    const folder = tempDir('pdx-summaries-');
    const summary = await reportJson(sales);
    writeFileSync(join(folder, 'a-sales.json'), JSON.stringify(summary));
    writeFileSync(join(folder, 'b-future.json'), JSON.stringify({ ...summary, schemaVersion: 2 }));
    const result = await runPdx(['portfolio', '--from', folder, '--json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as Portfolio;
    expect(json.sources.map((s) => s.status)).toEqual(['ok', 'failed']);
    expect(json.failed[0]!.error).toMatch(/b-future\.json is a pdx report summary of schema version 2, and this pdx reads version 1/);
    expect(result.stderr).toContain('b-future.json');
  });

  it('reads one summary from standard input, and says so when it is none: nothing left to show is said as such', async () => {
    const garbage = await runPdx(['portfolio', '--from', '-'], { stdin: 'garbage' });
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain('pdx: source (-): standard input is not valid JSON');
    expect(garbage.stdout).toContain('  no initiative in discovery');
    expect(garbage.stdout).not.toContain('every initiative in discovery is ready');
    const one = await runPdx(['portfolio', '--from', '-', '--format', 'markdown'], { stdin: JSON.stringify(await reportJson(sales)) });
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('sales:rapid-quotes');
  });

  it('says what to do without a portfolio.yaml, and for --from with --portfolio', async () => {
    const none = await runPdx(['portfolio'], { cwd: tempDir() });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no portfolio\.yaml in .* or any folder above it/);
    const both = await runPdx(['portfolio', '--from', 'x.json', '--portfolio', 'portfolio.yaml'], { cwd: hq });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--from merges summaries made elsewhere');
  });
});

describe.skipIf(!hasTmux)('pdx portfolio at a terminal', () => {
  it('says which source is done, source n of N, on one line written over in place, and clears it before the portfolio', async () => {
    const examples = copyOfExamples();
    rmSync(join(examples, 'portfolio', '.pdx'), { recursive: true, force: true });
    const terminal = new Terminal(join(examples, 'portfolio'), ['portfolio', '--as-of', AS_OF], { width: 200, height: 60, record: true });
    try {
      expect(await terminal.exitCode(20_000)).toBe(0);
      const output = await terminal.output();
      // Each line of progress replaces the one before (carriage return, erase line): never a new line.
      for (const n of [1, 2, 3, 4]) expect(output).toMatch(new RegExp(`\\r\\x1b\\[2Ksource ${n} of 4: [a-z-]+`));
      expect(output).not.toMatch(/source \d of 4[^\r]*\r?\n/);
      // Cleared before the portfolio is printed: the screen keeps no line of it.
      expect(terminal.history()).not.toContain('source 4 of 4');
      expect(terminal.history()).toContain('sales-team:onboarding');
    } finally {
      terminal.close();
    }
  });
});
