#!/usr/bin/env node
// The portfolio benchmark: generates SOURCES team repos (bench/generate-repo.mjs with SEED, each
// with its own text, people and git history) and measures, in alternating order run by run,
// `pdx portfolio --format json` over them against the sum of `pdx report --json` run in each one:
// cold (no cache anywhere) and warm (run again, nothing changed); its peak memory (the whole
// process tree, sampled); the git processes it starts per source; the scale curve over 1, 5 and
// all the sources; and `pdx portfolio --from` merging SUMMARIES summary files. Prints Markdown.
//
//   npm run bench:portfolio                           20 sources × 10,000 records (~5 minutes to generate)
//   SOURCES=5 RECORDS=2000 COMMITS=300 RUNS=2 npm run bench:portfolio   a quicker run
//   npm run bench:portfolio -- --out bench/PORTFOLIO.md
//   BENCH_DIR=/var/tmp/pdx-portfolio npm run bench:portfolio   keep the generated repos there, and reuse them next time
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = join(dirname(fileURLToPath(import.meta.url)), '..');
const pdx = join(project, 'bin/pdx');
const SOURCES = Number(process.env.SOURCES ?? 20);
const RECORDS = Number(process.env.RECORDS ?? 10000);
const COMMITS = Number(process.env.COMMITS ?? 1000);
const RUNS = Number(process.env.RUNS ?? 3);
const SUMMARIES = Number(process.env.SUMMARIES ?? 200);
const outFile = process.argv[2] === '--out' ? process.argv[3] : undefined;
/** Sources any measured portfolio run left out (each is logged). */
let failures = 0;

const kept = process.env.BENCH_DIR;
const work = kept ?? mkdtempSync(join(tmpdir(), 'pdx-portfolio-bench-'));
mkdirSync(work, { recursive: true });
if (!kept) process.on('exit', () => rmSync(work, { recursive: true, force: true }));
for (const scratch of ['shim', 'summaries', 'git-calls', 'portfolio']) rmSync(join(work, scratch), { recursive: true, force: true });
const teams = Array.from({ length: SOURCES }, (_, i) => join(work, 'teams', `team-${i + 1}`));
const folder = join(work, 'portfolio');
mkdirSync(folder, { recursive: true });
const log = (line) => process.stderr.write(`${line}\n`);

