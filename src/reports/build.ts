import type { Problem } from '../errors.js';
import { evaluateGate, type RuleSettings } from '../gates/engine.js';
import { nextStage } from '../model/history.js';
import type { Config } from '../model/config.js';
import type { Records } from '../model/records.js';
import type { Stage } from '../model/vocabulary.js';
import { addDays, weekStart, windowDays } from '../model/dates.js';
import { strengthTableOf } from '../gates/rules/strong-evidence.js';
import { assumptions, type Assumption } from './metrics/assumptions.js';
import { experimentsPerWeek, type ExperimentsPerWeek, type Measure } from './metrics/experiments.js';
import { learning, staleWork, type Learning, type StaleWork } from './metrics/learning.js';
import { whatWeHeard, type WhatWeHeard } from './metrics/heard.js';
import { okrs, type OkrProgress } from './metrics/okrs.js';
import { domainRoles, krStaleDays, significanceOf } from '../model/settings.js';
import { domainHealth, outcomes, type DomainHealth, type Outcomes } from './metrics/outcomes.js';
import { isHandedOff, type DomainProducts } from '../model/products.js';
import { products } from './metrics/products.js';
import { investment, type Investment } from './metrics/investment.js';
import { stageMoves, type StageMove } from './metrics/moves.js';
import { funnel, medianDaysInStage, stageAging, type Funnel, type StageAge } from './metrics/stages.js';

/** The version of the report's JSON (`pdx report --json`, the summary a portfolio merges): raised when a field is renamed or removed, not when one is added. */
export const REPORT_SCHEMA_VERSION = 1;

/** The weekly health report: every number reproducible from the records and `asOf`. */
export interface Report {
  /** `REPORT_SCHEMA_VERSION`: which summary schema this JSON follows. */
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  name: string;
  /** The product vision (`vision` in pdx.yaml), shown first; null when there is none. */
  vision: string | null;
  asOf: string;
  since: string;
  window: string;
  notices: string[];
  problems: Problem[];
  experimentsPerWeek: ExperimentsPerWeek;
  stageAging: StageAge[];
  medianDaysInStage: Record<Stage, number | null>;
  /** Every stage move dated in the window (since to asOf), oldest first: who moved, from which stage to which, on which day. */
  stageMoves: StageMove[];
  /** Initiatives in discovery per stage, and `graduated`: those handed off to product management. */
  funnel: Funnel;
  /** Each domain with the products handed to it and each product's expansions. */
  products: DomainProducts[];
  hypotheses: Learning['hypotheses'];
  claims: Learning['claims'];
  learnings: Learning['learnings'];
  customersHeard: number;
  evidencePerWeek: Learning['evidencePerWeek'];
  /** Quotes logged in the window, strongest first, and the claims whose balance of evidence changed in it. */
  whatWeHeard: WhatWeHeard;
  /** Every current claim, riskiest first: the assumption map (importance × evidence). */
  assumptions: Assumption[];
  gateReadiness: { initiative: string; stage: Stage; next: Stage | null; ready: boolean; missing: string[] }[];
  okrs: OkrProgress[];
  /** Each key result with the experiments run for it, and the domain experiments that name none. */
  outcomes: Outcomes;
  /** Each domain's missing roles, missing OKR for the period containing `asOf`, and stale key results, each with its fix. */
  domains: DomainHealth[];
  stale: StaleWork;
  /** Each team's people and budget, in discovery or product management: what a portfolio adds up. */
  investment: Investment;
}

export interface ReportInput {
  /** The as-of snapshot, each initiative at the stage it was in on `asOf`. */
  records: Records;
  config: Config | undefined;
  asOf: string;
  window: string;
  problems: Problem[];
  notices: string[];
  /** The day git saw a hand-set stage appear, when the history lacks it. */
  gitDates?: (file: string, stage: Stage) => string | undefined;
  /** Gate rule settings from the config (loadRuleSettings). */
  settings: Map<string, RuleSettings>;
}

/** Each measure's target per team from `report.experimentsPerWeek` (the defaults where it is silent). */
function paceTargets(config: Config | undefined): Partial<Record<Measure, number>> {
  const set = config?.report?.experimentsPerWeek ?? {};
  return { 'ab-tests': set.domain, iterations: set.discovery, touchpoints: set.touchpoints };
}

/** Builds the report from the records as they stood on `asOf` (the engine's snapshot): pure, no I/O. */
export function buildReport(input: ReportInput): Report {
  const { config, asOf } = input;
  const { records } = input;
  const weeks = /w$/.test(input.window) ? windowDays(input.window) / 7 : undefined;
  const since = weeks ? addDays(weekStart(asOf), -7 * (weeks - 1)) : addDays(asOf, -(windowDays(input.window) - 1));
  const { settings } = input;
  // One strength table for every section that weighs evidence (pdx.yaml's strong-evidence option).
  const strengths = strengthTableOf(settings);
  const warnAfter = (stage: Stage) => config?.report?.stageWarnAfterDays?.[stage] ?? 30;
  const learned = learning(records, since, asOf);
  const staleDays = krStaleDays(config);
  const okrProgress = okrs(records, asOf, staleDays, since);
  // Time in stage and gate readiness are discovery's: a handed-off initiative is under its domain instead.
  const discovery = { ...records, initiative: records.initiative.filter((r) => !isHandedOff(r.data)) };
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    name: config?.name ?? '',
    vision: config?.vision ?? null,
    asOf,
    since,
    window: input.window,
    notices: input.notices,
    problems: input.problems,
    experimentsPerWeek: experimentsPerWeek(records, { since, asOf, days: windowDays(input.window), targets: paceTargets(config) }),
    stageAging: stageAging(discovery, asOf, warnAfter, input.gitDates),
    medianDaysInStage: medianDaysInStage(records),
    stageMoves: stageMoves(records, since),
    funnel: funnel(records),
    products: products(records),
    hypotheses: learned.hypotheses,
    claims: learned.claims,
    learnings: learned.learnings,
    customersHeard: learned.customersHeard,
    evidencePerWeek: learned.evidencePerWeek,
    whatWeHeard: whatWeHeard(records, since, strengths),
    assumptions: assumptions(records, strengths),
    gateReadiness: discovery.initiative
      .map((r) => {
        const next = nextStage(r.data.stage);
        const gate = next ? evaluateGate(records, r.data.id, next, asOf, settings) : undefined;
        return { initiative: r.data.id, stage: r.data.stage, next: next ?? null, ready: gate?.pass ?? true, missing: gate?.rules.filter((x) => !x.pass).map((x) => x.message) ?? [] };
      })
      .sort((a, b) => a.initiative.localeCompare(b.initiative)),
    okrs: okrProgress,
    outcomes: outcomes(records, significanceOf(config)),
    domains: domainHealth(records, asOf, { roles: domainRoles(config), okrs: okrProgress, staleDays }),
    stale: staleWork(records, asOf),
    investment: investment(records),
  };
}
