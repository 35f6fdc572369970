import { currentHypotheses, defineRule, noOptions } from '../rule.js';

export const pricingValidated = defineRule({
  meta: { id: 'pricing-validated', gate: 'mvp', description: 'the current pricing hypothesis is validated', ...noOptions },
  check: (ctx) => {
    const pricing = currentHypotheses(ctx).find((h) => h.data.kind === 'pricing');
    if (!pricing) return { pass: false, message: 'no current pricing hypothesis' };
    return { pass: pricing.data.status === 'validated', message: `pricing hypothesis ${pricing.data.id} is ${pricing.data.status}`, at: { record: pricing, path: ['status'] } };
  },
});
