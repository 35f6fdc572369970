import { addDays, MAX_DAYS } from '../../model/dates.js';
import { defineRule } from '../rule.js';

const DAYS = `a whole number of days from 0 to ${MAX_DAYS}`;
const sentence = '{{paying}} of {{min}} customers have paid for {{minDays}} days or more without churning';

export const payingCustomers = defineRule({
  meta: {
    id: 'paying-customers',
    gate: 'mvp',
    description: 'at least N customers paying for at least minDays days as of today, and not churned',
    defaults: { min: 3, minDays: 30 },
    options: (z) => z.strictObject({ min: z.number().int().nonnegative().default(3), minDays: z.number().int({ error: DAYS }).min(0, { error: DAYS }).max(MAX_DAYS, { error: DAYS }).default(30) }),
    messages: { pass: sentence, tooFew: sentence },
    fix: { tooFew: 'pdx customer add {{initiative}} C-…' },
  },
  check: (ctx, o) => {
    const cutoff = addDays(ctx.asOf, -o.minDays);
    const paying = ctx.initiative.data.customers.filter((c) => c.payingSince <= cutoff && (c.churnedOn === undefined || c.churnedOn > ctx.asOf));
    const data = { paying: paying.length, min: o.min, minDays: o.minDays };
    if (paying.length < o.min) ctx.report({ messageId: 'tooFew', data, at: { record: ctx.initiative, path: ['customers'] } });
    return data;
  },
});
