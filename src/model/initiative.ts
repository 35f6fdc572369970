import { z } from 'zod';
import { BudgetSchema, CustomerIdSchema, DateSchema, IdSchema, StageSchema, TeamMemberSchema, TextSchema } from './common.js';

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

/** The day discovery handed the product to product management (`pdx handoff`). */
export const HandoffSchema = z.strictObject({
  date: DateSchema.describe('The day the product moved into product management'),
  by: z.string().optional().describe('Who handed it off, from git config'),
  forced: z.boolean().optional().describe('Set when it was handed off although the mvp gate failed (pdx handoff --force --reason)'),
  reason: z.string().optional().describe('Why it was forced'),
  failedRules: z.array(z.string()).optional().describe('Rule ids of the mvp gate that failed when it was forced'),
});

/** One discovery team's search for one value breakthrough. */
export const InitiativeSchema = z.strictObject({
  id: IdSchema.describe('The initiative id; the file is named <id>.yaml'),
  title: TextSchema.describe('A short name for the initiative'),
  objective: z.string().optional().describe('The business outcome sought: an outcome, not a solution'),
  risk: z
    .enum(['market', 'technical'])
    .default('market')
    .describe('market: low technical / high market risk (default); technical: high technical / low market risk'),
  stage: StageSchema.describe('The current discovery stage'),
  history: z.array(StageEntrySchema).default([]).describe('Every stage move: stage, date entered, who, and why for forced or backward moves'),
  team: z.array(TeamMemberSchema).default([]).describe('The discovery team: name, role and the day they joined'),
  ideas: z.array(IdeaSchema).default([]).describe('Ideas generated during immersion'),
  epiphany: z.string().optional().describe('The epiphany statement: the conviction that emerged'),
  epiphanyOn: DateSchema.optional().describe('The day of the epiphany (pdx initiative update --epiphany … --date); as of an earlier day there was none'),
  releasedOn: DateSchema.optional().describe('Date of the initial product release (IPR); may be planned ahead'),
  feedbackGroup: z.array(ParticipantSchema).default([]).describe('Recruited customer feedback group: pseudonymous id, segment, date joined'),
  customers: z.array(PayingCustomerSchema).default([]).describe('Paying customers: id, paying since, churned on'),
  parent: IdSchema.optional().describe('For a minimum viable expansion: the initiative it expands'),
  domain: IdSchema.optional().describe('The product-management domain the product was handed to (set by pdx handoff, with handoff)'),
  handoff: HandoffSchema.optional().describe('When and by whom the product was handed to its domain (pdx handoff); from then on gates no longer apply'),
  budget: BudgetSchema.optional().describe("What the team costs per period, in the organisation's currency: the portfolio's money view of the investment mix"),
});
export type Initiative = z.infer<typeof InitiativeSchema>;
export type StageEntry = z.infer<typeof StageEntrySchema>;
export type Handoff = z.infer<typeof HandoffSchema>;