// ---- generate, two at a time
const missing = teams.filter((t) => !existsSync(join(t, 'pdx.yaml')));
if (missing.length) log(`generating ${missing.length} repos of ${RECORDS} records and ${COMMITS} commits each...`);
await pool(teams.map((dir, i) => () => (existsSync(join(dir, 'pdx.yaml')) ? Promise.resolve() : run(process.execPath, [join(project, 'bench/generate-repo.mjs'), dir, String(RECORDS), String(COMMITS)], { env: { ...process.env, SEED: String(i + 1) } }))), 2);
for (const n of new Set([1, Math.min(5, SOURCES), SOURCES])) {
  writeFileSync(join(folder, `portfolio-${n}.yaml`), `name: Benchmark portfolio\nsources:\n${teams.slice(0, n).map((t, i) => `  - name: team-${i + 1}\n    path: ../teams/${t.split('/').pop()}\n`).join('')}`);
  writeFileSync(join(folder, `portfolio-url-${n}.yaml`), `name: Benchmark portfolio\nsources:\n${teams.slice(0, n).map((t, i) => `  - name: team-${i + 1}\n    url: file://${t}\n`).join('')}`);
}
const clearSources = () => teams.forEach((t) => rmSync(join(t, '.pdx/cache'), { recursive: true, force: true }));
const clearPortfolio = () => rmSync(join(folder, '.pdx/cache'), { recursive: true, force: true });

// ---- the compared commands
const reports = async () => {
  let total = 0;
  for (const t of teams) total += (await measure(['-C', t, 'report', '--json'])).seconds;
  return total;
};
const portfolio = (n, kind = '') => measure(['-C', folder, 'portfolio', '--portfolio', `portfolio-${kind}${n}.yaml`, '--format', 'json'], { memory: true });

const series = { coldReports: [], warmReports: [], coldPortfolio: [], warmPortfolio: [], coldMemory: [], warmMemory: [] };
log(`measuring: ${RUNS} runs, alternating`);
for (let r = 0; r < RUNS; r++) {
  const steps = [
    async () => {
      clearSources();
      series.coldReports.push(await reports());
      series.warmReports.push(await reports());
    },
    async () => {
      clearSources();
      clearPortfolio();
      const cold = await portfolio(SOURCES);
      const warm = await portfolio(SOURCES);
      series.coldPortfolio.push(cold.seconds);
      series.coldMemory.push(cold.peakMB);
      series.warmPortfolio.push(warm.seconds);
      series.warmMemory.push(warm.peakMB);
    },
  ];
  for (const step of r % 2 === 0 ? steps : steps.reverse()) await step();
  log(`  run ${r + 1}: reports ${series.coldReports.at(-1).toFixed(2)} s cold, ${series.warmReports.at(-1).toFixed(2)} s warm; portfolio ${series.coldPortfolio.at(-1).toFixed(2)} s cold, ${series.warmPortfolio.at(-1).toFixed(2)} s warm`);
}

// ---- the scale curve
const scale = [];
for (const n of new Set([1, Math.min(5, SOURCES), SOURCES])) {
  const cold = [];
  const warm = [];
  for (let r = 0; r < RUNS; r++) {
    clearSources();
    clearPortfolio();
    cold.push((await portfolio(n)).seconds);
    warm.push((await portfolio(n)).seconds);
  }
  scale.push({ n, cold: median(cold), warm: median(warm) });
}

// ---- git processes per source (a `git` on PATH that counts, then runs the real one)
const realGit = execFileSync('sh', ['-c', 'command -v git']).toString().trim();
const shim = join(work, 'shim');
mkdirSync(shim);
writeFileSync(join(shim, 'git'), `#!/bin/sh\necho x >> "${join(work, 'git-calls')}"\nexec "${realGit}" "$@"\n`);
chmodSync(join(shim, 'git'), 0o755);
const gitCalls = async (n, kind) => {
  rmSync(join(work, 'git-calls'), { force: true });
  clearSources();
  clearPortfolio();
  await measure(['-C', folder, 'portfolio', '--portfolio', `portfolio-${kind}${n}.yaml`, '--format', 'json'], { env: { PATH: `${shim}:${process.env.PATH}` } });
  return existsSync(join(work, 'git-calls')) ? readFileSync(join(work, 'git-calls'), 'utf8').trim().split('\n').length : 0;
};
const git = [];
for (const kind of ['', 'url-']) for (const n of new Set([1, Math.min(5, SOURCES)])) git.push({ kind: kind ? 'file:// URL' : 'path', n, calls: await gitCalls(n, kind) });
// URL sources: once cold (each cloned into the cache and read), then warm (one fetch each, nothing new).
clearPortfolio();
const urlCold = (await portfolio(SOURCES, 'url-')).seconds;
const urlWarm = [];
for (let r = 0; r < RUNS; r++) urlWarm.push((await portfolio(SOURCES, 'url-')).seconds);

// ---- merging summaries made elsewhere
const summaries = join(work, 'summaries');
mkdirSync(summaries);
const made = teams.map((t) => JSON.parse(execFileSync(process.execPath, [pdx, '-C', t, 'report', '--json'], { maxBuffer: 1 << 30 }).toString()));
for (let i = 0; i < SUMMARIES; i++) {
  const summary = { ...made[i % made.length], name: `Benchmark team ${i + 1}` };
  writeFileSync(join(summaries, `team-${String(i + 1).padStart(3, '0')}.json`), JSON.stringify(summary));
}
const merges = [];
for (let r = 0; r < RUNS; r++) merges.push((await measure(['portfolio', '--from', summaries, '--format', 'json'], { memory: true })).seconds);
const summaryBytes = readdirSync(summaries).reduce((sum, f) => sum + readFileSync(join(summaries, f)).length, 0);
// The same number of summaries of a team the size of the example (about 180 records), as most teams are.
const small = join(work, 'summaries-small');
rmSync(small, { recursive: true, force: true });
mkdirSync(small);
const example = JSON.parse(execFileSync(process.execPath, [pdx, '-C', join(project, 'examples'), 'report', '--json', '--as-of', '2026-11-27'], { maxBuffer: 1 << 30 }).toString());
for (let i = 0; i < SUMMARIES; i++) writeFileSync(join(small, `team-${String(i + 1).padStart(3, '0')}.json`), JSON.stringify({ ...example, name: `Team ${i + 1}` }));
const smallMerges = [];
for (let r = 0; r < RUNS; r++) smallMerges.push((await measure(['portfolio', '--from', small, '--format', 'json'], { memory: true })).seconds);
const smallBytes = readdirSync(small).reduce((sum, f) => sum + readFileSync(join(small, f)).length, 0);

// ---- the table
const m = Object.fromEntries(Object.entries(series).map(([k, v]) => [k, median(v)]));
const verdict = (ok) => (ok ? 'met' : '**missed**');
const lines = [
  `## pdx portfolio: ${SOURCES} sources × ${RECORDS.toLocaleString('en')} records (${COMMITS} commits each)`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}; medians of ${RUNS} runs, the compared commands alternating run by run.`,
  '',
  '| measure | result | target | verdict |',
  '|---|---|---|---|',
  `| sum of ${SOURCES} \`pdx report --json\`, cold | ${m.coldReports.toFixed(2)} s | | |`,
  `| sum of ${SOURCES} \`pdx report --json\`, warm | ${m.warmReports.toFixed(2)} s | | |`,
  `| \`pdx portfolio --format json\`, cold | ${m.coldPortfolio.toFixed(2)} s = ${(m.coldPortfolio / m.coldReports).toFixed(2)} × the cold sum | ≤ 0.7 × | ${verdict(m.coldPortfolio <= 0.7 * m.coldReports)} |`,
  `| \`pdx portfolio --format json\`, warm | ${m.warmPortfolio.toFixed(2)} s = ${(m.warmPortfolio / m.coldReports).toFixed(2)} × the cold sum, ${(m.warmPortfolio / m.warmReports).toFixed(2)} × the warm sum | ≤ 0.3 × | ${verdict(m.warmPortfolio <= 0.3 * m.warmReports)} (against the warm sum) |`,
  `| peak memory, cold (the process tree) | ${Math.round(m.coldMemory)} MB | < 600 MB | ${verdict(m.coldMemory < 600)} |`,
  `| peak memory, warm | ${Math.round(m.warmMemory)} MB | < 600 MB | ${verdict(m.warmMemory < 600)} |`,
  `| \`pdx portfolio --from\` ${SUMMARIES} summaries of example-sized teams (${(smallBytes / 1e6).toFixed(1)} MB) | ${median(smallMerges).toFixed(2)} s | < 1 s | ${verdict(median(smallMerges) < 1)} |`,
  `| \`pdx portfolio --from\` ${SUMMARIES} summaries of the ${RECORDS.toLocaleString('en')}-record sources (${(summaryBytes / 1e6).toFixed(1)} MB) | ${median(merges).toFixed(2)} s | < 1 s | ${verdict(median(merges) < 1)} |`,
  `| ${SOURCES} file:// URL sources, cold (cloned into the cache, read from it) | ${urlCold.toFixed(2)} s | | |`,
  `| ${SOURCES} file:// URL sources, warm (one fetch each, nothing new) | ${median(urlWarm).toFixed(2)} s | | |`,
  '',
  `Sources left out by a measured run: ${failures}.`,
  '',
  '| sources | cold | warm | cold per source |',
  '|---|---|---|---|',
  ...scale.map((s) => `| ${s.n} | ${s.cold.toFixed(2)} s | ${s.warm.toFixed(2)} s | ${(s.cold / s.n).toFixed(2)} s |`),
  '',
  '| git processes, cold | sources | total | per source |',
  '|---|---|---|---|',
  ...git.map((g) => `| ${g.kind} | ${g.n} | ${g.calls} | ${(g.calls / g.n).toFixed(1)} |`),
  '',
];
const text = lines.join('\n');
process.stdout.write(`${text}\n`);
if (outFile) writeFileSync(outFile, `${text}\n`);

