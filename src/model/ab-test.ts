/**
 * A/B test statistics, frequentist as GrowthBook's and Statsig's engines are: each variant against
 * the control by a two-sided two-proportion z-test with pooled variance (R's `prop.test(x, n,
 * correct = FALSE)`), the absolute difference with its unpooled Wald interval, the relative lift
 * with a delta-method interval, Holm–Bonferroni adjusted p-values when there are several variants,
 * a sample-ratio-mismatch check, and the sample size a design needs (R's `power.prop.test`).
 * The distributions come from stdlib; this module is pure and is reached only through commands
 * that need it (never from `pdx --help`). What the numbers look like in words is `ab-text.ts`, beside it.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import type { Arm, Experiment } from './experiment.js';
import type { KeyResult, Okr } from './okr.js';
import { DEFAULT_POWER, DEFAULT_SIGNIFICANCE } from './settings.js';

/** A design needing more exposures per arm than this is not a test anyone can run. */
export const MAX_EXPOSURES_PER_ARM = 1e9;

/** The defaults of `experiments.significance` and `experiments.power` in pdx.yaml. */
/** GrowthBook's threshold: a split this unlikely under the planned equal one means the assignment is broken. */
export const SRM_THRESHOLD = 0.001;

// The lower tail, where small probabilities keep their precision.
const upperZ = (p: number): number => -normalQuantile(p, 0, 1);

/**
 * Which way an A/B test's conversions should go. Higher is better unless the experiment moves a key
 * result whose target lies below its baseline (calls per 100 loads from 14 to 5): then fewer
 * conversions are better, as GrowthBook's inverse metrics are. The z-test itself is two-sided and
 * the same either way; the direction decides only what counts as better.
 */
export interface Direction {
  lowerIsBetter: boolean;
  /** The key result that sets it, when the experiment names one that exists. */
  kr?: { id: string; baseline: number; target: number };
}

/** Whether a key result counts falling as progress: its target is below its baseline. */
export function lowerIsBetter(kr: Pick<KeyResult, 'baseline' | 'target'> | undefined): boolean {
  return kr !== undefined && kr.target < kr.baseline;
}

/** An experiment's key result among the OKRs: one of its own domain's first, else any by that id; undefined without one. */
export function keyResultOf(experiment: Pick<Experiment, 'kr' | 'domain'>, okrs: readonly Pick<Okr, 'domain' | 'keyResults'>[]): KeyResult | undefined {
  if (experiment.kr === undefined) return undefined;
  const find = (list: readonly Pick<Okr, 'domain' | 'keyResults'>[]) => list.flatMap((o) => o.keyResults).find((k) => k.id === experiment.kr);
  return find(okrs.filter((o) => o.domain === experiment.domain)) ?? find(okrs);
}

/** The direction of an experiment's conversions from its key result (higher is better without one). */
export function directionOf(experiment: Pick<Experiment, 'kr' | 'domain'>, okrs: readonly Pick<Okr, 'domain' | 'keyResults'>[]): Direction {
  const kr = keyResultOf(experiment, okrs);
  return kr ? { lowerIsBetter: lowerIsBetter(kr), kr: { id: kr.id, baseline: kr.baseline, target: kr.target } } : { lowerIsBetter: false };
}

/**
 * A design no test can have: the change sought takes the variant's rate to 0 or below (`fall`) or
 * to 1 or above (`rise`). The command that reads the design words it for its flags.
 */
export class ImpossibleDesign extends Error {
  constructor(
    readonly way: 'rise' | 'fall',
    readonly baselineRate: number,
    readonly mde: number,
    readonly variantRate: number,
  ) {
    super(`a baseline rate of ${baselineRate} cannot ${way} by ${mde} (relative): the variant's rate would be ${variantRate}, outside 0 to 1`);
    this.name = 'ImpossibleDesign';
  }
}

/**
 * The exposures each arm needs to detect a relative change `mde` of `baselineRate` with `power`
 * at two-sided level `significance`: R's `power.prop.test(p1, p2 = p1 * (1 + mde), sig.level,
 * power)$n` (its default, strict = FALSE, is this closed form), not yet rounded up. When fewer
 * conversions are better the change sought is a drop: p2 = p1 * (1 - mde).
 */
