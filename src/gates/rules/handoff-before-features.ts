import type { LoadedRecord } from '../../model/records.js';
import { defineRule, noOptions } from '../rule.js';

const NAILED = "don't start product management before discovery is nailed";

/**
 * Product management begun on a product discovery has not handed over: an initiative not handed
 * off that names a domain (its `domain`, set by hand) while that domain already runs experiments
 * or has OKRs. One finding per such experiment and OKR, at its `domain`. A domain's `products`
 * listing it is not a link here: as of a day before a handoff the snapshot still has the entry the
 * handoff wrote, and an entry without a handoff is already a problem of its own (`domain/product`).
 */
export const handoffBeforeFeatures = defineRule({
  meta: {
    id: 'handoff-before-features',
    gate: 'epiphany',
    description: "a domain that names an initiative not handed off yet runs no experiments and sets no OKRs for it (don't start product management before discovery is nailed)",
    ...noOptions,
    severity: () => 'warn',
    messages: {
      pass: 'no domain runs experiments or OKRs before the handoff',
      experiment: `domain {{domain}} already runs experiment {{experiment}}, but this initiative is not handed off yet: ${NAILED}`,
      okr: `domain {{domain}} already has OKR {{okr}}, but this initiative is not handed off yet: ${NAILED}`,
    },
    fix: {
      experiment: 'pdx handoff {{initiative}} --domain {{domain}}',
      okr: 'pdx handoff {{initiative}} --domain {{domain}}',
    },
  },
  check: (ctx) => {
    const { data } = ctx.initiative;
    if (data.handoff !== undefined) return {};
    for (const domain of data.domain === undefined ? [] : [data.domain]) {
      const byId = (a: LoadedRecord<'experiment'> | LoadedRecord<'okr'>, b: typeof a) => a.data.id.localeCompare(b.data.id);
      for (const x of ctx.domainExperiments.filter((e) => e.data.domain === domain).sort(byId)) {
        ctx.report({ messageId: 'experiment', data: { domain, experiment: x.data.id }, at: { record: x, path: ['domain'] } });
      }
      for (const okr of ctx.records.okr.filter((o) => o.data.domain === domain).sort(byId)) {
        ctx.report({ messageId: 'okr', data: { domain, okr: okr.data.id }, at: { record: okr, path: ['domain'] } });
      }
    }
    return {};
  },
});
