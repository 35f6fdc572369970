import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitPdxRepo, runPdx, treeHash } from '../helpers.js';

const CARD = ['--believe', 'b', '--verify', 'v', '--measure', 'm', '--right-if', 'r'];
const LEARNING = ['--observed', 'o', '--learned', 'l', '--next', 'n', '--date', '2026-11-20'];
const FILE = (id: string) => `discovery/experiments/onboarding/${id}.yaml`;

/** A repo with a domain, an A/B test `ab` (designed for 4% and +10% when `design`) and a concierge test `cx`. */
async function repo(design = true): Promise<string> {
  const dir = await gitPdxRepo();
  expect((await runPdx(['domain', 'add', '--id', 'onboarding', '--name', 'Onboarding', '--purpose', 'P', '--date', '2026-10-01'], { cwd: dir })).code).toBe(0);
  const add = await runPdx(['experiment', 'add', '--domain', 'onboarding', '--type', 'ab-test', '--id', 'ab', '--start', '2026-11-01', ...CARD, ...(design ? ['--baseline-rate', '4%', '--mde', '0.1'] : [])], { cwd: dir });
  expect(add.code, add.stderr).toBe(0);
  expect((await runPdx(['experiment', 'add', '--domain', 'onboarding', '--type', 'concierge', '--id', 'cx', ...CARD], { cwd: dir })).code).toBe(0);
  return dir;
}

