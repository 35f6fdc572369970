import { z } from 'zod';
import { CustomerIdSchema, DateSchema, IdSchema, StageSchema, TeamMemberSchema, TextSchema } from './common.js';

export const StageEntrySchema = z.strictObject({
  stage: StageSchema,
  date: DateSchema,
  /** Who moved the initiative, from git config. */
  by: z.string().optional(),
  /** Why: required for forced moves and moves backwards (a pivot). */
  reason: z.string().optional(),
  forced: z.boolean().optional(),
  /** Rule ids that failed when the move was forced. */
  failedRules: z.array(z.string()).optional(),
});

export const IdeaSchema = z.strictObject({
  text: TextSchema,
  date: DateSchema.optional(),
  by: z.string().optional(),
});

export const ParticipantSchema = z.strictObject({
  id: CustomerIdSchema,
  segment: z.string().optional(),
  joined: DateSchema,
});

export const PayingCustomerSchema = z.strictObject({
  id: CustomerIdSchema,
  payingSince: DateSchema,
  churnedOn: DateSchema.optional(),
});

/** One discovery team's search for one value breakthrough. */
export const InitiativeSchema = z.strictObject({
  id: IdSchema,
  title: TextSchema,
  /** A business outcome, not a solution. */
  objective: z.string().optional(),
  risk: z.enum(['market', 'technical']).default('market'),
  stage: StageSchema,
  history: z.array(StageEntrySchema).default([]),
  team: z.array(TeamMemberSchema).default([]),
  ideas: z.array(IdeaSchema).default([]),
  epiphany: z.string().optional(),
  /** Initial product release (IPR); may be planned ahead. */
  releasedOn: DateSchema.optional(),
  feedbackGroup: z.array(ParticipantSchema).default([]),
  customers: z.array(PayingCustomerSchema).default([]),
  /** For a minimum viable expansion: the initiative it expands. */
  parent: IdSchema.optional(),
  /** The product-management domain the product is handed to after MVP. */
  domain: IdSchema.optional(),
});
export type Initiative = z.infer<typeof InitiativeSchema>;
export type StageEntry = z.infer<typeof StageEntrySchema>;
