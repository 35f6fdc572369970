// The GitHub Action's one step (action.yml): runs pdx from the action's own folder and writes, in
// this order, the annotations (stdout), the Markdown summary ($GITHUB_STEP_SUMMARY), the JUnit
// file and the step's outputs ($GITHUB_OUTPUT); only then does it exit, with pdx's exit code.
// Everything comes from environment variables (INPUT_* as action.yml passes them), so that a test
// can run it as GitHub does. pdx runs once per output: the verdict cache makes the later runs cheap.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** GitHub refuses a step summary over 1 MiB (and shows none of it). */
export const SUMMARY_LIMIT = 1024 * 1024;

/**
 * `markdown` as it fits in `budget` bytes: whole lines only, and when some are cut, a line saying
 * so before its own last line (pdx's, saying which command to run locally for all of it). Empty
 * when not even those fit.
 */
export function truncateSummary(markdown, budget) {
  const text = Buffer.from(markdown, 'utf8');
  if (text.length <= budget) return markdown;
  const last = markdown.trimEnd().split('\n').at(-1);
  const notice = Buffer.from(`\n**Summary truncated:** GitHub keeps at most 1 MiB of a step's summary.\n\n${last}\n`, 'utf8');
  if (notice.length > budget) return '';
  // Cut after a newline: always a character boundary in UTF-8.
  const end = text.lastIndexOf(0x0a, budget - notice.length - 1);
  return Buffer.concat([text.subarray(0, end + 1), notice]).toString('utf8');
}

const EXIT_USAGE = 2;

function main(env) {
  const fail = (message) => {
    process.stdout.write(`::error title=pdx action::${escapeData(message)}\n`);
    writeOutputs(env, { 'exit-code': String(EXIT_USAGE), junit: '' });
    return EXIT_USAGE;
  };
  const input = (name) => (env[`INPUT_${name}`] ?? '').trim();
  const gateInput = input('GATE');
  const stageInput = input('STAGE');
  if (gateInput && stageInput && gateInput !== stageInput) return fail(`gate: ${gateInput} and stage: ${stageInput} disagree: give one of them`);
  const stage = gateInput || stageInput;
  const command = input('COMMAND') || (stage ? 'gate' : 'validate');
  if (command !== 'gate' && command !== 'validate') return fail(`command: ${command} is not one the action runs: gate or validate`);
  if (command === 'gate' && !stage) return fail('command: gate needs a stage: with: { gate: mvp }');
  if (command === 'validate' && gateInput) return fail('gate: is for command: gate (leave command out, or set it to gate)');
  const changedSince = input('CHANGED_SINCE');
  if (command === 'validate' && changedSince) return fail('changed-since: applies to command: gate only (validate checks every file)');
  const format = input('FORMAT') || 'github';
  const summary = (input('SUMMARY') || 'true') !== 'false';

  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const actionPath = env.GITHUB_ACTION_PATH || dirname(dirname(fileURLToPath(import.meta.url)));
  const folder = resolve(workspace, input('WORKING_DIRECTORY') || '.');
  if (!ensureBundle(actionPath)) return fail(`pdx could not be built in ${actionPath}: see the log above`);

  const words = command === 'gate' ? ['gate', stage, ...(changedSince ? ['--changed-since', changedSince] : [])] : ['validate'];
  const pdx = (formatName, capture) =>
    spawnSync(process.execPath, [join(actionPath, 'bin/pdx'), '-C', folder, ...words, '--format', formatName], {
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...env, CI: env.CI || 'true' },
    });

  // 1. The annotations (or whatever format was asked for), into the log.
  const first = pdx(format, false);
  const code = first.status ?? EXIT_USAGE;
  const outputs = { 'exit-code': String(code), junit: '' };
  // Exit 2: pdx could not check at all (it said why); the other outputs would only repeat it.
  if (code !== EXIT_USAGE) {
    // 2. The checklist, into the job summary, within GitHub's limit.
    if (summary && env.GITHUB_STEP_SUMMARY) {
      const run = pdx('markdown', true);
      const used = existsSync(env.GITHUB_STEP_SUMMARY) ? statSync(env.GITHUB_STEP_SUMMARY).size : 0;
      const text = truncateSummary(run.stdout ?? '', SUMMARY_LIMIT - used);
      if (text) appendFileSync(env.GITHUB_STEP_SUMMARY, text);
    }
    // 3. JUnit, whatever the verdict: a failing gate is exactly when the report is needed.
    if (command === 'gate') {
      const run = pdx('junit', true);
      if (run.stdout) {
        const file = resolve(workspace, input('JUNIT') || 'pdx-junit.xml');
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, run.stdout);
        outputs.junit = file;
      }
    }
  }
  writeOutputs(env, outputs);
  return code;
}

/**
 * A tagged release carries dist/cli/pdx.cjs (see the README, "GitHub Action"); a branch or a
 * commit without it is built here once, which needs `npm ci` (about a minute).
 */
function ensureBundle(actionPath) {
  if (existsSync(join(actionPath, 'dist/cli/pdx.cjs')) || existsSync(join(actionPath, 'node_modules/esbuild'))) return true;
  process.stdout.write(`::notice title=pdx action::this ref of the pdx action carries no built bundle: installing its build tools (npm ci) to build it; a release tag carries it and starts at once\n`);
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: actionPath, stdio: ['ignore', 2, 'inherit'] });
  return npm.status === 0;
}

/** `name=value` lines, or a heredoc for a value with a newline, as GitHub reads $GITHUB_OUTPUT. */
function writeOutputs(env, outputs) {
  if (!env.GITHUB_OUTPUT) return;
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    if (!value.includes('\n')) text += `${name}=${value}\n`;
    else {
      const delimiter = `pdx_${Math.random().toString(36).slice(2)}`;
      text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    }
  }
  appendFileSync(env.GITHUB_OUTPUT, text);
}

/** As @actions/core escapes a command's message. */
function escapeData(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main(process.env);
