import { findRecord } from '../authoring/plan.js';
import { usageError } from '../errors.js';
import type { Config } from '../model/config.js';
import { domainRoles, krStaleDays, significanceOf } from '../model/settings.js';
import { productTree, expansionsOf, type Expansion } from '../model/products.js';
import { normalPeriod, PERIOD_RULE } from '../model/vocabulary.js';
import { asOfSnapshot, laterThan, type LoadedRecord, type Records } from '../model/records.js';
import { okrs, type KeyResultProgress, type OkrProgress } from '../reports/metrics/okrs.js';
import { domainHealth, outcomeExperiment, outcomes, type DomainWarning, type KeyResultOutcome, type OutcomeExperiment } from '../reports/metrics/outcomes.js';
import { requireConfig, type Workspace } from './workspace.js';

/**
 * Product-management domains as they stood on a day: the list, one domain whole, its OKRs and
 * key results. Pure data over the as-of snapshot; the commands format it.
 */

/**
 * The domain or OKR `id` as of `asOf`, from that day's snapshot. One there is but that did not
 * exist yet on the day (set up or created later) is a usage error saying when it came; else the
 * usual not-found error (the closest id, or its invalid file).
 */
function findOnDay<K extends 'domain' | 'okr'>(ws: Workspace, snapshot: Records, kind: K, id: string, asOf: string, flag?: string): LoadedRecord<K> {
  const found = (snapshot[kind] as LoadedRecord<K>[]).find((r) => r.data.id === id);
  if (found) return found;
  const whole = (ws.records[kind] as LoadedRecord<K>[]).find((r) => r.data.id === id);
  const day = whole && laterThan(kind, whole, asOf);
  if (day) {
    const what = kind === 'domain' ? `domain ${id}${flag ? ` (${flag})` : ''} was set up` : `OKR ${id}${flag ? ` (${flag})` : ''} was created`;
    throw usageError(`${what} on ${day}, after --as-of ${asOf}: it did not exist yet`, `pass --as-of ${day} or later`);
  }
  return findRecord(snapshot, kind, id, flag);
}


/** Every domain's warnings as of a day: missing roles, no OKR for the period, stale key results. */
export function domainWarnings(records: Records, asOf: string, config: Config | undefined) {
  const staleDays = krStaleDays(config);
  return domainHealth(records, asOf, { roles: domainRoles(config), okrs: okrs(records, asOf, staleDays), staleDays });
}

export interface DomainRow {
  id: string;
  name: string;
  purpose: string;
  team: number;
  products: number;
  okrs: number;
  keyResults: number;
  experiments: number;
  warnings: number;
}

/** `domain list`: each domain with how much it holds and how many warnings it has. */
export function listDomains(ws: Workspace, asOf: string): DomainRow[] {
  const config = requireConfig(ws);
  const records = asOfSnapshot(ws.records, asOf);
  const warnings = new Map(domainWarnings(records, asOf, config).map((d) => [d.domain, d.warnings.length]));
  // Products are the initiatives handed to it by the day, never the `products` list as written.
  const products = new Map(productTree(records).map((d) => [d.domain, d.products.length]));
  return [...records.domain]
    .sort((a, b) => a.data.id.localeCompare(b.data.id))
    .map(({ data: d }) => {
      const mine = records.okr.filter((o) => o.data.domain === d.id);
      return {
        id: d.id,
        name: d.name,
        purpose: d.purpose,
        team: d.team.length,
        products: products.get(d.id) ?? 0,
        okrs: mine.length,
        keyResults: mine.reduce((n, o) => n + o.data.keyResults.length, 0),
        experiments: records.experiment.filter((x) => x.data.domain === d.id).length,
        warnings: warnings.get(d.id) ?? 0,
      };
    });
}

/** An OKR with its key results' progress and the experiments run for each. */
export interface OkrDetail extends OkrProgress {
  /** The product (an initiative) the objective is for, when it names one. */
  product: string | null;
  keyResults: (KeyResultProgress & { experiments: KeyResultOutcome['experiments']; counts: Record<string, number> })[];
}

export interface DomainDetail {
  id: string;
  name: string;
  purpose: string;
  created: string | null;
  /** The day its name or purpose last changed (`pdx domain update`), when it did. */
  updated: string | null;
  team: { name: string; role: string; joined: string | null }[];
  /** The initiatives handed to it: the products it owns, each with the day of its handoff and its expansions. */
  products: DomainProduct[];
  /** Its OKRs, newest period first. */
  okrs: OkrDetail[];
  /** Its most recent experiments, newest first (at most RECENT_EXPERIMENTS). */
  experiments: (OutcomeExperiment & { product: string | null; kr: string | null })[];
  /** How many experiments it has in all. */
  experimentCount: number;
  warnings: DomainWarning[];
}

/** A product a domain owns, as `domain show` lists it. */
export interface DomainProduct {
  id: string;
  /** Null when no valid initiative has its id. */
  title: string | null;
  /** The day it was handed off; null when its initiative does not record a handoff to this domain by then. */
  handedOffOn: string | null;
  /** Handed off past a failing mvp gate (`pdx handoff --force`). */
  forced: boolean;
  /** The initiatives started from it (`parent`), each with its stage, and its own domain once handed off. */
  expansions: Expansion[];
}

