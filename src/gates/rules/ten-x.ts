import { atStage, currentHypotheses, defineRule, minOption, type MessageData } from '../rule.js';

export const tenX = defineRule({
  meta: {
    id: 'ten-x',
    gate: 'validation',
    description: 'the current product hypothesis has improvementFactor ≥ N',
    ...minOption(10),
    messages: {
      pass: "the product is {{factor}}X better than today's solution, meeting the {{min}}X bar",
      tooSmall: "the product is {{factor}}X better than today's solution, short of the {{min}}X bar",
      noFactor: 'the product hypothesis {{hypothesis}} has no improvementFactor',
      noProduct: 'no current product hypothesis to show a {{min}}X improvement',
    },
    // A product that is not (or not known to be) 10X better is a new value proposition: a new hypothesis that supersedes it.
    fix: {
      tooSmall: 'pdx hypothesis add --initiative {{initiative}} --kind product --supersedes {{hypothesis}}',
      noFactor: 'pdx hypothesis add --initiative {{initiative}} --kind product --supersedes {{hypothesis}}',
      noProduct: 'pdx hypothesis add --initiative {{initiative}} --kind product',
    },
  },
  check: (ctx, o): MessageData => {
    const product = currentHypotheses(ctx).find((h) => h.data.kind === 'product');
    if (!product) {
      ctx.report({ messageId: 'noProduct', data: { min: o.min }, at: atStage(ctx) });
      return {};
    }
    const factor = product.data.kind === 'product' ? product.data.improvementFactor : undefined;
    const at = { record: product, path: ['improvementFactor'] };
    if (factor === undefined) {
      ctx.report({ messageId: 'noFactor', data: { hypothesis: product.data.id }, at });
      return {};
    }
    if (factor < o.min) ctx.report({ messageId: 'tooSmall', data: { factor, min: o.min, hypothesis: product.data.id }, at });
    return { factor, min: o.min };
  },
});
