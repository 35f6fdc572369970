import { atStage, concludedExperiments, defineRule, minOption, prototypeType } from '../rule.js';

const sentence = '{{concluded}} of {{min}} {{type}} iterations concluded';

export const prototypeIterations = defineRule({
  meta: { id: 'prototype-iterations', gate: 'design', description: 'at least N concluded prototype experiments (technical risk: technical-spike), any result', ...minOption(3), messages: { pass: sentence, tooFew: sentence } },
  check: (ctx, o) => {
    const type = prototypeType(ctx);
    const data = { concluded: concludedExperiments(ctx, type).length, min: o.min, type };
    if (data.concluded < o.min) ctx.report({ messageId: 'tooFew', data, at: atStage(ctx) });
    return data;
  },
});