describe('experiment add --baseline-rate --mde', () => {
  it('stores the design and prints the sample size per arm and in all (R power.prop.test: n = 39474.76 → 39,475)', async () => {
    const dir = await gitPdxRepo();
    expect((await runPdx(['domain', 'add', '--id', 'onboarding', '--name', 'O', '--purpose', 'P'], { cwd: dir })).code).toBe(0);
    const add = await runPdx(['experiment', 'add', '--domain', 'onboarding', '--type', 'ab-test', '--id', 'ab', ...CARD, '--baseline-rate', '0.04', '--mde', '10%'], { cwd: dir });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('sample size: 39,475 exposures per arm, 78,950 in all, to detect +10.0% on a 4.0% baseline (4.4%) with 80% power at significance 0.05 (two-sided)');
    expect(readFileSync(join(dir, FILE('ab')), 'utf8')).toMatch(/\nbaselineRate: 0\.04\nmde: 0\.1\n$/);
  });

  it('plans for the power and level pdx.yaml sets (R: power.prop.test(p1=.2, p2=.25, sig.level=.01, power=.9)$n = 2073.2)', async () => {
    const dir = await gitPdxRepo();
    writeFileSync(join(dir, 'pdx.yaml'), `${readFileSync(join(dir, 'pdx.yaml'), 'utf8')}experiments:\n  significance: 0.01\n  power: 0.9\n`);
    expect((await runPdx(['domain', 'add', '--id', 'onboarding', '--name', 'O', '--purpose', 'P'], { cwd: dir })).code).toBe(0);
    const add = await runPdx(['experiment', 'add', '--domain', 'onboarding', '--type', 'ab-test', ...CARD, '--baseline-rate', '20%', '--mde', '25%'], { cwd: dir });
    expect(add.stdout).toContain('sample size: 2,074 exposures per arm, 4,148 in all');
    expect(add.stdout).toContain('with 90% power at significance 0.01');
  });

  it.each([
    [['--type', 'concierge', '--baseline-rate', '4%', '--mde', '10%'], /--baseline-rate goes with --type ab-test/],
    [['--type', 'ab-test', '--baseline-rate', '4%'], /--baseline-rate needs --mde/],
    [['--type', 'ab-test', '--mde', '10%'], /--mde needs --baseline-rate/],
    [['--type', 'ab-test', '--baseline-rate', '4', '--mde', '10%'], /--baseline-rate "4": must be between 0\.01% and 99\.99% \(0\.0001 to 0\.9999\), e\.g\. 0\.04 or 4%/],
    [['--type', 'ab-test', '--baseline-rate', '1e-300', '--mde', '0.5'], /--baseline-rate "1e-300": must be between 0\.01% and 99\.99%/],
    [['--type', 'ab-test', '--baseline-rate', '0.3', '--mde', '1e-17'], /--mde "1e-17": must be at least 0\.1% \(0\.001\)/],
    [['--type', 'ab-test', '--baseline-rate', '0.01%', '--mde', '0.1%'], /--mde 0\.1% on a 0\.01% baseline needs 1\.6×10\^11 exposures per arm, over 1,000,000,000 per arm: not a test you can run/],
    [['--type', 'ab-test', '--baseline-rate', '60%', '--mde', '100%'], /cannot rise by 100\.0%/],
  ])('refuses %j with exit 2, writing nothing', async (flags, message) => {
    const dir = await gitPdxRepo();
    expect((await runPdx(['domain', 'add', '--id', 'onboarding', '--name', 'O', '--purpose', 'P'], { cwd: dir })).code).toBe(0);
    const before = treeHash(dir);
    const run = await runPdx(['experiment', 'add', '--domain', 'onboarding', ...CARD, ...flags], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(treeHash(dir)).toBe(before);
  });
});

describe('experiment conclude --control --variant', () => {
  it('stores the arms, changing nothing else in the file, and prints lift, interval, p-value, verdict and the planned size', async () => {
    const dir = await repo();
    const before = readFileSync(join(dir, FILE('ab')), 'utf8');
    const run = await runPdx(['experiment', 'conclude', 'ab', '--control', '4120/100000', '--variant', '4380/100000', '--result', 'validated', ...LEARNING], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    // R: prop.test(c(4380, 4120), c(1e5, 1e5), correct = FALSE): p = 0.00395, CI of the difference [0.00083, 0.00437].
    expect(run.stdout).toContain('control: 4,120 of 100,000 converted (4.1%)\nvariant: 4,380 of 100,000 converted (4.4%)\nvariant +6.3% (95% CI +1.9% to +10.7%), p = 0.004, significant at 0.05\nsample: every arm reached the planned 39,475 exposures\nthe numbers support: validated');
    const after = readFileSync(join(dir, FILE('ab')), 'utf8');
    expect(after).toBe(
      before.replace('status: running', 'status: concluded') +
        'concluded: 2026-11-20\nresult: validated\narms:\n  - { name: control, conversions: 4120, exposures: 100000 }\n  - { name: variant, conversions: 4380, exposures: 100000 }\nlearning:\n  observed: o\n  learned: l\n  next: n\n',
    );
  });

  it('derives the result from the numbers when --result is left out, names several variants and adjusts for them', async () => {
    const dir = await repo(false);
    const run = await runPdx(['experiment', 'conclude', 'ab', '--control', '200/1000', '--variant', '230/1000', '--variant', '300/1000', ...LEARNING], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('variant-1 +15.0% (95% CI −4.3% to +34.3%), p = 0.102, Holm-adjusted p = 0.102, not significant at 0.05');
    expect(run.stdout).toContain('variant-2 +50.0% (95% CI +26.6% to +73.4%), p < 0.001, Holm-adjusted p < 0.001, significant at 0.05');
    expect(run.stdout).toContain('p-values are Holm–Bonferroni adjusted for 2 variants');
    expect(run.stdout).toContain('result: validated (from the numbers; pass --result to say otherwise)');
    const after = readFileSync(join(dir, FILE('ab')), 'utf8');
    expect(after).toContain('result: validated\narms:\n  - { name: control, conversions: 200, exposures: 1000 }\n  - { name: variant-1, conversions: 230, exposures: 1000 }\n  - { name: variant-2, conversions: 300, exposures: 1000 }\n');
  });

  it('works with a control that converted none and very unequal arms, warning of the sample ratio', async () => {
    const dir = await repo();
    const zero = await runPdx(['experiment', 'conclude', 'ab', '--control', '0/500', '--variant', '12/480', ...LEARNING], { cwd: dir });
    expect(zero.code, zero.stderr).toBe(0);
    // R: prop.test(c(12, 0), c(480, 500), correct = FALSE)$p.value = 0.000375; the lift over 0% has no value: the difference is shown.
    expect(zero.stdout).toContain('variant +2.5 points (95% CI +1.1 to +3.9 points; the control converted none), p < 0.001, significant at 0.05');
    expect(zero.stdout).toContain('sample: the smallest arm has 480 of the planned 39,475 exposures (1.2%): too few to detect +10.0% with 80% power');
    const other = await repo();
    const unequal = await runPdx(['experiment', 'conclude', 'ab', '--control', '30/10000', '--variant', '4/90', '--result', 'inconclusive', ...LEARNING], { cwd: other });
    expect(unequal.code, unequal.stderr).toBe(0);
    expect(unequal.stdout).toMatch(/warning: sample-ratio mismatch — exposures 10000 vs 90 are unlikely under the equal split the test assumes \(p < 0\.001\); the assignment is broken, so the numbers can neither validate nor invalidate/);
  });

  it('says plainly that no test is possible when no arm converted, and refuses validated', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    const refused = await runPdx(['experiment', 'conclude', 'ab', '--control', '0/500', '--variant', '0/480', '--result', 'validated', ...LEARNING], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ab cannot be concluded validated: no variant is significantly better than the control at 0.05 (no arm converted, so no test is possible); nothing was changed');
    expect(treeHash(dir)).toBe(before);
    const derived = await runPdx(['experiment', 'conclude', 'ab', '--control', '0/500', '--variant', '0/480', ...LEARNING], { cwd: dir });
    expect(derived.stdout).toContain('no arm converted: no test is possible, so no variant is significant');
    expect(derived.stdout).toContain('result: inconclusive (from the numbers');
  });

  it.each([
    [['--control', '11/10', '--variant', '1/10'], /^pdx: --control "11\/10": 11 conversions cannot exceed 10 exposures/],
    [['--control', '1/10', '--variant', '-1/10'], /^pdx: --variant "-1\/10": the conversions cannot be negative/],
    [['--control', '1/10', '--variant', '1.5/10'], /^pdx: --variant "1\.5\/10": the conversions must be a whole number/],
    [['--control', '1/0', '--variant', '1/10'], /^pdx: --control "1\/0": an arm needs at least one exposure/],
    [['--control', '12/', '--variant', '1/10'], /^pdx: --control "12\/": the exposures are missing/],
    [['--control', 'a/b', '--variant', '1/10'], /^pdx: --control "a\/b": the conversions are not a number/],
    [['--control', '1/10', '--variant', '1/2/3'], /^pdx: --variant "1\/2\/3": not CONVERSIONS\/EXPOSURES/],
    [['--control', '1/10', '--variant', '1/10', '--variant', 'x/10'], /^pdx: --variant \(the second\) "x\/10": the conversions are not a number/],
    [['--control', '1/10'], /^pdx: --control needs --variant/],
    [['--variant', '1/10'], /^pdx: --variant needs --control/],
    [['--control', '1/10', '--variant', '2/10', '--force'], /^pdx: --force needs --reason/],
    [['--control', '1/10', '--variant', '2/10', '--reason', 'x'], /^pdx: --reason goes with --force/],
  ])('refuses %j with exit 2 naming the flag, writing nothing', async (flags, message) => {
    const dir = await repo();
    const before = treeHash(dir);
    const run = await runPdx(['experiment', 'conclude', 'ab', '--result', 'inconclusive', ...flags, ...LEARNING], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(treeHash(dir)).toBe(before);
  });

  it('refuses counts for an experiment that is not an A/B test', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    const run = await runPdx(['experiment', 'conclude', 'cx', '--control', '1/10', '--variant', '2/10', '--result', 'validated', ...LEARNING], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pdx: --control and --variant are the counts of an A/B test; cx is a concierge experiment');
    expect(treeHash(dir)).toBe(before);
  });

  it('refuses validated without significance, invalidated against a significant lift, and claims without counts; --force --reason records the override', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    const notSignificant = await runPdx(['experiment', 'conclude', 'ab', '--control', '200/1000', '--variant', '230/1000', '--result', 'validated', ...LEARNING], { cwd: dir });
    expect(notSignificant.code).toBe(1);
    expect(notSignificant.stderr).toContain('pdx: ab cannot be concluded validated: no variant is significantly better than the control at 0.05 (variant p = 0.102); nothing was changed');
    expect(notSignificant.stderr).toContain('pass --force --reason "…" to record validated anyway');
    const better = await runPdx(['experiment', 'conclude', 'ab', '--control', '4120/100000', '--variant', '4380/100000', '--result', 'invalidated', ...LEARNING], { cwd: dir });
    expect(better.code).toBe(1);
    expect(better.stderr).toContain('ab cannot be concluded invalidated: variant is significantly better than the control at 0.05 (p = 0.004)');
    const bare = await runPdx(['experiment', 'conclude', 'ab', '--result', 'validated', ...LEARNING], { cwd: dir });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain("an A/B test's validated needs its counts");
    const needless = await runPdx(['experiment', 'conclude', 'ab', '--control', '4120/100000', '--variant', '4380/100000', '--result', 'validated', '--force', '--reason', 'x', ...LEARNING], { cwd: dir });
    expect(needless.code).toBe(2);
    expect(needless.stderr).toContain('nothing to force: the numbers allow validated');
    expect(treeHash(dir)).toBe(before);

    const forced = await runPdx(['experiment', 'conclude', 'ab', '--control', '200/1000', '--variant', '230/1000', '--result', 'validated', '--force', '--reason', 'The lift holds in every segment', ...LEARNING], { cwd: dir, env: { GIT_AUTHOR_NAME: 'Maya' } });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('result: validated, recorded against the numbers (resultOverride: The lift holds in every segment)');
    expect(readFileSync(join(dir, FILE('ab')), 'utf8')).toContain('resultOverride:\n  result: validated\n  reason: The lift holds in every segment\n  date: 2026-11-20\n  by: Maya\n');

    // Inconclusive needs no counts.
    const other = await repo();
    expect((await runPdx(['experiment', 'conclude', 'ab', '--result', 'inconclusive', ...LEARNING], { cwd: other })).code).toBe(0);
  });
});

/** A repo whose domain has a key result that falls (calls 14 → 5) and one that rises, and an A/B test `calls` tied to the falling one. */
async function fallingRepo(): Promise<string> {
  const dir = await gitPdxRepo();
  const pdx = async (...args: string[]) => {
    const run = await runPdx(args, { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    return run;
  };
  await pdx('domain', 'add', '--id', 'onboarding', '--name', 'Onboarding', '--purpose', 'P', '--date', '2026-10-01');
  await pdx('okr', 'add', '--domain', 'onboarding', '--period', '2026-Q4', '--objective', 'O', '--date', '2026-10-01');
  await pdx('kr', 'add', 'onboarding-2026-q4', '--id', 'wismo-calls', '--metric', 'Calls per 100 loads', '--baseline', '14', '--target', '5', '--date', '2026-10-01');
  await pdx('kr', 'add', 'onboarding-2026-q4', '--id', 'opens', '--metric', 'Opens', '--baseline', '41', '--target', '65', '--date', '2026-10-01');
  return dir;
}

describe('an A/B test whose key result falls: fewer conversions are better', () => {
  const addCalls = (dir: string, kr = 'wismo-calls', design: string[] = []) =>
    runPdx(['experiment', 'add', '--domain', 'onboarding', '--kr', kr, '--type', 'ab-test', '--id', 'calls', '--start', '2026-11-01', ...CARD, ...design], { cwd: dir });

  it('plans the sample size for a drop of --mde (R: power.prop.test(p1=.04, p2=.036, power=.8)$n = 35864.28 → 35,865)', async () => {
    const dir = await fallingRepo();
    const add = await addCalls(dir, 'wismo-calls', ['--baseline-rate', '4%', '--mde', '10%']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('sample size: 35,865 exposures per arm, 71,730 in all, to detect −10.0% on a 4.0% baseline (3.6%) with 80% power at significance 0.05 (two-sided) (fewer is better: key result wismo-calls falls from 14 to 5)');
    // The rising key result keeps the rise: R's n = 39474.76 → 39,475.
    const rises = await runPdx(['experiment', 'add', '--domain', 'onboarding', '--kr', 'opens', '--type', 'ab-test', '--id', 'opens-test', ...CARD, '--baseline-rate', '4%', '--mde', '10%'], { cwd: dir });
    expect(rises.stdout).toContain('sample size: 39,475 exposures per arm, 78,950 in all, to detect +10.0% on a 4.0% baseline (4.4%)');
    expect(rises.stdout).not.toContain('fewer is better');
    // A drop of 100% leaves no rate to detect.
    const before = treeHash(dir);
    const whole = await runPdx(['experiment', 'add', '--domain', 'onboarding', '--kr', 'wismo-calls', '--type', 'ab-test', ...CARD, '--baseline-rate', '60%', '--mde', '100%'], { cwd: dir });
    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain('cannot fall by 100.0%');
    expect(treeHash(dir)).toBe(before);
  });

  // R: prop.test(c(150, 212), c(2950, 2950), correct = FALSE)$p.value = 0.00077; prop.test(c(270, 212), …)$p.value = 0.0058.
  it('concludes validated on a significant drop and refuses validated on a significant rise, saying which way is better', async () => {
    const dir = await fallingRepo();
    expect((await addCalls(dir)).code).toBe(0);
    const before = treeHash(dir);
    const rise = await runPdx(['experiment', 'conclude', 'calls', '--control', '212/2950', '--variant', '270/2950', '--result', 'validated', ...LEARNING], { cwd: dir });
    expect(rise.code).toBe(1);
    expect(rise.stderr).toContain('pdx: calls cannot be concluded validated: no variant is significantly better than the control at 0.05 (variant p = 0.006, significantly worse) (fewer is better: key result wismo-calls falls from 14 to 5); nothing was changed');
    const dropInvalidated = await runPdx(['experiment', 'conclude', 'calls', '--control', '212/2950', '--variant', '150/2950', '--result', 'invalidated', ...LEARNING], { cwd: dir });
    expect(dropInvalidated.code).toBe(1);
    expect(dropInvalidated.stderr).toContain('calls cannot be concluded invalidated: variant is significantly better than the control at 0.05 (p < 0.001) (fewer is better: key result wismo-calls falls from 14 to 5)');
    expect(treeHash(dir)).toBe(before);

    const drop = await runPdx(['experiment', 'conclude', 'calls', '--control', '212/2950', '--variant', '150/2950', '--result', 'validated', ...LEARNING], { cwd: dir });
    expect(drop.code, drop.stderr).toBe(0);
    expect(drop.stdout).toContain('variant −29.2% (95% CI −43.6% to −14.9%), p < 0.001, significant at 0.05\ndirection: a significant drop is better (fewer is better: key result wismo-calls falls from 14 to 5)\nthe numbers support: validated');
    expect(readFileSync(join(dir, FILE('calls')), 'utf8')).toContain('result: validated\narms:');
    expect(readFileSync(join(dir, FILE('calls')), 'utf8')).not.toContain('resultOverride');
  });

  it('derives the result from the direction when --result is left out: a drop validates, a rise invalidates', async () => {
    const dir = await fallingRepo();
    expect((await addCalls(dir)).code).toBe(0);
    const drop = await runPdx(['experiment', 'conclude', 'calls', '--control', '212/2950', '--variant', '150/2950', ...LEARNING], { cwd: dir });
    expect(drop.code, drop.stderr).toBe(0);
    expect(drop.stdout).toContain('result: validated (from the numbers; pass --result to say otherwise)');
    expect(readFileSync(join(dir, FILE('calls')), 'utf8')).toContain('result: validated\n');
    const other = await fallingRepo();
    expect((await addCalls(other)).code).toBe(0);
    const rise = await runPdx(['experiment', 'conclude', 'calls', '--control', '212/2950', '--variant', '270/2950', ...LEARNING], { cwd: other });
    expect(rise.code, rise.stderr).toBe(0);
    expect(rise.stdout).toContain('result: invalidated (from the numbers; pass --result to say otherwise)');
  });

  it('show, list and the log say fewer is better', async () => {
    const dir = await fallingRepo();
    expect((await addCalls(dir, 'wismo-calls', ['--baseline-rate', '7%', '--mde', '15%'])).code).toBe(0);
    expect((await runPdx(['experiment', 'conclude', 'calls', '--control', '212/2950', '--variant', '150/2950', ...LEARNING], { cwd: dir })).code).toBe(0);
    const show = await runPdx(['experiment', 'show', 'calls'], { cwd: dir });
    expect(show.stdout).toContain('key result: wismo-calls (fewer is better: key result wismo-calls falls from 14 to 5)');
    expect(show.stdout).toContain('design: baseline 7.0%, smallest drop worth detecting −15.0%');
    // R: power.prop.test(p1 = .07, p2 = .0595, power = .8)$n = 8621.19 → 8,622.
    expect(show.stdout).toContain('sample: the smallest arm has 2,950 of the planned 8,622 exposures (34.2%): too few to detect −15.0% with 80% power');
    const json = JSON.parse((await runPdx(['experiment', 'show', 'calls', '--json'], { cwd: dir })).stdout);
    expect(json.analysis).toMatchObject({ lowerIsBetter: true, supported: 'validated' });
    const list = await runPdx(['experiment', 'list'], { cwd: dir, columns: 200 });
    expect(list.stdout).toContain('−29.2% p < 0.001; fewer is better');
    const log = await runPdx(['log', '--json'], { cwd: dir });
    expect(JSON.parse(log.stdout).entries.find((e: { experiment?: string }) => e.experiment === 'calls').numbers).toMatch(/significant at 0\.05 \(fewer is better: key result wismo-calls falls from 14 to 5\)$/);
  });
});

describe('experiment show and list', () => {
  it('show prints the cards, the arms with rates, lift, interval, p-value, verdict, sample-ratio warning and override', async () => {
    const dir = await repo();
    expect((await runPdx(['experiment', 'conclude', 'ab', '--control', '30/10000', '--variant', '4/90', '--result', 'inconclusive', ...LEARNING], { cwd: dir })).code).toBe(0);
    const show = await runPdx(['experiment', 'show', 'ab'], { cwd: dir, columns: 200 });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('ab  (ab-test of onboarding, concluded: inconclusive; discovery/experiments/onboarding/ab.yaml)');
    expect(show.stdout).toContain('design: baseline 4.0%, smallest lift worth detecting +10.0%');
    expect(show.stdout).toContain('we believe: b');
    expect(show.stdout).toContain('we observed: o');
    expect(show.stdout).toContain('control: 30 of 10,000 converted (0.3%)\nvariant: 4 of 90 converted (4.4%)\n');
    expect(show.stdout).toMatch(/variant \+1381\.5% \(95% CI −100\.0% to \+2896\.2%\), p < 0\.001, significant at 0\.05\nnote: variant's difference interval includes 0 while p < 0\.001 is below 0\.05: the verdict follows the p-value[^\n]*\nwarning: sample-ratio mismatch/);
    // A sample-ratio mismatch supports nothing, however large the lift.
    expect(show.stdout).toContain('the numbers support: inconclusive');
    const json = JSON.parse((await runPdx(['experiment', 'show', 'ab', '--json'], { cwd: dir })).stdout) as { arms: unknown[]; analysis: { supported: string; srm: { mismatch: boolean } } };
    expect(json.arms).toHaveLength(2);
    expect(json.analysis.supported).toBe('inconclusive');
    expect(json.analysis.srm.mismatch).toBe(true);

    const forced = await repo();
    expect((await runPdx(['experiment', 'conclude', 'ab', '--control', '200/1000', '--variant', '230/1000', '--result', 'validated', '--force', '--reason', 'Segments agree', ...LEARNING], { cwd: forced, env: { GIT_AUTHOR_NAME: 'Maya' } })).code).toBe(0);
    expect((await runPdx(['experiment', 'show', 'ab'], { cwd: forced, columns: 200 })).stdout).toContain('result recorded against the numbers: validated on 2026-11-20 by Maya — Segments agree');
  });

  it('list shows a compact lift and p-value for A/B tests with counts, only when some have them', async () => {
    const dir = await repo();
    const plain = await runPdx(['experiment', 'list'], { cwd: dir, columns: 200 });
    expect(plain.stdout).not.toContain('lift, p');
    expect((await runPdx(['experiment', 'conclude', 'ab', '--control', '200/1000', '--variant', '230/1000', '--result', 'inconclusive', ...LEARNING], { cwd: dir })).code).toBe(0);
    const list = await runPdx(['experiment', 'list'], { cwd: dir, columns: 200 });
    expect(list.stdout).toContain('lift, p');
    expect(list.stdout).toMatch(/ab .* inconclusive .* \+15\.0% p = 0\.102 n\.s\./);
    const json = JSON.parse((await runPdx(['experiment', 'list', '--json'], { cwd: dir })).stdout) as { id: string; ab: string | null }[];
    expect(json.find((x) => x.id === 'ab')!.ab).toBe('+15.0% p = 0.102 n.s.');
    expect(json.find((x) => x.id === 'cx')!.ab).toBeNull();
  });

  it('the decision log carries the numbers and the override', async () => {
    const dir = await repo();
    expect((await runPdx(['experiment', 'conclude', 'ab', '--control', '200/1000', '--variant', '230/1000', '--result', 'validated', '--force', '--reason', 'Segments agree', ...LEARNING], { cwd: dir, env: { GIT_AUTHOR_NAME: 'Maya' } })).code).toBe(0);
    const log = await runPdx(['log'], { cwd: dir, columns: 300 });
    expect(log.stdout).toContain('numbers: variant +15.0% (95% CI −4.3% to +34.3%), p = 0.102, not significant at 0.05');
    expect(log.stdout).toContain('against the numbers: validated on 2026-11-20 by Maya: Segments agree');
  });
});

describe('experiment conclude with many variants', () => {
  it('refuses more than 20 --variant flags in one line, exit 2, writing nothing', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    const variants = Array.from({ length: 200 }, () => ['--variant', '1/10']).flat();
    const run = await runPdx(['experiment', 'conclude', 'ab', '--control', '1/10', ...variants, ...LEARNING], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')[0]).toBe('pdx: --variant: 200 variants given; an A/B test compares at most 20 with its control');
    expect(run.stderr.split('\n').length).toBeLessThan(4);
    expect(treeHash(dir)).toBe(before);
    const twenty = Array.from({ length: 20 }, () => ['--variant', '1/10']).flat();
    expect((await runPdx(['experiment', 'conclude', 'ab', '--control', '1/10', ...twenty, ...LEARNING], { cwd: dir })).code).toBe(0);
  });
});

describe('a sample-ratio mismatch blocks a result, as GrowthBook and Statsig do', () => {
  it('refuses validated and invalidated on 30/10000 vs 4/90 unless forced, and derives inconclusive', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    for (const result of ['validated', 'invalidated']) {
      const run = await runPdx(['experiment', 'conclude', 'ab', '--control', '30/10000', '--variant', '4/90', '--result', result, ...LEARNING], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`pdx: ab cannot be concluded ${result}: a sample-ratio mismatch: exposures 10000 vs 90 are unlikely under the equal split the test assumes (p < 0.001), so the assignment is broken and the numbers can neither validate nor invalidate; nothing was changed`);
      expect(treeHash(dir)).toBe(before);
    }
    const derived = await runPdx(['experiment', 'conclude', 'ab', '--control', '30/10000', '--variant', '4/90', ...LEARNING], { cwd: dir });
    expect(derived.code, derived.stderr).toBe(0);
    expect(derived.stdout).toContain('result: inconclusive (from the numbers; pass --result to say otherwise)');
    const forced = await repo();
    const run = await runPdx(['experiment', 'conclude', 'ab', '--control', '30/10000', '--variant', '4/90', '--result', 'validated', '--force', '--reason', 'Bots were filtered from the control only', ...LEARNING], { cwd: forced });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(forced, FILE('ab')), 'utf8')).toContain('resultOverride:\n  result: validated\n  reason: Bots were filtered from the control only');
  });
});

describe('every arm converted every exposure', () => {
  it('says there is no variation, not that no arm converted, and refuses validated', async () => {
    const dir = await repo();
    const refused = await runPdx(['experiment', 'conclude', 'ab', '--control', '1000/1000', '--variant', '1000/1000', '--result', 'validated', ...LEARNING], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no variant is significantly better than the control at 0.05 (every arm converted every exposure: no variation, so no test is possible)');
    const run = await runPdx(['experiment', 'conclude', 'ab', '--control', '1000/1000', '--variant', '1000/1000', ...LEARNING], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('every arm converted every exposure: no variation: no test is possible, so no variant is significant');
    expect(run.stdout).not.toContain('no arm converted');
    expect((await runPdx(['experiment', 'list'], { cwd: dir, columns: 200 })).stdout).toContain('all converted');
  });
});

describe('an interval that disagrees with the verdict', () => {
  it('says in one line why, when the Wald interval excludes 0 and the pooled p is above the level (R: prop.test(c(7, 2), c(20, 20), correct = FALSE): p = 0.0583, conf.int 0.0031 to 0.4969)', async () => {
    const dir = await repo();
    expect((await runPdx(['experiment', 'conclude', 'ab', '--control', '2/20', '--variant', '7/20', ...LEARNING], { cwd: dir })).code).toBe(0);
    const show = await runPdx(['experiment', 'show', 'ab'], { cwd: dir, columns: 400 });
    expect(show.stdout).toContain('variant +250.0% (95% CI');
    expect(show.stdout).toContain("p = 0.058, not significant at 0.05\nnote: variant's difference interval excludes 0 while p = 0.058 is not below 0.05: the verdict follows the p-value, R's prop.test pooled z-test; the interval is prop.test's unpooled Wald interval, and near the threshold the two can disagree\n");
    const agree = await repo();
    expect((await runPdx(['experiment', 'conclude', 'ab', '--control', '200/1000', '--variant', '230/1000', ...LEARNING], { cwd: agree })).code).toBe(0);
    expect((await runPdx(['experiment', 'show', 'ab'], { cwd: agree, columns: 400 })).stdout).not.toContain('note:');
  });
});

describe('experiment show, small things', () => {
  it('without an id: a usage error naming the experiments, or asked at a terminal', async () => {
    const dir = await repo();
    const run = await runPdx(['experiment', 'show'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pdx: which experiment? pass its id, e.g. pdx experiment show ab (experiments: ab, cx)');
    const asked = await runPdx(['experiment', 'show'], { cwd: dir, tty: [{ ask: /Experiment/, answer: 'cx' }] });
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toContain('cx  (concierge of onboarding, planned');
  });

  it('an unknown id among many: how many, some of them, and the command that lists them', async () => {
    const dir = await repo();
    for (let i = 1; i <= 9; i++) expect((await runPdx(['experiment', 'add', '--domain', 'onboarding', '--type', 'concierge', '--id', `more-${i}`, ...CARD], { cwd: dir })).code).toBe(0);
    const run = await runPdx(['experiment', 'show', 'nope'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pdx: no experiment with id `nope`\n  hint: 11 experiments, among them ab, cx, more-1, more-2, more-3, more-4; list them: pdx experiment list');
  });

  it('domain update with an empty --name or --purpose is a usage error, exit 2, nothing written', async () => {
    const dir = await repo();
    const before = treeHash(dir);
    for (const flag of ['--name', '--purpose']) {
      const run = await runPdx(['domain', 'update', 'onboarding', flag, ' '], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`pdx: ${flag} is empty`);
    }
    expect(treeHash(dir)).toBe(before);
  });
});
