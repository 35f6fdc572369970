#!/usr/bin/env node
// The benchmark suite (`npm run bench`): the scale curve of every command over generated repos of
// 1,000 and 10,000 records (and 100,000 with SCALE_100K=1), each command timed against what its
// target compares it with, the compared commands alternating run by run: for each run, for each
// command of a comparison group (the group's starting command rotating by one each run), its
// prepare step, then the timed command. Medians and spread per command; peak memory (GNU time's
// maximum resident set size) from one more run of each. Prints Markdown (bench/summarize.mjs)
// with every target of issue 17 per size: measured, target, met or missed and by how much.
//
//   npm run bench                                   1k and 10k records, 5 runs (a few minutes)
//   SCALE_100K=1 npm run bench                      also 100k records (generating it takes ~2 minutes, the runs far longer)
//   SIZES=300,1000 RUNS=2 npm run bench             a quick run; SIZES lists the record counts
//   npm run bench -- --out bench/RESULTS.md         also write the Markdown there (keeping its "## Notes" section)
//   npm run bench -- --json results.json            also write the raw timings (bench/summarize.mjs merges such files)
//   ONLY=start,cold,warm,commit,writes   only these groups (default: all; GROUPS is taken by bash)
//   COMMITS=N      commits of every generated repo (default: half the records, as the 100k repo of issue 17)
//   EVIDENCE_FILES=N   evidence files in the one-initiative repo of the evidence add target (default 100000)
//   AJV=0          skip ajv-cli (installed once from npm into the cache folder)
//   SEED=N         another generated team (bench/generate-repo.mjs)
//   BENCH_CACHE=DIR    where generated repos are kept (default: pdx-bench-cache in the OS temp folder)
//
// Generated repos are cached between runs in BENCH_CACHE, in a folder named by size, commits, seed
// and a hash of the generator, so a rerun skips generating them; the benchmark's own commits are
// undone (git reset --hard) when it ends. Delete the folder to start afresh.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, summarize, writeResults } from './summarize.mjs';

