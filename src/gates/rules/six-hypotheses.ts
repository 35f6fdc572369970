import { HYPOTHESIS_KINDS } from '../../model/vocabulary.js';
import { currentHypotheses, defineRule, noOptions } from '../rule.js';

export const sixHypotheses = defineRule({
  meta: { id: 'six-hypotheses', gate: 'validation', description: 'one current hypothesis of each of the six kinds, each with at least one claim', ...noOptions },
  check: (ctx) => {
    const current = currentHypotheses(ctx);
    const missing = HYPOTHESIS_KINDS.filter((kind) => !current.some((h) => h.data.kind === kind && h.data.claims.length > 0));
    return { pass: missing.length === 0, message: missing.length === 0 ? 'all six hypotheses written' : `${6 - missing.length} of 6 hypotheses written; missing: ${missing.join(', ')}` };
  },
});
