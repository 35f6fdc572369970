import type { LoadedRecord, Records } from './records.js';

/** The evidence on one claim, by verdict. */
export interface ClaimEvidence {
  supports: LoadedRecord<'evidence'>[];
  refutes: LoadedRecord<'evidence'>[];
  neutral: LoadedRecord<'evidence'>[];
}

/** The key a claim is known by across records: `hypothesis#claim`. */
export function claimKey(hypothesis: string, claim: string): string {
  return `${hypothesis}#${claim}`;
}

/** Every evidence record that names a hypothesis, a claim and a verdict, grouped by claim (`claimKey`) and verdict. */
export function evidenceByClaim(records: Records): Map<string, ClaimEvidence> {
  const byClaim = new Map<string, ClaimEvidence>();
  for (const e of records.evidence) {
    const { hypothesis, claim, verdict } = e.data;
    if (hypothesis === undefined || claim === undefined || verdict === undefined) continue;
    const key = claimKey(hypothesis, claim);
    let on = byClaim.get(key);
    if (!on) byClaim.set(key, (on = { supports: [], refutes: [], neutral: [] }));
    on[verdict].push(e);
  }
  return byClaim;
}

/** A claim is tested when some evidence supports or refutes it; neutral evidence alone leaves it untested. */
export function isTested(e: ClaimEvidence | undefined): boolean {
  return e !== undefined && e.supports.length + e.refutes.length > 0;
}
