import { z } from 'zod';
import { HYPOTHESIS_KINDS, HYPOTHESIS_STATUSES, IMPORTANCES, type HypothesisKind } from './vocabulary.js';

export { HYPOTHESIS_KINDS, HYPOTHESIS_STATUSES, IMPORTANCES, type HypothesisKind };
import { DateSchema, IdSchema, TextSchema } from './common.js';


/**
 * A status set against the evidence (`pdx hypothesis status --force --reason`): the status it was
 * forced to, why, the day and who. It stands while the hypothesis keeps that status; the gates then
 * warn instead of failing.
 */
export const StatusOverrideSchema = z.strictObject({
  status: z.enum(HYPOTHESIS_STATUSES).describe('The status that was set against the evidence'),
  reason: TextSchema.describe('Why the team set it although the evidence says otherwise'),
  date: DateSchema.describe('The day it was set'),
  by: z.string().optional().describe('Who set it'),
});

export const ClaimSchema = z.strictObject({
  id: IdSchema,
  text: TextSchema,
  importance: z.enum(IMPORTANCES).optional().describe('high, medium (the default) or low: how much the idea depends on this claim'),
});

const common = {
  id: IdSchema.describe('The hypothesis id; the file is named <id>.yaml'),
  initiative: IdSchema.describe('The initiative this hypothesis belongs to'),
  statement: TextSchema.describe('The hypothesis in one or two sentences'),
  claims: z.array(ClaimSchema).min(1).describe('Testable claims, each with an id (c1, c2…) and text'),
  status: z.enum(HYPOTHESIS_STATUSES).default('draft').describe('draft, testing, validated or invalidated, set by the team'),
  statusSince: DateSchema.optional().describe('The day the team set the current status (pdx hypothesis status --date)'),
  statusOverride: StatusOverrideSchema.optional().describe('Set when the status was forced against the evidence (pdx hypothesis status --force --reason)'),
  supersedes: IdSchema.optional().describe('An earlier hypothesis of the same kind that this one iterates on'),
  created: DateSchema.optional().describe('Date written'),
  notes: z.string().optional(),
};

const PersonaSchema = z.strictObject({
  name: TextSchema,
  jobs: z.array(TextSchema).default([]),
  pains: z.array(TextSchema).default([]),
});

const CompetitorSchema = z.strictObject({
  name: TextSchema,
  /** How well they solve the pains today, in the team's words. */
  howWell: z.string().optional(),
});

const PricePointSchema = z.strictObject({
  name: TextSchema,
  amount: z.number().nonnegative(),
  unit: TextSchema,
});

/** A hypothesis: one of six kinds, each with its own fields; kind fields may be filled in while drafting. */
export const HypothesisSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...common,
    kind: z.literal('customer'),
    segments: z.array(TextSchema).optional(),
    personas: z.array(PersonaSchema).optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('product'),
    currentSolution: z.string().optional(),
    /** How many times better than the current solution; the bar is 10X. */
    improvementFactor: z.number().positive().optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('market'),
    marketSize: z.string().optional(),
    sources: z.array(TextSchema).optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('competitor'),
    competitors: z.array(CompetitorSchema).optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('pricing'),
    pricePoints: z.array(PricePointSchema).optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('revenue-engine'),
    ltv: z.number().nonnegative().optional(),
    cac: z.number().nonnegative().optional(),
    channels: z.array(TextSchema).optional(),
  }),
]);
export type Hypothesis = z.infer<typeof HypothesisSchema>;
