import { z } from 'zod';
import { DateSchema, IdSchema, TextSchema } from './common.js';
import { PERIOD_PATTERN, PERIOD_RULE } from './vocabulary.js';

export const KeyResultSchema = z.strictObject({
  id: IdSchema,
  metric: TextSchema,
  unit: z.string().optional(),
  baseline: z.number(),
  target: z.number(),
  /** The day it was added (`pdx kr add --date`). */
  created: DateSchema.optional(),
  /** Latest value; check-in files carry the dated history. */
  current: z.number().optional(),
});

export { PERIOD_PATTERN, PERIOD_RULE } from './vocabulary.js';

/** An objective of a domain for one period, with its key results. */
export const OkrSchema = z.strictObject({
  id: IdSchema,
  domain: IdSchema,
  period: z.string().regex(PERIOD_PATTERN, { error: PERIOD_RULE }),
  objective: TextSchema,
  created: DateSchema.optional().describe('The day the objective was set'),
  product: IdSchema.optional().describe('The product (an initiative handed off to the domain) the objective is for'),
  /** Empty while the objective is drafted; `pdx kr add` appends. */
  keyResults: z.array(KeyResultSchema).default([]),
});
export type Okr = z.infer<typeof OkrSchema>;
export type KeyResult = z.infer<typeof KeyResultSchema>;

/** One dated measurement of a key result; one file each, so parallel check-ins never conflict. */
export const CheckinSchema = z.strictObject({
  id: IdSchema,
  kr: IdSchema,
  date: DateSchema,
  value: z.number(),
  note: z.string().optional(),
  by: z.string().optional(),
});
export type Checkin = z.infer<typeof CheckinSchema>;
