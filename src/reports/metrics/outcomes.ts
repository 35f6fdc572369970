import { abCompact } from '../../model/ab-text.js';
import { analyseExperiment, directionOf } from '../../model/ab-test.js';
import { DEFAULT_SIGNIFICANCE } from '../../model/settings.js';
import type { Experiment } from '../../model/experiment.js';
import type { Okr } from '../../model/okr.js';
import type { Records } from '../../model/records.js';
import type { ROLES } from '../../model/vocabulary.js';
import { shellWord } from '../../gates/messages.js';
import type { OkrProgress } from './okrs.js';

type Role = (typeof ROLES)[number];

/**
 * Domains run on outcomes: each key result with the experiments run to move it, the domain
 * experiments that name no key result (output without an outcome), and what each domain lacks —
 * a role on its team, an OKR for the period the day falls in, a recent check-in on a key result.
 * Pure, over the as-of snapshot.
 */


/** Whether a period (`2026-Q4`, `2026-H2`, `2026-12`, `2026`) contains the day (`2026-12-01`). */
export function periodContains(period: string, day: string): boolean {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (period === year) return true;
  if (!period.startsWith(`${year}-`)) return false;
  const part = period.slice(5);
  if (part[0] === 'Q') return Number(part.slice(1)) === Math.ceil(month / 3);
  if (part[0] === 'H') return Number(part.slice(1)) === (month <= 6 ? 1 : 2);
  return Number(part) === month;
}

/** The quarter a day falls in: `2026-12-01` → `2026-Q4`. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

/** One experiment as the outcomes section shows it. */
export interface OutcomeExperiment {
  id: string;
  title: string | null;
  status: string;
  /** validated, invalidated or inconclusive once concluded; null before. */
  result: string | null;
  started: string | null;
  concluded: string | null;
  /**
   * An A/B test's numbers in brief when it has counts per arm: each variant's lift and p-value at
   * the configured significance, `n.s.` when not significant, `fewer is better` when its key result
   * falls (`+11.6% p < 0.001`, abCompact); null without counts.
   */
  ab: string | null;
}

/** The part of an experiment the outcomes show, its A/B numbers judged at `significance` in its key result's direction. */
export function outcomeExperiment(x: Experiment, okrs: readonly Okr[], significance = DEFAULT_SIGNIFICANCE): OutcomeExperiment {
  return {
    id: x.id,
    title: x.title ?? null,
    status: x.status,
    result: x.status === 'concluded' ? (x.result ?? null) : null,
    started: x.started ?? null,
    concluded: x.concluded ?? null,
    ab: abCompact(analyseExperiment(x, significance, directionOf(x, okrs))) ?? null,
  };
}

/** A key result with the experiments run for it. */
export interface KeyResultOutcome {
  domain: string;
  okr: string;
  period: string;
  kr: string;
  metric: string;
  /** Concluded experiments by result, and the others by status (planned, running, abandoned). */
  counts: Record<string, number>;
  experiments: OutcomeExperiment[];
}

export interface Outcomes {
  keyResults: KeyResultOutcome[];
  /** Domain experiments that name no key result: output without an outcome. */
  unlinked: (OutcomeExperiment & { domain: string })[];
}

/** Each key result with its experiments (newest first), and the domain experiments without one; A/B numbers at `significance` (`experiments.significance`). */
export function outcomes(records: Records, significance = DEFAULT_SIGNIFICANCE): Outcomes {
  const experiments = records.experiment.map((r) => r.data).filter((x) => x.domain !== undefined);
  const okrs = records.okr.map((o) => o.data);
  const shown = (x: (typeof experiments)[number]): OutcomeExperiment => outcomeExperiment(x, okrs, significance);
  const newestFirst = (a: OutcomeExperiment, b: OutcomeExperiment) => (b.concluded ?? b.started ?? '').localeCompare(a.concluded ?? a.started ?? '') || a.id.localeCompare(b.id);
  const keyResults = [...records.okr]
    .sort((a, b) => a.data.id.localeCompare(b.data.id))
    .flatMap((okr) =>
      okr.data.keyResults.map((kr): KeyResultOutcome => {
        const mine = experiments.filter((x) => x.kr === kr.id && x.domain === okr.data.domain).map(shown).sort(newestFirst);
        const counts: Record<string, number> = {};
        for (const x of mine) counts[x.result ?? x.status] = (counts[x.result ?? x.status] ?? 0) + 1;
        return { domain: okr.data.domain, okr: okr.data.id, period: okr.data.period, kr: kr.id, metric: kr.metric, counts, experiments: mine };
      }),
    );
  const unlinked = experiments
    .filter((x) => x.kr === undefined && x.status !== 'abandoned')
    .map((x) => ({ domain: x.domain!, ...shown(x) }))
    .sort((a, b) => a.domain.localeCompare(b.domain) || newestFirst(a, b));
  return { keyResults, unlinked };
}

