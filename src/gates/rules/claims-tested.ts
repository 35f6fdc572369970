import { claimKey, evidenceByClaim, isTested } from '../../model/claims.js';
import { statusContradictions } from '../../model/status-evidence.js';
import { HYPOTHESIS_KINDS } from '../../model/vocabulary.js';
import { atStage, currentHypotheses, defineRule, noOptions } from '../rule.js';

export const claimsTested = defineRule({
  meta: {
    id: 'claims-tested',
    gate: 'prototyping',
    description: 'every claim of every current hypothesis has evidence that supports or refutes it, and all six are validated',
    ...noOptions,
    messages: {
      pass: 'all {{total}} claims tested and all six hypotheses validated',
      untested: '{{count}} of {{total}} claims of {{hypothesis}} have no supporting or refuting evidence yet ({{claims}})',
      notValidated: '{{hypothesis}} is {{status}}, not validated yet',
      notSupported: '{{hypothesis}} is {{status}}, not validated yet, and its evidence does not support it on balance',
      kinds: '{{count}} of 6 kinds have a current hypothesis',
    },
    fix: {
      untested: 'pdx evidence add --initiative {{initiative}} --hypothesis {{hypothesis}} --claim {{claim}}',
      notValidated: 'pdx hypothesis status {{hypothesis}} validated',
      notSupported: 'pdx evidence add --initiative {{initiative}} --hypothesis {{hypothesis}} --claim {{claim}}',
      kinds: 'pdx hypothesis add --initiative {{initiative}} --kind {{kind}}',
    },
  },
  check: (ctx) => {
    const current = currentHypotheses(ctx);
    const byClaim = evidenceByClaim(ctx.records);
    // One finding per hypothesis with untested claims, at its first untested claim.
    for (const h of current) {
      const untested = h.data.claims.flatMap((c, i) => (isTested(byClaim.get(claimKey(h.data.id, c.id))) ? [] : [{ id: c.id, i }]));
      if (untested.length === 0) continue;
      ctx.report({
        messageId: 'untested',
        data: { count: untested.length, total: h.data.claims.length, hypothesis: h.data.id, claims: untested.map((c) => c.id).join(', '), claim: untested[0]!.id },
        at: { record: h, path: ['claims', untested[0]!.i] },
      });
    }
    for (const h of current) {
      if (h.data.status === 'validated') continue;
      // Marking it validated is the fix only when its evidence allows it (hypothesis status refuses otherwise): else more evidence is.
      const against = statusContradictions(h, byClaim, 'validated')[0];
      if (against) ctx.report({ messageId: 'notSupported', data: { hypothesis: h.data.id, status: h.data.status, claim: against.claim }, at: { record: h, path: ['status'] } });
      else ctx.report({ messageId: 'notValidated', data: { hypothesis: h.data.id, status: h.data.status }, at: { record: h, path: ['status'] } });
    }
    const kinds = new Set(current.map((h) => h.data.kind));
    const missing = HYPOTHESIS_KINDS.find((k) => !kinds.has(k));
    if (missing) ctx.report({ messageId: 'kinds', data: { count: kinds.size, kind: missing }, at: atStage(ctx) });
    return { total: current.reduce((n, h) => n + h.data.claims.length, 0) };
  },
});