/** How many of a domain's experiments `domain show` lists. */
export const RECENT_EXPERIMENTS = 10;

function okrDetails(records: Records, asOf: string, config: Config | undefined, keep: (o: OkrProgress) => boolean): OkrDetail[] {
  const byKr = new Map(outcomes(records, significanceOf(config)).keyResults.map((k) => [k.kr, k]));
  const products = new Map(records.okr.map((r) => [r.data.id, r.data.product ?? null]));
  return okrs(records, asOf, krStaleDays(config))
    .filter(keep)
    .map((o) => ({ ...o, product: products.get(o.okr) ?? null, keyResults: o.keyResults.map((k) => ({ ...k, experiments: byKr.get(k.id)?.experiments ?? [], counts: byKr.get(k.id)?.counts ?? {} })) }))
    .sort((a, b) => a.domain.localeCompare(b.domain) || b.period.localeCompare(a.period) || a.okr.localeCompare(b.okr));
}

/** `domain show`: one domain as it stood on `asOf`. */
export function showDomain(ws: Workspace, id: string, asOf: string): DomainDetail {
  const config = requireConfig(ws);
  const records = asOfSnapshot(ws.records, asOf);
  const d = findOnDay(ws, records, 'domain', id, asOf).data;
  const okrList = records.okr.map((o) => o.data);
  const experiments = records.experiment
    .map((r) => r.data)
    .filter((x) => x.domain === id)
    .map((x) => ({ ...outcomeExperiment(x, okrList, significanceOf(config)), product: x.product ?? null, kr: x.kr ?? null }))
    .sort((a, b) => (b.concluded ?? b.started ?? '').localeCompare(a.concluded ?? a.started ?? '') || a.id.localeCompare(b.id));
  const titles = new Map(records.initiative.map((r) => [r.data.id, r.data.title]));
  // The domain's list, then any product whose initiative names this domain but the list lacks.
  const handed = new Map((productTree(records).find((t) => t.domain === id)?.products ?? []).map((p) => [p.id, p]));
  const products = [...new Set([...d.products, ...handed.keys()])].map((p): DomainProduct => {
    const product = handed.get(p);
    return { id: p, title: titles.get(p) ?? null, handedOffOn: product?.handedOffOn ?? null, forced: product?.forced ?? false, expansions: product?.expansions ?? expansionsOf(records, p) };
  });
  return {
    id: d.id,
    name: d.name,
    purpose: d.purpose,
    created: d.created ?? null,
    updated: d.updated ?? null,
    team: d.team.map((m) => ({ name: m.name, role: m.role, joined: m.joined ?? null })),
    products,
    okrs: okrDetails(records, asOf, config, (o) => o.domain === id),
    experiments: experiments.slice(0, RECENT_EXPERIMENTS),
    experimentCount: experiments.length,
    warnings: domainWarnings(records, asOf, config).find((h) => h.domain === id)?.warnings ?? [],
  };
}

/** `okr list`: every OKR (of a domain, of a period) with its progress. */
export function listOkrs(ws: Workspace, q: { asOf: string; domain?: string; period?: string }): OkrDetail[] {
  const config = requireConfig(ws);
  const records = asOfSnapshot(ws.records, q.asOf);
  const period = q.period === undefined ? undefined : normalPeriod(q.period);
  if (period === null) throw usageError(`--period "${q.period}" is not ${PERIOD_RULE}`, 'a year (2026), a half (2026-H2), a quarter (2026-Q4) or a month (2026-11)');
  if (q.domain !== undefined) findOnDay(ws, records, 'domain', q.domain, q.asOf, '--domain');
  return okrDetails(records, q.asOf, config, (o) => (q.domain === undefined || o.domain === q.domain) && (period === undefined || o.period === period));
}

/** `okr show`: one OKR with its key results and the experiments run for each. */
export function showOkr(ws: Workspace, id: string, asOf: string): OkrDetail {
  const config = requireConfig(ws);
  const records = asOfSnapshot(ws.records, asOf);
  findOnDay(ws, records, 'okr', id, asOf);
  return okrDetails(records, asOf, config, (o) => o.okr === id)[0]!;
}

export interface KrRow extends KeyResultProgress {
  okr: string;
  domain: string;
  period: string;
  objective: string;
  experiments: number;
}

/** `kr list`: every key result with its OKR, domain, period, progress, last check-in and stale flag. */
export function listKeyResults(ws: Workspace, q: { asOf: string; domain?: string; okr?: string }): { staleAfterDays: number; keyResults: KrRow[] } {
  const config = requireConfig(ws);
  const records = asOfSnapshot(ws.records, q.asOf);
  if (q.domain !== undefined) findOnDay(ws, records, 'domain', q.domain, q.asOf, '--domain');
  if (q.okr !== undefined) findOnDay(ws, records, 'okr', q.okr, q.asOf, '--okr');
  const keyResults = okrDetails(records, q.asOf, config, (o) => (q.domain === undefined || o.domain === q.domain) && (q.okr === undefined || o.okr === q.okr)).flatMap((o) =>
    o.keyResults.map(({ experiments, counts: _counts, ...k }) => ({ ...k, okr: o.okr, domain: o.domain, period: o.period, objective: o.objective, experiments: experiments.length })),
  );
  return { staleAfterDays: krStaleDays(config), keyResults };
}
