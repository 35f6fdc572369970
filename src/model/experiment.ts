import { z } from 'zod';
import { DECISIONS, EXPERIMENT_RESULTS, EXPERIMENT_STATUSES, EXPERIMENT_TYPES } from './vocabulary.js';

export { DECISIONS, EXPERIMENT_RESULTS, EXPERIMENT_STATUSES, EXPERIMENT_TYPES };
import { DateSchema, IdSchema, TextSchema } from './common.js';


export const TestCardSchema = z.strictObject({
  believe: TextSchema,
  verify: TextSchema,
  measure: TextSchema,
  rightIf: TextSchema,
});

export const LearningCardSchema = z.strictObject({
  observed: TextSchema,
  learned: TextSchema,
  next: TextSchema,
  decision: z.enum(DECISIONS).optional(),
});

/** One arm of an A/B test: how many were exposed to it and how many of them converted. */
export const ArmSchema = z
  .strictObject({
    name: z.string().regex(/^(?:control|variant(?:-[1-9][0-9]?)?)$/, { error: 'control, variant or variant-N' }),
    conversions: z.number().int().min(0),
    exposures: z.number().int().positive(),
  })
  .refine((a) => a.conversions <= a.exposures, { error: 'conversions cannot exceed exposures', path: ['conversions'] });

/**
 * The designs an A/B test may plan: a control rate from 0.01% to 99.99% and a smallest change
 * worth detecting of at least 0.1% (relative). Outside them the sample size is absurd (a baseline of
 * 1e-300 needs an 80-digit sample, an mde of 1e-17 an infinite one).
 */
export const DESIGN_BOUNDS = { baselineRate: { min: 0.0001, max: 0.9999 }, mde: { min: 0.001 } } as const;

/** The most variants one A/B test compares with its control (`variant-1` … `variant-20`). */
export const MAX_VARIANTS = 20;

/**
 * The arms of an A/B test, as `experiment conclude` writes them: the control first and only once,
 * then `variant` when there is one, `variant-1`, `variant-2`… in order when there are several.
 * A hand edit that breaks this (two controls, a variant first, a name twice) is an error at the arm.
 */
export const ArmsSchema = z
  .array(ArmSchema)
  .superRefine((arms, ctx) => {
    if (arms.length < 2) ctx.addIssue({ code: 'custom', message: 'an A/B test has a control and at least one variant', path: [] });
    if (arms.length > MAX_VARIANTS + 1) ctx.addIssue({ code: 'custom', message: `an A/B test has at most ${MAX_VARIANTS} variants beside its control; this one has ${arms.length - 1}`, path: [] });
    const variants = arms.length - 1;
    const seen = new Map<string, number>();
    arms.forEach((arm, i) => {
      const expected = i === 0 ? 'control' : variants === 1 ? 'variant' : `variant-${i}`;
      const first = seen.get(arm.name);
      seen.set(arm.name, first ?? i);
      if (arm.name === expected) return;
      const why =
        first !== undefined
          ? `arm name \`${arm.name}\` is used twice (arms ${first + 1} and ${i + 1}); each arm has its own name`
          : i === 0
            ? `the first arm is the control: name it \`control\`, not \`${arm.name}\``
            : arm.name === 'control'
              ? `only the first arm is the control; arm ${i + 1} is a variant: name it \`${expected}\``
              : `arm ${i + 1} of ${arms.length} is named \`${expected}\`, not \`${arm.name}\` (${variants === 1 ? 'one variant is `variant`' : `${variants} variants are \`variant-1\` to \`variant-${variants}\` in order`})`;
      ctx.addIssue({ code: 'custom', message: why, path: [i, 'name'] });
    });
  });

/** Set when a result was recorded against the numbers (`experiment conclude --force --reason`). */
export const ResultOverrideSchema = z.strictObject({
  result: z.enum(EXPERIMENT_RESULTS).describe('The result that was recorded against the numbers'),
  reason: TextSchema.describe('Why the team recorded it although the test was not significant'),
  date: DateSchema.describe('The day it was recorded'),
  by: z.string().optional().describe('Who recorded it'),
});

/**
 * A test of hypotheses (discovery, `initiative`) or of a product change (product management,
 * `domain`). Exactly one of the two is set; the cross-file checks enforce it.
 */
export const ExperimentSchema = z.strictObject({
  id: IdSchema.describe('The experiment id; the file is named <id>.yaml'),
  title: z.string().optional(),
  initiative: IdSchema.optional().describe('The discovery initiative it tests (or set domain)'),
  domain: IdSchema.optional().describe('The product-management domain it tests (or set initiative)'),
  type: z.enum(EXPERIMENT_TYPES),
  hypotheses: z.array(IdSchema).default([]).describe('Ids of the hypotheses under test'),
  testCard: TestCardSchema.describe('We believe… To verify we will… And measure… We are right if…'),
  status: z.enum(EXPERIMENT_STATUSES),
  started: DateSchema.optional(),
  plannedDays: z.number().int().positive().optional().describe('How long it is planned to run, in days'),
  concluded: DateSchema.optional(),
  result: z.enum(EXPERIMENT_RESULTS).optional().describe('Set when concluded'),
  learning: LearningCardSchema.optional().describe('We observed… We learned… Therefore we will…, and the decision'),
  kr: IdSchema.optional().describe('The key result a domain experiment is meant to move: an outcome, not an output'),
  product: IdSchema.optional().describe("The product (an initiative handed off to the domain) a domain experiment targets"),
  baselineRate: z
    .number()
    .min(DESIGN_BOUNDS.baselineRate.min)
    .max(DESIGN_BOUNDS.baselineRate.max)
    .optional().describe("An A/B test's expected control conversion rate, e.g. 0.04, for its sample size"),
  mde: z
    .number()
    .min(DESIGN_BOUNDS.mde.min)
    .optional().describe('The smallest relative lift worth detecting, e.g. 0.1 for +10%, for its sample size'),
  arms: ArmsSchema.optional().describe("An A/B test's counts per arm on conclusion: control first, then each variant"),
  resultOverride: ResultOverrideSchema.optional().describe('Set when the result was recorded although the test was not significant'),
});
export type Experiment = z.infer<typeof ExperimentSchema>;
export type Arm = z.infer<typeof ArmSchema>;
export type ResultOverride = z.infer<typeof ResultOverrideSchema>;
