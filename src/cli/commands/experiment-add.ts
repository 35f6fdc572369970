import { checkKeyResult, concludable, experimentDirection, requireOwner, planExperimentAdd, planExperimentConclude } from '../../authoring/experiment.js';
import { checkProduct } from '../../authoring/domain.js';
import { findRecord } from '../../authoring/plan.js';
import { DECISIONS, DESIGN_BOUNDS, EXPERIMENT_RESULTS, EXPERIMENT_TYPES, MAX_VARIANTS } from '../../model/experiment.js';
import { requireConfig } from '../../engine/workspace.js';
import { EXIT, usageError } from '../../errors.js';
import { comparisonLine, directionNote, noVariation, percent, pText } from '../../model/ab-text.js';
import { analyseArms, armNames, designedRate, directionOf, ImpossibleDesign, sampleSizePerArm, type Comparison, type Direction } from '../../model/ab-test.js';
import { parseCounts, parseProportion, runnableSampleSize } from '../ab-flags.js';
import type { Arm, Experiment } from '../../model/experiment.js';
import { whoIsWriting } from '../identity.js';
import type { Context } from '../context.js';
import { askOpenExperiment } from '../ids.js';
import { longTexts } from '../text-input.js';
import { fill, openForWrite, runWrite, sameDate, type WriteFlags } from '../write.js';
import { powerOf, significanceOf } from '../../model/settings.js';

export interface ExperimentAddOptions extends WriteFlags {
  initiative?: string;
  domain?: string;
  /** With --domain: the key result it is meant to move. */
  kr?: string;
  /** With --domain: the product (an initiative) it targets. */
  product?: string;
  type?: string;
  hypothesis?: string[];
  believe?: string;
  verify?: string;
  measure?: string;
  rightIf?: string;
  start?: string;
  /** The same as --start: the date every write command takes is the one this one records. */
  date?: string;
  days?: number;
  title?: string;
  id?: string;
  baselineRate?: string;
  mde?: string;
}

/** An A/B test's design flags, checked before anything is read or asked: both or neither, and only for `--type ab-test`. */
export function abDesign(options: Pick<ExperimentAddOptions, 'type' | 'baselineRate' | 'mde'>): { baselineRate: number; mde: number } | undefined {
  const { baselineRate, mde } = options;
  if (baselineRate === undefined && mde === undefined) return undefined;
  if (options.type !== 'ab-test') throw usageError(`${baselineRate !== undefined ? '--baseline-rate' : '--mde'} goes with --type ab-test: it plans the sample size of an A/B test`);
  if (baselineRate === undefined) throw usageError('--mde needs --baseline-rate: the sample size depends on both (e.g. --baseline-rate 4% --mde 10%)');
  if (mde === undefined) throw usageError('--baseline-rate needs --mde: the sample size depends on both (e.g. --baseline-rate 4% --mde 10%)');
  return { baselineRate: parseProportion('--baseline-rate', baselineRate, DESIGN_BOUNDS.baselineRate), mde: parseProportion('--mde', mde, DESIGN_BOUNDS.mde) };
}

