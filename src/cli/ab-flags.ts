/**
 * The flags of an A/B test read as numbers: an arm's counts (`--control 412/10000`) and a rate or
 * lift (`--baseline-rate 4%`). Anything else is a usage error naming the flag.
 */
import { usageError } from '../errors.js';
import { percent } from '../model/ab-text.js';
import { ImpossibleDesign, MAX_EXPOSURES_PER_ARM, sampleSizePerArm } from '../model/ab-test.js';

/** The counts of one arm, read from `CONVERSIONS/EXPOSURES`; anything else is a usage error naming `flag`. */
export function parseCounts(flag: string, text: string): { conversions: number; exposures: number } {
  const m = /^\s*([^/]*)\/([^/]*)\s*$/.exec(text);
  const bad = (why: string) => usageError(`${flag} ${JSON.stringify(text)}: ${why}`, `give the arm's counts as CONVERSIONS/EXPOSURES, e.g. ${flag} 412/10000`);
  if (!m) throw bad('not CONVERSIONS/EXPOSURES');
  const [conversions, exposures] = [m[1]!.trim(), m[2]!.trim()].map((part, i) => {
    const what = i === 0 ? 'conversions' : 'exposures';
    if (part === '') throw bad(`the ${what} are missing`);
    if (/^-/.test(part)) throw bad(`the ${what} cannot be negative`);
    if (/^[0-9]*\.[0-9]+$|^[0-9]+\.[0-9]*$/.test(part)) throw bad(`the ${what} must be a whole number`);
    if (/^[0-9.]+e[+-]?[0-9]+$/i.test(part)) throw bad(`the ${what} take digits only, e.g. 1000/2000, not ${part}`);
    if (!/^[0-9]+$/.test(part)) throw bad(`the ${what} are not a number`);
    const n = Number(part);
    if (!Number.isSafeInteger(n)) throw bad(`the ${what} are too large`);
    return n;
  }) as [number, number];
  if (exposures === 0) throw bad('an arm needs at least one exposure');
  if (conversions > exposures) throw bad(`${conversions} conversions cannot exceed ${exposures} exposures`);
  return { conversions, exposures };
}

/** `0.9999` → `99.99%`: a bound as given, not rounded to one decimal. */
const exactPercent = (x: number): string => `${Number((x * 100).toPrecision(6))}%`;

/** A proportion given as `0.04` or `4%`, within `min` and `max` (inclusive); a usage error naming the range. */
export function parseProportion(flag: string, text: string, bounds: { min: number; max?: number }): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e-?[0-9]+)?)\s*(%?)\s*$/i.exec(text);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  const { min, max } = bounds;
  const range = max !== undefined ? `between ${exactPercent(min)} and ${exactPercent(max)} (${min} to ${max})` : `at least ${exactPercent(min)} (${min})`;
  if (!Number.isFinite(value) || value < min || (max !== undefined && value > max)) throw usageError(`${flag} ${JSON.stringify(text)}: must be ${range}, e.g. ${flag === '--mde' ? '0.1 or 10%' : '0.04 or 4%'}`);
  return value;
}

/**
 * The exposures per arm a design needs (`sampleSizePerArm`), a design no test can have worded for
 * `--baseline-rate` and `--mde`.
 */
export function designedSampleSize(baselineRate: number, mde: number, significance: number, power: number, fewerIsBetter: boolean): number {
  try {
    return sampleSizePerArm(baselineRate, mde, significance, power, fewerIsBetter);
  } catch (e) {
    if (!(e instanceof ImpossibleDesign)) throw e;
    const why = `a baseline rate of ${percent(e.baselineRate)} cannot ${e.way} by ${percent(e.mde)}: the variant's rate would be ${percent(e.variantRate)}`;
    throw usageError(`--mde ${why}`, e.way === 'fall' ? 'give an --mde below 100%' : 'give a smaller --mde');
  }
}

/**
 * The exposures per arm a design needs, rounded up; one needing more than a billion per arm (or no
 * finite number) is refused, worded for the flags.
 */
export function runnableSampleSize(baselineRate: number, mde: number, significance: number, power: number, fewerIsBetter: boolean): number {
  const n = Math.ceil(designedSampleSize(baselineRate, mde, significance, power, fewerIsBetter));
  if (Number.isFinite(n) && n <= MAX_EXPOSURES_PER_ARM) return n;
  throw usageError(
    `--mde ${exactPercent(mde)} on a ${exactPercent(baselineRate)} baseline needs ${Number.isFinite(n) ? `${n.toExponential(1).replace('e+', '×10^')} exposures per arm` : 'more exposures than can be counted'}, over ${MAX_EXPOSURES_PER_ARM.toLocaleString('en-US')} per arm: not a test you can run`,
    'look for a larger change (--mde) or a metric with a higher --baseline-rate',
  );
}
