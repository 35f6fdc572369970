import { concludedExperiments, defineRule, minOption, reportTooFewExperiments } from '../rule.js';

const sentence = '{{validated}} of {{min}} usability experiments concluded validated';

export const designValidated = defineRule({
  meta: {
    id: 'design-validated',
    gate: 'release',
    description: 'at least N concluded usability experiments validated',
    ...minOption(1),
    messages: { pass: sentence, tooFew: sentence, notConcluded: `${sentence}; {{experiment}} is not concluded yet` },
    fix: { tooFew: 'pdx experiment add --initiative {{initiative}} --type usability', notConcluded: 'pdx experiment conclude {{experiment}}' },
  },
  check: (ctx, o) => {
    const data = { validated: concludedExperiments(ctx, 'usability').filter((x) => x.data.result === 'validated').length, min: o.min };
    if (data.validated < o.min) reportTooFewExperiments(ctx, 'usability', data);
    return data;
  },
});
