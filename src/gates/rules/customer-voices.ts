import { defineRule, minOption } from '../rule.js';

export const customerVoices = defineRule({
  meta: { id: 'customer-voices', gate: 'prototyping', description: 'evidence on the hypotheses comes from at least N distinct customers', ...minOption(10) },
  check: (ctx, o) => {
    const mine = new Set(ctx.records.hypothesis.filter((h) => h.data.initiative === ctx.initiative.data.id).map((h) => h.data.id));
    const customers = new Set(ctx.records.evidence.filter((e) => e.data.hypothesis !== undefined && mine.has(e.data.hypothesis)).map((e) => e.data.customer));
    return { pass: customers.size >= o.min, message: `evidence on the hypotheses comes from ${customers.size} of ${o.min} distinct customers` };
  },
});
