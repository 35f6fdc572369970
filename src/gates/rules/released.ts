import { defineRule, noOptions } from '../rule.js';

export const released = defineRule({
  meta: {
    id: 'released',
    gate: 'mvp',
    description: 'an initial release date is recorded and is not in the future',
    ...noOptions,
    messages: {
      pass: 'released on {{date}}',
      missing: 'no initial release date recorded',
      planned: 'release is planned for {{date}}, after {{asOf}}',
    },
    // Once it has shipped, the day it did (today, unless it was earlier).
    fix: { missing: 'pdx initiative update {{initiative}} --released-on {{asOf}}', planned: 'pdx initiative update {{initiative}} --released-on {{asOf}}' },
  },
  check: (ctx) => {
    const on = ctx.initiative.data.releasedOn;
    const at = { record: ctx.initiative, path: ['releasedOn'] };
    if (on === undefined) ctx.report({ messageId: 'missing', at });
    else if (on > ctx.asOf) ctx.report({ messageId: 'planned', data: { date: on, asOf: ctx.asOf }, at });
    return { date: on ?? '' };
  },
});
