import { claimKey, evidenceByClaim, type ClaimEvidence } from '../../model/claims.js';
import { currentHypotheses, type Records } from '../../model/records.js';
import { DEFAULT_STRENGTH, strongCount, type StrengthTable } from '../../model/strength.js';
import type { HypothesisKind, Importance } from '../../model/vocabulary.js';

/** How well a claim is known: by its strongest record with a verdict. */
export type Known = 'none' | 'weak' | 'strong';

/** One current claim, as the assumption map places it: how much rides on it, and how well it is known. */
export interface Assumption {
  initiative: string;
  hypothesis: string;
  kind: HypothesisKind;
  claim: string;
  text: string;
  importance: Importance;
  /** Records with a verdict on the claim. */
  evidence: number;
  /** Of those, how many are strong (what customers did). */
  strong: number;
  strongest: Known;
  balance: { supports: number; refutes: number; neutral: number };
}

const NO_EVIDENCE: ClaimEvidence = { supports: [], refutes: [], neutral: [] };

const IMPORTANCE_RANK: Record<Importance, number> = { high: 0, medium: 1, low: 2 };
const KNOWN_RANK: Record<Known, number> = { none: 0, weak: 1, strong: 2 };

/**
 * Riskiest first: the order of `pdx assumptions`. By importance (high, medium, low); then by how
 * well the claim is known (no evidence, weak only, strong); then by balance (supports minus
 * refutes, lowest first: a refuted claim is riskier than a supported one); then by fewer records;
 * then by initiative, hypothesis and claim id, so that the order is total.
 */
export function riskiestFirst(a: Assumption, b: Assumption): number {
  return (
    IMPORTANCE_RANK[a.importance] - IMPORTANCE_RANK[b.importance] ||
    KNOWN_RANK[a.strongest] - KNOWN_RANK[b.strongest] ||
    a.balance.supports - a.balance.refutes - (b.balance.supports - b.balance.refutes) ||
    a.evidence - b.evidence ||
    a.initiative.localeCompare(b.initiative) ||
    a.hypothesis.localeCompare(b.hypothesis) ||
    a.claim.localeCompare(b.claim)
  );
}

/**
 * Every claim of every current hypothesis (of `initiative`, when given) with its importance
 * (medium unless set), its evidence and how strong it is, riskiest first. Pure: the records are
 * the as-of snapshot; `table` is the strong-evidence rule's source → strength table.
 */
export function assumptions(records: Records, table: StrengthTable = DEFAULT_STRENGTH, initiative?: string): Assumption[] {
  const byClaim = evidenceByClaim(records);
  const initiatives = initiative === undefined ? records.initiative.map((i) => i.data.id) : [initiative];
  const out: Assumption[] = [];
  for (const id of initiatives) {
    for (const h of currentHypotheses(records, id)) {
      for (const c of h.data.claims) {
        const on = byClaim.get(claimKey(h.data.id, c.id)) ?? NO_EVIDENCE;
        const evidence = on.supports.length + on.refutes.length + on.neutral.length;
        const strong = strongCount(on, records, table);
        out.push({
          initiative: id,
          hypothesis: h.data.id,
          kind: h.data.kind,
          claim: c.id,
          text: c.text,
          importance: c.importance ?? 'medium',
          evidence,
          strong,
          strongest: strong > 0 ? 'strong' : evidence > 0 ? 'weak' : 'none',
          balance: { supports: on.supports.length, refutes: on.refutes.length, neutral: on.neutral.length },
        });
      }
    }
  }
  return out.sort(riskiestFirst);
}
