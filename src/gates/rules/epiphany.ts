import { defineRule, noOptions } from '../rule.js';

export const epiphany = defineRule({
  meta: { id: 'epiphany', gate: 'hypothesis', description: 'an epiphany statement is recorded', ...noOptions },
  check: (ctx) => {
    const ok = (ctx.initiative.data.epiphany ?? '').trim() !== '';
    return { pass: ok, message: ok ? 'epiphany statement recorded' : 'no epiphany statement yet (pdx initiative update --epiphany "…")' };
  },
});
