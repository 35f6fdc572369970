import { defineRule, noOptions } from '../rule.js';

export const coreTeam = defineRule({
  meta: {
    id: 'core-team',
    gate: 'validation',
    description: 'the team has a product-manager, a designer and an engineering-lead',
    ...noOptions,
    messages: { pass: 'core team complete', missingRole: 'the team has no {{role}}' },
    fix: { missingRole: 'pdx team add {{initiative}} --role {{role}} --name "…"' },
  },
  check: (ctx) => {
    const roles = new Set(ctx.initiative.data.team.map((m) => m.role));
    // One finding per role: each is its own `pdx team add`.
    for (const role of ['product-manager', 'designer', 'engineering-lead'] as const) {
      if (!roles.has(role)) ctx.report({ messageId: 'missingRole', data: { role }, at: { record: ctx.initiative, path: ['team'] } });
    }
    return {};
  },
});