const project = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(project, 'bin/pdx');
const env = process.env;
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? (args[args.indexOf(name) + 1] ?? fail(`${name} needs a file`)) : undefined);
const outFile = option('--out');
const jsonFile = option('--json');
const SIZES = (env.SIZES ?? '1000,10000').split(',').map(Number).filter((n) => n > 0);
if (env.SCALE_100K === '1' && !SIZES.includes(100000)) SIZES.push(100000);
const RUNS = Number(env.RUNS ?? 5);
const GROUPS = new Set((env.ONLY ?? 'start,cold,warm,commit,writes').split(','));
const EVIDENCE_FILES = Number(env.EVIDENCE_FILES ?? 100000);
const SEED = env.SEED ?? '42';
const cache = env.BENCH_CACHE ?? join(tmpdir(), 'pdx-bench-cache');
const hasTime = existsSync('/usr/bin/time');
const hasScript = spawnSync('script', ['--version']).status === 0;
const log = (line) => process.stderr.write(`${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'pdx-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
mkdirSync(cache, { recursive: true });

if (!existsSync(join(project, 'dist/cli/pdx.cjs'))) execFileSync('npm', ['run', 'build'], { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] });
if (!hasTime) log('GNU time (/usr/bin/time) is not installed: no peak memory (on Debian: apt-get install time)');
if (!hasScript) log('script (util-linux) is not installed: no times on a terminal');

/** Every command run without a terminal: no prompt, no colour. */
const quiet = { ...env, CI: '1', NO_COLOR: '1' };
const pdx = (...words) => [process.execPath, bin, ...words];
const results = { machine: describeMachine(), runs: RUNS, seed: SEED, sizes: [], writes: undefined };
const hashOf = (...files) => createHash('sha1').update(files.map((f) => readFileSync(join(project, f))).join('\0')).digest('hex').slice(0, 10);

// ---- the generated repos, kept in the cache folder
/** A repo made by `generate` in the cache under `name`, made once; `.done` beside it holds its first commit. */
function cached(name, generate) {
  const dir = join(cache, name);
  const done = `${dir}.done`;
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    const started = Date.now();
    log(`generating ${name}...`);
    generate(dir);
    writeFileSync(done, git(dir, 'rev-parse', 'HEAD'));
    log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else log(`reusing ${dir} (delete it to generate it again)`);
  return { dir, head: readFileSync(done, 'utf8').trim(), described: existsSync(`${dir}.txt`) ? readFileSync(`${dir}.txt`, 'utf8').trim() : name };
}
function git(cwd, ...words) {
  return execFileSync('git', words, { cwd, encoding: 'utf8', env: { ...env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' } }).trim();
}
/** Back to the commit the repo was generated with: what a previous (interrupted) run committed or wrote is gone; `.pdx/cache` stays. */
function restore(repo) {
  git(repo.dir, 'reset', '-q', '--hard', repo.head);
  git(repo.dir, 'clean', '-q', '-f', '-d', '--', 'discovery');
}

// ---- ajv-cli, once per cache folder
let ajvBin;
if (env.AJV !== '0' && GROUPS.has('cold')) {
  const prefix = join(cache, 'ajv-cli-5.0.0');
  ajvBin = join(prefix, 'node_modules/.bin/ajv');
  if (!existsSync(ajvBin)) {
    log('installing ajv-cli 5.0.0 and ajv-formats 3.0.1 into the cache folder...');
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--silent', 'ajv-cli@5.0.0', 'ajv-formats@3.0.1'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  execFileSync(process.execPath, [bin, '-C', join(project, 'examples'), 'schema', '--out', join(work, 'schemas')], { stdio: 'ignore' });
}
const KINDS = ['initiative:initiatives', 'hypothesis:hypotheses', 'evidence:evidence', 'experiment:experiments', 'domain:domains', 'okr:okrs', 'checkin:checkins'];
/** ajv-cli reads one schema per run: one run per record kind, on that kind's folder. */
function ajvScript(repo) {
  const file = join(work, `ajv-${basename(repo)}.sh`);
  const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = ['#!/bin/sh', `cd ${q(repo)}`];
  for (const pair of KINDS) {
    const [kind, folder] = pair.split(':');
    lines.push(`${q(ajvBin)} validate --spec=draft2020 --strict=false -c ajv-formats --errors=no -s ${q(join(work, 'schemas', `${kind}.schema.json`))} -d 'discovery/${folder}/**/*.yaml' > /dev/null 2>&1`);
  }
  writeFileSync(file, `${lines.join('\n')}\nexit 0\n`);
  return ['sh', file];
}

// ---- measuring
/** Seconds one run of `command` takes (its prepare step already done). */
function timeOnce(command) {
  if (command.until) return timeOnTerminal(command);
  const errFile = join(work, 'stderr');
  const fd = openSync(errFile, 'w');
  const started = process.hrtime.bigint();
  const run = spawnSync(command.argv[0], command.argv.slice(1), { cwd: command.cwd, env: quiet, stdio: ['ignore', 'ignore', fd] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(fd);
  check(command, run.status, errFile);
  return seconds;
}
function check(command, status, errFile) {
  // Exit 1 is a gate that fails or a repo with problems: timed all the same. Exit 2 is pdx unable to check.
  if (status === 0 || (status === 1 && command.failing)) return;
  const stderr = existsSync(errFile) ? readFileSync(errFile, 'utf8').trim().split('\n').slice(0, 3).join('\n') : '';
  fail(`${command.name} exited ${status} in ${command.cwd}:\n${stderr}`);
}
/**
 * Seconds from starting `command` in a pseudo-terminal (util-linux `script`, its output piped
 * here) until its output shows `until` (escape sequences removed): what a user waits before the
 * first question, or the version, appears. Then Ctrl-C ends it.
 */
function timeOnTerminal(command) {
  return new Promise((resolve) => {
    const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', command.argv.map(q).join(' '), '/dev/null'], { cwd: command.cwd, env: { ...env, CI: '', NO_COLOR: '1', TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'ignore'] });
    // Ctrl-C may reach a command that has already ended (--version).
    child.stdin.on('error', () => {});
    let seen = '';
    let seconds;
    const timer = setTimeout(() => fail(`${command.name}: nothing matching ${command.until} on the terminal within 120 s; it showed:\n${seen.slice(-500)}`), 120_000);
    child.stdout.on('data', (chunk) => {
      if (seconds !== undefined) return;
      seen += chunk.toString('utf8');
      if (command.until.test(seen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''))) {
        seconds = Number(process.hrtime.bigint() - started) / 1e9;
        child.stdin.write('\x03');
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (seconds === undefined) fail(`${command.name} ended before showing ${command.until}; it showed:\n${seen.slice(-500)}`);
      resolve(seconds);
    });
  });
}
/** Peak resident memory (MB) of one run of `command`, its prepare step done first. */
function peakMemory(command) {
  command.prepare?.();
  const file = join(work, 'rss');
  const errFile = join(work, 'stderr');
  const fd = openSync(errFile, 'w');
  const run = spawnSync('/usr/bin/time', ['-f', '%M', '-o', file, ...command.argv], { cwd: command.cwd, env: quiet, stdio: ['ignore', 'ignore', fd] });
  closeSync(fd);
  check(command, run.status, errFile);
  return Number(readFileSync(file, 'utf8').trim().split('\n').at(-1)) / 1024;
}

/**
 * Measures a comparison group: one warm-up run of each command (prepare, run, untimed; not in a
 * group whose every prepare step sets the state itself), then RUNS
 * runs in which every command runs once after its prepare step, the starting command moving by
 * one each run; then one more run of each under GNU time for its peak memory.
 */
async function group(title, commands, { warmUp = true } = {}) {
  log(`== ${title}`);
  for (const c of warmUp ? commands : []) {
    c.prepare?.();
    await timeOnce(c);
  }
  const times = new Map(commands.map((c) => [c.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (let k = 0; k < commands.length; k++) {
      const c = commands[(r + k) % commands.length];
      c.prepare?.();
      times.get(c.name).push(await timeOnce(c));
    }
    log(`  run ${r + 1}/${RUNS}: ${commands.map((c) => `${c.name} ${ms(times.get(c.name).at(-1))}`).join(', ')}`);
  }
  const measured = {};
  for (const c of commands) {
    measured[c.name] = { times: times.get(c.name) };
    if (hasTime && c.memory !== false && !c.until) measured[c.name].peakMB = peakMemory(c);
  }
  return measured;
}
const ms = (s) => `${Math.round(s * 1000)} ms`;

// ---- the comparison groups of one generated repo
const VALIDATE_LIKE = [
  ['pdx gate mvp', ['gate', 'mvp'], true],
  ['pdx report --json', ['report', '--json']],
  ['pdx status', ['status']],
  ['pdx search café', ['search', 'café']],
  ['pdx evidence list', ['evidence', 'list']],
  ['pdx assumptions', ['assumptions']],
  ['pdx log', ['log']],
];
const FIRST_QUESTION = /\?\s*\S[^\n]*:/;
const VERSION = /\d+\.\d+\.\d+/;

async function measureSize(size) {
  const commits = Number(env.COMMITS ?? Math.max(1, Math.round(size / 2)));
  const repo = cached(`repo-${size}-${commits}-seed${SEED}-${hashOf('bench/generate-repo.mjs')}`, (dir) => {
    const line = execFileSync(process.execPath, [join(project, 'bench/generate-repo.mjs'), dir, String(size), String(commits)], { env: { ...env, SEED }, encoding: 'utf8' }).trim();
    writeFileSync(`${dir}.txt`, line.replace(/^[^:]*: /, ''));
  });
  restore(repo);
  const dir = repo.dir;
  const clear = () => rmSync(join(dir, '.pdx/cache'), { recursive: true, force: true });
  // One portfolio source: a portfolio.yaml naming the generated repo.
  const folio = join(work, `portfolio-${size}`);
  mkdirSync(folio, { recursive: true });
  writeFileSync(join(folio, 'portfolio.yaml'), `name: Benchmark portfolio\nsources:\n  - name: team\n    path: ${JSON.stringify(dir)}\n`);
  const portfolio = (state, prepare) => ({ name: `pdx portfolio, one source (${state})`, argv: pdx('-C', folio, 'portfolio', '--format', 'json'), cwd: folio, failing: true, prepare });
  // A source the portfolio could not read would be timed as a quick failure: make sure it reads it.
  const folioCheck = spawnSync(process.execPath, [bin, '-C', folio, 'portfolio', '--format', 'json'], { env: quiet, encoding: 'utf8', maxBuffer: 1 << 30 });
  const failed = (() => {
    try {
      return JSON.parse(folioCheck.stdout).failed;
    } catch {
      return [{ error: folioCheck.stderr.trim() }];
    }
  })();
  if (failed?.length) fail(`pdx portfolio could not read the generated repo: ${failed[0].error}`);
  const at = (name, words, extra = {}) => ({ name, argv: pdx(...words), cwd: dir, ...extra });
  const entry = { records: size, commits, repo: repo.described, groups: {} };
  const newEvidence = join(dir, 'discovery/evidence/initiative-1/bench-evidence.yaml');

  if (GROUPS.has('start'))
    entry.groups.start = await group(`${size} records: start-up`, [
      { name: 'node -e 0', argv: [process.execPath, '-e', '0'], cwd: dir, memory: false },
      at('pdx --version', ['--version']),
      at('pdx --help', ['--help']),
      at('pdx stage initiative-1', ['stage', 'initiative-1']),
      at('pdx evidence add', ['evidence', 'add', '--initiative', 'initiative-1', '--customer', 'C-1', '--source', 'interview', '--note', 'benchmark', '--id', 'bench-evidence'], { prepare: () => rmSync(newEvidence, { force: true }) }),
      ...(hasScript
        ? [at('pdx --version, on a terminal', ['--version'], { until: VERSION }), at('pdx evidence add, first question on a terminal', ['evidence', 'add'], { until: FIRST_QUESTION })]
        : []),
    ]);
  rmSync(newEvidence, { force: true });

  if (GROUPS.has('cold')) {
    const cold = () => {
      clear();
      rmSync(join(folio, '.pdx/cache'), { recursive: true, force: true });
    };
    entry.groups.cold = await group(`${size} records: cold (no .pdx/cache)`, [
      { name: 'read + yaml parse (floor)', argv: [process.execPath, join(project, 'bench/floor.mjs'), 'yaml', dir], cwd: dir, memory: false },
      ...(ajvBin ? [{ name: 'ajv-cli (7 runs, one per kind)', argv: ajvScript(dir), cwd: dir, memory: false }] : []),
      at('pdx validate (cold)', ['validate'], { prepare: cold, failing: true }),
      ...VALIDATE_LIKE.map(([name, words, failing]) => at(`${name} (cold)`, words, { prepare: cold, failing })),
      portfolio('cold', cold),
    ], { warmUp: false });
  }

  if (GROUPS.has('warm'))
    entry.groups.warm = await group(`${size} records: warm (nothing changed since the previous run)`, [
      { name: 'read every file (floor)', argv: [process.execPath, join(project, 'bench/floor.mjs'), 'read', dir], cwd: dir, memory: false },
      at('pdx validate (warm)', ['validate'], { failing: true }),
      ...VALIDATE_LIKE.map(([name, words, failing]) => at(`${name} (warm)`, words, { failing })),
      portfolio('warm'),
    ]);

  if (GROUPS.has('commit')) {
    // A one-line change to an evidence file and to an initiative file, committed.
    const evidence = join(dir, 'discovery/evidence/initiative-1', readdirSync(join(dir, 'discovery/evidence/initiative-1')).sort()[0]);
    const initiative = join(dir, 'discovery/initiatives/initiative-1.yaml');
    let edits = 0;
    const commit = () => {
      edits++;
      writeFileSync(evidence, readFileSync(evidence, 'utf8').replace(/^(note: \|\n) {2}.*$/m, `$1  benchmark edit ${edits}.`));
      writeFileSync(initiative, readFileSync(initiative, 'utf8').replace(/^objective: .*$/m, `objective: benchmark edit ${edits}`));
      git(dir, 'commit', '-q', '-a', '-m', `benchmark edit ${edits}`);
    };
    const warmUp = (words) => () => spawnSync(process.execPath, [bin, ...words], { cwd: dir, env: quiet, stdio: 'ignore' });
    const pair = (name, words, failing) => [
      // Before: warm, nothing changed (the command itself has just run, untimed).
      at(`${name} (warm, before a commit)`, words, { failing, prepare: warmUp(words) }),
      // After: warm as before, then one new commit.
      at(`${name} (warm, after one new commit)`, words, {
        failing,
        prepare: () => {
          warmUp(words)();
          commit();
        },
      }),
    ];
    try {
      entry.groups.commit = await group(`${size} records: warm, before and after one new commit`, [...pair('pdx gate mvp', ['gate', 'mvp'], true), ...pair('pdx report --json', ['report', '--json'])], { warmUp: false });
    } finally {
      restore(repo);
    }
  }
  return entry;
}

// ---- writes that must not grow with the repo (once, not per size)
async function measureWrites() {
  const example = join(work, 'example');
  cpSync(join(project, 'examples'), example, { recursive: true });
  rmSync(join(example, '.pdx/cache'), { recursive: true, force: true });
  git(example, 'init', '-q', '-b', 'main');
  git(example, 'add', '-A');
  git(example, 'commit', '-q', '-m', 'example');
  const records = readdirSync(join(example, 'discovery'), { recursive: true }).filter((f) => String(f).endsWith('.yaml')).length;
  const big = cached(`evidence-${EVIDENCE_FILES}-${hashOf('bench/generate-evidence-repo.mjs')}`, (dir) => {
    execFileSync(process.execPath, [join(project, 'bench/generate-evidence-repo.mjs'), dir, String(EVIDENCE_FILES)], { stdio: 'ignore' });
    writeFileSync(`${dir}.txt`, `1 initiative, ${EVIDENCE_FILES} evidence files`);
  });
  restore(big);
  const exampleFile = join(example, 'discovery/evidence/instant-quotes/bench-evidence.yaml');
  const bigFile = join(big.dir, 'discovery/evidence/big-initiative/bench-evidence.yaml');
  const add = (initiative) => ['evidence', 'add', '--initiative', initiative, '--customer', 'C-1', '--source', 'interview', '--note', 'benchmark', '--id', 'bench-evidence'];
  const measured = await group('writes: the example and one initiative with many evidence files', [
    { name: 'pdx --version', argv: pdx('--version'), cwd: example },
    { name: 'pdx evidence add (the example)', argv: pdx(...add('instant-quotes')), cwd: example, prepare: () => rmSync(exampleFile, { force: true }) },
    { name: `pdx evidence add (${EVIDENCE_FILES} evidence files in one initiative)`, argv: pdx(...add('big-initiative')), cwd: big.dir, prepare: () => rmSync(bigFile, { force: true }) },
    ...(hasScript
      ? [
          { name: 'pdx --version, on a terminal', argv: pdx('--version'), cwd: example, until: VERSION },
          { name: 'pdx evidence add, first question on a terminal (the example)', argv: pdx('evidence', 'add'), cwd: example, until: FIRST_QUESTION },
        ]
      : []),
  ]);
  rmSync(bigFile, { force: true });
  return { example: `${records} records`, evidenceFiles: EVIDENCE_FILES, groups: { writes: measured } };
}

function fail(message) {
  log(message);
  process.exit(2);
}

for (const size of SIZES) results.sizes.push(await measureSize(size));
if (GROUPS.has('writes')) results.writes = await measureWrites();
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(results, null, 1)}\n`);
const text = summarize([results]);
process.stdout.write(`${text}\n`);
if (outFile) writeResults(outFile, text);
