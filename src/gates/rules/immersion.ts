import { atStage, count, defineRule, minOption } from '../rule.js';

const sentence = '{{evidence}} logged, of {{min}} needed';

export const immersion = defineRule({
  meta: { id: 'immersion', gate: 'epiphany', description: 'at least N evidence records for the initiative', ...minOption(5), messages: { pass: sentence, tooFew: sentence }, fix: { tooFew: 'pdx evidence add --initiative {{initiative}}' } },
  check: (ctx, o) => {
    const n = ctx.records.evidence.filter((e) => e.data.initiative === ctx.initiative.data.id).length;
    const data = { evidence: count(n, 'evidence record'), min: o.min };
    // Evidence lives in files of its own: the initiative's stage is what claims it is enough.
    if (n < o.min) ctx.report({ messageId: 'tooFew', data, at: atStage(ctx) });
    return data;
  },
});
