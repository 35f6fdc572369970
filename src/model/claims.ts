import type { LoadedRecord, Records } from './records.js';

/** The key of one claim across a repo: `<hypothesis>#<claim>`. */
export function claimKey(hypothesis: string, claim: string): string {
  return `${hypothesis}#${claim}`;
}

/** The evidence with a verdict on one claim, by verdict. */
export interface ClaimEvidence {
  supports: LoadedRecord<'evidence'>[];
  refutes: LoadedRecord<'evidence'>[];
  neutral: LoadedRecord<'evidence'>[];
}

/**
 * Every record with a hypothesis, a claim and a verdict, grouped by `claimKey` and verdict, in
 * the order given. Records without a verdict (immersion notes) bear on no claim. Takes the
 * repo's records or a list of evidence.
 */
export function evidenceByClaim(records: Records | readonly LoadedRecord<'evidence'>[]): Map<string, ClaimEvidence> {
  const byClaim = new Map<string, ClaimEvidence>();
  const evidence = Array.isArray(records) ? (records as readonly LoadedRecord<'evidence'>[]) : (records as Records).evidence;
  for (const e of evidence) {
    const { hypothesis, claim, verdict } = e.data;
    if (hypothesis === undefined || claim === undefined || verdict === undefined) continue;
    const key = claimKey(hypothesis, claim);
    let entry = byClaim.get(key);
    if (!entry) byClaim.set(key, (entry = { supports: [], refutes: [], neutral: [] }));
    entry[verdict].push(e);
  }
  return byClaim;
}

/** A claim is tested when some evidence supports or refutes it; neutral evidence alone leaves it untested. */
export function isTested(e: ClaimEvidence | undefined): boolean {
  return e !== undefined && e.supports.length + e.refutes.length > 0;
}
