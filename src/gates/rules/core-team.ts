import { defineRule, noOptions } from '../rule.js';

export const coreTeam = defineRule({
  meta: { id: 'core-team', gate: 'validation', description: 'the team has a product-manager, a designer and an engineering-lead', ...noOptions },
  check: (ctx) => {
    const roles = new Set(ctx.initiative.data.team.map((m) => m.role));
    const missing = (['product-manager', 'designer', 'engineering-lead'] as const).filter((r) => !roles.has(r));
    return { pass: missing.length === 0, message: missing.length === 0 ? 'core team complete' : `the team has no ${missing.join(', no ')}`, at: { record: ctx.initiative, path: ['team'] } };
  },
});
