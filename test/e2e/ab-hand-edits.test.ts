import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitPdxRepo, runPdx } from '../helpers.js';

const FILE = 'discovery/experiments/onboarding/ab.yaml';

/** A repo with a domain and an A/B test `ab` whose file ends with `tail` (YAML, as a person would edit it). */
async function repo(tail: string): Promise<string> {
  const dir = await gitPdxRepo();
  expect((await runPdx(['domain', 'add', '--id', 'onboarding', '--name', 'Onboarding', '--purpose', 'P', '--date', '2026-10-01'], { cwd: dir })).code).toBe(0);
  mkdirSync(join(dir, 'discovery/experiments/onboarding'), { recursive: true });
  writeFileSync(
    join(dir, FILE),
    `id: ab\ndomain: onboarding\ntype: ab-test\ntestCard:\n  believe: b\n  verify: v\n  measure: m\n  rightIf: r\nstarted: 2026-11-01\n${tail}`,
  );
  return dir;
}

export const CONCLUDED = 'status: concluded\nconcluded: 2026-11-20\nlearning:\n  observed: o\n  learned: l\n  next: n\n';

interface Entry { file: string; line?: number; code: string; message: string }
async function validate(dir: string): Promise<{ code: number; errors: Entry[]; warnings: Entry[] }> {
  const run = await runPdx(['validate', '--format', 'json'], { cwd: dir });
  const json = JSON.parse(run.stdout) as { errors: Entry[]; warnings: Entry[] };
  return { code: run.code, ...json };
}

describe('hand-edited arms', () => {
  it.each([
    ['two controls', 'arms:\n  - { name: control, conversions: 1, exposures: 10 }\n  - { name: control, conversions: 2, exposures: 10 }\n', 'arm name `control` is used twice', 13],
    ['a variant first', 'arms:\n  - { name: variant, conversions: 1, exposures: 10 }\n  - { name: control, conversions: 2, exposures: 10 }\n', 'the first arm is the control: name it `control`, not `variant`', 12],
    ['variant-1 alone', 'arms:\n  - { name: control, conversions: 1, exposures: 10 }\n  - { name: variant-1, conversions: 2, exposures: 10 }\n', 'arm 2 of 2 is named `variant`, not `variant-1`', 13],
    ['several named out of order', 'arms:\n  - { name: control, conversions: 1, exposures: 10 }\n  - { name: variant-2, conversions: 2, exposures: 10 }\n  - { name: variant-1, conversions: 2, exposures: 10 }\n', 'arm 2 of 3 is named `variant-1`, not `variant-2`', 13],
    ['a control alone', 'arms:\n  - { name: control, conversions: 1, exposures: 10 }\n', 'an A/B test has a control and at least one variant', 12],
  ])('%s is an error at the arm', async (_, arms, message, line) => {
    const dir = await repo(`status: running\n${arms}`);
    const { code, errors } = await validate(dir);
    expect(code).toBe(1);
    expect(errors.map((e) => [e.file, e.line, e.message])).toContainEqual([FILE, line, expect.stringContaining(message)]);
  });

  it('accepts control, variant-1, variant-2', async () => {
    const dir = await repo('status: running\narms:\n  - { name: control, conversions: 1, exposures: 10 }\n  - { name: variant-1, conversions: 2, exposures: 10 }\n  - { name: variant-2, conversions: 2, exposures: 10 }\n');
    expect((await validate(dir)).errors).toEqual([]);
  });
});

it('refuses more than 20 variants in a hand edit', async () => {
  const arms = ['control', ...Array.from({ length: 21 }, (_, i) => `variant-${i + 1}`)].map((name) => `  - { name: ${name}, conversions: 1, exposures: 10 }\n`).join('');
  const { errors } = await validate(await repo(`status: running\narms:\n${arms}`));
  expect(errors.map((e) => e.message)).toContainEqual(expect.stringContaining('at most 20 variants beside its control; this one has 21'));
});

describe('a hand-edited design', () => {
  it.each([
    ['baselineRate: 1.0e-300\nmde: 0.5\n', '`baselineRate` must be at least 0.0001', 11],
    ['baselineRate: 1\nmde: 0.5\n', '`baselineRate` must be at most 0.9999', 11],
    ['baselineRate: 0.3\nmde: 1.0e-17\n', '`mde` must be at least 0.001', 12],
  ])('%j is an error at the field', async (design, message, line) => {
    const { code, errors } = await validate(await repo(`status: running\n${design}`));
    expect(code).toBe(1);
    expect(errors.map((e) => [e.line, e.message])).toContainEqual([line, expect.stringContaining(message)]);
  });
});

