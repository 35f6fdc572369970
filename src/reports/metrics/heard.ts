import type { Records } from '../../model/records.js';

/** Sources that record what customers did, stronger than what they said (interview, survey, research). */
export const DO_SOURCES: ReadonlySet<string> = new Set(['observation', 'analytics', 'experiment']);

/** At most this many quotes per initiative. */
export const QUOTES_PER_INITIATIVE = 3;

export interface HeardQuote {
  initiative: string;
  evidence: string;
  date: string;
  source: string;
  /** `do` (observation, analytics, experiment) or `say` (interview, survey, research). */
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

const weight = (verdict: string | undefined) => (verdict === 'supports' ? 1 : verdict === 'refutes' ? -1 : 0);

/** What customers said and did in the window (`since` to the snapshot's as-of day), and what it moved. */
export function whatWeHeard(records: Records, since: string, perInitiative = QUOTES_PER_INITIATIVE): WhatWeHeard {
  const byInitiative = new Map<string, HeardQuote[]>();
  for (const { data: e } of records.evidence) {
    const quote = e.quote?.trim();
    if (!quote || e.date < since) continue;
    const list = byInitiative.get(e.initiative) ?? [];
    list.push({ initiative: e.initiative, evidence: e.id, date: e.date, source: e.source, kind: DO_SOURCES.has(e.source) ? 'do' : 'say', customer: e.customer, quote, hypothesis: e.hypothesis ?? null, claim: e.claim ?? null, verdict: e.verdict ?? null });
    byInitiative.set(e.initiative, list);
  }
  const strongest = (a: HeardQuote, b: HeardQuote) => (a.kind === b.kind ? 0 : a.kind === 'do' ? -1 : 1) || b.date.localeCompare(a.date) || a.evidence.localeCompare(b.evidence);
  const quotes = [...byInitiative.keys()].sort().flatMap((id) => byInitiative.get(id)!.sort(strongest).slice(0, perInitiative));

  const balance = new Map<string, { before: number; after: number }>();
  for (const { data: e } of records.evidence) {
    if (e.hypothesis === undefined || e.claim === undefined) continue;
    const key = `${e.hypothesis}#${e.claim}`;
    const b = balance.get(key) ?? { before: 0, after: 0 };
    b.after += weight(e.verdict);
    if (e.date < since) b.before += weight(e.verdict);
    balance.set(key, b);
  }
  const claimsChanged = [...records.hypothesis]
    .sort((a, b) => a.data.initiative.localeCompare(b.data.initiative) || a.data.id.localeCompare(b.data.id))
    .flatMap((h) =>
      h.data.claims.flatMap((c) => {
        const b = balance.get(`${h.data.id}#${c.id}`);
        return b && b.before !== b.after ? [{ initiative: h.data.initiative, hypothesis: h.data.id, claim: c.id, text: c.text, before: b.before, after: b.after }] : [];
      }),
    );
  return { quotes, claimsChanged };
}
