import { atStage, defineRule, minOption } from '../rule.js';

const sentence = 'evidence on the hypotheses comes from {{customers}} of {{min}} distinct customers';

export const customerVoices = defineRule({
  meta: { id: 'customer-voices', gate: 'prototyping', description: 'evidence on the hypotheses comes from at least N distinct customers', ...minOption(10), messages: { pass: sentence, tooFew: sentence }, fix: { tooFew: 'pdx evidence add --initiative {{initiative}}' } },
  check: (ctx, o) => {
    const mine = new Set(ctx.records.hypothesis.filter((h) => h.data.initiative === ctx.initiative.data.id).map((h) => h.data.id));
    const customers = new Set(ctx.records.evidence.filter((e) => e.data.hypothesis !== undefined && mine.has(e.data.hypothesis)).map((e) => e.data.customer));
    const data = { customers: customers.size, min: o.min };
    if (customers.size < o.min) ctx.report({ messageId: 'tooFew', data, at: atStage(ctx) });
    return data;
  },
});
