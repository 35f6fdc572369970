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
  baselineRate: z.number().gt(0).lt(1).optional().describe("An A/B test's expected control conversion rate, e.g. 0.04, for its sample size"),
  mde: z.number().gt(0).optional().describe('The smallest relative lift worth detecting, e.g. 0.1 for +10%, for its sample size'),
  arms: z.array(ArmSchema).optional().describe("An A/B test's counts per arm on conclusion: control first, then each variant"),
  resultOverride: ResultOverrideSchema.optional().describe('Set when the result was recorded although the test was not significant'),
});
export type Experiment = z.infer<typeof ExperimentSchema>;
export type Arm = z.infer<typeof ArmSchema>;
export type ResultOverride = z.infer<typeof ResultOverrideSchema>;
