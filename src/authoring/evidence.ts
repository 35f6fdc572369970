import { usageError } from '../errors.js';
import { recordFile } from '../model/kinds.js';
import type { LoadedRecord, Records } from '../model/records.js';
import { chooseId, findRecord, type Plan } from './plan.js';

export interface EvidenceAdd {
  initiative: string;
  customer: string;
  source: string;
  note: string;
  date: string;
  hypothesis?: string;
  claim?: string;
  verdict?: string;
  quote?: string;
  segment?: string;
  tags?: string[];
  /** The experiment that produced it (of the same initiative). */
  experiment?: string;
  /** weak or strong, when the team overrides what the source and experiment give. */
  strength?: string;
  id?: string;
  by?: string;
}

/**
 * The hypothesis evidence bears on, checked: it exists, it is of the initiative (when that is
 * known), and it has the claim (when that is given).
 */
export function linkedHypothesis(records: Records, o: { initiative?: string; hypothesis: string; claim?: string }): LoadedRecord<'hypothesis'> {
  const hypothesis = findRecord(records, 'hypothesis', o.hypothesis, '--hypothesis');
  if (o.initiative !== undefined && hypothesis.data.initiative !== o.initiative) {
    throw usageError(`hypothesis ${o.hypothesis} belongs to ${hypothesis.data.initiative}, not ${o.initiative}`, `leave out --initiative, or pass --initiative ${hypothesis.data.initiative}`);
  }
  if (o.claim !== undefined && !hypothesis.data.claims.some((c) => c.id === o.claim)) {
    throw usageError(`hypothesis ${o.hypothesis} has no claim \`${o.claim}\``, `its claims: ${hypothesis.data.claims.map((c) => `${c.id} (${c.text})`).join('; ')}`);
  }
  return hypothesis;
}

/** The experiment evidence came from, checked: it exists and is of the initiative. */
export function linkedExperiment(records: Records, initiative: string, id: string): LoadedRecord<'experiment'> {
  const experiment = findRecord(records, 'experiment', id, '--experiment');
  if (experiment.data.initiative !== initiative) {
    throw usageError(`experiment ${id} belongs to ${experiment.data.initiative ?? `domain ${experiment.data.domain}`}, not ${initiative}`, 'name an experiment of the same initiative, or leave out --experiment');
  }
  return experiment;
}

/** `knownIds`: the file of an evidence id beyond `records.evidence`, when only some records were loaded. */
export function planEvidenceAdd(records: Records, o: EvidenceAdd, taken?: Set<string>, knownIds?: (id: string) => string | undefined): Plan {
  findRecord(records, 'initiative', o.initiative, '--initiative');
  const linked = { '--hypothesis': o.hypothesis, '--claim': o.claim, '--verdict': o.verdict };
  const missing = Object.entries(linked).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length > 0 && missing.length < 3) {
    throw usageError(`evidence on a hypothesis names the hypothesis, the claim and a verdict; missing: ${missing.join(', ')}`);
  }
  if (o.hypothesis !== undefined) linkedHypothesis(records, { initiative: o.initiative, hypothesis: o.hypothesis, claim: o.claim });
  if (o.experiment !== undefined) linkedExperiment(records, o.initiative, o.experiment);
  const { id, generated } = chooseId(records, 'evidence', o.id, `${o.date}-${o.customer}`, taken, knownIds);
  const file = recordFile('evidence', id, o.initiative);
  const data = { id, initiative: o.initiative, date: o.date, source: o.source, customer: o.customer, hypothesis: o.hypothesis, claim: o.claim, verdict: o.verdict, experiment: o.experiment, strength: o.strength, by: o.by, note: o.note, segment: o.segment, quote: o.quote, tags: o.tags };
  const target = o.hypothesis ?? o.initiative;
  return { kind: 'evidence', id, path: file, message: `pdx: add evidence ${id} to ${target}`, creates: [{ file, kind: 'evidence', data }], edits: [], generatedId: generated };
}
