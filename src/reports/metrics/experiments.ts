import type { LoadedRecord, Records } from '../../model/records.js';
import { stageAsOf } from '../../model/history.js';
import { isHandedOff } from '../../model/products.js';
import type { Stage } from '../../model/vocabulary.js';
import { addDays, daysBetween, isoWeek, weeksBetween } from '../../model/dates.js';

/**
 * What a team's pace is measured in, by what it is for: a domain team runs A/B tests; a discovery
 * team in prototyping or design iterates on prototypes and usability tests; before that (immersion
 * to validation) it talks to customers, and after it (release, mvp) it hears from the people it
 * shipped to. Each is compared with its own target, never added to another.
 */
export const MEASURES = ['ab-tests', 'iterations', 'touchpoints'] as const;
export type Measure = (typeof MEASURES)[number];

/** What one unit of each measure is, for people. */
export const MEASURE_UNITS: Record<Measure, string> = {
  'ab-tests': 'A/B tests concluded',
  iterations: 'prototype and usability iterations concluded',
  touchpoints: 'customer touchpoints (evidence records)',
};
/** Release and mvp count touchpoints too, but only with the people the product was shipped to. */
export const SHIPPED_UNIT = 'touchpoints with the feedback group and paying customers (evidence records)';

/** The stages whose discovery teams count each measure. */
const ITERATING: Stage[] = ['prototyping', 'design'];
const SHIPPED: Stage[] = ['release', 'mvp'];

/** Default target per team: 20 A/B tests (a healthy domain team), 5 prototypes a week, 3 touchpoints. */
export const DEFAULT_TARGETS: Record<Measure, number> = { 'ab-tests': 20, iterations: 5, touchpoints: 3 };

/** The measure a discovery initiative's stage counts. */
export function measureOfStage(stage: Stage): Measure {
  return ITERATING.includes(stage) ? 'iterations' : 'touchpoints';
}

export interface WeekCount {
  week: string;
  start: string;
  /** Experiments concluded that week (the measure's experiments only at the top level: A/B tests). */
  concluded: number;
  started: number;
  /** The measure counted that week. */
  count: number;
  /** Teams counting the measure that week. */
  teams: number;
}

export interface TeamWeek {
  week: string;
  start: string;
  /** What the team was measured in that week (by its stage that week); null before it existed. */
  measure: Measure | null;
  /** How many of that measure it did that week. */
  count: number;
  /** Every experiment of the team concluded and started that week, whatever its type. */
  concluded: number;
  started: number;
}

export interface TeamPace {
  team: string;
  kind: 'initiative' | 'domain';
  /** The initiative's stage as of the report's day; null for a domain. */
  stage: Stage | null;
  /** What the team is measured in now (its stage as of the report's day). */
  measure: Measure;
  unit: string;
  target: number;
  /** Its measure per week, over the weeks it was measured in it (a team that moved stage in the window is measured from then). */
  average: number;
  /** The same over the window before, null when it was measured in something else then (or did not exist). */
  previousAverage: number | null;
  weeks: TeamWeek[];
}

/** One measure across the teams measured in it now: each team's own average against one team's target. */
export interface MeasurePace {
  measure: Measure;
  unit: string;
  target: number;
  teams: number;
  /** Mean of those teams' own averages: per team, never a sum of teams. */
  average: number;
  previousAverage: number | null;
  atTarget: number;
  /** Each week: the measure's total count and how many teams were measured in it. */
  weeks: { week: string; start: string; teams: number; count: number }[];
}

/**
 * `target`, `average` and `weeks` are the domain teams' A/B pace (the contract's experiments per
 * week: A/B tests concluded per week per domain team, against one domain team's target); `measures`
 * gives every measure the same way, and `byTeam` every team against its own measure's target.
 */
export interface ExperimentsPerWeek {
  measure: 'ab-tests';
  unit: string;
  target: number;
  average: number;
  previousAverage: number | null;
  teams: number;
  atTarget: number;
  weeks: WeekCount[];
  measures: MeasurePace[];
  byTeam: TeamPace[];
  /** Initiatives handed off to a domain by the report's day: no longer discovery teams, so not paced. */
  handedOff: string[];
}

export interface PaceOptions {
  since: string;
  asOf: string;
  /** Length of the window in days (`12w` is 84 even while its last week is under way); default since..asOf. */
  days?: number;
  targets?: Partial<Record<Measure, number>>;
}

type Experiment = Records['experiment'][number]['data'];

