import type { Records } from '../../model/records.js';
import { addDays, daysBetween, isoWeek, weeksBetween } from '../../model/dates.js';

export interface WeekCount {
  week: string;
  start: string;
  concluded: number;
  started: number;
}

export interface ExperimentPace {
  target: number;
  average: number;
  weeks: WeekCount[];
  /** Average concluded per week over the window before this one, for the trend. */
  previousAverage: number;
}

export interface ExperimentsPerWeek extends ExperimentPace {
  byTeam: (ExperimentPace & { team: string; kind: 'initiative' | 'domain' })[];
}

export interface PaceOptions {
  since: string;
  asOf: string;
  /** Length of the window in days (`12w` is 84 even while its last week is under way); default since..asOf. */
  days?: number;
  targets: { discovery: number; domain: number };
}

/**
 * Experiments concluded and started per ISO week (Monday start) from `since` to `asOf`, every week
 * present even when zero, per team (initiative or domain) and overall, with the previous window's
 * average for the trend. Counted by each experiment's own concluded/started date.
 */
export function experimentsPerWeek(records: Records, o: PaceOptions): ExperimentsPerWeek {
  const weeks = weeksBetween(o.since, o.asOf);
  // Averages are per week of the window's actual days (a 10d window is 10/7 weeks), and the
  // previous window is the same number of days just before it.
  const days = o.days ?? daysBetween(o.since, o.asOf) + 1;
  const perWeek = (n: number) => round((n * 7) / days);
  const previous = { since: addDays(o.since, -days), until: addDays(o.since, -1) };
  const pace = (owner: (x: Records['experiment'][number]) => boolean, target: number): ExperimentPace => {
    const mine = records.experiment.filter(owner).map((x) => x.data);
    const counts = weeks.map((start) => {
      const end = addDays(start, 6);
      const inWeek = (day: string | undefined) => day !== undefined && day >= start && day <= end && day >= o.since && day <= o.asOf;
      return { week: isoWeek(start), start, concluded: mine.filter((x) => x.status === 'concluded' && inWeek(x.concluded)).length, started: mine.filter((x) => inWeek(x.started)).length };
    });
    const before = mine.filter((x) => x.status === 'concluded' && x.concluded !== undefined && x.concluded >= previous.since && x.concluded <= previous.until).length;
    return { target, average: perWeek(counts.reduce((n, w) => n + w.concluded, 0)), weeks: counts, previousAverage: perWeek(before) };
  };
  const teams = [
    ...records.initiative.map((r) => ({ ...pace((x) => x.data.initiative === r.data.id, o.targets.discovery), team: r.data.id, kind: 'initiative' as const })),
    ...records.domain.map((r) => ({ ...pace((x) => x.data.domain === r.data.id, o.targets.domain), team: r.data.id, kind: 'domain' as const })),
  ];
  const overall = pace(() => true, round(teams.reduce((n, t) => n + t.target, 0)));
  return { ...overall, byTeam: teams };
}

export function round(n: number): number {
  return Math.round(n * 100) / 100 || 0; // never -0 (a decreasing metric at its baseline)
}
