import { HYPOTHESIS_KINDS } from '../../model/vocabulary.js';
import { atStage, currentHypotheses, defineRule, noOptions } from '../rule.js';

export const sixHypotheses = defineRule({
  meta: {
    id: 'six-hypotheses',
    gate: 'validation',
    description: 'one current hypothesis of each of the six kinds, each with at least one claim',
    ...noOptions,
    messages: { pass: 'all six hypotheses written', missing: 'no current {{kind}} hypothesis' },
    fix: { missing: 'pdx hypothesis add --initiative {{initiative}} --kind {{kind}}' },
  },
  check: (ctx) => {
    const current = currentHypotheses(ctx);
    // One finding per missing kind: each is its own `pdx hypothesis add`. They have no file yet,
    // so they share one place, the stage that claims them.
    for (const kind of HYPOTHESIS_KINDS) {
      if (!current.some((h) => h.data.kind === kind && h.data.claims.length > 0)) ctx.report({ messageId: 'missing', data: { kind }, at: atStage(ctx) });
    }
    return {};
  },
});
