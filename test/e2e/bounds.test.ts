import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_FILES } from '../fixtures.js';
import { BASE_ENV, BIN, copyOfExamples, hasStackTrace, minimalRepo, runPdx, type RunResult } from '../helpers.js';

/** Generous for a loaded machine; pdx answers these in well under a second. */
const BOUND_MS = 10_000;

/**
 * Runs the built pdx, killed if it outlives twice the bound: a hang fails the test instead of
 * stalling it (a hang in this process would stall the whole run). A 520-week report's JSON,
 * every team's every week, is over execFile's default 1 MB of output.
 */
function timed(cwd: string, args: string[]): Promise<RunResult & { ms: number; args: string[] }> {
  const start = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...BASE_ENV, NO_COLOR: '1', CI: '' }, encoding: 'utf8', timeout: 2 * BOUND_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 137) : 0, stdout, stderr, ms: Date.now() - start, args });
    });
  });
}

/** Runs pdx in this process: for the many refusals, which happen while the arguments are read. */
async function here(cwd: string, args: string[]): Promise<RunResult & { ms: number; args: string[] }> {
  const start = Date.now();
  const { code, stdout, stderr } = await runPdx(args, { cwd });
  return { code, stdout, stderr, ms: Date.now() - start, args };
}

function expectBounded(result: RunResult & { ms: number; args: string[] }, codes: number[]): void {
  const what = `pdx ${result.args.join(' ')}\n${result.stderr}`;
  expect(result.ms, what).toBeLessThan(BOUND_MS);
  expect(codes, what).toContain(result.code);
  expect(hasStackTrace(result.stdout + result.stderr), what).toBe(false);
}

const DATES = /from 1970-01-01 to 9999-12-31/;
const WINDOWS = /1w to 520w \(weeks\) or 1d to 3650d \(days\)/;

