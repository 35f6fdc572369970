import { claimKey, type ClaimEvidence } from './claims.js';
import type { LoadedRecord } from './records.js';

/** One way a hypothesis's status disagrees with the verdicts on its claims. */
export type StatusContradiction =
  /** Validated, but this claim has more refuting than supporting records. */
  | { kind: 'refutedClaim'; claim: string; index: number; supports: number; refutes: number }
  /** Validated, but its claims are not supported on balance: no more supporting than refuting records in all. */
  | { kind: 'unsupported'; claim: string; supports: number; refutes: number }
  /** Invalidated, but no record refutes any of its claims. */
  | { kind: 'notRefuted'; claim: string };

/**
 * Where a hypothesis's status contradicts its evidence. `validated` needs its claims supported on
 * balance: no claim refuted more than supported, and more supporting than refuting records over
 * all its claims (so a hypothesis whose evidence is all neutral, or missing, is not validated).
 * `invalidated` needs at least one refuting record on one of its claims. `draft` and `testing`
 * claim nothing. Each claim refuted more than supported is its own contradiction; `claim` names
 * the claim the fix is about (the first without a verdict for `unsupported`, else the first).
 */
export function statusContradictions(h: LoadedRecord<'hypothesis'>, byClaim: ReadonlyMap<string, ClaimEvidence>, status: string = h.data.status): StatusContradiction[] {
  const claims = h.data.claims.map((c, index) => {
    const on = byClaim.get(claimKey(h.data.id, c.id));
    return { claim: c.id, index, supports: on?.supports.length ?? 0, refutes: on?.refutes.length ?? 0 };
  });
  if (status === 'validated') {
    const refuted = claims.filter((c) => c.refutes > c.supports).map((c): StatusContradiction => ({ kind: 'refutedClaim', ...c }));
    if (refuted.length > 0) return refuted;
    const supports = claims.reduce((n, c) => n + c.supports, 0);
    const refutes = claims.reduce((n, c) => n + c.refutes, 0);
    if (supports > refutes) return [];
    const claim = (claims.find((c) => c.supports + c.refutes === 0) ?? claims[0]!).claim;
    return [{ kind: 'unsupported', claim, supports, refutes }];
  }
  if (status === 'invalidated' && claims.every((c) => c.refutes === 0)) return [{ kind: 'notRefuted', claim: claims[0]!.claim }];
  return [];
}

/** The verdicts a contradiction is about, in the words the gate uses: `claim c1 has 2 refuting and 0 supporting records`. */
export function describeContradiction(c: StatusContradiction): string {
  const records = (n: number) => (n === 1 ? 'record' : 'records');
  if (c.kind === 'refutedClaim') return `claim ${c.claim} has ${c.refutes} refuting and ${c.supports} supporting ${records(c.supports)}`;
  if (c.kind === 'unsupported') return `its claims have ${c.supports} supporting and ${c.refutes} refuting ${records(c.refutes)} in all, not more supporting than refuting`;
  return 'no record refutes any of its claims';
}

/** The status was set with `--force --reason` and still stands: the gate warns of it instead of judging it. */
export function isForcedStatus(h: LoadedRecord<'hypothesis'>): boolean {
  return h.data.statusOverride?.status === h.data.status;
}
