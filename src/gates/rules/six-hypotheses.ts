import { HYPOTHESIS_KINDS } from '../../model/vocabulary.js';
import { atStage, currentHypotheses, defineRule, noOptions } from '../rule.js';

export const sixHypotheses = defineRule({
  meta: {
    id: 'six-hypotheses',
    gate: 'validation',
    description: 'one current hypothesis of each of the six kinds, each with at least one claim',
    ...noOptions,
    messages: { pass: 'all six hypotheses written', missing: '{{written}} of 6 hypotheses written; missing: {{kinds}}' },
  },
  check: (ctx) => {
    const current = currentHypotheses(ctx);
    const missing = HYPOTHESIS_KINDS.filter((kind) => !current.some((h) => h.data.kind === kind && h.data.claims.length > 0));
    // One finding: the missing kinds have no file yet, so they share one place, the stage that claims them.
    if (missing.length > 0) ctx.report({ messageId: 'missing', data: { written: 6 - missing.length, kinds: missing.join(', ') }, at: atStage(ctx) });
    return {};
  },
});
