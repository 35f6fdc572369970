import { evidenceByClaim } from '../../model/claims.js';
import { isForcedStatus, statusContradictions } from '../../model/status-evidence.js';
import { count, defineRule, noOptions } from '../rule.js';

/**
 * A hypothesis's status agrees with the verdicts on its claims (`statusContradictions`). Every
 * hypothesis of the initiative is checked, superseded and invalidated ones too: a status is a
 * statement of what was learned, whether or not the hypothesis is still current. A status forced
 * against the evidence (`statusOverride`, still the status it was forced to) is not a finding
 * here: the gate reports it as a warning with its reason, as it does a forced stage move.
 */
export const statusMatchesEvidence = defineRule({
  meta: {
    id: 'status-matches-evidence',
    gate: 'prototyping',
    warnFrom: 'validation',

    description: 'a validated hypothesis has its claims supported on balance and none refuted more than supported; an invalidated one has a refuting record',
    ...noOptions,
    messages: {
      pass: 'the status of {{hypotheses}} agrees with the evidence',
      refutedClaim: '{{hypothesis}} is validated, but claim {{claim}} has {{refutes}} refuting and {{supports}} supporting records',
      unsupported: '{{hypothesis}} is validated, but its claims have {{supports}} supporting and {{refutes}} refuting records in all, not more supporting than refuting',
      notRefuted: '{{hypothesis}} is invalidated, but no record refutes any of its claims',
    },
    fix: {
      refutedClaim: 'pdx hypothesis status {{hypothesis}} testing',
      unsupported: 'pdx evidence add --initiative {{initiative}} --hypothesis {{hypothesis}} --claim {{claim}}',
      notRefuted: 'pdx evidence add --initiative {{initiative}} --hypothesis {{hypothesis}} --claim {{claim}} --verdict refutes',
    },
  },
  check: (ctx) => {
    const byClaim = evidenceByClaim(ctx.records);
    const mine = ctx.records.hypothesis.filter((h) => h.data.initiative === ctx.initiative.data.id);
    for (const h of mine) {
      if (isForcedStatus(h)) continue;
      for (const c of statusContradictions(h, byClaim)) {
        const hypothesis = h.data.id;
        if (c.kind === 'refutedClaim') ctx.report({ messageId: 'refutedClaim', data: { hypothesis, claim: c.claim, supports: c.supports, refutes: c.refutes }, at: { record: h, path: ['claims', c.index] } });
        else if (c.kind === 'unsupported') ctx.report({ messageId: 'unsupported', data: { hypothesis, claim: c.claim, supports: c.supports, refutes: c.refutes }, at: { record: h, path: ['status'] } });
        else ctx.report({ messageId: 'notRefuted', data: { hypothesis, claim: c.claim }, at: { record: h, path: ['status'] } });
      }
    }
    return { hypotheses: count(mine.length, 'hypothesis', 'hypotheses') };
  },
});
