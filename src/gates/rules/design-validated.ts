import { concludedExperiments, defineRule, minOption } from '../rule.js';

export const designValidated = defineRule({
  meta: { id: 'design-validated', gate: 'release', description: 'at least N concluded usability experiments validated', ...minOption(1) },
  check: (ctx, o) => {
    const n = concludedExperiments(ctx, 'usability').filter((x) => x.data.result === 'validated').length;
    return { pass: n >= o.min, message: `${n} of ${o.min} usability experiments concluded validated` };
  },
});
