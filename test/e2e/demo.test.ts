import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, PROJECT, runPdx } from '../helpers.js';
import { STAGES } from '../../src/model/vocabulary.js';

/** The quick start's first command, exactly as README.md gives it (without its comment). */
function quickStart(): string {
  const readme = readFileSync(join(PROJECT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const line = /```sh\n([^\n]*)\n/.exec(section)?.[1];
  expect(line, 'README.md has a ## Quick start with a sh block').toBeDefined();
  return line!.replace(/\s+#.*$/, '');
}

/** The pdx commands of the quick start, each as the arguments after `node bin/pdx`. */
function demoCommands(): string[][] {
  const [install, ...rest] = quickStart().split(' && ');
  expect(install).toBe('npm ci');
  return rest.map((command) => {
    expect(command).toMatch(/^node bin\/pdx /);
    // Split on spaces: nothing in the demo is quoted or expanded by the shell.
    expect(command).not.toMatch(/["'$`\\*?|;<>]/);
    return command.split(/ +/).slice(2);
  });
}

/** The day the demo reads the example as of: every command that takes --as-of names the same one. */
function demoDay(): string {
  const days = new Set(demoCommands().flatMap((args) => (args.includes('--as-of') ? [args[args.indexOf('--as-of') + 1]!] : [])));
  expect(days.size).toBe(1);
  return [...days][0]!;
}

/** Runs the demo's pdx commands in order from the project folder, as the shell would (stopping at a failure), on `today`. */
async function runDemo(today: string): Promise<{ outputs: string[]; all: string }> {
  const outputs: string[] = [];
  for (const args of demoCommands()) {
    const result = await runPdx(args, { cwd: PROJECT, today });
    expect(result.code, `pdx ${args.join(' ')}: ${result.stderr}`).toBe(0);
    expect(result.stderr).toBe('');
    outputs.push(result.stdout);
  }
  return { outputs, all: outputs.join('') };
}

describe('the quick start demo', () => {
  it('is what npm run demo runs, after the install', () => {
    const scripts = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')).scripts;
    expect(scripts.demo).toBe(quickStart().replace(/^npm ci && /, ''));
  });

  it('shows a gate checklist with what passes (✓) and what is missing (✗), after the domain a product was handed to, and ends with the portfolio of every team', async () => {
    const { outputs } = await runDemo('2027-03-01');
    // The portfolio: each team's ids with their source, equal ids of two teams apart, the investment mix.
    const portfolio = outputs.at(-1)!;
    expect(portfolio).toMatch(/^Portfolio — 4 sources, as of 2026-11-27 \(window 12w\)$/m);
    expect(portfolio).toContain('sales-team:onboarding');
    expect(portfolio).toContain('platform:onboarding');
    expect(portfolio).toContain('ops-team:dock-scheduling');
    expect(portfolio).toMatch(/^Investment mix/m);
    const last = outputs.at(-2)!.split('\n');
    expect(last.filter((l) => /^ {2}✓ \S/.test(l)).length).toBeGreaterThan(0);
    expect(last.filter((l) => /^ {2}✗ \S/.test(l)).length).toBeGreaterThan(0);
    // The product-management side: the domain, the product it owns, and its key results.
    const domain = outputs.at(-3)!;
    expect(domain).toMatch(/^Shipment visibility +\(shipment-visibility\)$/m);
    expect(domain).toMatch(/│ tracking-links +│ Live tracking links/);
    expect(domain).toMatch(/│ receiver-opens +│/);
    // The report's pace headline compares like with like: each kind of team with the target of one team.
    // One line per measure, each against its own target: never a sum of them.
    expect(outputs.join('')).toMatch(/^ {2}A\/B tests \(3 teams\) +\S+ +[\d.]+ each vs target 20; \d of 3 at target/m);
    expect(outputs.join('')).toMatch(/^ {2}Customer touchpoints \(\d teams?\) +\S+ +[\d.]+ each vs target 3; \d of \d at target/m);
  });

  it('prints the same on any day: whatever today is, the example is read as of the same day', async () => {
    const soon = await runDemo('2026-12-14');
    const later = await runDemo('2031-07-15');
    expect(later.all).toBe(soon.all);
    expect(soon.all).toContain(`as of ${demoDay()}`);
  });
});

