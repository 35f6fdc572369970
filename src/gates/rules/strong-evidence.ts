import { claimKey, evidenceByClaim } from '../../model/claims.js';
import { DEFAULT_STRENGTH, STRENGTH_KEYS, strongCount, type StrengthTable } from '../../model/strength.js';
import { STRENGTHS } from '../../model/vocabulary.js';
import { count, currentHypotheses, defineRule } from '../rule.js';

export interface StrongEvidenceOptions extends Record<string, unknown> {
  min: number;
  strength: StrengthTable;
}

/**
 * Every claim of the current hypotheses has at least `min` strong records: what customers did
 * (observed, measured, ordered, paid), not only what they said. For technical risk, each
 * concluded technical spike on a hypothesis counts for each of its claims.
 */
export const strongEvidence = defineRule({
  meta: {
    id: 'strong-evidence',
    gate: 'prototyping',
    description: 'every claim of every current hypothesis has at least N strong records: what customers did, not only said',
    defaults: { min: 1, strength: DEFAULT_STRENGTH } as StrongEvidenceOptions,
    options: (z) =>
      z.strictObject({
        min: z.number().int().nonnegative().default(1),
        strength: z
          .strictObject(Object.fromEntries(STRENGTH_KEYS.map((k) => [k, z.enum(STRENGTHS).default(DEFAULT_STRENGTH[k])])))
          .describe('weak or strong, by evidence source, experiment type, and paying-customer (the customer was paying on the day)')
          .default(DEFAULT_STRENGTH),
      }) as unknown as import('zod').z.ZodType<StrongEvidenceOptions>,
    messages: {
      pass: 'all {{total}} claims have at least {{needed}}: what customers did, not only said',
      weak: '{{count}} of {{total}} claims of {{hypothesis}} lack strong evidence, what customers did rather than said ({{claims}}; {{needed}} needed per claim)',
    },
    fix: {
      weak: 'pdx experiment add --initiative {{initiative}} --type {{type}} --hypothesis {{hypothesis}}',
    },
  },
  check: (ctx, o) => {
    const current = currentHypotheses(ctx);
    const byClaim = evidenceByClaim(ctx.records);
    const technical = ctx.initiative.data.risk === 'technical';
    const spikes = (hypothesis: string) =>
      technical ? ctx.records.experiment.filter((x) => x.data.type === 'technical-spike' && x.data.status === 'concluded' && x.data.hypotheses.includes(hypothesis)).length : 0;
    for (const h of current) {
      const fromSpikes = spikes(h.data.id);
      const short = h.data.claims.flatMap((c, i) => {
        const strong = strongCount(byClaim.get(claimKey(h.data.id, c.id)), ctx.records, o.strength);
        return strong + fromSpikes >= o.min ? [] : [{ id: c.id, i }];
      });
      if (short.length === 0) continue;
      ctx.report({
        messageId: 'weak',
        data: { count: short.length, total: h.data.claims.length, hypothesis: h.data.id, claims: short.map((c) => c.id).join(', '), needed: count(o.min, 'strong record'), type: technical ? 'technical-spike' : 'concierge' },
        at: { record: h, path: ['claims', short[0]!.i] },
      });
    }
    return { total: current.reduce((n, h) => n + h.data.claims.length, 0), needed: count(o.min, 'strong record') };
  },
});

/** The source → strength table the repo's config gives the strong-evidence rule (the defaults when it sets none). */
export function strengthTableOf(settings: ReadonlyMap<string, { options: Record<string, unknown> }>): StrengthTable {
  return (settings.get(strongEvidence.meta.id)?.options.strength as StrengthTable | undefined) ?? DEFAULT_STRENGTH;
}
