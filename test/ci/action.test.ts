import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitAll, copyOfExamples, gitPdxRepo, initGit, tempDir } from '../helpers.js';
import { action, evaluate, runAction } from './action.js';
// @ts-expect-error: a plain ES module with no types
import { SUMMARY_LIMIT, truncateSummary } from '../../scripts/action.mjs';

/**
 * The example repo in git, with every initiative's stage hand-edited to mvp: six initiatives fail
 * the mvp gate, with far more than ten errors. With `sub`, the pdx repo is that folder of the git repo (a monorepo).
 */
function failingRepo(sub?: string): string {
  const examples = copyOfExamples();
  const dir = sub === undefined ? examples : tempDir('pdx-monorepo-');
  if (sub !== undefined) renameSync(examples, join(dir, sub));
  initGit(dir, 'the example');
  const folder = join(dir, sub ?? '', 'discovery/initiatives');
  for (const name of readdirSync(folder)) {
    const file = join(folder, name);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^stage: .*$/m, 'stage: mvp'));
  }
  commitAll(dir, 'every initiative at mvp, by hand');
  return dir;
}

const lines = (text: string, kind: string) => text.split('\n').filter((l) => l.startsWith(`::${kind} `));

describe('the GitHub Action, its steps run as a runner runs them', () => {
  let repo: string;
  beforeAll(() => {
    repo = failingRepo();
  });

  it('on a failing gate: at most ten error annotations and a notice, the checklist in the summary, JUnit written, the outputs, then exit 1', async () => {
    const run = await runAction(repo, { gate: 'mvp' });
    expect(run.code, run.stderr).toBe(1);
    const errors = lines(run.stdout, 'error');
    expect(errors).toHaveLength(10);
    expect(lines(run.stdout, 'warning').length).toBeLessThanOrEqual(10);
    // Each failing initiative gets its first finding before any gets a second.
    expect(new Set(errors.slice(0, 6).map((l) => /::(\S+) cannot be at mvp/.exec(l)?.[1]))).toEqual(new Set(['cargo-protection', 'carrier-payouts', 'delay-alerts', 'dock-slot-booking', 'instant-quotes', 'quotes-api']));
    const notices = lines(run.stdout, 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^::notice title=pdx%3A more findings::\d+ more errors and \d+ more warnings not shown as annotations .*pdx gate mvp/);
    expect(notices[0]).not.toContain('file=');

    expect(run.summary).toMatch(/^## ❌ pdx gate mvp: failed\n\n6 of 6 initiatives fail the mvp gate\./);
    expect(run.summary).toContain('| cargo-protection | mvp | ❌ fails (');
    expect(run.summary).toContain('### ❌ quotes-api: fails the mvp gate');
    expect(run.summary).toMatch(/\n  - .+ \(`discovery\/[^`]+\.yaml:\d+`\)\n    fix: `pdx [^`]+`\n/);
    expect(run.summary).toMatch(/\n- ✅ pass: `[a-z-]+` /);

    expect(run.outputs['exit-code']).toBe('1');
    const junit = run.outputs.junit!;
    expect(junit).toBe(join(repo, 'pdx-junit.xml'));
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    // Totals are on each suite: the Ant schema allows no attribute on <testsuites>.
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' }).parse(xml) as { testsuites: { testsuite: { '@_failures': string }[] } };
    expect(parsed.testsuites.testsuite.reduce((n, suite) => n + Number(suite['@_failures']), 0)).toBeGreaterThan(10);
  });

  it('on a passing gate: exit 0, a ✅ summary, JUnit at the path asked for', async () => {
    const dir = await gitPdxRepo();
    const run = await runAction(dir, { gate: 'prototyping', junit: 'reports/gate.xml' });
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stdout, 'error')).toEqual([]);
    expect(run.summary).toMatch(/^## ✅ pdx gate prototyping: passed\n\nNo initiative is at or past prototyping\./);
    expect(run.outputs).toEqual({ 'exit-code': '0', junit: join(dir, 'reports/gate.xml') });
    expect(XMLValidator.validate(readFileSync(join(dir, 'reports/gate.xml'), 'utf8'))).toBe(true);
  });

  it('in a monorepo (working-directory): files named from the git root, a rerun command with -C, JUnit where asked', async () => {
    const dir = failingRepo('product');
    const run = await runAction(dir, { gate: 'mvp', 'working-directory': 'product', junit: 'reports/gate.xml' });
    expect(run.code, run.stderr).toBe(1);
    const errors = lines(run.stdout, 'error');
    expect(errors).toHaveLength(10);
    for (const line of [...errors, ...lines(run.stdout, 'warning')]) expect(line).toMatch(/^::(error|warning) file=product\/discovery\//);
    expect(lines(run.stdout, 'notice')[0]).toContain('pdx -C product gate mvp run locally');
    expect(run.summary).toMatch(/^## ❌ pdx gate mvp: failed\n/);
    expect(run.summary).toContain('(`product/discovery/initiatives/quotes-api.yaml:');
    expect(run.summary.endsWith('\nRun `pdx -C product gate mvp` locally for the same checklist.\n')).toBe(true);
    expect(run.outputs).toEqual({ 'exit-code': '1', junit: join(dir, 'reports/gate.xml') });
    expect(XMLValidator.validate(readFileSync(join(dir, 'reports/gate.xml'), 'utf8'))).toBe(true);
  });

  it('validate: the list in the summary, no JUnit, pdx validate’s exit code', async () => {
    const dir = await gitPdxRepo();
    writeFileSync(join(dir, 'discovery/initiatives/broken.yaml'), 'id: [unclosed\n');
    const run = await runAction(dir, { command: 'validate', 'working-directory': '.' });
    expect(run.code).toBe(1);
    expect(lines(run.stdout, 'error')[0]).toMatch(/^::error file=discovery\/initiatives\/broken\.yaml,line=\d+,/);
    expect(run.summary).toMatch(/^## ❌ pdx validate: failed\n/);
    expect(run.outputs).toEqual({ 'exit-code': '1', junit: '' });
    expect(existsSync(join(dir, 'pdx-junit.xml'))).toBe(false);
  });

  it('keeps the job summary within GitHub’s 1 MiB, whole lines and a line saying it was cut', async () => {
    const before = `${'x'.repeat(99)}\n`.repeat((SUMMARY_LIMIT - 4000) / 100);
    const run = await runAction(repo, { gate: 'mvp' }, { summary: before });
    expect(run.code).toBe(1);
    expect(Buffer.byteLength(run.summary)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(run.summary.startsWith(`${before}## ❌ pdx gate mvp: failed`)).toBe(true);
    expect(run.summary).toMatch(/\n\n\*\*Summary truncated:\*\* GitHub keeps at most 1 MiB of a step's summary\.\n\nRun `pdx gate mvp` locally for the same checklist\.\n$/);
    // Still the JUnit file and the outputs.
    expect(statSync(run.outputs.junit!).size).toBeGreaterThan(0);
  });

  it('cuts a summary at a line, never inside a character', () => {
    const rerun = 'Run `pdx gate mvp` locally for the same checklist.';
    const text = `${'é'.repeat(100)}\n${'ü'.repeat(100)}\n\n${rerun}\n`;
    const size = Buffer.byteLength(text);
    expect(truncateSummary(text, size)).toBe(text);
    const cut = truncateSummary(text, size - 1) as string;
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(size - 1);
    expect(cut).toBe(`${'é'.repeat(100)}\n\n**Summary truncated:** GitHub keeps at most 1 MiB of a step's summary.\n\n${rerun}\n`);
    expect(truncateSummary(text, 60)).toBe('');
  });

  it('refuses inputs that disagree, with an annotation and exit 2, before running pdx', async () => {
    const run = await runAction(repo, { gate: 'mvp', stage: 'epiphany' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('::error title=pdx action::gate: mvp and stage: epiphany disagree: give one of them\n');
    expect(run.outputs).toEqual({ 'exit-code': '2', junit: '' });
    const validate = await runAction(repo, { command: 'validate', 'changed-since': 'origin/main' });
    expect(validate.code).toBe(2);
  });

  it('passes inputs through env only, and its outputs are the ones the script writes', () => {
    const meta = action();
    expect(meta.runs.using).toBe('composite');
    expect(meta.runs.steps.filter((s) => s.uses).map((s) => s.uses)).toEqual(['actions/setup-node@v4']);
    const runs = meta.runs.steps.filter((s) => s.run !== undefined);
    expect(runs).toHaveLength(1);
    for (const step of runs) expect(step.run).not.toContain('${{');
    expect(Object.fromEntries(Object.entries(meta.outputs).map(([k, v]) => [k, v.value]))).toEqual({ 'exit-code': '${{ steps.pdx.outputs.exit-code }}', junit: '${{ steps.pdx.outputs.junit }}' });
    expect(runs[0]!.id).toBe('pdx');
    // Every input reaches the script.
    expect(Object.keys(meta.inputs).map((name) => runs[0]!.env?.[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`])).toEqual(Object.keys(meta.inputs).map((name) => `\${{ inputs.${name} }}`));
  });

  it('the test’s evaluator knows only inputs.NAME', () => {
    const inputs = action().inputs;
    expect(evaluate('${{ inputs.gate }}|${{inputs.junit}}', { gate: 'mvp' }, inputs)).toBe('mvp|pdx-junit.xml');
    expect(() => evaluate('${{ github.token }}', {}, inputs)).toThrow(/unknown expression/);
    expect(() => evaluate('${{ inputs.nope }}', {}, inputs)).toThrow(/not declared/);
  });
});
