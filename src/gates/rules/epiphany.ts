import { defineRule, noOptions } from '../rule.js';

export const epiphany = defineRule({
  meta: {
    id: 'epiphany',
    gate: 'hypothesis',
    description: 'an epiphany statement is recorded',
    ...noOptions,
    messages: { pass: 'epiphany statement recorded', missing: 'no epiphany statement yet' },
    fix: { missing: 'pdx initiative update {{initiative}} --epiphany "…"' },
  },
  check: (ctx) => {
    if ((ctx.initiative.data.epiphany ?? '').trim() === '') ctx.report({ messageId: 'missing', at: { record: ctx.initiative, path: ['epiphany'] } });
    return {};
  },
});
