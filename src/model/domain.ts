import { z } from 'zod';
import { BudgetSchema, DateSchema, IdSchema, TeamMemberSchema, TextSchema } from './common.js';

/** A product-management domain: a bounded purpose and the team that owns it. */
export const DomainSchema = z.strictObject({
  id: IdSchema,
  name: TextSchema,
  purpose: TextSchema,
  created: DateSchema.optional().describe('The day the domain was set up'),
  updated: DateSchema.optional().describe('The day its name, purpose or budget last changed (pdx domain update --date)'),
  team: z.array(TeamMemberSchema).default([]),
  products: z.array(IdSchema).default([]).describe('The initiatives handed to this domain (pdx handoff), each a product it owns'),
  budget: BudgetSchema.optional().describe("What the domain's team costs per period, in the organisation's currency: the portfolio's money view of the investment mix"),
});
export type Domain = z.infer<typeof DomainSchema>;
