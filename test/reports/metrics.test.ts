import { DEFAULT_STRENGTH } from '../../src/model/strength.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/model/experiment.js';
import type { Initiative } from '../../src/model/initiative.js';
import { asOfSnapshot, emptyRecords, type Records } from '../../src/model/records.js';
import { experimentsPerWeek } from '../../src/reports/metrics/experiments.js';
import { whatWeHeard } from '../../src/reports/metrics/heard.js';
import { learning, staleWork } from '../../src/reports/metrics/learning.js';
import { krProgress, okrs } from '../../src/reports/metrics/okrs.js';
import { products } from '../../src/reports/metrics/products.js';
import { investment } from '../../src/reports/metrics/investment.js';
import { investmentMix } from '../../src/reports/metrics/investment-mix.js';
import { funnel, medianDaysInStage, stageAging } from '../../src/reports/metrics/stages.js';
import { stageMoves } from '../../src/reports/metrics/moves.js';

function experiment(id: string, fields: Partial<Experiment>): Experiment {
  return { id, initiative: 'q', type: 'interview', hypotheses: [], testCard: { believe: 'b', verify: 'v', measure: 'm', rightIf: 'r' }, status: 'running', ...fields } as Experiment;
}
function world(parts: { initiatives?: Partial<Initiative>[]; experiments?: Experiment[] } = {}): Records {
  const r = emptyRecords();
  for (const i of parts.initiatives ?? [{}]) r.initiative.push({ kind: 'initiative', file: `discovery/initiatives/${i.id ?? 'q'}.yaml`, data: { id: 'q', title: 'Q', risk: 'market', stage: 'immersion', history: [], team: [], ideas: [], feedbackGroup: [], customers: [], ...i } as Initiative });
  for (const x of parts.experiments ?? []) r.experiment.push({ kind: 'experiment', file: `discovery/experiments/${x.id}.yaml`, data: x });
  return r;
}
const concluded = (id: string, started: string, on: string, result: Experiment['result'] = 'validated') => experiment(id, { status: 'concluded', started, concluded: on, result, learning: { observed: 'o', learned: 'l', next: 'n' } });

describe('experiments per week', () => {
  const ab = (id: string, started: string, on: string) => ({ ...concluded(id, started, on), initiative: undefined, domain: 'd', type: 'ab-test' as const });
  const withDomain = (r: Records, id = 'd', created?: string) => {
    r.domain.push({ kind: 'domain', file: `discovery/domains/${id}.yaml`, data: { id, name: id, purpose: 'p', team: [], products: [], ...(created ? { created } : {}) } });
    return r;
  };

  it('the top level is the domains\' A/B pace by ISO week across New Year (2026 has a week 53), every week present even at zero', () => {
    const records = withDomain(world({
      initiatives: [],
      experiments: [
        ab('a', '2026-12-14', '2026-12-18'), // W51
        ab('b', '2026-12-28', '2026-12-31'), // W53
        ab('c', '2026-12-29', '2027-01-03'), // W53 (Sunday)
        ab('d', '2027-01-04', '2027-01-04'), // 2027-W01
        ab('old', '2026-11-30', '2026-12-01'), // before the window: the previous window
        { ...experiment('e', { started: '2026-12-22' }), initiative: undefined, domain: 'd', type: 'ab-test' }, // W52, still running
        { ...concluded('usability', '2026-12-14', '2026-12-15'), initiative: undefined, domain: 'd', type: 'usability' }, // not an A/B test
      ],
    }));
    const pace = experimentsPerWeek(records, { since: '2026-12-14', asOf: '2027-01-06', days: 28 }); // a 4w window
    expect(pace.weeks).toEqual([
      { week: '2026-W51', start: '2026-12-14', concluded: 1, started: 1, count: 1, teams: 1 },
      { week: '2026-W52', start: '2026-12-21', concluded: 0, started: 1, count: 0, teams: 1 },
      { week: '2026-W53', start: '2026-12-28', concluded: 2, started: 2, count: 2, teams: 1 },
      { week: '2027-W01', start: '2027-01-04', concluded: 1, started: 1, count: 1, teams: 1 },
    ]);
    expect(pace).toMatchObject({ measure: 'ab-tests', target: 20, average: 1, previousAverage: 0.25, teams: 1, atTarget: 0 });
    // The team's own weeks still count every experiment it concluded, A/B or not.
    expect(pace.byTeam[0]!.weeks[0]).toEqual({ week: '2026-W51', start: '2026-12-14', measure: 'ab-tests', count: 1, concluded: 2, started: 2 });
  });

  it('a window of days averages over its actual days, and the previous window is just before it', () => {
    const records = withDomain(world({ initiatives: [], experiments: [ab('a', '2026-10-20', '2026-10-23'), ab('b', '2026-10-10', '2026-10-20')] }));
    const pace = experimentsPerWeek(records, { since: '2026-10-22', asOf: '2026-10-31' }); // 10 days
    expect(pace.weeks.map((w) => [w.week, w.concluded])).toEqual([['2026-W43', 1], ['2026-W44', 0]]);
    expect(pace.average).toBe(0.7); // 1 concluded × 7 / 10 days
    expect(pace.previousAverage).toBe(0.7); // b on 10-20 falls in 10-12..10-21
  });

  it('a window with nothing in it is all zeros, and a measure with no team is zero teams, not a division by zero', () => {
    const pace = experimentsPerWeek(world(), { since: '2026-11-02', asOf: '2026-11-24' });
    expect(pace.weeks.map((w) => [w.week, w.concluded, w.started])).toEqual([['2026-W45', 0, 0], ['2026-W46', 0, 0], ['2026-W47', 0, 0], ['2026-W48', 0, 0]]);
    expect(pace).toMatchObject({ average: 0, teams: 0, target: 20, previousAverage: null });
    expect(pace.measures.map((m) => [m.measure, m.teams, m.average, m.target])).toEqual([['ab-tests', 0, 0, 20], ['iterations', 0, 0, 5], ['touchpoints', 1, 0, 3]]);
  });
});

