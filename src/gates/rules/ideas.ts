import { count, defineRule, minOption } from '../rule.js';

export const ideas = defineRule({
  meta: { id: 'ideas', gate: 'epiphany', description: 'at least N ideas recorded on the initiative', ...minOption(3) },
  check: (ctx, o) => {
    const n = ctx.initiative.data.ideas.length;
    return { pass: n >= o.min, message: `${count(n, 'idea')} recorded, of ${o.min} needed`, at: { record: ctx.initiative, path: ['ideas'] } };
  },
});
