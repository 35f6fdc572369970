import { defineRule, noOptions } from '../rule.js';

export const released = defineRule({
  meta: { id: 'released', gate: 'mvp', description: 'an initial release date is recorded and is not in the future', ...noOptions },
  check: (ctx) => {
    const on = ctx.initiative.data.releasedOn;
    const at = { record: ctx.initiative, path: ['releasedOn'] };
    if (on === undefined) return { pass: false, message: 'no initial release date recorded (pdx initiative update --released-on DATE)' };
    return { pass: on <= ctx.asOf, message: on <= ctx.asOf ? `released on ${on}` : `release is planned for ${on}, after ${ctx.asOf}`, at };
  },
});
