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
 * repo's records or a list of evidence. Built once per list and kept beside it (the report's
 * sections and a gate's rules each ask for the same one): read it, never change it.
 */
export function evidenceByClaim(records: Records | readonly LoadedRecord<'evidence'>[]): ReadonlyMap<string, ClaimEvidence> {
  const evidence = Array.isArray(records) ? (records as readonly LoadedRecord<'evidence'>[]) : (records as Records).evidence;
  const known = built.get(evidence);
  // Loaded lists are never changed; one whose length changed is grouped again all the same.
  if (known && known.length === evidence.length) return known.byClaim;
  const byClaim = groupByClaim(evidence);
  built.set(evidence, { length: evidence.length, byClaim });
  return byClaim;
}

const built = new WeakMap<readonly LoadedRecord<'evidence'>[], { length: number; byClaim: ReadonlyMap<string, ClaimEvidence> }>();

function groupByClaim(evidence: readonly LoadedRecord<'evidence'>[]): Map<string, ClaimEvidence> {
  const byClaim = new Map<string, ClaimEvidence>();
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
