import { atStage, concludedExperiments, defineRule, minOption } from '../rule.js';

const sentence = '{{validated}} of {{min}} usability experiments concluded validated';

export const designValidated = defineRule({
  meta: { id: 'design-validated', gate: 'release', description: 'at least N concluded usability experiments validated', ...minOption(1), messages: { pass: sentence, tooFew: sentence } },
  check: (ctx, o) => {
    const data = { validated: concludedExperiments(ctx, 'usability').filter((x) => x.data.result === 'validated').length, min: o.min };
    if (data.validated < o.min) ctx.report({ messageId: 'tooFew', data, at: atStage(ctx) });
    return data;
  },
});