const ARMS = (control: string, variant: string) => {
  const [cc, ce] = control.split('/');
  const [vc, ve] = variant.split('/');
  return `arms:\n  - { name: control, conversions: ${cc}, exposures: ${ce} }\n  - { name: variant, conversions: ${vc}, exposures: ${ve} }\n`;
};
const RESULT_LINE = 16;

describe('a hand-edited result the counts contradict', () => {
  it.each([
    ['validated', '200/1000', '230/1000', '`result` is validated, but no variant is significantly better than the control at 0.05 (variant p = 0.102)'],
    ['invalidated', '4120/100000', '4380/100000', '`result` is invalidated, but variant is significantly better than the control at 0.05 (p = 0.004); set `result: inconclusive`'],
    ['validated', '30/10000', '4/90', '`result` is validated, but a sample-ratio mismatch: exposures 10000 vs 90 are unlikely under the equal split the test assumes (p < 0.001)'],
  ])('%s on %s vs %s is a warning at `result`', async (result, control, variant, message) => {
    const dir = await repo(`${CONCLUDED}result: ${result}\n${ARMS(control, variant)}`);
    const { code, errors, warnings } = await validate(dir);
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(warnings.map((w) => [w.file, w.line, w.code, w.message])).toEqual([[FILE, RESULT_LINE, 'experiment/result-contradicted', expect.stringContaining(message)]]);
  });

  it('is silent when the counts allow it, or a resultOverride records that very result', async () => {
    expect((await validate(await repo(`${CONCLUDED}result: validated\n${ARMS('4120/100000', '4380/100000')}`))).warnings).toEqual([]);
    expect((await validate(await repo(`${CONCLUDED}result: inconclusive\n${ARMS('200/1000', '230/1000')}`))).warnings).toEqual([]);
    const override = 'resultOverride:\n  result: validated\n  reason: The lift holds in every segment\n  date: 2026-11-20\n';
    expect((await validate(await repo(`${CONCLUDED}result: validated\n${ARMS('200/1000', '230/1000')}${override}`))).warnings).toEqual([]);
    // An override of another result does not cover this one.
    const other = override.replace('result: validated', 'result: invalidated');
    expect((await validate(await repo(`${CONCLUDED}result: validated\n${ARMS('200/1000', '230/1000')}${other}`))).warnings.map((w) => w.code)).toEqual(['experiment/result-contradicted']);
  });

  it("judges in the key result's direction: a significant drop validates an experiment whose key result falls", async () => {
    const dir = await repo(`kr: wismo-calls\n${CONCLUDED}result: validated\n${ARMS('4380/100000', '4120/100000')}`);
    const pdx = async (...args: string[]) => expect((await runPdx(args, { cwd: dir })).code).toBe(0);
    await pdx('okr', 'add', '--domain', 'onboarding', '--period', '2026-Q4', '--objective', 'O', '--date', '2026-10-01');
    await pdx('kr', 'add', 'onboarding-2026-q4', '--id', 'wismo-calls', '--metric', 'Calls per 100 loads', '--baseline', '14', '--target', '5', '--date', '2026-10-01');
    expect((await validate(dir)).warnings).toEqual([]);
    // The same drop marked invalidated is contradicted; a rise marked validated too.
    writeFileSync(join(dir, FILE), readFileSync(join(dir, FILE), 'utf8').replace('result: validated', 'result: invalidated'));
    expect((await validate(dir)).warnings.map((w) => w.message)).toEqual([expect.stringContaining('variant is significantly better than the control at 0.05 (p = 0.004) (fewer is better: key result wismo-calls falls from 14 to 5)')]);
    writeFileSync(join(dir, FILE), readFileSync(join(dir, FILE), 'utf8').replace('result: invalidated', 'result: validated').replace('conversions: 4380', 'conversions: X').replace('conversions: 4120', 'conversions: 4380').replace('conversions: X', 'conversions: 4120'));
    expect((await validate(dir)).warnings.map((w) => w.code)).toEqual(['experiment/result-contradicted']);
  });

  it('reports a design no test can have at `mde`', async () => {
    const { errors } = await validate(await repo('status: running\nbaselineRate: 0.6\nmde: 1\n'));
    expect(errors.map((e) => [e.line, e.code, e.message])).toEqual([[12, 'experiment/design', expect.stringContaining('a baseline rate of 0.6 cannot rise by 1 (relative)')]]);
  });
});