export function sampleSizePerArm(baselineRate: number, mde: number, significance = DEFAULT_SIGNIFICANCE, power = DEFAULT_POWER, fewerIsBetter = false): number {
  const p1 = baselineRate;
  const p2 = designedRate(baselineRate, mde, fewerIsBetter);
  if (fewerIsBetter && !(p2 > 0)) throw new ImpossibleDesign('fall', p1, mde, p2);
  if (!(p2 < 1)) throw new ImpossibleDesign('rise', p1, mde, p2);
  const pooled = (p1 + p2) / 2;
  const root = upperZ(significance / 2) * Math.sqrt(2 * pooled * (1 - pooled)) + upperZ(1 - power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (root / (p2 - p1)) ** 2;
}

/** The variant's rate a design aims for: the baseline raised by `mde`, or lowered when fewer is better. */
export function designedRate(baselineRate: number, mde: number, fewerIsBetter = false): number {
  return baselineRate * (fewerIsBetter ? 1 - mde : 1 + mde);
}

/** Whether a comparison is a significant change the way the result's direction wants. */
export function isBetter(c: Pick<Comparison, 'significant' | 'difference'>, result: Pick<AbResult, 'lowerIsBetter'>): boolean {
  return c.significant && (result.lowerIsBetter ? c.difference < 0 : c.difference > 0);
}

/** Whether a comparison is a significant change against the result's direction. */
export function isWorse(c: Pick<Comparison, 'significant' | 'difference'>, result: Pick<AbResult, 'lowerIsBetter'>): boolean {
  return c.significant && (result.lowerIsBetter ? c.difference > 0 : c.difference < 0);
}

/** One variant against the control. Fields are null where the data cannot give them. */
export interface Comparison {
  name: string;
  /** The variant's and the control's conversion rates. */
  rate: number;
  controlRate: number;
  /** Absolute difference, variant − control, with its Wald interval at 1 − significance. */
  difference: number;
  differenceInterval: [number, number];
  /**
   * Relative lift (variant − control) / control, null when the control converted none; its
   * delta-method interval, clipped at −100%, null when either arm converted none (the difference
   * interval stands in for it).
   */
  lift: number | null;
  liftInterval: [number, number] | null;
  /** The pooled z statistic and its two-sided p-value; null when no arm converted (or every exposure did). */
  z: number | null;
  pValue: number | null;
  /** The p-value the decision uses: Holm–Bonferroni adjusted with several variants, else the p-value. */
  adjustedPValue: number | null;
  significant: boolean;
}

export interface AbResult {
  significance: number;
  control: Arm;
  comparisons: Comparison[];
  /** Whether p-values were adjusted for several variants (Holm–Bonferroni). */
  adjusted: boolean;
  /** Sample-ratio mismatch: the p-value of exposures against an equal split, and whether it is below SRM_THRESHOLD. */
  srm: { pValue: number; mismatch: boolean };
  /** Whether fewer conversions are better (the key result falls), which turns what "better" means. */
  lowerIsBetter: boolean;
  /**
   * The result the numbers support: validated (a variant significantly better), invalidated
   * (significantly worse, none better), else inconclusive — and inconclusive on a sample-ratio
   * mismatch, whose assignment is broken (GrowthBook and Statsig block such a result).
   */
  supported: 'validated' | 'invalidated' | 'inconclusive';
  /** True when no arm converted at all: no test is possible. */
  noConversions: boolean;
  /** True when every arm converted every exposure: no variation, so no test is possible either. */
  allConverted: boolean;
}

/** One variant against the control by the two-proportion z-test, at two-sided level `significance`. */
export function compareArms(control: Arm, variant: Arm, significance = DEFAULT_SIGNIFICANCE): Omit<Comparison, 'adjustedPValue' | 'significant'> {
  const pc = control.conversions / control.exposures;
  const pv = variant.conversions / variant.exposures;
  const z0 = upperZ(significance / 2);
  const difference = pv - pc;
  const se = Math.sqrt((pc * (1 - pc)) / control.exposures + (pv * (1 - pv)) / variant.exposures);
  // Clipped to what a difference of proportions can be, as R's prop.test does.
  const differenceInterval: [number, number] = [Math.max(-1, difference - z0 * se), Math.min(1, difference + z0 * se)];
  const pooled = (control.conversions + variant.conversions) / (control.exposures + variant.exposures);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / control.exposures + 1 / variant.exposures));
  const z = pooledSe > 0 ? difference / pooledSe : null;
  const pValue = z === null ? null : 2 * normalCdf(-Math.abs(z), 0, 1);
  let lift: number | null = null;
  let liftInterval: [number, number] | null = null;
  if (pc > 0) {
    lift = difference / pc;
    // Delta method for pv / pc: Var ≈ Var(pv)/pc² + pv²·Var(pc)/pc⁴. With a variant that converted
    // none it has no width (pv = 0 makes both terms 0): then no interval, and the difference's is shown.
    const liftSe = Math.sqrt((pv * (1 - pv)) / variant.exposures / pc ** 2 + (pv ** 2 * (1 - pc)) / (control.exposures * pc ** 3));
    // A rate cannot fall below 0, so a lift cannot fall below −100%: the lower bound is clipped there.
    if (pv > 0 && liftSe > 0) liftInterval = [Math.max(-1, lift - z0 * liftSe), lift + z0 * liftSe];
  }
  return { name: variant.name, rate: pv, controlRate: pc, difference, differenceInterval, lift, liftInterval, z, pValue };
}