// ---- helpers
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'], ...options });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

async function pool(tasks, size) {
  const queue = [...tasks];
  await Promise.all(Array.from({ length: size }, async () => {
    while (queue.length) await queue.shift()();
  }));
}

/** Runs pdx, timing it and (with `memory`) sampling the resident memory of it and every process under it. */
function measure(args, { memory = false, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [pdx, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, CI: '1' } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    let peak = 0;
    const timer = memory ? setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 20) : undefined;
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (timer) clearInterval(timer);
      // Exit 1 is a portfolio with a failing source or problems: timed all the same.
      if (code !== 0 && code !== 1) return reject(new Error(`pdx ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n')[0]}`));
      // A portfolio that left a source out is not the run it claims to be: say so.
      if (args.includes('portfolio')) {
        const failed = JSON.parse(stdout).failed ?? [];
        if (failed.length > 0) log(`  ! ${failed.length} source(s) failed in pdx ${args.join(' ')}: ${failed[0].source}: ${failed[0].error}`);
        failures += failed.length;
      }
      resolve({ seconds, peakMB: peak / 1024 });
    });
  });
}

/** The resident memory (KB) of `pid` and its descendants, from /proc. */
function treeRss(pid) {
  let total = 0;
  const visit = (p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        for (const c of readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) visit(c);
      }
    } catch {
      // The process ended meanwhile.
    }
  };
  visit(pid);
  return total;
}
