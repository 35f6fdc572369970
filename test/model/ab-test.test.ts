import { describe, expect, it } from 'vitest';
import { parseCounts, parseProportion } from '../../src/cli/ab-flags.js';
import { abCompact as compactOf, abSummary as summaryOf } from '../../src/model/ab-text.js';
import { analyseArms, analyseExperiment, compareArms, directionOf, holm, ImpossibleDesign, lowerIsBetter, sampleRatioPValue, sampleSizePerArm } from '../../src/model/ab-test.js';

/** Relative closeness: |actual − expected| ≤ tol · |expected| (absolute for an expected 0). */
function near(actual: number | null | undefined, expected: number, tol = 1e-6): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeTypeOf('number');
  const scale = expected === 0 ? 1 : Math.abs(expected);
  expect(Math.abs((actual as number) - expected) / scale, `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

type Arms = Parameters<typeof analyseExperiment>[0];
type Way = Parameters<typeof summaryOf>[1];
/** The summary and the table cell of an experiment's arms, analysed as the log and the lists do. */
const abSummary = (x: Arms, significance?: number, direction?: Way) => summaryOf(analyseExperiment(x, significance, direction), direction);
const abCompact = (x: Arms, significance?: number, direction?: Way) => compactOf(analyseExperiment(x, significance, direction));

const arm = (name: string, conversions: number, exposures: number) => ({ name, conversions, exposures });

/**
 * Reference values from R 4.2 (Debian's r-base-core), variant first so that the interval is
 * variant − control:
 *
 *   r <- prop.test(c(xv, xc), c(nv, nc), correct = FALSE); r$statistic; r$p.value; r$conf.int
 *
 * control 0/500 variant 12/480:            X2=12.654958677686   p=0.000374570874024718 ci=[0.0110331076921753, 0.0389668923078247]
 * control 30/10000 variant 4/90:           X2=45.6207203711503  p=1.43515371504969e-11 ci=[-0.00114491841187424, 0.0840338073007631]
 * control 4120/100000 variant 4380/100000: X2=8.30594378743665  p=0.00395155428300348  ci=[0.000831854797709109, 0.00436814520229089]
 * control 200/1000 variant 230/1000:       X2=2.66627166345727  p=0.102495875379892    ci=[-0.0059854938614991, 0.0659854938614991]
 * control 10/100 variant 5/50:             X2=0                 p=1                    ci=[-0.101842716066855, 0.101842716066855]
 * control 1/1000 variant 0/1000:           X2=1.00050025012506  p=0.317189492246751    ci=[-0.00295898375742971, 0.000958983757429711]
 */
const PROP_TEST = [
  { control: [0, 500], variant: [12, 480], x2: 12.654958677686, p: 0.000374570874024718, ci: [0.0110331076921753, 0.0389668923078247] },
  { control: [30, 10000], variant: [4, 90], x2: 45.6207203711503, p: 1.43515371504969e-11, ci: [-0.00114491841187424, 0.0840338073007631] },
  { control: [4120, 100000], variant: [4380, 100000], x2: 8.30594378743665, p: 0.00395155428300348, ci: [0.000831854797709109, 0.00436814520229089] },
  { control: [200, 1000], variant: [230, 1000], x2: 2.66627166345727, p: 0.102495875379892, ci: [-0.0059854938614991, 0.0659854938614991] },
  { control: [10, 100], variant: [5, 50], x2: 0, p: 1, ci: [-0.101842716066855, 0.101842716066855] },
  { control: [1, 1000], variant: [0, 1000], x2: 1.00050025012506, p: 0.317189492246751, ci: [-0.00295898375742971, 0.000958983757429711] },
] as const;

describe('the two-proportion z-test against R prop.test(correct = FALSE)', () => {
  it.each(PROP_TEST)('control $control vs variant $variant', ({ control, variant, x2, p, ci }) => {
    const c = compareArms(arm('control', control[0], control[1]), arm('variant', variant[0], variant[1]), 0.05);
    near(c.z! ** 2, x2);
    // p-values this small are the normal's far tail: agree to 1e-6 of their size all the same.
    near(c.pValue, p);
    near(c.differenceInterval[0], ci[0]);
    near(c.differenceInterval[1], ci[1]);
    expect(Math.sign(c.difference)).toBe(Math.sign(variant[0] / variant[1] - control[0] / control[1]));
  });

  it('gives no lift against a control that converted none, and still a difference and a p-value', () => {
    const c = compareArms(arm('control', 0, 500), arm('variant', 12, 480));
    expect(c.lift).toBeNull();
    expect(c.liftInterval).toBeNull();
    near(c.difference, 12 / 480);
  });

  it('gives no test when no arm converted', () => {
    const r = analyseArms([arm('control', 0, 500), arm('variant', 0, 480)]);
    expect(r.noConversions).toBe(true);
    expect(r.comparisons[0]!.pValue).toBeNull();
    expect(r.comparisons[0]!.significant).toBe(false);
    expect(r.supported).toBe('inconclusive');
    expect(abSummary({ arms: [arm('control', 0, 500), arm('variant', 0, 480)] })).toBe('no arm converted: no test possible, not significant');
    // Every exposure converting is no variation either: not "no arm converted".
    const all = analyseArms([arm('control', 1000, 1000), arm('variant', 1000, 1000)]);
    expect([all.noConversions, all.allConverted, all.comparisons[0]!.pValue, all.supported]).toEqual([false, true, null, 'inconclusive']);
    expect(abSummary({ arms: [arm('control', 1000, 1000), arm('variant', 1000, 1000)] })).toBe('every arm converted every exposure: no variation: no test possible, not significant');
  });
});

describe('the relative lift and its delta-method interval', () => {
  it('matches the value derived by hand for 200/1000 vs 230/1000', () => {
    // pc = 0.2, pv = 0.23, lift = 0.03 / 0.2 = 0.15.
    // Var(pv/pc) ≈ pv(1−pv)/(nv·pc²) + pv²(1−pc)/(nc·pc³)
    //           = 0.1771/(1000·0.04) + 0.0529·0.8/(1000·0.008) = 0.0044275 + 0.00529 = 0.0097175
    // R: qnorm(0.975) = 1.95996398454005; half-width = 1.95996398454005·sqrt(0.0097175).
    const half = 1.95996398454005 * Math.sqrt(0.0097175);
    near(half, 0.19320812, 1e-7);
    const c = compareArms(arm('control', 200, 1000), arm('variant', 230, 1000));
    near(c.lift, 0.15);
    near(c.liftInterval![0], 0.15 - 0.19320812);
    near(c.liftInterval![1], 0.15 + 0.19320812);
  });

  /**
   * At the edges, against the delta method computed in R 4.2 by hand:
   *   lift_delta <- function(xc, nc, xv, nv) { pc <- xc/nc; pv <- xv/nv; l <- pv/pc - 1
   *     se <- sqrt(pv*(1-pv)/nv/pc^2 + pv^2*(1-pc)/(nc*pc^3)); l + c(0, -1, 1) * qnorm(.975) * se }
   *   lift_delta(10, 100, 2, 100)   → -0.8 -1.09853282003844 -0.50146717996156 (below −100%: clipped)
   *   prop.test(c(0, 5), c(100, 100), correct = FALSE)$conf.int → -0.0927164247079471 -0.00728357529205296
   */
  it('clips the lower bound at −100%, and gives the difference interval when the variant converted none', () => {
    const steep = compareArms(arm('control', 10, 100), arm('variant', 2, 100));
    near(steep.lift, -0.8);
    expect(steep.liftInterval![0]).toBe(-1);
    near(steep.liftInterval![1], -0.50146717996156);
    const none = analyseArms([arm('control', 5, 100), arm('variant', 0, 100)]);
    const c = none.comparisons[0]!;
    near(c.lift, -1);
    expect(c.liftInterval).toBeNull();
    near(c.differenceInterval[0], -0.0927164247079471);
    near(c.differenceInterval[1], -0.00728357529205296);
    expect(abSummary({ arms: [arm('control', 5, 100), arm('variant', 0, 100)] })).toMatch(/^variant −5\.0 points \(95% CI −9\.3 to −0\.7 points; the variant converted none\), p = 0\.024, significant at 0\.05$/);
    expect(abSummary({ arms: [arm('control', 10, 100), arm('variant', 2, 100)] })).toMatch(/^variant −80\.0% \(95% CI −100\.0% to −50\.1%\)/);
  });

  it('narrows with the level: a 90% interval lies inside the 95% one', () => {
    const wide = compareArms(arm('control', 200, 1000), arm('variant', 230, 1000), 0.05).liftInterval!;
    const narrow = compareArms(arm('control', 200, 1000), arm('variant', 230, 1000), 0.1).liftInterval!;
    expect(narrow[0]).toBeGreaterThan(wide[0]);
    expect(narrow[1]).toBeLessThan(wide[1]);
  });
});

describe('the sample size against R power.prop.test', () => {
  /**
   * R: power.prop.test(p1 = .5, p2 = .75, power = .9)$n            → 76.7069301141077 (uniroot's default tol)
   *    power.prop.test(p1 = .5, p2 = .75, power = .9, tol = 1e-12)$n → 76.7069284517774
   *    power.prop.test(p1 = .04, p2 = .044, power = .8, tol = 1e-12)$n → 39474.7616666058
   *    power.prop.test(p1 = .2, p2 = .25, power = .9, sig.level = .01, tol = 1e-12)$n → 2073.20131223922
   *    power.prop.test(p1 = .1, p2 = .15, power = .8, tol = 1e-12)$n → 685.596858325361
   * (R's manual rounds the first to "n = 76.7"; the closed form is what uniroot converges to.)
   */
  it.each([
    { baseline: 0.5, mde: 0.5, alpha: 0.05, power: 0.9, n: 76.7069284517774 },
    { baseline: 0.04, mde: 0.1, alpha: 0.05, power: 0.8, n: 39474.7616666058 },
    { baseline: 0.2, mde: 0.25, alpha: 0.01, power: 0.9, n: 2073.20131223922 },
    { baseline: 0.1, mde: 0.5, alpha: 0.05, power: 0.8, n: 685.596858325361 },
  ])('baseline $baseline, lift $mde, level $alpha, power $power → n $n', ({ baseline, mde, alpha, power, n }) => {
    near(sampleSizePerArm(baseline, mde, alpha, power), n, 1e-7);
  });

  it('refuses a lift that takes the rate to 100% or more', () => {
    expect(() => sampleSizePerArm(0.6, 1)).toThrow(ImpossibleDesign);
    // The model's error names no flag: the command words it for --mde.
    expect(() => sampleSizePerArm(0.6, 1)).toThrow(/^a baseline rate of 0.6 cannot rise by 1 \(relative\)/);
    expect(() => sampleSizePerArm(0.6, 1)).not.toThrow(/--/);
  });

  /**
   * When fewer conversions are better the design looks for a drop, p2 = p1 · (1 − mde):
   * R: power.prop.test(p1 = .04, p2 = .036, power = .8, tol = 1e-12)$n → 35864.2769867414
   *    power.prop.test(p1 = .07, p2 = .0595, power = .8, tol = 1e-12)$n → 8621.18911368713
   *    power.prop.test(p1 = .2, p2 = .15, power = .9, sig.level = .01, tol = 1e-12)$n → 1716.09571163861
   * (fewer than for the same rise: a drop moves the rate toward 0, where the variance is smaller).
   */
  it.each([
    { baseline: 0.04, mde: 0.1, alpha: 0.05, power: 0.8, n: 35864.2769867414 },
    { baseline: 0.07, mde: 0.15, alpha: 0.05, power: 0.8, n: 8621.18911368713 },
    { baseline: 0.2, mde: 0.25, alpha: 0.01, power: 0.9, n: 1716.09571163861 },
  ])('fewer is better: baseline $baseline, drop $mde, level $alpha, power $power → n $n', ({ baseline, mde, alpha, power, n }) => {
    near(sampleSizePerArm(baseline, mde, alpha, power, true), n, 1e-7);
  });

  it('refuses a drop of 100% or more when fewer is better, and allows a rise a drop would not', () => {
    expect(() => sampleSizePerArm(0.6, 1, 0.05, 0.8, true)).toThrow(ImpossibleDesign);
    expect(() => sampleSizePerArm(0.6, 1, 0.05, 0.8, true)).toThrow(/cannot fall by 1 /);
    expect(sampleSizePerArm(0.6, 0.9, 0.05, 0.8, true)).toBeGreaterThan(0);
  });
});

describe('which way is better', () => {
  const okrs = [
    { domain: 'visibility', keyResults: [{ id: 'wismo-calls', metric: 'Calls per 100 loads', baseline: 14, target: 5 }, { id: 'opens', metric: 'Opens', baseline: 41, target: 65 }] },
    { domain: 'other', keyResults: [{ id: 'flat', metric: 'Flat', baseline: 3, target: 3 }] },
  ];

  it('is fewer when the key result falls, more when it rises, stays or is missing', () => {
    expect(lowerIsBetter({ baseline: 14, target: 5 })).toBe(true);
    expect(lowerIsBetter({ baseline: 41, target: 65 })).toBe(false);
    expect(lowerIsBetter({ baseline: 3, target: 3 })).toBe(false);
    expect(lowerIsBetter(undefined)).toBe(false);
    expect(directionOf({ kr: 'wismo-calls', domain: 'visibility' }, okrs)).toEqual({ lowerIsBetter: true, kr: { id: 'wismo-calls', baseline: 14, target: 5 } });
    expect(directionOf({ kr: 'opens', domain: 'visibility' }, okrs).lowerIsBetter).toBe(false);
    expect(directionOf({ domain: 'visibility' }, okrs)).toEqual({ lowerIsBetter: false });
    expect(directionOf({ kr: 'gone', domain: 'visibility' }, okrs)).toEqual({ lowerIsBetter: false });
  });

  // R: prop.test(c(150, 212), c(2950, 2950), correct = FALSE)$p.value = 0.000769705490393012 (the test is two-sided: the same either way).
  it('turns a significant drop into validated and a significant rise into invalidated', () => {
    const drop = [arm('control', 212, 2950), arm('variant', 150, 2950)];
    near(analyseArms(drop).comparisons[0]!.pValue, 0.000769705490393012);
    expect(analyseArms(drop).supported).toBe('invalidated');
    expect(analyseArms(drop, 0.05, true)).toMatchObject({ supported: 'validated', lowerIsBetter: true });
    expect(analyseArms([arm('control', 212, 2950), arm('variant', 270, 2950)], 0.05, true).supported).toBe('invalidated');
    expect(analyseArms([arm('control', 212, 2950), arm('variant', 200, 2950)], 0.05, true).supported).toBe('inconclusive');
    const falls = directionOf({ kr: 'wismo-calls', domain: 'visibility' }, okrs);
    expect(abCompact({ arms: drop }, 0.05, falls)).toBe('−29.2% p < 0.001; fewer is better');
    expect(abCompact({ arms: drop })).toBe('−29.2% p < 0.001');
    expect(abSummary({ arms: drop }, 0.05, falls)).toMatch(/, p < 0\.001, significant at 0\.05 \(fewer is better: key result wismo-calls falls from 14 to 5\)$/);
  });
});

describe('several variants and the sample ratio', () => {
  it('adjusts p-values by Holm–Bonferroni as R p.adjust does', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03), "holm") → 0.03 0.06 0.06
    const adjusted = holm([0.01, 0.04, 0.03, null]);
    near(adjusted[0], 0.03);
    near(adjusted[1], 0.06);
    near(adjusted[2], 0.06);
    expect(adjusted[3]).toBeNull();
  });

  it('decides on the adjusted p-value and says so', () => {
    // Alone, 200/1000 vs 240/1000 is significant (p ≈ 0.031); with a second, null variant Holm doubles it past 0.05.
    const one = analyseArms([arm('control', 200, 1000), arm('variant', 240, 1000)]);
    expect(one.comparisons[0]!.significant).toBe(true);
    expect(one.supported).toBe('validated');
    const two = analyseArms([arm('control', 200, 1000), arm('variant-1', 240, 1000), arm('variant-2', 201, 1000)]);
    expect(two.adjusted).toBe(true);
    near(two.comparisons[0]!.adjustedPValue, 2 * two.comparisons[0]!.pValue!);
    expect(two.comparisons[0]!.significant).toBe(false);
    expect(two.supported).toBe('inconclusive');
    expect(abSummary({ arms: [arm('control', 200, 1000), arm('variant-1', 240, 1000), arm('variant-2', 201, 1000)] })).toMatch(/^variant-1 \+20\.0% \(95% CI \+0\.09% to \+39\.9%\), p = 0\.031, Holm-adjusted p = 0\.062, not significant at 0\.05; variant-2/);
  });

  it('supports invalidated when a variant is significantly worse', () => {
    expect(analyseArms([arm('control', 4380, 100000), arm('variant', 4120, 100000)]).supported).toBe('invalidated');
  });

  /**
   * R: chisq.test(c(5000, 5200))$p.value → 0.0476703806561615
   *    chisq.test(c(500, 480))$p.value   → 0.522903234512671
   *    chisq.test(c(1000, 1000, 1130))$p.value → 0.0045194678590645
   *    chisq.test(c(10000, 90))$p.value  → 0
   */
  it('tests exposures against an equal split as R chisq.test does', () => {
    near(sampleRatioPValue([5000, 5200]), 0.0476703806561615);
    near(sampleRatioPValue([500, 480]), 0.522903234512671);
    near(sampleRatioPValue([1000, 1000, 1130]), 0.0045194678590645);
    expect(sampleRatioPValue([10000, 90])).toBeLessThan(1e-12);
    expect(analyseArms([arm('control', 30, 10000), arm('variant', 4, 90)]).srm.mismatch).toBe(true);
    expect(analyseArms([arm('control', 0, 500), arm('variant', 12, 480)]).srm.mismatch).toBe(false);
    expect(abSummary({ arms: [arm('control', 30, 10000), arm('variant', 4, 90)] })).toMatch(/; sample-ratio mismatch \(p < 0\.001\): check the assignment/);
  });
});

describe('reading counts and proportions', () => {
  it.each([
    ['12/', /the exposures are missing/],
    ['/12', /the conversions are missing/],
    ['a/b', /the conversions are not a number/],
    ['1/2/3', /not CONVERSIONS\/EXPOSURES/],
    ['12', /not CONVERSIONS\/EXPOSURES/],
    ['-1/10', /cannot be negative/],
    ['1.5/10', /must be a whole number/],
    ['1e3/2000', /the conversions take digits only, e\.g\. 1000\/2000, not 1e3/],
    ['10/2E3', /the exposures take digits only, e\.g\. 1000\/2000, not 2E3/],
    ['3/0', /at least one exposure/],
    ['11/10', /11 conversions cannot exceed 10 exposures/],
  ])('refuses %s naming the flag', (text, why) => {
    expect(() => parseCounts('--variant', text)).toThrow(why);
    expect(() => parseCounts('--variant', text)).toThrow(/^--variant /);
  });

  it('reads counts with spaces around them', () => {
    expect(parseCounts('--control', ' 412/10000 ')).toEqual({ conversions: 412, exposures: 10000 });
    expect(parseCounts('--control', '0/5')).toEqual({ conversions: 0, exposures: 5 });
  });

  it('reads 0.04 and 4% alike, and refuses what is not a proportion', () => {
    const rate = { min: 0.0001, max: 0.9999 };
    expect(parseProportion('--baseline-rate', '0.04', rate)).toBe(0.04);
    expect(parseProportion('--baseline-rate', '4%', rate)).toBe(0.04);
    expect(parseProportion('--mde', '150%', { min: 0.001 })).toBe(1.5);
    for (const bad of ['0', '1', '100%', '-0.1', 'abc', '', '4 %%', '1e-300', '0.00009']) expect(() => parseProportion('--baseline-rate', bad, rate), bad).toThrow(/^--baseline-rate .*must be between 0\.01% and 99\.99% \(0\.0001 to 0\.9999\)/);
    for (const bad of ['1e-17', '0.0009', '0.09%']) expect(() => parseProportion('--mde', bad, { min: 0.001 }), bad).toThrow(/^--mde .*must be at least 0\.1% \(0\.001\)/);
  });
});

describe('the model holds numbers, the format words', () => {
  it('exports no text and raises no usage error', async () => {
    const model = await import('../../src/model/ab-test.js');
    for (const name of ['percent', 'pText', 'comparisonLine', 'abSummary', 'abCompact', 'directionNote', 'parseCounts', 'parseProportion']) expect(model, name).not.toHaveProperty(name);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(new URL('../../src/model/ab-test.ts', import.meta.url), 'utf8')).not.toMatch(/usageError|--mde|--variant/);
  });
});
