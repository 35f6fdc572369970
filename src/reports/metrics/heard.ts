import { evidenceByClaim, claimKey } from '../../model/claims.js';
import type { Records } from '../../model/records.js';
import { DEFAULT_STRENGTH, strengthOf, type StrengthTable } from '../../model/strength.js';

/** At most this many quotes per initiative. */
export const QUOTES_PER_INITIATIVE = 3;

export interface HeardQuote {
  initiative: string;
  evidence: string;
  date: string;
  source: string;
  /** `do` when the record is strong evidence (what customers did: `strengthOf`), `say` when weak. */
  kind: 'do' | 'say';
  customer: string;
  quote: string;
  hypothesis: string | null;
  claim: string | null;
  verdict: string | null;
}

export interface BalanceChange {
  initiative: string;
  hypothesis: string;
  claim: string;
  text: string;
  /** Supports minus refutes on the evidence dated before the window. */
  before: number;
  /** Supports minus refutes on all the evidence up to the as-of day. */
  after: number;
}

export interface WhatWeHeard {
  /** Quotes logged in the window: per initiative (by id), do-data before say-data, then newest; at most three each. */
  quotes: HeardQuote[];
  /** Claims whose balance (supports − refutes) at the window's end differs from its start, by initiative, hypothesis and claim order. */
  claimsChanged: BalanceChange[];
}

/** What customers said and did in the window (`since` to the snapshot's as-of day), and what it moved. */
export function whatWeHeard(records: Records, since: string, table: StrengthTable = DEFAULT_STRENGTH, perInitiative = QUOTES_PER_INITIATIVE): WhatWeHeard {
  const byInitiative = new Map<string, HeardQuote[]>();
  for (const record of records.evidence) {
    const e = record.data;
    const quote = e.quote?.trim();
    if (!quote || e.date < since) continue;
    const list = byInitiative.get(e.initiative) ?? [];
    list.push({ initiative: e.initiative, evidence: e.id, date: e.date, source: e.source, kind: strengthOf(record, records, table).strength === 'strong' ? 'do' : 'say', customer: e.customer, quote, hypothesis: e.hypothesis ?? null, claim: e.claim ?? null, verdict: e.verdict ?? null });
    byInitiative.set(e.initiative, list);
  }
  const strongest = (a: HeardQuote, b: HeardQuote) => (a.kind === b.kind ? 0 : a.kind === 'do' ? -1 : 1) || b.date.localeCompare(a.date) || a.evidence.localeCompare(b.evidence);
  const quotes = [...byInitiative.keys()].sort().flatMap((id) => byInitiative.get(id)!.sort(strongest).slice(0, perInitiative));

  // Supports minus refutes on a claim, over all the evidence and over that dated before the window.
  const after = evidenceByClaim(records);
  const before = evidenceByClaim(records.evidence.filter((e) => e.data.date < since));
  const balanceOf = (on: { supports: unknown[]; refutes: unknown[] } | undefined) => (on ? on.supports.length - on.refutes.length : 0);
  // Only the hypotheses with a changed claim are sorted (usually few of thousands): a stable sort of
  // some of them keeps the order a sort of all of them would give.
  const changed = records.hypothesis.flatMap((h) => {
    const claims = h.data.claims.flatMap((c) => {
      const key = claimKey(h.data.id, c.id);
      const [was, is] = [balanceOf(before.get(key)), balanceOf(after.get(key))];
      return was !== is ? [{ initiative: h.data.initiative, hypothesis: h.data.id, claim: c.id, text: c.text, before: was, after: is }] : [];
    });
    return claims.length > 0 ? [{ h, claims }] : [];
  });
  const claimsChanged = changed.sort((a, b) => a.h.data.initiative.localeCompare(b.h.data.initiative) || a.h.data.id.localeCompare(b.h.data.id)).flatMap((x) => x.claims);
  return { quotes, claimsChanged };
}
