import { z } from 'zod';
import { CustomerIdSchema, DateSchema, IdSchema, TextSchema } from './common.js';

export const EVIDENCE_SOURCES = ['interview', 'observation', 'survey', 'research', 'analytics', 'experiment'] as const;
export const VERDICTS = ['supports', 'refutes', 'neutral'] as const;

/**
 * One observation from the market. Immersion notes have no hypothesis; evidence on a hypothesis
 * names the claim and a verdict.
 */
export const EvidenceSchema = z.strictObject({
  id: IdSchema,
  initiative: IdSchema,
  date: DateSchema,
  source: z.enum(EVIDENCE_SOURCES),
  customer: CustomerIdSchema,
  note: TextSchema,
  hypothesis: IdSchema.optional(),
  claim: IdSchema.optional(),
  verdict: z.enum(VERDICTS).optional(),
  by: z.string().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
