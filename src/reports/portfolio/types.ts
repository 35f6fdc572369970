import type { Problem } from '../../errors.js';
import type { Stage } from '../../model/vocabulary.js';
import type { Measure } from '../metrics/experiments.js';
import type { KeyResultProgress } from '../metrics/okrs.js';
import type { Funnel } from '../metrics/stages.js';

/** The version of the portfolio's JSON (`pdx portfolio --format json`): raised when a field is renamed or removed, not when one is added. */
export const PORTFOLIO_SCHEMA_VERSION = 1;

/** One measure across teams, each team judged against its own source's target: never a sum across measures. */
export interface PortfolioPace {
  measure: Measure;
  unit: string;
  /** Teams measured in it now. */
  teams: number;
  /** Mean of those teams' own weekly averages. */
  average: number;
  /** Teams whose average reaches their own source's target. */
  atTarget: number;
  /** The distinct targets of one team the sources set for it, smallest first. */
  targets: number[];
}

/** People (full-time equivalents: a person on k teams counts 1/k on each) and, when some team has one, budget, in discovery vs product management. */
export interface InvestmentMix {
  /** Teams (initiatives and domains) counted. */
  teams: number;
  people: number;
  discovery: number;
  productManagement: number;
  /** discovery / people; null when nobody is named on any team. */
  discoveryShare: number | null;
  /** Sums of `budget`: null when no team here has one. */
  money: { discovery: number; productManagement: number; discoveryShare: number | null; teamsWithoutBudget: number } | null;
}

/** One source as given, in the given order: read, or failed with its error. */
export interface PortfolioSource {
  /** The prefix of its ids: `name` from portfolio.yaml, else a slug of the summary's name (or the origin's base name), made unique with `-2`, `-3`. */
  name: string;
  origin: string;
  status: 'ok' | 'failed';
  /** Why it could not be used; null when it was. */
  error: string | null;
  /** The summary's own `name` (pdx.yaml), null for a failed source. */
  reportName: string | null;
  commit: string | null;
  fetched: { at: string; offline: boolean } | null;
  asOf: string | null;
  since: string | null;
  window: string | null;
  /** Only for a read source (zeros otherwise). */
  funnel: Funnel;
  pace: PortfolioPace[];
  investment: InvestmentMix;
  /** Invalid records left out of its numbers. */
  problems: { count: number; errors: number; warnings: number };
}

/** A row per team: an initiative (in discovery or a product) or a domain. */
export interface PortfolioTeam {
  source: string;
  /** `source:id`. */
  id: string;
  kind: 'initiative' | 'domain';
  system: 'discovery' | 'product-management';
  /** For a product: its domain, prefixed; else null. */
  domain: string | null;
  /** An initiative's stage (a product's: the stage it reached in discovery); null for a domain. */
  stage: Stage | null;
  /** Days in the current stage (initiatives in discovery); null when unknown or not applicable. */
  days: number | null;
  overdue: boolean;
  /** Its pace in its own measure against its own source's target; null when not paced (a product: its domain's A/B tests count). */
  pace: { measure: Measure; average: number; target: number; atTarget: boolean } | null;
  /** Its next gate (initiatives in discovery); null otherwise. */
  readiness: { next: Stage | null; ready: boolean; missing: string[] } | null;
  /** Names as written in its record. */
  people: string[];
  /** Its full-time equivalents: each person's 1/k share. */
  fte: number;
  budget: number | null;
}

export interface PortfolioStageAge {
  source: string;
  id: string;
  stage: Stage;
  enteredOn: string | null;
  days: number | null;
  warnAfterDays: number;
  overdue: boolean;
}

export interface PortfolioReadiness {
  source: string;
  id: string;
  stage: Stage;
  next: Stage | null;
  ready: boolean;
  missing: string[];
}

/** A domain with its products and each product's expansions: every id prefixed. */
export interface PortfolioDomainProducts {
  source: string;
  domain: string;
  name: string | null;
  products: { id: string; title: string; stage: Stage; handedOffOn: string; forced: boolean; expansions: { id: string; title: string; stage: Stage; domain: string | null }[] }[];
}

export interface PortfolioOkr {
  source: string;
  domain: string;
  okr: string;
  period: string;
  objective: string;
  progress: number | null;
  keyResults: Omit<KeyResultProgress, 'history'>[];
}

/** A source whose records have problems: how many, and the first few with their place. */
export interface PortfolioInvalid {
  source: string;
  count: number;
  errors: number;
  warnings: number;
  first: Problem[];
}

export interface PortfolioFailed {
  source: string;
  origin: string;
  error: string;
}

/** The merge of many sources' report summaries: pure, deterministic, sources in the given order. */
export interface Portfolio {
  schemaVersion: typeof PORTFOLIO_SCHEMA_VERSION;
  /** `options.asOf`, else the day shared by the summaries (the latest when they differ, with a notice); null without any. */
  asOf: string | null;
  /** The summaries' window when they agree, else null (with a notice). */
  window: string | null;
  notices: string[];
  sources: PortfolioSource[];
  overall: { funnel: Funnel; pace: PortfolioPace[]; investment: InvestmentMix };
  teams: PortfolioTeam[];
  stageAging: PortfolioStageAge[];
  gateReadiness: PortfolioReadiness[];
  products: PortfolioDomainProducts[];
  okrs: PortfolioOkr[];
  invalid: PortfolioInvalid[];
  failed: PortfolioFailed[];
  /** The mix overall and per read source, people split across teams by name, and what a head of product should act on. */
  investment: {
    overall: InvestmentMix;
    bySource: ({ source: string } & InvestmentMix)[];
    /** People named on more than one team, with their teams (prefixed): the split behind the numbers. */
    shared: { name: string; teams: string[] }[];
    warnings: string[];
  };
}