/** `pdx experiment add`: a test card; running from --start (or --date), planned without it. */
export async function experimentAdd(ctx: Context, options: ExperimentAddOptions): Promise<number> {
  const start = sameDate(options.start, '--start', options.date);
  const design = abDesign(options);
  // Who it belongs to is a flag nothing asks: said before anything else is read or asked.
  requireOwner(options);
  const session = await openForWrite(ctx);
  const config = requireConfig(session.ws);
  const level = significanceOf(config);
  const power = powerOf(config);
  // The key result is checked before anything is asked: nothing typed is refused afterwards.
  if (options.kr !== undefined) {
    if (options.domain !== undefined && options.initiative === undefined) findRecord(session.records, 'domain', options.domain, '--domain');
    checkKeyResult(session.records, options.kr, options.domain, options.initiative);
  }
  // A key result that falls wants fewer conversions: the design then looks for a drop of --mde.
  const direction = directionOf({ kr: options.kr, domain: options.domain }, session.records.okr.map((o) => o.data));
  // An impossible design (a lift past 100%, a drop of 100% or more) is refused before anything is asked.
  const perArm = design ? runnableSampleSize(design.baselineRate, design.mde, level, power, direction.lowerIsBetter) : undefined;
  if (options.product !== undefined) {
    if (options.domain !== undefined && options.initiative === undefined) findRecord(session.records, 'domain', options.domain, '--domain');
    checkProduct(session.records, options.product, options.initiative === undefined ? options.domain : undefined);
  }
  const p = ctx.interactive ? await ctx.prompts() : undefined;
  const text = (message: string) => () => p!.askText(message, undefined, { required: true });
  const values = await fill(ctx, 'experiment add', { type: options.type, believe: options.believe, verify: options.verify, measure: options.measure, rightIf: options.rightIf }, {
    type: { flag: '--type', ask: () => p!.askChoice('Type:', EXPERIMENT_TYPES.map((t) => ({ value: t, name: t }))) },
    believe: { flag: '--believe', ask: text('We believe that…') },
    verify: { flag: '--verify', ask: text('To verify that, we will…') },
    measure: { flag: '--measure', ask: text('And measure…') },
    rightIf: { flag: '--right-if', ask: text('We are right if…') },
  });
  const code = await runWrite(ctx, session, options, (taken) =>
    planExperimentAdd(session.records, { ...options, ...values, start, hypotheses: options.hypothesis ?? [], baselineRate: design?.baselineRate, mde: design?.mde }, taken),
  );
  if (code === EXIT.ok && design && perArm !== undefined && !options.json) {
    ctx.out(
      `sample size: ${perArm.toLocaleString('en-US')} exposures per arm, ${(2 * perArm).toLocaleString('en-US')} in all, to detect ${percent(direction.lowerIsBetter ? -design.mde : design.mde, true)} on a ${percent(design.baselineRate)} baseline (${percent(designedRate(design.baselineRate, design.mde, direction.lowerIsBetter))}) with ${Math.round(power * 100)}% power at significance ${level} (two-sided)${direction.lowerIsBetter ? ` ${directionNote(direction)}` : ''}`,
    );
  }
  return code;
}

export interface ExperimentConcludeOptions extends WriteFlags {
  result?: string;
  observed?: string;
  observedFile?: string;
  learned?: string;
  learnedFile?: string;
  next?: string;
  decision?: string;
  date?: string;
  control?: string;
  variant?: string[];
  force?: boolean;
  reason?: string;
}

/** The arms given as flags, checked before anything is read: a control and at least one variant, each CONVERSIONS/EXPOSURES. */
export function armsFromFlags(options: Pick<ExperimentConcludeOptions, 'control' | 'variant'>): Arm[] | undefined {
  const variants = options.variant ?? [];
  if (options.control === undefined && variants.length === 0) return undefined;
  if (options.control === undefined) throw usageError('--variant needs --control CONVERSIONS/EXPOSURES: each variant is compared with the control');
  if (variants.length === 0) throw usageError('--control needs --variant CONVERSIONS/EXPOSURES (repeat it for several variants)');
  if (variants.length > MAX_VARIANTS) throw usageError(`--variant: ${variants.length} variants given; an A/B test compares at most ${MAX_VARIANTS} with its control`, 'give each variant\'s counts once, at most 20 --variant flags');
  const names = armNames(variants.length);
  return [options.control, ...variants].map((text, i) => ({ name: names[i]!, ...parseCounts(i === 0 ? '--control' : variants.length === 1 ? '--variant' : `--variant (the ${ordinal(i)})`, text) }));
}

const ordinal = (n: number): string => (n === 1 ? 'first' : n === 2 ? 'second' : n === 3 ? 'third' : `${n}th`);

