import type { LoadedRecord } from '../../model/records.js';
import { defineRule, noOptions } from '../rule.js';

const NAILED = "don't start product management before discovery is nailed";

/**
 * Product management begun on a product discovery has not handed over: an initiative not handed
 * off that names a domain (its `domain`, or a domain's `products` listing it) while that domain
 * already runs experiments or has OKRs. One finding per such experiment and OKR, at its `domain`.
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
    const named = new Set<string>();
    if (data.domain !== undefined) named.add(data.domain);
    for (const d of ctx.records.domain) if (d.data.products.includes(data.id)) named.add(d.data.id);
    for (const domain of [...named].sort()) {
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
