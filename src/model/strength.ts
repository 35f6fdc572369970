import type { ClaimEvidence } from './claims.js';
import { findById } from './lookup.js';
import type { LoadedRecord, Records } from './records.js';
import { EVIDENCE_SOURCES, EXPERIMENT_TYPES, type Strength } from './vocabulary.js';

/**
 * What each way of knowing weighs, by evidence source, experiment type, and `paying-customer`
 * (the customer was paying for the initiative on the day). Strategyzer's evidence scale: what
 * people say in an interview, a survey or desk research is weak; what they do — observed,
 * measured, a concierge order, a pre-order on a landing page, a pilot, a payment — is strong.
 */
export type StrengthKey = (typeof EVIDENCE_SOURCES)[number] | (typeof EXPERIMENT_TYPES)[number] | 'paying-customer';
export const STRENGTH_KEYS: readonly StrengthKey[] = [...new Set<StrengthKey>([...EVIDENCE_SOURCES, ...EXPERIMENT_TYPES, 'paying-customer'])];
export type StrengthTable = Record<StrengthKey, Strength>;

export const DEFAULT_STRENGTH: StrengthTable = {
  interview: 'weak',
  observation: 'strong',
  survey: 'weak',
  research: 'weak',
  analytics: 'strong',
  // An experiment of unknown type: one that names its experiment takes that experiment's type.
  experiment: 'strong',
  concierge: 'strong',
  'wizard-of-oz': 'strong',
  'landing-page': 'strong',
  // People's reactions to a prototype or a design are what they say about it.
  prototype: 'weak',
  usability: 'weak',
  'technical-spike': 'strong',
  pilot: 'strong',
  'ab-test': 'strong',
  'paying-customer': 'strong',
};

/** Why a record has its strength: its own `strength:`, or the table entry that gave it. */
export interface StrengthOf {
  strength: Strength;
  /** `override`, or the table key: a source, an experiment type, or `paying-customer`. */
  because: 'override' | StrengthKey;
}

/**
 * The strength of one evidence record: its own `strength:` when set; else strong when any of
 * these is strong in the table — its source (for source `experiment` naming its experiment, that
 * experiment's type stands in: an interview experiment is say-data), the type of the experiment
 * it names, and `paying-customer` when its customer was paying for the initiative on its date (a
 * payment stands behind the words). Else weak, because of its source.
 */
export function strengthOf(evidence: LoadedRecord<'evidence'>, records: Records, table: StrengthTable = DEFAULT_STRENGTH): StrengthOf {
  const e = evidence.data;
  if (e.strength !== undefined) return { strength: e.strength, because: 'override' };
  const experiment = e.experiment === undefined ? undefined : findById(records.experiment, e.experiment)?.data.type;
  const source: StrengthKey = e.source === 'experiment' && experiment !== undefined ? experiment : e.source;
  if (table[source] === 'strong') return { strength: 'strong', because: source };
  if (experiment !== undefined && table[experiment] === 'strong') return { strength: 'strong', because: experiment };
  const initiative = findById(records.initiative, e.initiative);
  const paying = initiative?.data.customers.some((c) => c.id === e.customer && c.payingSince <= e.date && (c.churnedOn === undefined || c.churnedOn > e.date));
  if (paying && table['paying-customer'] === 'strong') return { strength: 'strong', because: 'paying-customer' };
  return { strength: 'weak', because: source };
}

/** How many records on a claim, whatever their verdict, are strong evidence. */
export function strongCount(on: ClaimEvidence | undefined, records: Records, table: StrengthTable = DEFAULT_STRENGTH): number {
  if (!on) return 0;
  let strong = 0;
  for (const list of [on.supports, on.refutes, on.neutral]) for (const e of list) if (strengthOf(e, records, table).strength === 'strong') strong++;
  return strong;
}