describe('pace that compares like with like', () => {
  const of = (owner: { initiative?: string; domain?: string }, id: string, on: string, type: Experiment['type']) => ({ ...concluded(id, on, on), initiative: undefined, ...owner, type });
  const ev = (id: string, initiative: string, date: string, customer = `C-${id}`) => ({ kind: 'evidence' as const, file: `${id}.yaml`, data: { id, initiative, date, source: 'interview' as const, customer, note: 'n' } });
  const at = (stage: Initiative['stage'], since = '2026-01-05') => ({ stage, history: [{ stage: 'immersion' as const, date: '2026-01-05' }, ...(stage === 'immersion' ? [] : [{ stage, date: since }])] });
  // A 4-week window, 2026-W45..W48.
  const window = { since: '2026-11-02', asOf: '2026-11-29' };

  function repo() {
    const r = world({
      initiatives: [
        { id: 'early', ...at('hypothesis') },
        { id: 'proto', ...at('prototyping') },
        { id: 'spike', risk: 'technical', ...at('design') },
        { id: 'shipped', ...at('release'), feedbackGroup: [{ id: 'C-fg', joined: '2026-10-01' }], customers: [{ id: 'C-pay', payingSince: '2026-10-01' }] },
      ],
      experiments: [
        // A domain counts concluded A/B tests only: 8 in 4 weeks is 2 a week.
        ...Array.from({ length: 8 }, (_, i) => of({ domain: 'd' }, `d-ab${i}`, `2026-11-${String(2 + i * 3).padStart(2, '0')}`, 'ab-test')),
        of({ domain: 'd' }, 'd-survey', '2026-11-03', 'survey'),
        // Prototyping counts prototype and usability; a technical spike only on a technical initiative.
        of({ initiative: 'proto' }, 'p1', '2026-11-03', 'prototype'),
        of({ initiative: 'proto' }, 'p2', '2026-11-10', 'usability'),
        of({ initiative: 'proto' }, 'p3', '2026-11-11', 'technical-spike'),
        of({ initiative: 'proto' }, 'p4', '2026-11-12', 'interview'),
        of({ initiative: 'spike' }, 's1', '2026-11-03', 'technical-spike'),
        of({ initiative: 'spike' }, 's2', '2026-11-04', 'prototype'),
        of({ initiative: 'spike' }, 's3', '2026-11-05', 'ab-test'),
        // Experiments do not count as touchpoints: evidence does.
        of({ initiative: 'early' }, 'e1', '2026-11-03', 'prototype'),
      ],
    });
    r.domain.push({ kind: 'domain', file: 'discovery/domains/d.yaml', data: { id: 'd', name: 'd', purpose: 'p', team: [], products: [] } });
    // Early: 12 touchpoints in 4 weeks, 3 a week. Shipped: only the feedback group's and the paying customers' count.
    r.evidence.push(...Array.from({ length: 12 }, (_, i) => ev(`early${i}`, 'early', `2026-11-${String(2 + i * 2).padStart(2, '0')}`)));
    r.evidence.push(ev('fg', 'shipped', '2026-11-04', 'C-fg'), ev('pay', 'shipped', '2026-11-05', 'C-pay'), ev('stranger', 'shipped', '2026-11-06', 'C-new'));
    return r;
  }

  it('pins each measure: A/B tests for a domain, iterations in prototyping and design, touchpoints before, the feedback group\'s in release', () => {
    const pace = experimentsPerWeek(repo(), window);
    const team = (id: string) => pace.byTeam.find((t) => t.team === id)!;
    expect(team('d')).toMatchObject({ kind: 'domain', stage: null, measure: 'ab-tests', unit: 'A/B tests concluded', target: 20, average: 2 });
    expect(team('proto')).toMatchObject({ kind: 'initiative', stage: 'prototyping', measure: 'iterations', target: 5, average: 0.5 }); // p1, p2 (not the spike, not the interview)
    expect(team('spike')).toMatchObject({ stage: 'design', measure: 'iterations', average: 0.5 }); // s1, s2 (not the A/B test)
    expect(team('early')).toMatchObject({ stage: 'hypothesis', measure: 'touchpoints', unit: 'customer touchpoints (evidence records)', target: 3, average: 3 });
    expect(team('shipped')).toMatchObject({ stage: 'release', measure: 'touchpoints', unit: 'touchpoints with the feedback group and paying customers (evidence records)', average: 0.5 });
    expect(team('early').weeks.map((w) => w.count)).toEqual([4, 3, 4, 1]);
    expect(team('proto').weeks.map((w) => [w.week, w.measure, w.count])).toEqual([['2026-W45', 'iterations', 1], ['2026-W46', 'iterations', 1], ['2026-W47', 'iterations', 0], ['2026-W48', 'iterations', 0]]);
  });

  it('never sums unlike targets: each measure has its teams, their average per team against one team\'s target, and how many are at it', () => {
    const pace = experimentsPerWeek(repo(), { ...window, targets: { 'ab-tests': 8, iterations: 0.5, touchpoints: 2 } });
    expect(pace.measures.map(({ weeks: _w, ...m }) => m)).toEqual([
      { measure: 'ab-tests', unit: 'A/B tests concluded', target: 8, teams: 1, average: 2, previousAverage: 0, atTarget: 0 },
      { measure: 'iterations', unit: 'prototype and usability iterations concluded', target: 0.5, teams: 2, average: 0.5, previousAverage: 0, atTarget: 2 },
      { measure: 'touchpoints', unit: 'customer touchpoints (evidence records)', target: 2, teams: 2, average: 1.75, previousAverage: 0, atTarget: 1 },
    ]);
    // The contract's top level is the domains' A/B pace: one domain team's target, not 8 + 0.5 × 2 + 2 × 2.
    expect(pace).toMatchObject({ measure: 'ab-tests', target: 8, average: 2, teams: 1, atTarget: 0 });
    expect(pace.measures[2]!.weeks.map((w) => [w.teams, w.count])).toEqual([[2, 6], [2, 3], [2, 4], [2, 1]]);
  });

  it('counts each week by the stage the initiative was in that week: touchpoints before prototyping, iterations after', () => {
    const r = world({
      initiatives: [{ id: 'mover', stage: 'prototyping', history: [{ stage: 'immersion', date: '2026-09-01' }, { stage: 'validation', date: '2026-10-01' }, { stage: 'prototyping', date: '2026-11-16' }] }],
      experiments: [of({ initiative: 'mover' }, 'm1', '2026-11-04', 'prototype'), of({ initiative: 'mover' }, 'm2', '2026-11-17', 'prototype'), of({ initiative: 'mover' }, 'm3', '2026-11-25', 'usability')],
    });
    r.evidence.push(ev('v1', 'mover', '2026-11-03'), ev('v2', 'mover', '2026-11-10'), ev('v3', 'mover', '2026-11-11'), ev('late', 'mover', '2026-11-18'));
    const [mover] = experimentsPerWeek(r, window).byTeam;
    expect(mover!.weeks.map((w) => [w.week, w.measure, w.count])).toEqual([['2026-W45', 'touchpoints', 1], ['2026-W46', 'touchpoints', 2], ['2026-W47', 'iterations', 1], ['2026-W48', 'iterations', 1]]);
    // Its average is over its two weeks of iterating, and the window before it was validating (touchpoints): nothing to compare.
    expect(mover).toMatchObject({ measure: 'iterations', average: 1, previousAverage: null });
    // Before it existed, a week is no measure at all.
    const young = world({ initiatives: [{ id: 'young', stage: 'immersion', history: [{ stage: 'immersion', date: '2026-11-16' }] }] });
    young.evidence.push(ev('y1', 'young', '2026-11-17'), ev('y2', 'young', '2026-11-24'));
    const [y] = experimentsPerWeek(young, window).byTeam;
    expect(y!.weeks.map((w) => w.measure)).toEqual([null, null, 'touchpoints', 'touchpoints']);
    expect(y!.average).toBe(1); // 2 in its 2 weeks, not 2 in 4
  });

  it('handed-off initiatives are no discovery team: not paced, listed apart; before the handoff day they are', () => {
    const r = repo();
    r.initiative[0] = { ...r.initiative[0]!, data: { ...r.initiative[0]!.data, domain: 'd', handoff: { date: '2026-11-20', by: 'Maya' } } };
    const after = experimentsPerWeek(asOfSnapshot(r, window.asOf), window);
    expect(after.handedOff).toEqual(['early']);
    expect(after.byTeam.map((t) => t.team)).not.toContain('early');
    expect(after.measures[2]).toMatchObject({ teams: 1, average: 0.5 });
    const before = experimentsPerWeek(asOfSnapshot(r, '2026-11-19'), { since: '2026-10-27', asOf: '2026-11-19', days: 28 });
    expect(before.handedOff).toEqual([]);
    expect(before.byTeam.map((t) => t.team)).toContain('early');
  });
});

