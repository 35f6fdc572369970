import { addDays, MAX_DAYS } from '../../model/dates.js';
import { defineRule } from '../rule.js';

const DAYS = `a whole number of days from 0 to ${MAX_DAYS}`;

export const payingCustomers = defineRule({
  meta: {
    id: 'paying-customers',
    gate: 'mvp',
    description: 'at least N customers paying for at least minDays days as of today, and not churned',
    defaults: { min: 3, minDays: 30 },
    options: (z) => z.strictObject({ min: z.number().int().nonnegative().default(3), minDays: z.number().int({ error: DAYS }).min(0, { error: DAYS }).max(MAX_DAYS, { error: DAYS }).default(30) }),
  },
  check: (ctx, o) => {
    const cutoff = addDays(ctx.asOf, -o.minDays);
    const paying = ctx.initiative.data.customers.filter((c) => c.payingSince <= cutoff && (c.churnedOn === undefined || c.churnedOn > ctx.asOf));
    return { pass: paying.length >= o.min, message: `${paying.length} of ${o.min} customers have paid for ${o.minDays} days or more without churning`, at: { record: ctx.initiative, path: ['customers'] } };
  },
});
