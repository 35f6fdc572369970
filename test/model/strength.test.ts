import { describe, expect, it } from 'vitest';
import { DEFAULT_STRENGTH, strengthOf } from '../../src/model/strength.js';
import { emptyRecords, type LoadedRecord } from '../../src/model/records.js';
import type { Evidence } from '../../src/model/evidence.js';
import type { Experiment } from '../../src/model/experiment.js';
import type { Initiative } from '../../src/model/initiative.js';

const evidence = (fields: Partial<Evidence>): LoadedRecord<'evidence'> => ({
  kind: 'evidence',
  file: 'discovery/evidence/q/e.yaml',
  data: { id: 'e', initiative: 'q', date: '2026-10-01', source: 'interview', customer: 'C-1', note: 'n', ...fields },
});
const world = (experiments: Partial<Experiment>[] = [], customers: Initiative['customers'] = []) => {
  const r = emptyRecords();
  r.initiative.push({ kind: 'initiative', file: 'i.yaml', data: { id: 'q', customers } as unknown as Initiative });
  for (const x of experiments) r.experiment.push({ kind: 'experiment', file: 'x.yaml', data: { hypotheses: [], ...x } as Experiment });
  return r;
};

describe('strengthOf', () => {
  it.each([
    ['an interview is what people say', {}, world(), { strength: 'weak', because: 'interview' }],
    ['an observation is what they do', { source: 'observation' }, world(), { strength: 'strong', because: 'observation' }],
    ['a survey, however large, is say-data', { source: 'survey' }, world(), { strength: 'weak', because: 'survey' }],
    ['an experiment of unknown type counts as one', { source: 'experiment' }, world(), { strength: 'strong', because: 'experiment' }],
    ['an experiment that is interviews is say-data', { source: 'experiment', experiment: 'x' }, world([{ id: 'x', type: 'interview' }]), { strength: 'weak', because: 'interview' }],
    ['an interview logged in a concierge test takes its strength', { experiment: 'x' }, world([{ id: 'x', type: 'concierge' }]), { strength: 'strong', because: 'concierge' }],
    ['analytics inside a prototype test stays strong', { source: 'analytics', experiment: 'x' }, world([{ id: 'x', type: 'prototype' }]), { strength: 'strong', because: 'analytics' }],
    ['a paying customer on the day', {}, world([], [{ id: 'C-1', payingSince: '2026-10-01' }]), { strength: 'strong', because: 'paying-customer' }],
    ['paying only from the next day', {}, world([], [{ id: 'C-1', payingSince: '2026-10-02' }]), { strength: 'weak', because: 'interview' }],
    ['churned on the day', {}, world([], [{ id: 'C-1', payingSince: '2026-09-01', churnedOn: '2026-10-01' }]), { strength: 'weak', because: 'interview' }],
    ['marked weak by hand', { source: 'observation', strength: 'weak' }, world(), { strength: 'weak', because: 'override' }],
  ] as const)('%s', (_, fields, records, expected) => {
    expect(strengthOf(evidence(fields as Partial<Evidence>), records)).toEqual(expected);
  });

  it('follows the table it is given', () => {
    expect(strengthOf(evidence({ source: 'research' }), world(), { ...DEFAULT_STRENGTH, research: 'strong' })).toEqual({ strength: 'strong', because: 'research' });
    expect(strengthOf(evidence({ source: 'observation' }), world(), { ...DEFAULT_STRENGTH, observation: 'weak' }).strength).toBe('weak');
  });
});
