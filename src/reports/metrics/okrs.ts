import type { Records } from '../../model/records.js';
import { daysBetween } from '../../model/dates.js';
import { round } from './experiments.js';
import { KR_STALE_DAYS } from '../../model/settings.js';

export interface KeyResultProgress {
  id: string;
  metric: string;
  unit: string | null;
  baseline: number;
  target: number;
  current: number | null;
  /** From baseline (0) to target (1), for decreasing metrics too; null without a current value. */
  progress: number | null;
  lastCheckIn: string | null;
  /** No check-in for more than `staleDays`. */
  stale: boolean;
  /** Its check-ins in the report's window, oldest first: the line drawn between baseline and target. */
  history: { date: string; value: number }[];
}

export interface OkrProgress {
  domain: string;
  okr: string;
  period: string;
  objective: string;
  /** Mean of the key results' progress. */
  progress: number | null;
  keyResults: KeyResultProgress[];
}

/** `(current - baseline) / (target - baseline)`: 30 days → 3 days at 12 is (12-30)/(3-30) = 0.67. */
export function krProgress(baseline: number, target: number, current: number): number {
  return round((current - baseline) / (target - baseline));
}

/**
 * Each key result's progress in the as-of snapshot (whose `current` is the latest check-in by then,
 * or the recorded value), with its check-ins from `since` (default: all of them in the snapshot).
 */
export function okrs(records: Records, asOf: string, staleDays = KR_STALE_DAYS, since?: string): OkrProgress[] {
  // Each key result's check-ins, in one pass (filtering every check-in per key result grows with domains × check-ins).
  const checkinsOf = new Map<string, Records['checkin'][number]['data'][]>();
  for (const { data } of records.checkin) (checkinsOf.get(data.kr) ?? checkinsOf.set(data.kr, []).get(data.kr)!).push(data);
  return records.okr
    .map((r) => {
      const keyResults = r.data.keyResults.map((kr) => {
        // By date, then id: two check-ins on one day keep one order.
        const checkins = [...(checkinsOf.get(kr.id) ?? [])].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
        const last = checkins.at(-1);
        // The snapshot's `current` is the value as of that day: the latest check-in by then, or the recorded one.
        const current = kr.current ?? null;
        return {
          id: kr.id,
          metric: kr.metric,
          unit: kr.unit ?? null,
          baseline: kr.baseline,
          target: kr.target,
          current,
          progress: current === null || kr.baseline === kr.target ? null : krProgress(kr.baseline, kr.target, current),
          lastCheckIn: last?.date ?? null,
          stale: !last || daysBetween(last.date, asOf) > staleDays,
          history: checkins.filter((c) => since === undefined || c.date >= since).map((c) => ({ date: c.date, value: c.value })),
        };
      });
      const known = keyResults.map((k) => k.progress).filter((p): p is number => p !== null);
      return { domain: r.data.domain, okr: r.data.id, period: r.data.period, objective: r.data.objective, progress: known.length ? round(known.reduce((a, b) => a + b, 0) / known.length) : null, keyResults };
    })
    .sort((a, b) => a.okr.localeCompare(b.okr));
}