/** Holm–Bonferroni adjusted p-values, in the order given (null stays null and is not counted). */
export function holm(pValues: (number | null)[]): (number | null)[] {
  const tested = pValues.map((p, i) => ({ p, i })).filter((x): x is { p: number; i: number } => x.p !== null).sort((a, b) => a.p - b.p);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  tested.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (tested.length - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** The p-value of the arms' exposures against an equal split (chi-square goodness of fit, k − 1 degrees of freedom). */
export function sampleRatioPValue(exposures: number[]): number {
  const total = exposures.reduce((a, b) => a + b, 0);
  const expected = total / exposures.length;
  const statistic = exposures.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
  return 1 - chisquareCdf(statistic, exposures.length - 1);
}

/** Every variant against the control (the first arm), at two-sided level `significance`; better is a significant drop when `lowerIsBetter`. */
export function analyseArms(arms: readonly Arm[], significance = DEFAULT_SIGNIFICANCE, lowerIsBetter = false): AbResult {
  const [control, ...variants] = arms;
  if (!control || variants.length === 0) throw new Error('an A/B test needs a control and at least one variant');
  const raw = variants.map((v) => compareArms(control, v, significance));
  const adjusted = variants.length > 1;
  const adjustedP = adjusted ? holm(raw.map((c) => c.pValue)) : raw.map((c) => c.pValue);
  const comparisons = raw.map((c, i) => ({ ...c, adjustedPValue: adjustedP[i]!, significant: adjustedP[i] !== null && adjustedP[i]! < significance }));
  const srmP = sampleRatioPValue(arms.map((a) => a.exposures));
  const way = { lowerIsBetter };
  const mismatch = srmP < SRM_THRESHOLD;
  const supported = mismatch ? 'inconclusive' : comparisons.some((c) => isBetter(c, way)) ? 'validated' : comparisons.some((c) => isWorse(c, way)) ? 'invalidated' : 'inconclusive';
  return {
    significance,
    lowerIsBetter,
    control,
    comparisons,
    adjusted,
    srm: { pValue: srmP, mismatch },
    supported,
    noConversions: arms.every((a) => a.conversions === 0),
    allConverted: arms.every((a) => a.conversions === a.exposures),
  };
}

/** The arms' names in the order they are stored: `control`, then `variant` for one, `variant-1`, `variant-2`… for several. */
export function armNames(variants: number): string[] {
  return ['control', ...(variants === 1 ? ['variant'] : Array.from({ length: variants }, (_, i) => `variant-${i + 1}`))];
}


/** An experiment's arms analysed (`analyseArms`) in its direction, or undefined without a control and a variant. */
export function analyseExperiment(experiment: Pick<Experiment, 'arms'>, significance = DEFAULT_SIGNIFICANCE, direction?: Pick<Direction, 'lowerIsBetter'>): AbResult | undefined {
  if (!experiment.arms || experiment.arms.length < 2) return undefined;
  return analyseArms(experiment.arms, significance, direction?.lowerIsBetter);
}

/**
 * Why an A/B test's numbers do not allow `result`, or undefined when they do: `validated` and
 * `invalidated` need exposures near the equal split the test assumes (`srm`); `validated` needs a
 * variant significantly better than the control in the result's direction (`none-better`);
 * `invalidated` must have none (`better`, naming them). `inconclusive` is always allowed.
 * `experiment conclude` refuses on it, `validate` warns on a stored result it contradicts.
 */
export type ResultConflict = { kind: 'srm' } | { kind: 'none-better' } | { kind: 'better'; variants: Comparison[] };
export function resultConflict(result: string, analysis: AbResult): ResultConflict | undefined {
  if (result !== 'validated' && result !== 'invalidated') return undefined;
  if (analysis.srm.mismatch) return { kind: 'srm' };
  const better = analysis.comparisons.filter((c) => isBetter(c, analysis));
  if (result === 'validated' && better.length === 0) return { kind: 'none-better' };
  if (result === 'invalidated' && better.length > 0) return { kind: 'better', variants: better };
  return undefined;
}
