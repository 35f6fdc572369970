import { count, defineRule, minOption } from '../rule.js';

export const immersion = defineRule({
  meta: { id: 'immersion', gate: 'epiphany', description: 'at least N evidence records for the initiative', ...minOption(5) },
  check: (ctx, o) => {
    const n = ctx.records.evidence.filter((e) => e.data.initiative === ctx.initiative.data.id).length;
    return { pass: n >= o.min, message: `${count(n, 'evidence record')} logged, of ${o.min} needed` };
  },
});
