import { count, defineRule, minOption } from '../rule.js';

const sentence = '{{ideas}} recorded, of {{min}} needed';

export const ideas = defineRule({
  meta: { id: 'ideas', gate: 'epiphany', description: 'at least N ideas recorded on the initiative', ...minOption(3), messages: { pass: sentence, tooFew: sentence }, fix: { tooFew: 'pdx idea add {{initiative}} --text "…"' } },
  check: (ctx, o) => {
    const n = ctx.initiative.data.ideas.length;
    const data = { ideas: count(n, 'idea'), min: o.min };
    if (n < o.min) ctx.report({ messageId: 'tooFew', data, at: { record: ctx.initiative, path: ['ideas'] } });
    return data;
  },
});