/**
 * Each team's pace in its own measure, per ISO week (Monday start) from `since` to `asOf`, every
 * week present even when zero, with the previous window's average for the trend. An initiative's
 * measure in a week is the one of the stage it was in on that week's last day in the window
 * (`stageAsOf` over its history), so a team that moved to prototyping mid-window counts touchpoints
 * before and iterations after, each against its own target. Averages are per week of the window's
 * days (a 10d window is 10/7 weeks), each week weighted by its days in the window.
 */
export function experimentsPerWeek(records: Records, o: PaceOptions): ExperimentsPerWeek {
  const targets = Object.fromEntries(MEASURES.map((m) => [m, o.targets?.[m] ?? DEFAULT_TARGETS[m]])) as Record<Measure, number>;
  const days = o.days ?? daysBetween(o.since, o.asOf) + 1;
  const window = { since: o.since, until: addDays(o.since, days - 1) };
  const previous = { since: addDays(o.since, -days), until: addDays(o.since, -1) };
  const handedOff = records.initiative.filter((r) => isHandedOff(r.data)).map((r) => r.data.id).sort();
  const discovery = records.initiative.filter((r) => !isHandedOff(r.data));

  // Each team's records, in one pass (appended in place: copying the list per record would be quadratic).
  const evidenceOf = new Map<string, Records['evidence'][number]['data'][]>();
  for (const e of records.evidence) (evidenceOf.get(e.data.initiative) ?? evidenceOf.set(e.data.initiative, []).get(e.data.initiative)!).push(e.data);
  const experimentsOf = new Map<string, Experiment[]>();
  for (const x of records.experiment) {
    const owner = x.data.domain !== undefined ? `domain:${x.data.domain}` : `initiative:${x.data.initiative}`;
    (experimentsOf.get(owner) ?? experimentsOf.set(owner, []).get(owner)!).push(x.data);
  }

  /** A team's weeks over one span: what it was measured in, its count, and the days each week weighs. */
  type Span = { since: string; until: string };
  type Week = TeamWeek & { days: number };
  // The calendar of a span, worked out once for every team: each week's label, its days in the span, and the day its stage is read.
  const calendarOf = (span: Span) =>
    weeksBetween(span.since, span.until).map((start) => {
      const first = start < span.since ? span.since : start;
      const last = addDays(start, 6) > span.until ? span.until : addDays(start, 6);
      // Nothing after asOf is in the snapshot; the stage is the one on the week's last day up to it.
      return { week: isoWeek(start), start, first, last, day: last > o.asOf ? o.asOf : last, days: daysBetween(first, last) + 1 };
    });
  const calendars = { window: calendarOf(window), previous: calendarOf(previous) };
  const weeksOf = (calendar: ReturnType<typeof calendarOf>, team: Team): Week[] =>
    calendar.map(({ week, start, first, last, day, days }) => {
      const inWeek = (d: string | undefined) => d !== undefined && d >= first && d <= last;
      const measure = team.measureOn(day);
      const mine = team.experiments;
      return {
        week,
        start,
        measure,
        count: measure === null ? 0 : team.count(measure, inWeek),
        concluded: mine.filter((x) => x.status === 'concluded' && inWeek(x.concluded)).length,
        started: mine.filter((x) => inWeek(x.started)).length,
        days,
      };
    });
  /** Its measure per week over the weeks it was in `measure`; null when it never was. */
  const averageIn = (weeks: Week[], measure: Measure) => {
    const theirs = weeks.filter((w) => w.measure === measure);
    const weighed = theirs.reduce((n, w) => n + w.days, 0);
    return weighed === 0 ? null : (theirs.reduce((n, w) => n + w.count, 0) * 7) / weighed;
  };

  interface Team {
    id: string;
    kind: 'initiative' | 'domain';
    stage: Stage | null;
    unit: string;
    experiments: Experiment[];
    measureOn: (day: string) => Measure | null;
    count: (measure: Measure, inWeek: (day: string | undefined) => boolean) => number;
  }
  const concludedOf = (xs: Experiment[], types: readonly string[], inWeek: (d: string | undefined) => boolean) => xs.filter((x) => x.status === 'concluded' && types.includes(x.type) && inWeek(x.concluded)).length;
  const initiativeTeam = (r: LoadedRecord<'initiative'>): Team => {
    const experiments = experimentsOf.get(`initiative:${r.data.id}`) ?? [];
    const evidence = evidenceOf.get(r.data.id) ?? [];
    const shippedTo = new Set([...r.data.feedbackGroup.map((p) => p.id), ...r.data.customers.map((c) => c.id)]);
    const iterations = r.data.risk === 'technical' ? ['prototype', 'usability', 'technical-spike'] : ['prototype', 'usability'];
    const stageOn = (day: string): Stage | null => (r.data.history.length > 0 && r.data.history[0]!.date > day ? null : stageAsOf(r, day).stage);
    return {
      id: r.data.id,
      kind: 'initiative',
      stage: r.data.stage,
      unit: SHIPPED.includes(r.data.stage) ? SHIPPED_UNIT : MEASURE_UNITS[measureOfStage(r.data.stage)],
      experiments,
      measureOn: (day) => {
        const stage = stageOn(day);
        return stage === null ? null : measureOfStage(stage);
      },
      count: (measure, inWeek) => {
        if (measure === 'iterations') return concludedOf(experiments, iterations, inWeek);
        // A week in release or mvp counts only what the feedback group and paying customers said or did.
        return evidence.filter((e) => inWeek(e.date) && (!SHIPPED.includes(stageOn(e.date) ?? 'immersion') || shippedTo.has(e.customer))).length;
      },
    };
  };
  const domainTeam = (r: LoadedRecord<'domain'>): Team => {
    const experiments = experimentsOf.get(`domain:${r.data.id}`) ?? [];
    return {
      id: r.data.id,
      kind: 'domain',
      stage: null,
      unit: MEASURE_UNITS['ab-tests'],
      experiments,
      // Always: a domain's `created` is the day it was written down, often after its first tests.
      measureOn: () => 'ab-tests',
      count: (_measure, inWeek) => concludedOf(experiments, ['ab-test'], inWeek),
    };
  };

  const teams = [...discovery.map(initiativeTeam), ...records.domain.map(domainTeam)];
  const byTeam: TeamPace[] = teams.map((t) => {
    const weeks = weeksOf(calendars.window, t);
    // The measure it is in now: that of its last week (the one holding asOf).
    const measure = t.kind === 'domain' ? 'ab-tests' : measureOfStage(t.stage!);
    const before = averageIn(weeksOf(calendars.previous, t), measure);
    return {
      team: t.id,
      kind: t.kind,
      stage: t.stage,
      measure,
      unit: t.unit,
      target: targets[measure],
      average: round(averageIn(weeks, measure) ?? 0),
      previousAverage: before === null ? null : round(before),
      weeks: weeks.map(({ days: _days, ...w }) => w),
    };
  });

  const measures: MeasurePace[] = MEASURES.map((measure) => {
    const mine = byTeam.filter((t) => t.measure === measure);
    const mean = (values: number[]) => (values.length === 0 ? 0 : round(values.reduce((a, b) => a + b, 0) / values.length));
    const befores = mine.map((t) => t.previousAverage).filter((v): v is number => v !== null);
    const weeks = weeksBetween(window.since, window.until).map((start, i) => {
      const theirs = byTeam.map((t) => t.weeks[i]!).filter((w) => w.measure === measure);
      return { week: isoWeek(start), start, teams: theirs.length, count: theirs.reduce((n, w) => n + w.count, 0) };
    });
    return {
      measure,
      unit: MEASURE_UNITS[measure],
      target: targets[measure],
      teams: mine.length,
      average: mean(mine.map((t) => t.average)),
      previousAverage: befores.length === 0 ? null : mean(befores),
      atTarget: mine.filter((t) => t.average >= t.target).length,
      weeks,
    };
  });

  const ab = measures[0]!;
  const domains = byTeam.filter((t) => t.kind === 'domain');
  const abStarted = (start: string, i: number) => {
    const first = start < window.since ? window.since : start;
    const last = addDays(start, 6) > window.until ? window.until : addDays(start, 6);
    return domains.filter((t) => t.weeks[i]!.measure !== null).reduce((n, t) => n + (experimentsOf.get(`domain:${t.team}`) ?? []).filter((x) => x.type === 'ab-test' && x.started !== undefined && x.started >= first && x.started <= last).length, 0);
  };
  const weeks: WeekCount[] = ab.weeks.map((w, i) => ({ week: w.week, start: w.start, concluded: w.count, started: abStarted(w.start, i), count: w.count, teams: w.teams }));
  return { measure: 'ab-tests', unit: ab.unit, target: ab.target, average: ab.average, previousAverage: ab.previousAverage, teams: ab.teams, atTarget: ab.atTarget, weeks, measures, byTeam, handedOff };
}

export function round(n: number): number {
  return Math.round(n * 100) / 100 || 0; // never -0 (a decreasing metric at its baseline)
}
