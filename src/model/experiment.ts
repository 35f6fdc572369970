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
});
export type Experiment = z.infer<typeof ExperimentSchema>;
