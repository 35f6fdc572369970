import { defineRule, noOptions } from '../rule.js';

export const released = defineRule({
  meta: {
    id: 'released',
    gate: 'mvp',
    description: 'an initial release date is recorded and is not in the future',
    ...noOptions,
    messages: {
      pass: 'released on {{date}}',
      missing: 'no initial release date recorded (pdx initiative update --released-on DATE)',
      planned: 'release is planned for {{date}}, after {{asOf}}',
    },
  },
  check: (ctx) => {
    const on = ctx.initiative.data.releasedOn;
    const at = { record: ctx.initiative, path: ['releasedOn'] };
    if (on === undefined) ctx.report({ messageId: 'missing', at });
    else if (on > ctx.asOf) ctx.report({ messageId: 'planned', data: { date: on, asOf: ctx.asOf }, at });
    return { date: on ?? '' };
  },
});