/** The numbers of a concluded A/B test as printed after conclude and by show: each variant, the sample ratio, and the planned size. */
export function abReportLines(experiment: Pick<Experiment, 'arms' | 'baselineRate' | 'mde'>, significance: number, power: number, direction: Direction = { lowerIsBetter: false }): string[] {
  if (!experiment.arms || experiment.arms.length < 2) return [];
  const result = analyseArms(experiment.arms, significance, direction.lowerIsBetter);
  const lines = experiment.arms.map((a) => `${a.name}: ${a.conversions.toLocaleString('en-US')} of ${a.exposures.toLocaleString('en-US')} converted (${percent(a.conversions / a.exposures)})`);
  if (result.noConversions || result.allConverted) lines.push(`${noVariation(result)}: no test is possible, so no variant is significant`);
  else lines.push(...result.comparisons.map((c) => comparisonLine(c, result)));
  lines.push(...result.comparisons.filter(disagrees(result.significance)).map((c) => intervalNote(c, result.significance)));
  if (result.adjusted) lines.push(`p-values are Holm–Bonferroni adjusted for ${result.comparisons.length} variants; significance is judged on the adjusted ones`);
  if (result.srm.mismatch) lines.push(`warning: sample-ratio mismatch — exposures ${experiment.arms.map((a) => a.exposures).join(' vs ')} are unlikely under the equal split the test assumes (${pText(result.srm.pValue)}); the assignment is broken, so the numbers can neither validate nor invalidate: check it and rerun`);
  if (result.lowerIsBetter) lines.push(`direction: a significant drop is better ${directionNote(direction)}`);
  if (experiment.baselineRate !== undefined && experiment.mde !== undefined) {
    const planned = plannedSize(experiment.baselineRate, experiment.mde, significance, power, direction.lowerIsBetter);
    // A design the counts cannot reach in any direction (hand-edited) is reported by validate, not here.
    if (planned === undefined) return [...lines, `the numbers support: ${result.supported}`];
    const smallest = Math.min(...experiment.arms.map((a) => a.exposures));
    lines.push(
      smallest >= planned
        ? `sample: every arm reached the planned ${planned.toLocaleString('en-US')} exposures`
        : `sample: the smallest arm has ${smallest.toLocaleString('en-US')} of the planned ${planned.toLocaleString('en-US')} exposures (${percent(smallest / planned)}): too few to detect ${percent(result.lowerIsBetter ? -experiment.mde : experiment.mde, true)} with ${Math.round(power * 100)}% power`,
    );
  }
  lines.push(`the numbers support: ${result.supported}`);
  return lines;
}

