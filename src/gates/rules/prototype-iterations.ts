import { concludedExperiments, defineRule, minOption, prototypeType, reportTooFewExperiments } from '../rule.js';

const sentence = '{{concluded}} of {{min}} {{type}} iterations concluded';

export const prototypeIterations = defineRule({
  meta: {
    id: 'prototype-iterations',
    gate: 'design',
    description: 'at least N concluded prototype experiments (technical risk: technical-spike), any result',
    ...minOption(3),
    messages: { pass: sentence, tooFew: sentence, notConcluded: `${sentence}; {{experiment}} is not concluded yet` },
    fix: { tooFew: 'pdx experiment add --initiative {{initiative}} --type {{type}}', notConcluded: 'pdx experiment conclude {{experiment}}' },
  },
  check: (ctx, o) => {
    const type = prototypeType(ctx);
    const data = { concluded: concludedExperiments(ctx, type).length, min: o.min, type };
    if (data.concluded < o.min) reportTooFewExperiments(ctx, type, data);
    return data;
  },
});
