import { concludedExperiments, defineRule, minOption, prototypeType } from '../rule.js';

export const prototypeIterations = defineRule({
  meta: { id: 'prototype-iterations', gate: 'design', description: 'at least N concluded prototype experiments (technical risk: technical-spike), any result', ...minOption(3) },
  check: (ctx, o) => {
    const type = prototypeType(ctx);
    const n = concludedExperiments(ctx, type).length;
    return { pass: n >= o.min, message: `${n} of ${o.min} ${type} iterations concluded` };
  },
});
