import { z } from 'zod';
import { ROLES, STAGES, stageIndex, type Stage } from './vocabulary.js';

export { ROLES, STAGES, stageIndex, type Stage };

export const StageSchema = z.enum(STAGES);


/**
 * Record ids: lowercase words joined by single dashes. They become file names and git arguments,
 * so the pattern is an allow-list: no slash, no dot, no leading dash.
 */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const IdSchema = z
  .string()
  .max(80)
  .regex(ID_PATTERN, { error: 'lowercase letters and digits in words joined by single dashes, e.g. rapid-quotes' });

/** Pseudonymous customer and participant ids, e.g. `C-017` or `acme_ops_1`. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$/;
/** What a customer id must be, for messages: `not ${CUSTOMER_RULE}`. */
export const CUSTOMER_RULE = 'a pseudonymous id: letters and digits, optionally joined by - or _, e.g. C-017';
export const CustomerIdSchema = z
  .string()
  .max(80)
  .regex(CUSTOMER_ID_PATTERN, { error: 'letters and digits, optionally joined by - or _, e.g. C-017' });

/** A calendar date written `YYYY-MM-DD`; checked for real days (no 2026-02-30), kept as a string. */
export const DateSchema = z.iso.date({ error: 'a real date written YYYY-MM-DD' });

/** Text with something in it: blank text is an error in pdx and, through the pattern, in JSON Schema too. */
export const TextSchema = z.string().regex(/\S/, { error: 'text, not blank' });

export const TeamMemberSchema = z.strictObject({
  name: TextSchema,
  role: z.enum(ROLES),
  /** The day they joined the team (`pdx team add --date`); as of an earlier day they were not on it. */
  joined: DateSchema.optional(),
});

/** What a team costs per period, in the organisation's currency, as the portfolio adds it up (optional). */
export const BudgetSchema = z.number().nonnegative().finite();
