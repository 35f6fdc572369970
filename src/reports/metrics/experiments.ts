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

/**
 * The pace of one kind of team, per team: discovery teams (one per initiative) and domain teams
 * have different targets, so each is compared with its own.
 */
export interface KindPace {
  /** Teams of this kind in the report. */
  teams: number;
  /** Experiments concluded per week by the kind's teams, divided by their number. */
  average: number;
  /** The target of each team of this kind. */
  target: number;
  /** The same average over the window before, for the trend. */
  previousAverage: number;
  /** Teams whose own average meets the target. */
  atTarget: number;
}

/**
 * `target` and `average` are totals over every team (the target of each team added up); `perTeam`
 * compares like with like: each kind's average per team against the target of one such team.
 */
export interface ExperimentsPerWeek extends ExperimentPace {
  byTeam: (ExperimentPace & { team: string; kind: 'initiative' | 'domain' })[];
  perTeam: { discovery: KindPace; domain: KindPace };
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
  const concludedIn = (mine: Records['experiment'][number]['data'][]) => ({
    window: mine.filter((x) => x.status === 'concluded' && x.concluded !== undefined && x.concluded >= o.since && x.concluded <= o.asOf).length,
    before: mine.filter((x) => x.status === 'concluded' && x.concluded !== undefined && x.concluded >= previous.since && x.concluded <= previous.until).length,
  });
  const pace = (owner: (x: Records['experiment'][number]) => boolean, target: number): ExperimentPace => {
    const mine = records.experiment.filter(owner).map((x) => x.data);
    const counts = weeks.map((start) => {
      const end = addDays(start, 6);
      const inWeek = (day: string | undefined) => day !== undefined && day >= start && day <= end && day >= o.since && day <= o.asOf;
      return { week: isoWeek(start), start, concluded: mine.filter((x) => x.status === 'concluded' && inWeek(x.concluded)).length, started: mine.filter((x) => inWeek(x.started)).length };
    });
    const n = concludedIn(mine);
    return { target, average: perWeek(n.window), weeks: counts, previousAverage: perWeek(n.before) };
  };
  const teams = [
    ...records.initiative.map((r) => ({ ...pace((x) => x.data.initiative === r.data.id, o.targets.discovery), team: r.data.id, kind: 'initiative' as const })),
    ...records.domain.map((r) => ({ ...pace((x) => x.data.domain === r.data.id, o.targets.domain), team: r.data.id, kind: 'domain' as const })),
  ];
  const perKind = (kind: 'initiative' | 'domain', target: number): KindPace => {
    const mine = teams.filter((t) => t.kind === kind);
    const ids = new Set(mine.map((t) => t.team));
    // From the counts, not the teams' rounded averages, so rounding happens once.
    const n = concludedIn(records.experiment.filter((x) => ids.has((kind === 'initiative' ? x.data.initiative : x.data.domain) ?? '')).map((x) => x.data));
    const each = (count: number) => (mine.length === 0 ? 0 : round((count * 7) / days / mine.length));
    return { teams: mine.length, average: each(n.window), target, previousAverage: each(n.before), atTarget: mine.filter((t) => t.average >= target).length };
  };
  const overall = pace(() => true, round(teams.reduce((n, t) => n + t.target, 0)));
  return { ...overall, byTeam: teams, perTeam: { discovery: perKind('initiative', o.targets.discovery), domain: perKind('domain', o.targets.domain) } };
}

export function round(n: number): number {
  return Math.round(n * 100) / 100 || 0; // never -0 (a decreasing metric at its baseline)
}
