import { concludedExperiments, defineRule, minOption, prototypeType, reportTooFewExperiments } from '../rule.js';

const sentence = '{{validated}} of {{min}} {{type}} experiments concluded validated';

export const prototypeValidated = defineRule({
  meta: {
    id: 'prototype-validated',
    gate: 'design',
    description: 'at least N concluded prototype experiments (technical risk: technical-spike) validated',
    ...minOption(1),
    messages: { pass: sentence, tooFew: sentence, notConcluded: `${sentence}; {{experiment}} is not concluded yet` },
    fix: { tooFew: 'pdx experiment add --initiative {{initiative}} --type {{type}}', notConcluded: 'pdx experiment conclude {{experiment}}' },
  },
  check: (ctx, o) => {
    const type = prototypeType(ctx);
    const data = { validated: concludedExperiments(ctx, type).filter((x) => x.data.result === 'validated').length, min: o.min, type };
    if (data.validated < o.min) reportTooFewExperiments(ctx, type, data);
    return data;
  },
});
