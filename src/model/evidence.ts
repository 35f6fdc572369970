import { z } from 'zod';
import { EVIDENCE_SOURCES, STRENGTHS, VERDICTS } from './vocabulary.js';

export { EVIDENCE_SOURCES, STRENGTHS, VERDICTS };
import { CustomerIdSchema, DateSchema, IdSchema, TextSchema } from './common.js';

/** A tag: one short word (letters and digits of any script, joined by dashes), at most 40 characters. */
export const TAG_PATTERN = /^(?=.{1,40}$)[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;


/**
 * One observation from the market. Immersion notes have no hypothesis; evidence on a hypothesis
 * names the claim and a verdict.
 */
export const EvidenceSchema = z.strictObject({
  id: IdSchema.describe('The evidence id; the file is named <id>.yaml'),
  initiative: IdSchema.describe('The initiative this observation was made for'),
  date: DateSchema.describe('When it was observed'),
  source: z.enum(EVIDENCE_SOURCES).describe('How it was observed'),
  customer: CustomerIdSchema.describe('Pseudonymous customer id, e.g. C-017'),
  note: TextSchema.describe('What was seen or said, in the words of the moment'),
  quote: TextSchema.optional().describe("The customer's own words, verbatim, kept apart from the note"),
  segment: TextSchema.optional().describe("The customer segment it came from, one of the initiative's customer hypothesis's segments"),
  tags: z.array(z.string().regex(TAG_PATTERN, { error: 'a short word: letters, digits and dashes, e.g. pricing' })).optional().describe('Short words to find it by, e.g. pricing, onboarding'),
  hypothesis: IdSchema.optional().describe('The hypothesis it bears on (with claim and verdict)'),
  claim: IdSchema.optional().describe('The claim id within that hypothesis'),
  verdict: z.enum(VERDICTS).optional().describe('Whether it supports or refutes the claim'),
  experiment: IdSchema.optional().describe('The experiment that produced it: its type decides the strength (a concierge order is strong, an interview weak)'),
  strength: z.enum(STRENGTHS).optional().describe('weak (what people say) or strong (what they do); by default derived from the source, the experiment and whether the customer was paying'),
  by: z.string().optional().describe('Who recorded it'),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
