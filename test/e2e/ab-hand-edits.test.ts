import { mkdirSync, writeFileSync } from 'node:fs';
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
