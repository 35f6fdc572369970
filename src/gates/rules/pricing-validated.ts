import { atStage, currentHypotheses, defineRule, noOptions, type MessageData } from '../rule.js';

export const pricingValidated = defineRule({
  meta: {
    id: 'pricing-validated',
    gate: 'mvp',
    description: 'the current pricing hypothesis is validated',
    ...noOptions,
    messages: { pass: 'pricing hypothesis {{hypothesis}} is validated', notValidated: 'pricing hypothesis {{hypothesis}} is {{status}}', noPricing: 'no current pricing hypothesis' },
    fix: { notValidated: 'pdx hypothesis status {{hypothesis}} validated', noPricing: 'pdx hypothesis add --initiative {{initiative}} --kind pricing' },
  },
  check: (ctx): MessageData => {
    const pricing = currentHypotheses(ctx).find((h) => h.data.kind === 'pricing');
    if (!pricing) {
      ctx.report({ messageId: 'noPricing', at: atStage(ctx) });
      return {};
    }
    if (pricing.data.status !== 'validated') ctx.report({ messageId: 'notValidated', data: { hypothesis: pricing.data.id, status: pricing.data.status }, at: { record: pricing, path: ['status'] } });
    return { hypothesis: pricing.data.id };
  },
});