describe('the example repo', () => {
  const gate = async (stage: string, ...args: string[]) => {
    const result = await runPdx(['-C', EXAMPLES, 'gate', stage, ...args, ...(args.includes('--as-of') ? [] : ['--as-of', demoDay()]), '--json']);
    return { code: result.code, json: JSON.parse(result.stdout) };
  };

  it('has a product that passed every one of the nineteen rules of the mvp gate up to the day it was handed off, and no gate after', async () => {
    const { json: after } = await gate('mvp');
    expect(after.initiatives).toEqual([]);
    expect(after.handedOff).toEqual([{ id: 'tracking-links', stage: 'mvp', domain: 'shipment-visibility', since: '2026-11-02' }]);
    const { code, json } = await gate('mvp', '--as-of', '2026-11-01');
    expect(code).toBe(0);
    expect(json.initiatives.map((i: { id: string; stage: string; pass: boolean }) => `${i.id} ${i.stage} ${i.pass}`)).toEqual(['tracking-links mvp true']);
    const rules = json.initiatives[0].rules as { id: string; pass: boolean; severity: string }[];
    expect(rules).toHaveLength(19);
    // pdx.yaml makes feedback-circle a warning for the others; this one meets it anyway, and no rule is off.
    expect(rules.filter((r) => !r.pass || r.severity === 'off')).toEqual([]);
  });

  it('has every initiative pass the gate of the stage it is at, so that pdx gate in CI is green', async () => {
    for (const stage of STAGES.slice(1)) {
      const { code, json } = await gate(stage);
      expect(code, `${stage}: ${JSON.stringify(json.initiatives.filter((i: { pass: boolean }) => !i.pass))}`).toBe(0);
    }
  });

  it('has an initiative pivoted back from validation with its reason, counted by the report as a learning', async () => {
    const shown = await runPdx(['-C', EXAMPLES, 'initiative', 'show', 'cargo-protection', '--json']);
    const history = JSON.parse(shown.stdout).history as { stage: string; date: string; reason?: string }[];
    const back = history.filter((h, i) => i > 0 && STAGES.indexOf(h.stage as never) < STAGES.indexOf(history[i - 1]!.stage as never));
    expect(back).toEqual([expect.objectContaining({ stage: 'hypothesis', date: '2026-09-21', reason: expect.stringMatching(/^Pivot: /) })]);
    expect(history.at(-1)).toMatchObject({ stage: 'validation', date: '2026-10-26' });
    const report = async (asOf: string) => JSON.parse((await runPdx(['-C', EXAMPLES, 'report', '--json', '--as-of', asOf])).stdout);
    expect((await report(demoDay())).learnings.pivots).toBe(1);
    expect((await report('2026-09-20')).learnings.pivots).toBe(0);
  });

  it('has a domain with a year of monthly check-ins on each key result, reported as they stood on any day', async () => {
    const files = readdirSync(join(EXAMPLES, 'discovery/checkins/carrier-network'));
    for (const kr of ['loads-covered-in-2h', 'monthly-carrier-churn']) {
      const months = files.filter((f) => f.endsWith(`-${kr}.yaml`)).map((f) => f.slice(0, 7));
      expect(months).toHaveLength(12);
      expect(new Set(months).size).toBe(12);
      expect([months[0], months.at(-1)]).toEqual(['2025-12', '2026-11']);
    }
    const onDay = async (asOf: string) => {
      const json = JSON.parse((await runPdx(['-C', EXAMPLES, 'report', '--json', '--domain', 'carrier-network', '--as-of', asOf])).stdout);
      return json.okrs[0].keyResults.map((k: { id: string; current: number; lastCheckIn: string; stale: boolean }) => `${k.id} ${k.current} ${k.lastCheckIn} ${k.stale}`);
    };
    expect(await onDay('2026-06-20')).toEqual(['loads-covered-in-2h 63 2026-06-15 false', 'monthly-carrier-churn 7 2026-06-15 false']);
    expect(await onDay(demoDay())).toEqual(['loads-covered-in-2h 73 2026-11-16 false', 'monthly-carrier-churn 5.5 2026-11-16 false']);
  });
});
