import type { LoadedRecord } from '../../model/records.js';
import { defineRule, noOptions } from '../rule.js';

const NAILED = "don't start product management before discovery is nailed";

type Work = LoadedRecord<'experiment'> | LoadedRecord<'okr'>;

/**
 * Product management begun on a product discovery has not handed over: a domain experiment or
 * OKR whose `product` is this initiative while it is not handed off (as of the day), and, as
 * before, every experiment and OKR of a domain the initiative names by a hand-set `domain`. One
 * finding per such record, at its `product` (or, for the domain link only, its `domain`); an OKR
 * set or an experiment started after the day is not counted (the snapshot keeps those dates). The fix
 * is the handoff when the initiative is at mvp, and the discovery still to do (`pdx stage`)
 * before. A domain's `products` listing it is not a link here: as of a day before a handoff the
 * snapshot still has the entry the handoff wrote, and an entry without a handoff is already a
 * problem of its own (`domain/product`).
 */
export const handoffBeforeFeatures = defineRule({
  meta: {
    id: 'handoff-before-features',
    gate: 'epiphany',
    description: "no domain experiment or OKR targets an initiative not handed off yet, by its product or by the initiative's own domain (don't start product management before discovery is nailed)",
    ...noOptions,
    severity: () => 'warn',
    messages: {
      pass: 'no domain runs experiments or OKRs before the handoff',
      experiment: `domain {{domain}} already runs experiment {{experiment}} for it, but it is not handed off yet: ${NAILED}`,
      okr: `domain {{domain}} already has OKR {{okr}} for it, but it is not handed off yet: ${NAILED}`,
      experimentInDiscovery: `domain {{domain}} already runs experiment {{experiment}} for it, but it is still in {{stage}}: ${NAILED}`,
      okrInDiscovery: `domain {{domain}} already has OKR {{okr}} for it, but it is still in {{stage}}: ${NAILED}`,
    },
    fix: {
      experiment: 'pdx handoff {{initiative}} --domain {{domain}}',
      okr: 'pdx handoff {{initiative}} --domain {{domain}}',
      experimentInDiscovery: 'pdx stage {{initiative}}',
      okrInDiscovery: 'pdx stage {{initiative}}',
    },
  },
  check: (ctx) => {
    const initiative = ctx.initiative;
    const { id, handoff, domain: named } = initiative.data;
    if (handoff !== undefined) return {};
    const { stage } = ctx;
    // Work begun after the day is not in the snapshot (the kinds table drops an OKR created, an experiment started, later).
    const targets = (w: Work) => w.data.product === id || (named !== undefined && w.data.domain === named);
    const byId = (a: Work, b: Work) => a.data.id.localeCompare(b.data.id);
    const at = (w: Work) => (w.data.product === id ? ['product'] : ['domain']);
    for (const x of ctx.domainExperiments.filter(targets).sort(byId)) {
      const data = { domain: x.data.domain!, experiment: x.data.id };
      if (stage === 'mvp') ctx.report({ messageId: 'experiment', data, at: { record: x, path: at(x) } });
      else ctx.report({ messageId: 'experimentInDiscovery', data: { ...data, stage }, at: { record: x, path: at(x) } });
    }
    for (const okr of ctx.records.okr.filter(targets).sort(byId)) {
      const data = { domain: okr.data.domain, okr: okr.data.id };
      if (stage === 'mvp') ctx.report({ messageId: 'okr', data, at: { record: okr, path: at(okr) } });
      else ctx.report({ messageId: 'okrInDiscovery', data: { ...data, stage }, at: { record: okr, path: at(okr) } });
    }
    return {};
  },
});
