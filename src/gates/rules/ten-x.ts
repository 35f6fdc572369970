import { currentHypotheses, defineRule, minOption } from '../rule.js';

export const tenX = defineRule({
  meta: { id: 'ten-x', gate: 'validation', description: 'the current product hypothesis has improvementFactor ≥ N', ...minOption(10) },
  check: (ctx, o) => {
    const product = currentHypotheses(ctx).find((h) => h.data.kind === 'product');
    const factor = product?.data.kind === 'product' ? product.data.improvementFactor : undefined;
    if (!product) return { pass: false, message: `no current product hypothesis to show a ${o.min}X improvement` };
    const at = { record: product, path: ['improvementFactor'] };
    if (factor === undefined) return { pass: false, message: `the product hypothesis ${product.data.id} has no improvementFactor`, at };
    return { pass: factor >= o.min, message: `the product is ${factor}X better than today's solution, ${factor >= o.min ? 'meeting' : 'short of'} the ${o.min}X bar`, at };
  },
});
