import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/model/experiment.js';
import { emptyRecords } from '../../src/model/records.js';
import { okrs } from '../../src/reports/metrics/okrs.js';
import { DEFAULT_DOMAIN_ROLES } from '../../src/model/settings.js';
import { countsWords, domainHealth, outcomes, periodContains, quarterOf } from '../../src/reports/metrics/outcomes.js';

const experiment = (id: string, fields: Partial<Experiment>): Experiment => ({ id, domain: 'd', type: 'ab-test', hypotheses: [], testCard: { believe: 'b', verify: 'v', measure: 'm', rightIf: 'r' }, status: 'running', ...fields }) as Experiment;

function world(experiments: Experiment[] = [], period = '2026-Q4') {
  const r = emptyRecords();
  r.domain.push({ kind: 'domain', file: 'discovery/domains/d.yaml', data: { id: 'd', name: 'D', purpose: 'p', team: [{ name: 'N', role: 'product-manager' }], products: [] } });
  r.okr.push({ kind: 'okr', file: 'discovery/okrs/d-q4.yaml', data: { id: 'd-q4', domain: 'd', period, objective: 'o', keyResults: [{ id: 'k1', metric: 'm1', baseline: 0, target: 10, current: 5 }, { id: 'k2', metric: 'm2', baseline: 0, target: 10 }] } });
  for (const x of experiments) r.experiment.push({ kind: 'experiment', file: `discovery/experiments/d/${x.id}.yaml`, data: x });
  return r;
}

describe('outcomes: experiments per key result', () => {
  it('counts each key result\'s experiments by result (by status until concluded), newest first, and lists domain experiments with no key result', () => {
    const records = world([
      experiment('a', { kr: 'k1', status: 'concluded', result: 'validated', started: '2026-10-01', concluded: '2026-10-10' }),
      experiment('b', { kr: 'k1', status: 'concluded', result: 'inconclusive', started: '2026-11-01', concluded: '2026-11-10', arms: [{ name: 'control', conversions: 1, exposures: 10 }, { name: 'variant', conversions: 2, exposures: 10 }] }),
      experiment('c', { kr: 'k1', started: '2026-11-20' }),
      experiment('loose', { title: 'Logo' }),
      experiment('gone', { status: 'abandoned' }),
      experiment('discovery', { domain: undefined, initiative: 'q' }),
    ]);
    const o = outcomes(records);
    expect(o.keyResults.map((k) => [k.kr, k.counts, k.experiments.map((x) => x.id)])).toEqual([
      ['k1', { validated: 1, inconclusive: 1, running: 1 }, ['c', 'b', 'a']],
      ['k2', {}, []],
    ]);
    expect(o.keyResults[0]!.experiments.find((x) => x.id === 'b')).toMatchObject({ result: 'inconclusive', ab: '+100.0% p = 0.531 n.s.' });
    expect(o.keyResults[0]!.experiments.find((x) => x.id === 'a')!.ab).toBeNull();
    expect(o.unlinked.map((x) => [x.id, x.title])).toEqual([['loose', 'Logo']]);
    expect(countsWords(o.keyResults[0]!.counts)).toBe('1 validated, 1 inconclusive, 1 running');
    expect(countsWords({})).toBe('no experiment yet');
  });
});

describe('outcomes: the A/B numbers of experiments with counts', () => {
  // R: prop.test(c(80, 100), c(1000, 1000), correct = FALSE)$p.value = 0.1181253.
  const arms = [{ name: 'control', conversions: 100, exposures: 1000 }, { name: 'variant', conversions: 80, exposures: 1000 }];

  it('judge the p-value at the configured significance, and say fewer is better when the key result falls', () => {
    const records = world([experiment('drop', { kr: 'k1', status: 'concluded', result: 'inconclusive', arms }), experiment('loose', { status: 'concluded', result: 'inconclusive', arms })]);
    expect(outcomes(records).keyResults[0]!.experiments[0]!.ab).toBe('−20.0% p = 0.118 n.s.');
    expect(outcomes(records, 0.2).keyResults[0]!.experiments[0]!.ab).toBe('−20.0% p = 0.118');
    expect(outcomes(records).unlinked[0]!.ab).toBe('−20.0% p = 0.118 n.s.');
    records.okr[0]!.data.keyResults[0] = { id: 'k1', metric: 'm1', baseline: 10, target: 2 };
    expect(outcomes(records).keyResults[0]!.experiments[0]!.ab).toBe('−20.0% p = 0.118 n.s.; fewer is better');
  });
});

describe('periods and domain health', () => {
  it('a period contains the days of its quarter, half, month or year, and no other', () => {
    expect(['2026-Q4', '2026-H2', '2026-12', '2026'].map((p) => periodContains(p, '2026-12-01'))).toEqual([true, true, true, true]);
    expect(['2026-Q3', '2026-H1', '2026-11', '2025', '2027-Q4'].map((p) => periodContains(p, '2026-12-01'))).toEqual([false, false, false, false, false]);
    expect([periodContains('2026-Q1', '2026-03-31'), periodContains('2026-Q2', '2026-04-01'), periodContains('2026-H1', '2026-06-30'), periodContains('2026-H2', '2026-07-01')]).toEqual([true, true, true, true]);
    expect([quarterOf('2026-01-01'), quarterOf('2026-06-30'), quarterOf('2026-12-31')]).toEqual(['2026-Q1', '2026-Q2', '2026-Q4']);
  });

  it('warns per missing role, for no OKR containing the day, and per stale key result, each with its fix', () => {
    const records = world([], '2026-Q3');
    const [d] = domainHealth(records, '2026-12-01', { roles: DEFAULT_DOMAIN_ROLES, okrs: okrs(records, '2026-12-01', 14), staleDays: 14 });
    expect(d!.warnings.map((w) => [w.kind, w.fix])).toEqual([
      ['missing-role', 'pdx team add d --role designer --name "…"'],
      ['missing-role', 'pdx team add d --role engineering-lead --name "…"'],
      ['missing-role', 'pdx team add d --role data-analyst --name "…"'],
      ['missing-role', 'pdx team add d --role ux-researcher --name "…"'],
      ['no-current-okr', 'pdx okr add --domain d --period 2026-Q4 --objective "…"'],
      ['stale-kr', 'pdx kr update k1 --current …'],
      ['stale-kr', 'pdx kr update k2 --current …'],
    ]);
    const inQ3 = domainHealth(records, '2026-09-30', { roles: ['product-manager'], okrs: [], staleDays: 14 });
    expect(inQ3[0]!.warnings).toEqual([]);
  });
});
