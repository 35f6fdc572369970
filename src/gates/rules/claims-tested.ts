import { currentHypotheses, defineRule, noOptions } from '../rule.js';

export const claimsTested = defineRule({
  meta: { id: 'claims-tested', gate: 'prototyping', description: 'every claim of every current hypothesis has evidence with a verdict, and all six are validated', ...noOptions },
  check: (ctx) => {
    const current = currentHypotheses(ctx);
    const judged = new Set(ctx.records.evidence.filter((e) => e.data.verdict !== undefined).map((e) => `${e.data.hypothesis}#${e.data.claim}`));
    const claims = current.flatMap((h) => h.data.claims.map((c) => `${h.data.id}#${c.id}`));
    const untested = claims.filter((c) => !judged.has(c));
    const notValidated = current.filter((h) => h.data.status !== 'validated').map((h) => h.data.id);
    const kinds = new Set(current.map((h) => h.data.kind)).size;
    const problems = [
      ...(untested.length > 0 ? [`${untested.length} of ${claims.length} claims have no evidence yet (${untested.slice(0, 4).join(', ')}${untested.length > 4 ? ', …' : ''})`] : []),
      ...(notValidated.length > 0 ? [`not validated yet: ${notValidated.join(', ')}`] : []),
      ...(kinds < 6 ? [`${kinds} of 6 kinds have a current hypothesis`] : []),
    ];
    return { pass: problems.length === 0, message: problems.length === 0 ? `all ${claims.length} claims tested and all six hypotheses validated` : problems.join('; ') };
  },
});