/** The A/B column of an outcomes table (`lift, p`), only when one of its experiments has counts; and its cell. */
export const abHead = (xs: readonly { ab: string | null }[]): string[] => (xs.some((x) => x.ab !== null) ? ['lift, p'] : []);
export const abCell = (xs: readonly { ab: string | null }[], x: { ab: string | null }): string[] => (xs.some((y) => y.ab !== null) ? [x.ab ?? ''] : []);

/** `2 validated, 1 running`: an outcome's experiment counts in words. */
export function countsWords(counts: Record<string, number>): string {
  const order = ['validated', 'invalidated', 'inconclusive', 'running', 'planned', 'abandoned'];
  const words = Object.entries(counts)
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([k, n]) => `${n} ${k}`);
  return words.length === 0 ? 'no experiment yet' : words.join(', ');
}

/** What a domain lacks, with the command that supplies it. */
export interface DomainWarning {
  kind: 'missing-role' | 'no-current-okr' | 'stale-kr';
  message: string;
  fix: string;
  role?: string;
  period?: string;
  kr?: string;
}

export interface DomainHealth {
  domain: string;
  name: string;
  warnings: DomainWarning[];
}

export interface DomainHealthOptions {
  /** The roles every domain team needs (`domains.roles`, default DEFAULT_DOMAIN_ROLES). */
  roles: readonly string[];
  /** The key results' progress as of the day, with their stale flags. */
  okrs: OkrProgress[];
  staleDays: number;
}

/**
 * Each domain's warnings as of `asOf`: every required role nobody on its team has, no OKR for a
 * period containing the day, and each of its key results without a check-in for `staleDays`.
 */
export function domainHealth(records: Records, asOf: string, o: DomainHealthOptions): DomainHealth[] {
  return [...records.domain]
    .sort((a, b) => a.data.id.localeCompare(b.data.id))
    .map((r) => {
      const { id, name, team } = r.data;
      const warnings: DomainWarning[] = [];
      const has = new Set(team.map((m) => m.role));
      for (const role of o.roles) {
        if (!has.has(role as Role)) warnings.push({ kind: 'missing-role', role, message: `no ${role} on the team`, fix: `pdx team add ${shellWord(id)} --role ${role} --name "…"` });
      }
      const current = records.okr.some((k) => k.data.domain === id && periodContains(k.data.period, asOf));
      if (!current) {
        const period = quarterOf(asOf);
        warnings.push({ kind: 'no-current-okr', period, message: `no OKR for the current period (${period}, or any period containing ${asOf})`, fix: `pdx okr add --domain ${shellWord(id)} --period ${period} --objective "…"` });
      }
      for (const okr of o.okrs.filter((k) => k.domain === id)) {
        for (const kr of okr.keyResults.filter((k) => k.stale)) {
          const last = kr.lastCheckIn === null ? 'never checked in' : `last check-in ${kr.lastCheckIn}`;
          warnings.push({ kind: 'stale-kr', kr: kr.id, message: `key result ${kr.id} (${kr.metric}) has no check-in for ${o.staleDays} days: ${last}`, fix: `pdx kr update ${shellWord(kr.id)} --current …` });
        }
      }
      return { domain: id, name, warnings };
    });
}