/** `pdx experiment conclude [ID]`: the result and the learning card, dated --date. */
export async function experimentConclude(ctx: Context, given: string | undefined, options: ExperimentConcludeOptions): Promise<number> {
  const long = longTexts(ctx, {
    observed: { flag: '--observed', value: options.observed, file: options.observedFile, question: 'We observed…' },
    learned: { flag: '--learned', value: options.learned, file: options.learnedFile, question: 'We learned…' },
  });
  const arms = armsFromFlags(options);
  checkForceFlags(options);
  const writing = options.force ? whoIsWriting(ctx) : undefined;
  const session = await openForWrite(ctx);
  const config = requireConfig(session.ws);
  const significance = significanceOf(config);
  const id = await askOpenExperiment(ctx, session.ws, given);
  // The experiment is checked before anything is asked about it.
  const experiment = concludable(session.records, id);
  if (arms && experiment.data.type !== 'ab-test') throw usageError(`--control and --variant are the counts of an A/B test; ${id} is a ${experiment.data.type} experiment`);
  if (!arms && options.force && experiment.data.type !== 'ab-test') throw usageError(`--force goes with an A/B test's result; ${id} is a ${experiment.data.type} experiment`);
  // With counts the numbers decide the result when none is given.
  const direction = experimentDirection(session.records, experiment);
  const derived = arms && options.result === undefined ? analyseArms(arms, significance, direction.lowerIsBetter).supported : undefined;
  const p = long.asking.interactive ? await ctx.prompts() : undefined;
  const text = (message: string) => () => p!.askText(message, undefined, { required: true });
  const values = await fill(long.asking, 'experiment conclude', { result: options.result ?? derived, observed: long.values.observed, learned: long.values.learned, next: options.next }, {
    result: { flag: '--result', ask: () => p!.askChoice('Result:', EXPERIMENT_RESULTS.map((r) => ({ value: r, name: r }))) },
    observed: { flag: '--observed', ask: text('We observed…') },
    learned: { flag: '--learned', ask: text('We learned…') },
    next: { flag: '--next', ask: text('Therefore we will…') },
  }).catch(long.check);
  const asked = p && [options.result, long.values.observed, long.values.learned, options.next].includes(undefined);
  const decision = options.decision ?? (asked ? await p.askChoice('Decision:', DECISIONS.map((d) => ({ value: d, name: d }))) : undefined);
  await long.finish(values);
  const author = await writing;
  const ab = experiment.data.type === 'ab-test' ? { arms, significance, force: options.force, reason: options.reason, by: author?.by } : undefined;
  const code = await runWrite(ctx, session, options, () => planExperimentConclude(session.records, id, { ...values, decision, date: options.date ?? session.today, ab }), author ? { author } : {});
  if (code === EXIT.ok && !options.json && arms) {
    const lines = abReportLines({ ...experiment.data, arms }, significance, powerOf(config), direction);
    ctx.out(lines.join('\n'));
    if (derived) ctx.out(`result: ${derived} (from the numbers; pass --result to say otherwise)`);
    if (options.force) ctx.out(`result: ${values.result}, recorded against the numbers (resultOverride: ${options.reason})`);
  }
  return code;
}

/** `--force` needs `--reason`, and `--reason` only goes with `--force`. */
function checkForceFlags(options: Pick<ExperimentConcludeOptions, 'force' | 'reason'>): void {
  if (options.force && !options.reason?.trim()) throw usageError('--force needs --reason "…" (it is recorded on the experiment as its resultOverride)');
  if (!options.force && options.reason !== undefined) throw usageError('--reason goes with --force: it says why a result the numbers do not support is recorded anyway');
}

/** The exposures per arm a stored design plans, rounded up; undefined for a design no test can have. */
function plannedSize(baselineRate: number, mde: number, significance: number, power: number, fewerIsBetter: boolean): number | undefined {
  try {
    return Math.ceil(sampleSizePerArm(baselineRate, mde, significance, power, fewerIsBetter));
  } catch (e) {
    if (e instanceof ImpossibleDesign) return undefined;
    throw e;
  }
}

/**
 * Whether a comparison's difference interval and its (unadjusted) p-value disagree: the interval
 * excludes 0 while p is at or above the level, or includes 0 while p is below it. They can, near
 * the threshold: the p-value is the pooled z-test, the interval the unpooled Wald interval.
 */
const disagrees = (significance: number) => (c: Comparison): boolean => {
  if (c.pValue === null) return false;
  const excludesZero = c.differenceInterval[0] > 0 || c.differenceInterval[1] < 0;
  return excludesZero !== c.pValue < significance;
};

/** The one line that explains why a comparison's interval and its verdict disagree. */
function intervalNote(c: Comparison, significance: number): string {
  const excludes = c.differenceInterval[0] > 0 || c.differenceInterval[1] < 0;
  return `note: ${c.name}'s difference interval ${excludes ? 'excludes' : 'includes'} 0 while ${pText(c.pValue)} is ${excludes ? 'not ' : ''}below ${significance}: the verdict follows the p-value, R's prop.test pooled z-test; the interval is prop.test's unpooled Wald interval, and near the threshold the two can disagree`;
}
