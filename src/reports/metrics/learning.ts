import { claimKey, evidenceByClaim, isTested } from '../../model/claims.js';
import type { Records } from '../../model/records.js';
import { HYPOTHESIS_KINDS, HYPOTHESIS_STATUSES, stageIndex } from '../../model/vocabulary.js';
import { addDays, daysBetween, isoWeek, weeksBetween } from '../../model/dates.js';

export interface Learning {
  hypotheses: Record<string, Record<string, number>>;
  claims: { supported: number; refuted: number; untested: number };
  /** Invalidated hypotheses and invalidated experiments: learnings, not failures; and pivots, moves back to an earlier stage. */
  learnings: { invalidatedHypotheses: number; invalidatedExperiments: number; pivots: number };
  customersHeard: number;
  evidencePerWeek: { week: string; start: string; count: number }[];
}

/** What the team learned: hypotheses by kind and status, claims by verdict, learnings, voices heard (over the as-of snapshot). */
export function learning(records: Records, since: string, asOf: string): Learning {
  const hypotheses = Object.fromEntries(HYPOTHESIS_KINDS.map((k) => [k, Object.fromEntries(HYPOTHESIS_STATUSES.map((s) => [s, 0]))])) as Record<string, Record<string, number>>;
  for (const h of records.hypothesis) hypotheses[h.data.kind]![h.data.status]! += 1;
  const evidence = records.evidence.map((e) => e.data);
  const claims = { supported: 0, refuted: 0, untested: 0 };
  const byClaim = evidenceByClaim(records);
  // Tested as claims-tested says (a supporting or refuting record); then refuted when any record refutes it.
  for (const h of records.hypothesis) {
    for (const c of h.data.claims) {
      const on = byClaim.get(claimKey(h.data.id, c.id));
      if (!isTested(on)) claims.untested++;
      else if (on!.refutes.length > 0) claims.refuted++;
      else claims.supported++;
    }
  }
  const inWindow = evidence.filter((e) => e.date >= since);
  return {
    hypotheses,
    claims,
    learnings: {
      invalidatedHypotheses: records.hypothesis.filter((h) => h.data.status === 'invalidated').length,
      invalidatedExperiments: records.experiment.filter((x) => x.data.result === 'invalidated' && x.data.concluded !== undefined).length,
      pivots: records.initiative.reduce((n, r) => n + r.data.history.filter((h, i) => i > 0 && stageIndex(h.stage) < stageIndex(r.data.history[i - 1]!.stage)).length, 0),
    },
    customersHeard: new Set(inWindow.map((e) => e.customer)).size,
    evidencePerWeek: weeksBetween(since, asOf).map((start) => {
      const end = addDays(start, 6);
      return { week: isoWeek(start), start, count: inWindow.filter((e) => e.date >= start && e.date <= end).length };
    }),
  };
}

export interface StaleWork {
  experiments: { id: string; owner: string; started: string; plannedDays: number; daysRunning: number }[];
  hypotheses: { id: string; lastEvidence: string | null; days: number | null }[];
}

/**
 * Running experiments past their planned duration; hypotheses in testing with no evidence for
 * `quietDays`, counted from the day they went into testing when that is known (`statusSince`):
 * one set to testing last week is not stale for having no evidence yet.
 */
export function staleWork(records: Records, asOf: string, quietDays = 30): StaleWork {
  const experiments = records.experiment
    .map((x) => x.data)
    .filter((x) => x.status === 'running' && x.started !== undefined && x.plannedDays !== undefined && daysBetween(x.started, asOf) > x.plannedDays)
    .map((x) => ({ id: x.id, owner: (x.initiative ?? x.domain)!, started: x.started!, plannedDays: x.plannedDays!, daysRunning: daysBetween(x.started!, asOf) }));
  const latest = new Map<string, string>();
  for (const e of records.evidence) {
    const { hypothesis, date } = e.data;
    if (hypothesis !== undefined && date > (latest.get(hypothesis) ?? '')) latest.set(hypothesis, date);
  }
  const hypotheses = records.hypothesis
    .filter((h) => h.data.status === 'testing')
    .filter((h) => {
      const quietSince = [latest.get(h.data.id), h.data.statusSince].filter((d): d is string => d !== undefined).sort().at(-1);
      return quietSince === undefined || daysBetween(quietSince, asOf) > quietDays;
    })
    .map((h) => {
      const last = latest.get(h.data.id) ?? null;
      return { id: h.data.id, lastEvidence: last, days: last ? daysBetween(last, asOf) : null };
    });
  return { experiments, hypotheses };
}