describe('stage aging', () => {
  const records = world({
    initiatives: [
      { id: 'a', stage: 'validation', history: [{ stage: 'immersion', date: '2026-06-01' }, { stage: 'epiphany', date: '2026-07-01' }, { stage: 'hypothesis', date: '2026-07-21' }, { stage: 'validation', date: '2026-09-01' }] },
      { id: 'b', stage: 'epiphany', history: [{ stage: 'immersion', date: '2026-10-01' }, { stage: 'epiphany', date: '2026-11-01' }] },
      { id: 'c', stage: 'design', history: [{ stage: 'immersion', date: '2026-01-01' }] },
    ],
  });
  it('days since entering the current stage, against the threshold; a hand-set stage dated from git', () => {
    const aging = stageAging(records, '2026-11-24', (s) => (s === 'validation' ? 45 : 30), (file, stage) => (file === 'discovery/initiatives/c.yaml' && stage === 'design' ? '2026-11-10' : undefined));
    expect(aging).toEqual([
      { initiative: 'a', stage: 'validation', enteredOn: '2026-09-01', days: 84, warnAfterDays: 45, overdue: true, source: 'history' },
      { initiative: 'b', stage: 'epiphany', enteredOn: '2026-11-01', days: 23, warnAfterDays: 30, overdue: false, source: 'history' },
      { initiative: 'c', stage: 'design', enteredOn: '2026-11-10', days: 14, warnAfterDays: 30, overdue: false, source: 'git' },
    ]);
    expect(stageAging(records, '2026-11-24', () => 30).find((s) => s.initiative === 'c')).toMatchObject({ enteredOn: null, days: null, overdue: false, source: 'unknown' });
    // A git date after as-of: the stage had not been set yet, so the day is unknown, never negative.
    expect(stageAging(records, '2026-11-01', () => 30, () => '2026-11-10').find((s) => s.initiative === 'c')).toMatchObject({ enteredOn: null, days: null, source: 'unknown' });
  });

  it('median days per stage over recorded transitions, and the funnel', () => {
    const medians = medianDaysInStage(records);
    expect(medians.immersion).toBe(30.5); // a: 30 days (06-01→07-01), b: 31 (10-01→11-01)
    expect(medians.epiphany).toBe(20);
    expect(medians.hypothesis).toBe(42);
    expect(medians.validation).toBeNull();
    expect(funnel(records)).toMatchObject({ immersion: 0, epiphany: 1, validation: 1, design: 1, mvp: 0 });
  });
});