describe('date and window arguments answer in bounded time or are usage errors that give the range', () => {
  it('the last days pdx accepts are reported on quickly, week by week', async () => {
    const dir = copyOfExamples();
    // Three at a time: each is timed, and six processes at once on two loaded cores time the machine.
    const runs = [
      ...(await Promise.all([
        timed(dir, ['report', '--as-of', '9999-12-27', '--json']),
        timed(dir, ['report', '--as-of', '9999-12-31', '--since', '520w', '--json']),
        timed(dir, ['report', '--as-of', '1970-01-01', '--since', '3650d', '--json']),
      ])),
      ...(await Promise.all([
        timed(dir, ['gate', 'mvp', '--as-of', '9999-12-31']),
        timed(dir, ['stage', 'instant-quotes', '--as-of', '9999-12-31']),
        timed(dir, ['report', '--since', '110000w']),
      ])),
    ];
    for (const result of runs.slice(0, -1)) expectBounded(result, [0, 1]);
    expectBounded(runs.at(-1)!, [2]);
    expect(runs.at(-1)!.stderr).toMatch(WINDOWS);
    const [last, long, first] = runs.map((r) => (r.code === 0 && r.args[0] === 'report' ? JSON.parse(r.stdout) : undefined));
    expect(last.experimentsPerWeek.weeks).toHaveLength(12);
    expect(last.experimentsPerWeek.weeks.at(-1)).toMatchObject({ week: '9999-W52', start: '9999-12-27' });
    expect(long.experimentsPerWeek.weeks).toHaveLength(520);
    expect(long.evidencePerWeek).toHaveLength(520);
    expect(first.since).toBe('1960-01-05');
  });

  it('refuses dates and windows outside the range, naming it', async () => {
    const dir = minimalRepo(BASE_FILES);
    const EXPERIMENT = ['experiment', 'add', '--initiative', 'quotes', '--type', 'prototype', '--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r'];
    const cases: [string[], RegExp][] = [
      [['report', '--as-of', '10000-01-01'], DATES],
      [['report', '--as-of', '1969-12-31'], DATES],
      [['gate', 'mvp', '--as-of', '0001-01-01'], DATES],
      [['stage', 'quotes', '--as-of', '99999-12-27'], DATES],
      [['validate', '--as-of', '1900-01-01'], DATES],
      [['idea', 'add', 'quotes', '--text', 't', '--date', '1969-12-31'], DATES],
      [['initiative', 'update', 'quotes', '--released-on', '0000-01-01'], DATES],
      [['customer', 'add', 'quotes', 'C-1', '--paying-since', '1000-01-01'], DATES],
      [[...EXPERIMENT, '--start', '1950-06-01'], DATES],
      [['report', '--since', '110000w'], WINDOWS],
      [['report', '--since', '521w'], WINDOWS],
      [['report', '--since', '3651d'], WINDOWS],
      [['report', '--since', '0w'], WINDOWS],
      [[...EXPERIMENT, '--days', '99999'], /--days must be a whole number of days from 1 to 3650/],
      [[...EXPERIMENT, '--days', '1.5'], /--days must be a whole number of days from 1 to 3650/],
    ];
    const runs = [];
    for (const [args] of cases) runs.push(await here(dir, args));
    runs.forEach((result, i) => {
      expectBounded(result, [2]);
      expect(result.stderr, result.args.join(' ')).toMatch(cases[i]![1]);
    });
  });

  it('refuses settings in pdx.yaml outside their range, naming it', async () => {
    const settings: [string, string[], RegExp][] = [
      ['report:\n  since: 110000w\n', ['report'], /report\.since.*1w to 520w/],
      ['report:\n  stageWarnAfterDays: { validation: 1000000000 }\n', ['report'], /report\.stageWarnAfterDays\.validation` must be at most 3650/],
      ['report:\n  experimentsPerWeek: { discovery: 1e308 }\n', ['report'], /report\.experimentsPerWeek\.discovery` must be at most 10000/],
      ['rules:\n  paying-customers: { minDays: 1000000000000 }\n', ['gate', 'mvp', 'quotes'], /pdx.yaml:\d+:\d+  error  rule `paying-customers`: `minDays` must be at most 3650/],
    ];
    const runs = await Promise.all(
      settings.map(([yaml, args]) => {
        const dir = minimalRepo(BASE_FILES);
        writeFileSync(join(dir, 'pdx.yaml'), `${readFileSync(join(dir, 'pdx.yaml'), 'utf8')}${yaml}`);
        return here(dir, args);
      }),
    );
    runs.forEach((result, i) => {
      expectBounded(result, [2]);
      expect(result.stderr, result.args.join(' ')).toMatch(settings[i]![2]);
    });
  });

  it('records dated at the end of the calendar do not make report, gate or stage loop', async () => {
    const dir = minimalRepo({
      ...BASE_FILES,
      'discovery/evidence/quotes/e9.yaml': 'id: e9\ninitiative: quotes\ndate: 9999-12-31\nsource: interview\ncustomer: C-9\nnote: n\n',
      'discovery/experiments/quotes/x9.yaml': 'id: x9\ninitiative: quotes\ntype: prototype\ntestCard: { believe: b, verify: v, measure: m, rightIf: r }\nstatus: running\nstarted: 9999-12-31\nplannedDays: 3650\n',
      'discovery/initiatives/late.yaml': 'id: late\ntitle: Late\nstage: epiphany\nhistory:\n  - { stage: immersion, date: 9999-12-30 }\n  - { stage: epiphany, date: 9999-12-31 }\ncustomers:\n  - { id: C-1, payingSince: 9999-12-31 }\n',
    });
    const runs = await Promise.all([
      timed(dir, ['report']),
      timed(dir, ['report', '--as-of', '9999-12-31', '--since', '520w']),
      timed(dir, ['gate', 'mvp']),
      timed(dir, ['gate', 'mvp', '--as-of', '9999-12-31']),
      timed(dir, ['stage', 'late', '--as-of', '9999-12-31']),
      timed(dir, ['validate']),
    ]);
    for (const result of runs) expectBounded(result, [0, 1]);
    // The dates are reported for what they are: after today.
    expect(runs[5]!.stdout).toMatch(/date\/future/);
  });
});
