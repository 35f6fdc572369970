#!/usr/bin/env node
// Turns one run of bench/run.sh (hyperfine JSON exports and peak-memory readings in WORK) into
// Markdown: medians, the ratios the targets are stated in, and the machine it ran on.
//   node bench/summarize.mjs WORK [--out FILE]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

const [work, flag, outFile] = process.argv.slice(2);
if (!work || (flag !== undefined && (flag !== '--out' || !outFile))) {
  console.error('usage: node bench/summarize.mjs WORK [--out FILE]');
  process.exit(2);
}

const medians = new Map();
const spread = new Map();
for (const group of ['startup', 'validate', 'commands', 'research']) {
  const file = join(work, `${group}.json`);
  if (!existsSync(file)) continue;
  for (const r of JSON.parse(readFileSync(file, 'utf8')).results) {
    // The same command measured in two groups keeps the first: ratios compare within a group.
    if (!medians.has(`${group}:${r.command}`)) {
      medians.set(`${group}:${r.command}`, r.median);
      spread.set(`${group}:${r.command}`, r.stddev ?? 0);
    }
  }
}
const memory = existsSync(join(work, 'memory.tsv'))
  ? readFileSync(join(work, 'memory.tsv'), 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split('\t'))
  : [];

const time = (s) => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(0)} ms`);
const get = (group, command) => medians.get(`${group}:${command}`);
const cell = (group, command) => {
  const m = get(group, command);
  return m === undefined ? 'not run' : `${time(m)} ± ${time(spread.get(`${group}:${command}`))}`;
};
const targets = [];
const percent = (x) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)} %`;
/** A ratio between two medians of one group, checked against a target when there is one. */
const ratio = (group, a, b, target, compare = '≤') => {
  const x = get(group, a);
  const y = get(group, b);
  if (x === undefined || y === undefined) return 'not run';
  const r = x / y;
  if (target !== undefined) {
    const met = compare === '<' ? r < target : r <= target;
    targets.push(`| ${a} / ${b} | ${r.toFixed(2)} × | ${compare} ${target} × | ${met ? 'met' : `**missed** by ${percent(r / target - 1)}`} |`);
  }
  return `${r.toFixed(2)} × ${b}`;
};

const lines = [];
const table = (title, rows) => lines.push(`### ${title}`, '', '| command | median ± σ | ratio |', '|---|---|---|', ...rows.map(([g, c, r = '']) => `| ${c} | ${cell(g, c)} | ${r} |`), '');

table('Start-up, and a write during an interview', [
  ['startup', 'node -e 0'],
  ['startup', 'pdx --version', ratio('startup', 'pdx --version', 'node -e 0', 1.2)],
  ['startup', 'pdx evidence add', ratio('startup', 'pdx evidence add', 'pdx --version', 1.5)],
  ['startup', 'pdx evidence add (examples)', ratio('startup', 'pdx evidence add (examples)', 'pdx --version')],
]);
table('Validating the whole repo', [
  ['validate', 'read every file (floor)'],
  ['validate', 'read + yaml parse (floor)', ratio('validate', 'read + yaml parse (floor)', 'read every file (floor)')],
  ['validate', 'ajv-cli (7 runs, one per kind)', ratio('validate', 'ajv-cli (7 runs, one per kind)', 'read every file (floor)')],
  ['validate', 'ajv-cli (evidence only: half the files, one run)', ratio('validate', 'ajv-cli (evidence only: half the files, one run)', 'read every file (floor)')],
  ['validate', 'pdx validate (cold)', `${ratio('validate', 'pdx validate (cold)', 'ajv-cli (7 runs, one per kind)', 1, '<')}; ${ratio('validate', 'pdx validate (cold)', 'read + yaml parse (floor)')}`],
  ['validate', 'pdx validate (warm)', ratio('validate', 'pdx validate (warm)', 'read every file (floor)', 2)],
]);
table('Gate and report against validate, in the same state', [
  ['commands', 'pdx validate (cold)'],
  ['commands', 'pdx gate mvp (cold)', ratio('commands', 'pdx gate mvp (cold)', 'pdx validate (cold)', 1.3)],
  ['commands', 'pdx report --json (cold)', ratio('commands', 'pdx report --json (cold)', 'pdx validate (cold)', 1.3)],
  ['commands', 'pdx validate (warm)'],
  ['commands', 'pdx gate mvp (warm)', ratio('commands', 'pdx gate mvp (warm)', 'pdx validate (warm)', 1.3)],
  ['commands', 'pdx report --json (warm)', ratio('commands', 'pdx report --json (warm)', 'pdx validate (warm)', 1.3)],
]);
table('The research repository against validate, warm', [
  ['research', 'pdx validate (warm)'],
  ['research', 'pdx search café (warm)', ratio('research', 'pdx search café (warm)', 'pdx validate (warm)', 1.3)],
  ['research', 'pdx search quote pallet --json (warm)', ratio('research', 'pdx search quote pallet --json (warm)', 'pdx validate (warm)', 1.3)],
  ['research', 'pdx evidence list --tag dock --since 12w (warm)', ratio('research', 'pdx evidence list --tag dock --since 12w (warm)', 'pdx validate (warm)')],
  ['research', 'pdx evidence list --json (warm)', ratio('research', 'pdx evidence list --json (warm)', 'pdx validate (warm)')],
]);
lines.push('### Peak memory (maximum resident set size)', '', '| command | peak |', '|---|---|');
for (const [name, kb] of memory) {
  const mb = Number(kb) / 1024;
  lines.push(`| ${name} | ${mb.toFixed(0)} MB |`);
  if (name.startsWith('pdx')) targets.push(`| peak memory of ${name} | ${mb.toFixed(0)} MB | < 300 MB | ${mb < 300 ? 'met' : '**missed**'} |`);
}
lines.push('', '### Targets', '', '| measure | result | target | |', '|---|---|---|---|', ...targets, '');

const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return 'unknown';
  }
};
const osName = existsSync('/etc/os-release') ? (/PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux') : process.platform;
const machine = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, ${osName} (kernel ${release()}),`,
  `Node ${process.version}, ${run('git', ['--version'])}, ${run('hyperfine', ['--version'])}.`,
  `Repo: ${readFileSync(join(work, 'generated.txt'), 'utf8').trim().replace(/^[^:]*: /, '')}.`,
  'Cold: `.pdx/cache` removed before each run; warm: nothing changed since the previous run.',
];
const text = `${machine.join('\n')}\n\n${lines.join('\n')}`;
console.log(text);
if (outFile) {
  const today = new Date().toISOString().slice(0, 10);
  const previous = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  const notes = previous.includes('\n## Notes') ? previous.slice(previous.indexOf('\n## Notes')) : '';
  writeFileSync(outFile, `# Benchmark results\n\nMeasured with \`npm run bench\` on ${today}.\n\n${text}${notes}`);
  console.error(`wrote ${outFile}`);
}