describe('products and the graduated count', () => {
  const records = world({
    initiatives: [
      { id: 'quotes', title: 'Quotes', stage: 'mvp', domain: 'freight', handoff: { date: '2026-11-02', by: 'Maya' } },
      { id: 'tracking', title: 'Tracking', stage: 'release', domain: 'freight', handoff: { date: '2026-10-01', forced: true, reason: 'r' } },
      { id: 'payouts', title: 'Payouts', stage: 'mvp' },
      { id: 'quotes-api', title: 'Quotes API', stage: 'validation', parent: 'quotes' },
      { id: 'cross-border', title: 'Cross-border', stage: 'mvp', parent: 'quotes', domain: 'borders', handoff: { date: '2026-11-20' } },
    ],
  });
  records.domain.push({ kind: 'domain', file: 'discovery/domains/freight.yaml', data: { id: 'freight', name: 'Freight', purpose: 'p', team: [], products: ['quotes', 'tracking'] } });

  it('each domain with its products, oldest handoff first, each with its expansions and their stage', () => {
    expect(products(records)).toEqual([
      { domain: 'borders', name: null, products: [{ id: 'cross-border', title: 'Cross-border', stage: 'mvp', handedOffOn: '2026-11-20', by: null, forced: false, expansions: [] }] },
      {
        domain: 'freight',
        name: 'Freight',
        products: [
          { id: 'tracking', title: 'Tracking', stage: 'release', handedOffOn: '2026-10-01', by: null, forced: true, expansions: [] },
          {
            id: 'quotes',
            title: 'Quotes',
            stage: 'mvp',
            handedOffOn: '2026-11-02',
            by: 'Maya',
            forced: false,
            expansions: [
              { id: 'cross-border', title: 'Cross-border', stage: 'mvp', domain: 'borders' },
              { id: 'quotes-api', title: 'Quotes API', stage: 'validation', domain: null },
            ],
          },
        ],
      },
    ]);
  });

  it('counts handed-off initiatives as graduated, not in their stage; the snapshot of an earlier day has them in discovery', () => {
    expect(funnel(records)).toEqual({ immersion: 0, epiphany: 0, hypothesis: 0, validation: 1, prototyping: 0, design: 0, release: 0, mvp: 1, graduated: 3 });
    const before = asOfSnapshot(records, '2026-11-10');
    expect(funnel(before)).toMatchObject({ release: 0, mvp: 2, graduated: 2 });
    expect(products(before).map((d) => d.domain)).toEqual(['freight']);
    expect(products(asOfSnapshot(records, '2026-09-30'))).toEqual([]);
  });
});

