import { concludedExperiments, defineRule, minOption, prototypeType } from '../rule.js';

export const prototypeValidated = defineRule({
  meta: { id: 'prototype-validated', gate: 'design', description: 'at least N concluded prototype experiments (technical risk: technical-spike) validated', ...minOption(1) },
  check: (ctx, o) => {
    const type = prototypeType(ctx);
    const n = concludedExperiments(ctx, type).filter((x) => x.data.result === 'validated').length;
    return { pass: n >= o.min, message: `${n} of ${o.min} ${type} experiments concluded validated` };
  },
});
