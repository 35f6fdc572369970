import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/cli/context.js';
import { findPortfolio, loadPortfolio, readSources } from '../../src/engine/portfolio.js';
import { PdxError } from '../../src/errors.js';
import { mergedPart, MERGED_SECTIONS, type PortfolioInput } from '../../src/reports/portfolio/input.js';
import { BIN, git, gitPdxRepo, minimalRepo, runPdx, tempDir, TODAY, writeTree } from '../helpers.js';

const AS_OF = '2026-11-27';
const query = { asOf: AS_OF, today: TODAY };

/** What `pdx report --json --as-of AS_OF` prints in `dir`, parsed. */
async function reportJson(dir: string, ...extra: string[]): Promise<unknown> {
  const result = await runPdx(['report', '--json', '--as-of', AS_OF, ...extra], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

const summaryOf = (input: PortfolioInput | undefined) => {
  if (!input || !('summary' in input)) throw new Error(`no summary: ${JSON.stringify(input)}`);
  return input.summary;
};
const errorOf = (input: PortfolioInput | undefined) => (input && 'error' in input ? input.error : `a summary, not an error`);

/** A team repo under git with one committed initiative. */
async function teamRepo(title: string): Promise<string> {
  const dir = await gitPdxRepo();
  const made = await runPdx(['initiative', 'add', '--title', title, '--date', '2026-10-01'], { cwd: dir });
  expect(made.code, made.stderr).toBe(0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', title);
  return dir;
}

function portfolioAt(sources: string): string {
  const dir = tempDir('pdx-portfolio-');
  writeFileSync(join(dir, 'portfolio.yaml'), sources);
  return join(dir, 'portfolio.yaml');
}

/**
 * A worker that stands in for pdx's launcher: it logs each job it gets to `log`, crashes on a
 * source whose folder ends in `crash`, prints garbage for one ending in `garbage`, and hands
 * every other job to the real built binary.
 */
function wrapperWorker(log: string): string[] {
  const script = join(tempDir('pdx-worker-'), 'worker.mjs');
  writeFileSync(
    script,
    `import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', () => {
  const root = JSON.parse(input).source.root;
  appendFileSync(${JSON.stringify(log)}, root + '\\n');
  if (root.endsWith('crash')) process.kill(process.pid, 'SIGKILL');
  if (root.endsWith('garbage')) return void process.stdout.write('{ not a summary');
  if (root.endsWith('hang')) return void setInterval(() => {}, 1000);
  const child = spawn(process.execPath, [${JSON.stringify(BIN)}, ...process.argv.slice(2)], { stdio: ['pipe', 'inherit', 'inherit'] });
  child.stdin.end(input);
  child.on('close', (code) => process.exit(code ?? 2));
});
`,
  );
  return [process.execPath, script];
}

const jobsIn = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);

describe('portfolio sources: each read by a child pdx', () => {
  let sales: string;
  let billing: string;
  beforeAll(async () => {
    sales = await teamRepo('Rapid quotes');
    billing = await teamRepo('Rapid quotes');
    await runPdx(['initiative', 'add', '--title', 'Invoice chasing', '--date', '2026-10-02'], { cwd: billing });
    git(billing, 'add', '-A');
    git(billing, 'commit', '-q', '-m', 'second');
  });

  it('gives each source the summary its own pdx report --json gives, and a path that is no pdx repo its error, in the order of portfolio.yaml', async () => {
    const notPdx = tempDir('pdx-plain-');
    const file = portfolioAt(`name: Acme\nsources:\n  - path: ${sales}\n    name: sales-team\n  - path: ./no-such-team\n  - path: ${billing}\n  - path: ${notPdx}\n`);
    const cacheBefore = readdirSync(join(sales, '.pdx'));
    const inputs = await readSources(file, query, { whole: true, cache: false });
    expect(inputs.map((i) => i.origin)).toEqual([sales, './no-such-team', billing, notPdx]);
    expect(inputs[0]!.name).toBe('sales-team');
    expect(inputs[2]!.name).toBeUndefined();
    // Nothing of the portfolio's is written into a source.
    expect(readdirSync(join(sales, '.pdx'))).toEqual(cacheBefore);
    expect(summaryOf(inputs[0])).toEqual(await reportJson(sales));
    expect(summaryOf(inputs[2])).toEqual(await reportJson(billing));
    expect(summaryOf(inputs[2]).stageAging.map((s) => s.initiative)).toEqual(['invoice-chasing', 'rapid-quotes']);
    expect(errorOf(inputs[1])).toMatch(/^\.\/no-such-team: no such folder/);
    expect(errorOf(inputs[3])).toBe(`not a pdx repository or folder: no pdx.yaml in ${notPdx}`);
  });

  it('keeps of each summary only the sections the merge reads, unless asked for the whole (for the team pages)', async () => {
    const file = portfolioAt(`sources:\n  - path: ${sales}\n`);
    const [lean] = await readSources(file, query, { cache: false });
    expect(Object.keys(summaryOf(lean))).toEqual([...MERGED_SECTIONS]);
    expect(summaryOf(lean)).toEqual(mergedPart(summaryOf((await readSources(file, query, { cache: false, whole: true }))[0]) as never));
  });

  it('passes --since and the days on to every source', async () => {
    const file = portfolioAt(`sources:\n  - path: ${sales}\n`);
    const [input] = await readSources(file, { ...query, since: '30d' }, { whole: true, cache: false });
    expect(summaryOf(input)).toEqual(await reportJson(sales, '--since', '30d'));
    expect(summaryOf(input).window).toBe('30d');
  });

  it('reports a child that crashes, prints garbage or refuses as that source\'s error, and the others complete', async () => {
    const folder = tempDir('pdx-portfolio-');
    const crash = join(folder, 'crash');
    const garbage = join(folder, 'garbage');
    const broken = join(folder, 'broken');
    for (const dir of [crash, garbage]) writeTree(dir, { 'pdx.yaml': 'version: 1\nname: A team\n' });
    writeTree(broken, { 'pdx.yaml': 'version: 1\nname: Broken\nnot-a-setting: 3\n' });
    writeFileSync(join(folder, 'portfolio.yaml'), `sources:\n  - path: crash\n  - path: ${sales}\n  - path: garbage\n  - path: broken\n`);
    const log = join(folder, 'jobs.log');
    const inputs = await readSources(join(folder, 'portfolio.yaml'), query, { whole: true, cache: false, worker: wrapperWorker(log), concurrency: 4 });
    expect(jobsIn(log).sort()).toEqual([broken, crash, garbage, sales].sort());
    expect(errorOf(inputs[0])).toBe('pdx was stopped (SIGKILL) before it gave a summary');
    expect(summaryOf(inputs[1])).toEqual(await reportJson(sales));
    expect(errorOf(inputs[2])).toBe('pdx gave no summary it could read');
    expect(errorOf(inputs[3])).toBe('pdx.yaml is invalid; fix it first (pdx.yaml:3:1 error unknown field `not-a-setting` schema/unknown-key)');
  });

  it('gives up on a child that hangs after PDX_SOURCE_TIMEOUT, and reads the others', async () => {
    const folder = tempDir('pdx-portfolio-');
    writeTree(join(folder, 'hang'), { 'pdx.yaml': 'version: 1\nname: Stuck\n' });
    writeFileSync(join(folder, 'portfolio.yaml'), `sources:\n  - path: hang\n  - path: ${sales}\n`);
    const before = process.env.PDX_SOURCE_TIMEOUT;
    // Long enough for the healthy source to answer on a loaded machine; the hung one never does.
    process.env.PDX_SOURCE_TIMEOUT = '6';
    try {
      const inputs = await readSources(join(folder, 'portfolio.yaml'), query, { whole: true, cache: false, worker: wrapperWorker(join(folder, 'jobs.log')), concurrency: 2 });
      expect(errorOf(inputs[0])).toBe('pdx gave no summary within 6 seconds (PDX_SOURCE_TIMEOUT sets the limit)');
      expect(summaryOf(inputs[1]).name).toBe('Test team');
    } finally {
      if (before === undefined) delete process.env.PDX_SOURCE_TIMEOUT;
      else process.env.PDX_SOURCE_TIMEOUT = before;
    }
  });

  it('says which source is done as each finishes: source n of N and its name', async () => {
    const file = portfolioAt(`sources:\n  - path: ${sales}\n    name: sales-team\n  - path: ./gone\n  - path: ${billing}\n`);
    const seen: string[] = [];
    await readSources(file, query, { whole: true, cache: false, concurrency: 1, onProgress: (n, total, name) => seen.push(`source ${n} of ${total}: ${name}`) });
    expect(seen).toEqual(['source 1 of 3: sales-team', 'source 2 of 3: ./gone', `source 3 of 3: ${billing}`]);
  });
});

describe('the portfolio summary cache', () => {
  /** A portfolio of one fresh team repo, read through a worker that logs each child it starts. */
  async function cached() {
    const team = await teamRepo('Rapid quotes');
    const file = portfolioAt(`sources:\n  - path: ${team}\n`);
    const log = join(tempDir('pdx-log-'), 'jobs.log');
    const worker = wrapperWorker(log);
    return {
      team,
      file,
      initiative: join(team, 'discovery', 'initiatives', 'rapid-quotes.yaml'),
      children: () => jobsIn(log).length,
      read: async (q = query) => summaryOf((await readSources(file, q, { worker, whole: true }))[0]),
      /** Read afresh by the real binary, the cache off: what the cached answer must equal. */
      fresh: async () => summaryOf((await readSources(file, query, { whole: true, cache: false }))[0]),
    };
  }

  it('answers a warm run without a child, equal to the fresh run, kept beside portfolio.yaml; other days are other entries', async () => {
    const { team, file, read, children } = await cached();
    const cold = await read();
    expect(children()).toBe(1);
    expect(await read()).toEqual(cold);
    expect(children()).toBe(1);
    expect(cold).toEqual(await reportJson(team));
    expect(readdirSync(join(file, '..', '.pdx', 'cache', 'portfolio')).some((f) => f.endsWith('.json'))).toBe(true);
    expect((await read({ ...query, asOf: '2026-11-20' })).asOf).toBe('2026-11-20');
    expect(children()).toBe(2);
  });

  it('misses on an uncommitted edit of a record, then on its commit', async () => {
    const { team, initiative, read, fresh, children } = await cached();
    await read();
    writeFileSync(initiative, `${readFileSync(initiative, 'utf8')}bogus: 1\n`);
    const uncommitted = await read();
    expect(children()).toBe(2);
    expect(uncommitted.problems.map((p) => p.message)).toEqual(['unknown field `bogus`']);
    expect(uncommitted).toEqual(await fresh());
    // git says `modified` as before: only the content tells this edit from the last.
    writeFileSync(initiative, `${readFileSync(initiative, 'utf8')}bogus2: 1\n`);
    expect((await read()).problems).toHaveLength(2);
    expect(children()).toBe(3);
    git(team, 'commit', '-q', '-am', 'unknown fields');
    expect((await read()).problems).toHaveLength(2);
    expect(children()).toBe(4);
  });

  it('misses on an untracked record and on one git ignores, which pdx still reads', async () => {
    const { team, initiative, read, fresh, children } = await cached();
    writeFileSync(join(team, 'discovery', '.gitignore'), 'initiatives/secret-*.yaml\n');
    git(team, 'add', '-A');
    git(team, 'commit', '-q', '-m', 'ignore some');
    await read();
    writeFileSync(join(team, 'discovery', 'initiatives', 'secret-plan.yaml'), readFileSync(initiative, 'utf8').replace('id: rapid-quotes', 'id: secret-plan'));
    expect(git(team, 'status', '--porcelain')).toBe('');
    const ignored = await read();
    expect(children()).toBe(2);
    expect(ignored.stageAging.map((s) => s.initiative)).toContain('secret-plan');
    expect(ignored).toEqual(await fresh());
    writeFileSync(join(team, 'discovery', 'initiatives', 'invoice-chasing.yaml'), readFileSync(initiative, 'utf8').replace('id: rapid-quotes', 'id: invoice-chasing'));
    const untracked = await read();
    expect(children()).toBe(3);
    expect(untracked.stageAging.map((s) => s.initiative)).toContain('invoice-chasing');
  });

  it('misses when a shallow clone deepens: its history, and so its stage dates, changed under the same HEAD', async () => {
    const { team, read, children } = await cached();
    await read();
    writeFileSync(join(team, '.git', 'shallow'), `${git(team, 'rev-parse', 'HEAD').trim()}\n`);
    await read();
    expect(children()).toBe(2);
    await read();
    expect(children()).toBe(2);
  });

  it('keeps nothing for a folder outside git: each run reads it', async () => {
    const team = minimalRepo();
    const file = portfolioAt(`sources:\n  - path: ${team}\n`);
    const log = join(tempDir('pdx-log-'), 'jobs.log');
    const worker = wrapperWorker(log);
    await readSources(file, query, { worker });
    await readSources(file, query, { worker });
    expect(jobsIn(log)).toHaveLength(2);
  });
});

describe('portfolio.yaml', () => {
  const problemsOf = (text: string): string[] => {
    const file = portfolioAt(text);
    try {
      loadPortfolio(file, join(file, '..'));
    } catch (error) {
      expect(error).toBeInstanceOf(PdxError);
      expect((error as PdxError).exitCode).toBe(2);
      expect((error as PdxError).message).toBe('portfolio.yaml is invalid; fix it first');
      return (error as PdxError).problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`);
    }
    return [];
  };

  it('reads sources of both kinds, with their names', () => {
    const file = portfolioAt('name: Acme\nsources:\n  - path: teams/sales\n    name: sales-team\n  - url: git@github.com:acme/billing.git\n    ref: v1.2\n    dir: teams/billing\n');
    expect(loadPortfolio(file).portfolio).toEqual({
      name: 'Acme',
      sources: [{ path: 'teams/sales', name: 'sales-team' }, { url: 'git@github.com:acme/billing.git', ref: 'v1.2', dir: 'teams/billing' }],
    });
  });

  it('locates every mistake: unknown keys, path and url, neither, duplicate names, bad values', () => {
    expect(problemsOf('sources:\n  - path: a\n    nmae: x\n  - path: b\n    url: https://x/y.git\n  - ref: main\n  - path: c\n    name: sales\n  - url: https://x/z.git\n    name: sales\n    dir: ../up\n')).toEqual([
      'portfolio.yaml:3:5 schema/unknown-key unknown field `nmae` (did you mean `name`?)',
      'portfolio.yaml:5:5 portfolio/path-and-url sources[1] has both `path` and `url`: a source is a local folder or a git repository, not both',
      'portfolio.yaml:6:5 portfolio/no-location sources[2] needs `path` (a local pdx folder) or `url` (a git repository)',
      'portfolio.yaml:11:10 schema/format `dir` must be a folder inside the repository, written relative to its top with /, e.g. teams/sales, not "../up"',
    ]);
    expect(problemsOf('sources:\n  - path: c\n    name: sales\n  - url: https://x/z.git\n    name: sales\n')).toEqual([
      'portfolio.yaml:5:11 portfolio/duplicate-name two sources are named `sales` (sources[0] and sources[1]): each source needs its own name, the prefix of its ids',
    ]);
    expect(problemsOf('name: Acme\nteams: []\n')).toEqual(expect.arrayContaining([expect.stringMatching(/^portfolio\.yaml:2:1 schema\/unknown-key unknown field `teams`/)]));
    expect(problemsOf('sources: []\n')).toEqual(['portfolio.yaml:1:10 schema/too-small `sources` needs at least 1 entry']);
    expect(problemsOf('sources:\n  - path: [\n')[0]).toMatch(/^portfolio\.yaml:\d+:\d+ yaml\//);
  });

  it('is found like pdx.yaml, walking up from the folder pdx runs in, or named by --portfolio', () => {
    const file = portfolioAt('sources:\n  - path: a\n');
    const below = join(file, '..', 'teams', 'sales');
    mkdirSync(below, { recursive: true });
    expect(findPortfolio(below)).toBe(file);
    expect(findPortfolio(tempDir(), file)).toBe(file);
    expect(() => findPortfolio(below, 'nope.yaml')).toThrow('--portfolio nope.yaml: no such file');
    rmSync(file);
    expect(() => findPortfolio(below)).toThrow(/^no portfolio\.yaml in /);
  });

  it('has its JSON Schema in pdx schema, under portfolio', async () => {
    const result = await runPdx(['schema']);
    const schema = JSON.parse(result.stdout).portfolio;
    expect(schema.$id).toBe('urn:pdx:schema:portfolio');
    expect(Object.keys(schema.properties)).toEqual(['name', 'sources']);
  });
});

describe('progress on a terminal', () => {
  const io = (isTTY: boolean, env: Record<string, string> = {}) => {
    const written: string[] = [];
    const stream = { isTTY, write: (t: string) => written.push(t) };
    return { written, ctx: createContext({ cwd: process.cwd(), env, stdout: stream, stderr: stream, stdinIsTTY: isTTY }, {}) };
  };

  it('overwrites its line in place on a terminal, and says nothing when not on one or when CI is set', () => {
    const tty = io(true);
    tty.ctx.progress('source 1 of 2: sales-team');
    tty.ctx.progress('source 2 of 2: billing\x1b]0;x');
    tty.ctx.progress(undefined);
    expect(tty.written).toEqual(['\r\x1b[2Ksource 1 of 2: sales-team', '\r\x1b[2Ksource 2 of 2: billing\\e]0;x', '\r\x1b[2K']);
    for (const quiet of [io(false), io(true, { CI: 'true' })]) {
      quiet.ctx.progress('source 1 of 2: sales-team');
      expect(quiet.written).toEqual([]);
    }
  });
});