describe('OKR progress', () => {
  it('runs from baseline to target, for decreasing metrics too', () => {
    expect(krProgress(30, 3, 12)).toBe(0.67); // 30 days → 3 days, now 12: 18 of 27
    expect(krProgress(20, 60, 34)).toBe(0.35);
    expect(krProgress(30, 3, 30)).toBe(0);
    expect(krProgress(30, 3, 3)).toBe(1);
    const r = emptyRecords();
    r.okr.push({ kind: 'okr', file: 'o.yaml', data: { id: 'o', domain: 'd', period: '2026-Q4', objective: 'Flat', keyResults: [{ id: 'flat', metric: 'M', baseline: 5, target: 5, current: 7 }] } });
    expect(okrs(r, '2026-11-24')[0]).toMatchObject({ progress: null, keyResults: [{ progress: null }] });
  });

  it('takes the latest check-in of the as-of snapshot, and flags key results with none for 14 days', () => {
    const r = emptyRecords();
    r.okr.push({ kind: 'okr', file: 'o.yaml', data: { id: 'o', domain: 'd', period: '2026-Q4', objective: 'Faster', keyResults: [{ id: 'days', metric: 'Days', baseline: 30, target: 3, current: 9 }, { id: 'share', metric: 'Share', baseline: 20, target: 60 }] } });
    for (const [date, value] of [['2026-10-05', 21], ['2026-11-02', 12], ['2026-11-23', 9]] as const) r.checkin.push({ kind: 'checkin', file: `${date}.yaml`, data: { id: date, kr: 'days', date, value } });
    // Metrics read the engine's as-of snapshot: the check-ins after that day are not in it.
    const on = (day: string) => okrs(asOfSnapshot(r, day), day);
    const [o] = on('2026-11-20');
    expect(o!.keyResults).toEqual([
      { id: 'days', metric: 'Days', unit: null, baseline: 30, target: 3, current: 12, progress: 0.67, lastCheckIn: '2026-11-02', stale: true, history: [{ date: '2026-10-05', value: 21 }, { date: '2026-11-02', value: 12 }] },
      { id: 'share', metric: 'Share', unit: null, baseline: 20, target: 60, current: null, progress: null, lastCheckIn: null, stale: true, history: [] },
    ]);
    expect(o!.progress).toBe(0.67);
    expect(on('2026-11-24')[0]!.keyResults[0]).toMatchObject({ current: 9, progress: 0.78, stale: false });
    // Before the first check-in, today's recorded value does not speak for that day.
    expect(on('2026-10-01')[0]!.keyResults[0]).toMatchObject({ current: null, progress: null });
  });

  it('keeps each key result\'s check-ins of the report window, oldest first, beside its baseline and target', () => {
    const r = emptyRecords();
    r.okr.push({ kind: 'okr', file: 'o.yaml', data: { id: 'o', domain: 'd', period: '2026-Q4', objective: 'Faster', keyResults: [{ id: 'days', metric: 'Days', baseline: 30, target: 3 }, { id: 'other', metric: 'Other', baseline: 0, target: 1 }] } });
    // Filed out of order, one before the window, one on the window's first day, one after as-of.
    for (const [id, date, value] of [['c3', '2026-11-23', 9], ['c1', '2026-09-01', 25], ['c2', '2026-10-05', 21], ['c4', '2026-11-02', 12], ['c5', '2026-12-01', 5]] as const) r.checkin.push({ kind: 'checkin', file: `${id}.yaml`, data: { id, kr: 'days', date, value } });
    const [o] = okrs(asOfSnapshot(r, '2026-11-24'), '2026-11-24', 14, '2026-10-05');
    expect(o!.keyResults[0]).toMatchObject({ baseline: 30, target: 3, history: [{ date: '2026-10-05', value: 21 }, { date: '2026-11-02', value: 12 }, { date: '2026-11-23', value: 9 }] });
    expect(o!.keyResults[1]!.history).toEqual([]);
  });
});

describe('OKR progress, grouped in one pass', () => {
  it('equals reading every check-in per key result, for any check-ins filed in any order, as of any day', () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-11-${String(d).padStart(2, '0')}`);
    const krIds = ['a', 'b', 'c', 'd', 'e'];
    const world = fc.record({
      okrs: fc.array(fc.record({ krs: fc.subarray(krIds, { minLength: 1 }), current: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
      checkins: fc.array(fc.record({ kr: fc.constantFrom(...krIds, 'gone'), date: day, value: fc.integer({ min: 0, max: 9 }) }), { maxLength: 12 }),
      asOf: day,
      since: day,
    });
    fc.assert(
      fc.property(world, ({ okrs: list, checkins, asOf, since }) => {
        const r = emptyRecords();
        list.forEach((o, i) => r.okr.push({ kind: 'okr', file: `o${i}.yaml`, data: { id: `o${i}`, domain: `d${i}`, period: '2026-Q4', objective: 'O', keyResults: o.krs.map((id) => ({ id: `${id}${i % 2}`, metric: 'M', baseline: 0, target: 10, ...(o.current === undefined ? {} : { current: o.current }) })) } }));
        checkins.forEach((c, i) => r.checkin.push({ kind: 'checkin', file: `c${i}.yaml`, data: { id: `c${i}`, kr: `${c.kr}${i % 2}`, date: c.date, value: c.value } }));
        const snapshot = asOfSnapshot(r, asOf);
        // As first written: every check-in filtered per key result, in the snapshot and in the whole repo.
        const byDate = (a: { date: string; id: string }, b: { date: string; id: string }) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id);
        const expected = r.okr.map((o) => o.data.keyResults.map((kr) => {
          const all = r.checkin.filter((c) => c.data.kr === kr.id).map((c) => c.data);
          const kept = snapshot.checkin.filter((c) => c.data.kr === kr.id).map((c) => c.data).sort(byDate);
          const byValue = all.filter((c) => c.date <= asOf).sort((a, b) => a.date.localeCompare(b.date));
          const current = all.length === 0 ? (kr.current ?? null) : (byValue.at(-1)?.value ?? null);
          return { id: kr.id, current, lastCheckIn: kept.at(-1)?.date ?? null, history: kept.filter((c) => c.date >= since).map((c) => ({ date: c.date, value: c.value })) };
        }));
        const got = okrs(snapshot, asOf, 14, since).sort((a, b) => Number(a.okr.slice(1)) - Number(b.okr.slice(1)));
        expect(got.map((o) => o.keyResults.map((k) => ({ id: k.id, current: k.current, lastCheckIn: k.lastCheckIn, history: k.history })))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('what we heard: claims changed', () => {
  it('equals sorting every hypothesis, then listing its changed claims, for any hypotheses and evidence', () => {
    const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-11-${String(d).padStart(2, '0')}`);
    const world = fc.record({
      hypotheses: fc.array(fc.record({ initiative: fc.constantFrom('b', 'a', 'c'), id: fc.constantFrom('h1', 'h2', 'H3', 'h-4', 'h10'), claims: fc.integer({ min: 1, max: 3 }) }), { maxLength: 8 }),
      evidence: fc.array(fc.record({ hypothesis: fc.constantFrom('h1', 'h2', 'H3', 'h-4', 'h10'), claim: fc.constantFrom('c1', 'c2', 'c3'), verdict: fc.constantFrom('supports', 'refutes', 'neutral'), date: day }), { maxLength: 15 }),
      since: day,
    });
    fc.assert(
      fc.property(world, ({ hypotheses, evidence, since }) => {
        const r = emptyRecords();
        hypotheses.forEach((h, i) => r.hypothesis.push({ kind: 'hypothesis', file: `h${i}.yaml`, data: { id: h.id, initiative: h.initiative, kind: 'customer', statement: 's', status: 'testing', claims: Array.from({ length: h.claims }, (_, j) => ({ id: `c${j + 1}`, text: `${h.id} ${j}` })) } }));
        evidence.forEach((e, i) => r.evidence.push({ kind: 'evidence', file: `e${i}.yaml`, data: { id: `e${i}`, initiative: 'a', date: e.date, source: 'interview', customer: 'C', note: 'n', hypothesis: e.hypothesis, claim: e.claim, verdict: e.verdict as 'supports' } }));
        // As first written: every hypothesis sorted, then each claim's balance before and after.
        const balance = (list: typeof r.evidence, h: string, c: string) => list.filter((e) => e.data.hypothesis === h && e.data.claim === c).reduce((n, e) => n + (e.data.verdict === 'supports' ? 1 : e.data.verdict === 'refutes' ? -1 : 0), 0);
        const expected = [...r.hypothesis]
          .sort((a, b) => a.data.initiative.localeCompare(b.data.initiative) || a.data.id.localeCompare(b.data.id))
          .flatMap((h) => h.data.claims.flatMap((c) => {
            const [was, is] = [balance(r.evidence.filter((e) => e.data.date < since), h.data.id, c.id), balance(r.evidence, h.data.id, c.id)];
            return was !== is ? [{ initiative: h.data.initiative, hypothesis: h.data.id, claim: c.id, text: c.text, before: was, after: is }] : [];
          }));
        expect(whatWeHeard(r, since).claimsChanged).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('learning and stale work', () => {
  it('counts claims by verdict, invalidations as learnings, and customers heard in the window', () => {
    const r = world({ experiments: [concluded('x', '2026-10-01', '2026-10-05', 'invalidated'), concluded('y', '2026-10-01', '2026-10-05')] });
    r.hypothesis.push({ kind: 'hypothesis', file: 'h.yaml', data: { id: 'h', initiative: 'q', kind: 'pricing', statement: 's', status: 'invalidated', claims: [{ id: 'c1', text: 't' }, { id: 'c2', text: 't' }, { id: 'c3', text: 't' }] } });
    const ev = (id: string, date: string, customer: string, claim?: string, verdict?: 'supports' | 'refutes') => ({ kind: 'evidence' as const, file: `${id}.yaml`, data: { id, initiative: 'q', date, source: 'interview' as const, customer, note: 'n', ...(claim ? { hypothesis: 'h', claim, verdict } : {}) } });
    r.evidence.push(ev('1', '2026-11-03', 'C-1', 'c1', 'supports'), ev('2', '2026-11-04', 'C-2', 'c2', 'supports'), ev('3', '2026-11-05', 'C-2', 'c2', 'refutes'), ev('4', '2026-08-01', 'C-9'));
    const l = learning(r, '2026-11-02', '2026-11-24');
    expect(l.claims).toEqual({ supported: 1, refuted: 1, untested: 1 });
    expect(l.learnings).toEqual({ invalidatedHypotheses: 1, invalidatedExperiments: 1, pivots: 0 });
    expect(l.customersHeard).toBe(2);
    expect(l.evidencePerWeek.map((w) => w.count)).toEqual([3, 0, 0, 0]);
    expect(l.hypotheses.pricing).toEqual({ draft: 0, testing: 0, validated: 0, invalidated: 1 });
  });

  it('counts each move back to an earlier stage as a pivot, as the history stood on the day', () => {
    const history = [
      { stage: 'immersion', date: '2026-05-04' },
      { stage: 'epiphany', date: '2026-06-08' },
      { stage: 'hypothesis', date: '2026-06-29' },
      { stage: 'validation', date: '2026-07-27' },
      { stage: 'hypothesis', date: '2026-09-21', reason: 'the checkbox test refuted it' },
      { stage: 'validation', date: '2026-10-26' },
      { stage: 'epiphany', date: '2026-11-16', reason: 'again' },
    ] as Initiative['history'];
    const r = world({ initiatives: [{ id: 'p', stage: 'epiphany', history }, { id: 'q', stage: 'validation', history: history.slice(0, 4) }] });
    expect(learning(r, '2026-11-02', '2026-11-24').learnings.pivots).toBe(2);
    // Forward moves after a pivot are not pivots; before the first one there were none.
    expect(learning(asOfSnapshot(r, '2026-11-01'), '2026-09-01', '2026-11-01').learnings.pivots).toBe(1);
    expect(learning(asOfSnapshot(r, '2026-09-20'), '2026-07-01', '2026-09-20').learnings.pivots).toBe(0);
  });

  it('finds experiments running past their plan and hypotheses testing without new evidence', () => {
    const r = world({ experiments: [experiment('late', { started: '2026-11-01', plannedDays: 10 }), experiment('fine', { started: '2026-11-20', plannedDays: 10 })] });
    r.hypothesis.push({ kind: 'hypothesis', file: 'h.yaml', data: { id: 'h', initiative: 'q', kind: 'market', statement: 's', status: 'testing', claims: [{ id: 'c1', text: 't' }] } });
    r.evidence.push({ kind: 'evidence', file: 'e.yaml', data: { id: 'e', initiative: 'q', date: '2026-10-01', source: 'interview', customer: 'C-1', note: 'n', hypothesis: 'h', claim: 'c1', verdict: 'supports' } });
    expect(staleWork(r, '2026-11-24')).toEqual({
      experiments: [{ id: 'late', owner: 'q', started: '2026-11-01', plannedDays: 10, daysRunning: 23 }],
      hypotheses: [{ id: 'h', lastEvidence: '2026-10-01', days: 54 }],
    });
    // Quiet is counted from the day it went into testing, when that is later than its evidence.
    const h = r.hypothesis[0]!.data;
    r.hypothesis.push({ kind: 'hypothesis', file: 'n.yaml', data: { ...h, id: 'new', statusSince: '2026-11-10' } }, { kind: 'hypothesis', file: 'o.yaml', data: { ...h, id: 'old', statusSince: '2026-10-01' } });
    r.hypothesis[0] = { ...r.hypothesis[0]!, data: { ...h, statusSince: '2026-11-01' } };
    expect(staleWork(r, '2026-11-24').hypotheses).toEqual([{ id: 'old', lastEvidence: null, days: null }]);
  });
});

describe('what we heard', () => {
  type Source = 'interview' | 'observation' | 'survey' | 'research' | 'analytics' | 'experiment';
  const ev = (id: string, initiative: string, date: string, source: Source, fields: { quote?: string; claim?: string; verdict?: 'supports' | 'refutes' | 'neutral' } = {}) => ({
    kind: 'evidence' as const,
    file: `${id}.yaml`,
    data: { id, initiative, date, source, customer: `C-${id}`, note: 'n', ...(fields.quote !== undefined ? { quote: fields.quote } : {}), ...(fields.claim ? { hypothesis: `${initiative}-h`, claim: fields.claim, verdict: fields.verdict } : {}) },
  });
  const hypothesis = (initiative: string) => ({ kind: 'hypothesis' as const, file: `${initiative}-h.yaml`, data: { id: `${initiative}-h`, initiative, kind: 'product' as const, statement: 's', status: 'testing' as const, claims: [{ id: 'c1', text: 'first' }, { id: 'c2', text: 'second' }, { id: 'c3', text: 'third' }] } });

  it('keeps at most three quotes per initiative from the window, what customers did before what they said, then newest', () => {
    const r = world();
    r.evidence.push(
      ev('s-new', 'a', '2026-11-20', 'interview', { quote: 'said, newest' }),
      ev('s-old', 'a', '2026-11-02', 'survey', { quote: 'said, oldest' }),
      ev('d-old', 'a', '2026-11-03', 'observation', { quote: 'did, older' }),
      ev('d-new', 'a', '2026-11-10', 'analytics', { quote: '  did, newer  ' }),
      ev('before', 'a', '2026-10-31', 'experiment', { quote: 'before the window' }),
      ev('blank', 'a', '2026-11-21', 'experiment', { quote: '   ' }),
      ev('no-quote', 'a', '2026-11-21', 'experiment'),
      ev('b1', 'b', '2026-11-05', 'research', { quote: 'from b' }),
    );
    const heard = whatWeHeard(r, '2026-11-01');
    expect(heard.quotes.map((q) => `${q.initiative} ${q.kind} ${q.evidence} ${q.quote}`)).toEqual(['a do d-new did, newer', 'a do d-old did, older', 'a say s-new said, newest', 'b say b1 from b']);
    expect(heard.quotes[0]).toMatchObject({ date: '2026-11-10', source: 'analytics', customer: 'C-d-new', hypothesis: null, claim: null, verdict: null });
  });

  it('weighs a quote as the strength rule does: an interview marked strong by hand, and a table from pdx.yaml', () => {
    const r = world();
    const strong = ev('s-strong', 'a', '2026-11-02', 'interview', { quote: 'said, marked strong' });
    r.evidence.push(ev('d', 'a', '2026-11-20', 'analytics', { quote: 'did' }), { ...strong, data: { ...strong.data, strength: 'strong' as const } });
    expect(whatWeHeard(r, '2026-11-01').quotes.map((q) => `${q.kind} ${q.evidence}`)).toEqual(['do d', 'do s-strong']);
    // With analytics weak in the table, the hand-marked interview is the stronger one.
    expect(whatWeHeard(r, '2026-11-01', { ...DEFAULT_STRENGTH, analytics: 'weak' }).quotes.map((q) => `${q.kind} ${q.evidence}`)).toEqual(['do s-strong', 'say d']);
  });

  it('lists the claims whose supports minus refutes differs at the window\'s start and end', () => {
    const r = world();
    r.hypothesis.push(hypothesis('a'));
    r.evidence.push(
      // c1: +1 before the window, one more support in it: +1 → +2.
      ev('1', 'a', '2026-10-01', 'interview', { claim: 'c1', verdict: 'supports' }),
      ev('2', 'a', '2026-11-02', 'interview', { claim: 'c1', verdict: 'supports' }),
      // c2: a support and a refute in the window cancel: not changed.
      ev('3', 'a', '2026-11-03', 'interview', { claim: 'c2', verdict: 'supports' }),
      ev('4', 'a', '2026-11-04', 'interview', { claim: 'c2', verdict: 'refutes' }),
      // c3: refuted in the window, a neutral changes nothing.
      ev('5', 'a', '2026-11-05', 'observation', { claim: 'c3', verdict: 'refutes' }),
      ev('6', 'a', '2026-11-06', 'observation', { claim: 'c3', verdict: 'neutral' }),
    );
    expect(whatWeHeard(r, '2026-11-01').claimsChanged).toEqual([
      { initiative: 'a', hypothesis: 'a-h', claim: 'c1', text: 'first', before: 1, after: 2 },
      { initiative: 'a', hypothesis: 'a-h', claim: 'c3', text: 'third', before: 0, after: -1 },
    ]);
    // A window that starts after all of it: nothing changed.
    expect(whatWeHeard(r, '2026-11-07').claimsChanged).toEqual([]);
  });
});

describe('investment: who works in discovery and who in product management', () => {
  const member = (name: string, joined?: string) => ({ name, role: 'engineer' as const, ...(joined ? { joined } : {}) });
  const records = world({
    initiatives: [
      { id: 'quotes', stage: 'mvp', domain: 'freight', handoff: { date: '2026-11-02' }, team: [member('Ann'), member('Bo')], budget: 120000 },
      { id: 'payouts', stage: 'validation', team: [member('Ann'), member('Cy'), member('Cy'), member('Dee', '2026-11-20')] },
    ],
  });
  records.domain.push({ kind: 'domain', file: 'discovery/domains/freight.yaml', data: { id: 'freight', name: 'Freight', purpose: 'p', team: [member('Bo'), member('Eve')], products: ['quotes'], budget: 0 } });

  it('a handed-off initiative is product management under its domain; members who joined after the day are absent; budget null or as set', () => {
    expect(investment(asOfSnapshot(records, '2026-11-10')).teams).toEqual([
      { kind: 'initiative', id: 'payouts', system: 'discovery', domain: null, people: ['Ann', 'Cy'], budget: null },
      { kind: 'initiative', id: 'quotes', system: 'product-management', domain: 'freight', people: ['Ann', 'Bo'], budget: 120000 },
      { kind: 'domain', id: 'freight', system: 'product-management', domain: null, people: ['Bo', 'Eve'], budget: 0 },
    ]);
    // Before the handoff the initiative is still discovery, and has no domain.
    expect(investment(asOfSnapshot(records, '2026-10-01')).teams[1]).toMatchObject({ id: 'quotes', system: 'discovery', domain: null });
    // Dee joined on the 20th.
    expect(investment(asOfSnapshot(records, '2026-11-24')).teams[0]!.people).toEqual(['Ann', 'Cy', 'Dee']);
  });

  it('counts each person once, split evenly between their teams, and sums the budgets set', () => {
    const mix = investmentMix(investment(asOfSnapshot(records, '2026-11-10')));
    expect(mix.people).toBe(4);
    // Ann is half in payouts (discovery), half in quotes; Bo half in quotes, half in freight.
    expect(mix.teams.map((t) => [t.id, t.headcount, t.share])).toEqual([['payouts', 2, 1.5], ['quotes', 2, 1], ['freight', 2, 1.5]]);
    expect(mix.split).toEqual({ discovery: 1.5, productManagement: 2.5, total: 4 });
    expect(mix.budget).toEqual({ discovery: 0, productManagement: 120000, total: 120000, teams: 2 });
    const unbudgeted = investment(asOfSnapshot(records, '2026-11-10'));
    for (const t of unbudgeted.teams) t.budget = null;
    expect(investmentMix(unbudgeted).budget).toBeNull();
    expect(investmentMix({ teams: [] })).toEqual({ people: 0, split: { discovery: 0, productManagement: 0, total: 0 }, teams: [], budget: null });
  });
});

describe('stage moves in the window', () => {
  it('lists each history entry dated from since on, with the stage it left, who, and whether it was a pivot or forced; the as-of snapshot drops later ones', () => {
    const records = world({
      initiatives: [
        { id: 'a', stage: 'validation', history: [{ stage: 'immersion', date: '2026-01-05' }, { stage: 'hypothesis', date: '2026-03-02', by: 'Ana' }, { stage: 'validation', date: '2026-03-10', by: 'Ana' }, { stage: 'hypothesis', date: '2026-03-20', by: 'Ana', reason: 'r' }] },
        { id: 'b', stage: 'immersion', history: [{ stage: 'immersion', date: '2026-03-02' }] },
        { id: 'c', stage: 'epiphany', history: [{ stage: 'immersion', date: '2026-02-01' }, { stage: 'epiphany', date: '2026-03-09', forced: true, reason: 'r' }] },
        { id: 'd', stage: 'hypothesis', history: [] },
      ],
    });
    const snapshot = asOfSnapshot(records, '2026-03-15');
    expect(stageMoves(snapshot, '2026-03-02').map((m) => `${m.date} ${m.initiative} ${m.from ?? 'new'}→${m.to} ${m.by ?? '?'}${m.pivot ? ' pivot' : ''}${m.forced ? ' forced' : ''}`)).toEqual([
      '2026-03-02 a immersion→hypothesis Ana',
      '2026-03-02 b new→immersion ?',
      '2026-03-09 c immersion→epiphany ? forced',
      '2026-03-10 a hypothesis→validation Ana',
    ]);
    expect(stageMoves(records, '2026-03-16')).toMatchObject([{ initiative: 'a', from: 'validation', to: 'hypothesis', pivot: true }]);
  });
});
