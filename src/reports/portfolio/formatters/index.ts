import { lazy } from '../../../format/problems.js';
import { STAGES } from '../../../model/vocabulary.js';
import { MEASURE_NAMES, count, percent } from '../../formatters/index.js';
import type { InvestmentMix, Portfolio, PortfolioPace, PortfolioTeam } from '../types.js';

export interface PortfolioFormatOptions {
  color: boolean;
  width: number;
  /** Source name → relative href of its own report page (html: each team's source links to it). */
  reportLinks?: Record<string, string>;
}

export type PortfolioFormatter = (p: Portfolio, options: PortfolioFormatOptions) => string | Promise<string>;

export const PORTFOLIO_FORMATS = ['table', 'markdown', 'json', 'html'] as const;
export type PortfolioFormat = (typeof PORTFOLIO_FORMATS)[number];

/** One module per format, imported only when used. */
export const loadPortfolioFormatter: (name: PortfolioFormat) => Promise<PortfolioFormatter> = lazy({
  table: async () => (await import('./table.js')).formatPortfolioTable,
  markdown: async () => (await import('./markdown.js')).formatPortfolioMarkdown,
  json: async () => (await import('./json.js')).formatPortfolioJson,
  html: async () => (await import('./html.js')).formatPortfolioHtml,
});

export { count, percent };

/** `Portfolio — 3 sources (1 failed), as of 2026-11-27 (12w)`. */
export function title(p: Portfolio): string {
  const failed = p.failed.length > 0 ? ` (${p.failed.length} failed)` : '';
  return `Portfolio — ${count(p.sources.length, 'source')}${failed}${p.asOf ? `, as of ${p.asOf}` : ''}${p.window ? ` (window ${p.window})` : ''}`;
}

/** `0.58 vs target 3` in its measure: `Customer touchpoints 0.58 vs 3`; `—` when not paced. */
export function paceCell(t: PortfolioTeam): string {
  if (!t.pace) return t.domain ? `product of ${t.domain}: paced by its domain` : '—';
  return `${MEASURE_NAMES[t.pace.measure]}: ${t.pace.average} vs ${t.pace.target}${t.pace.atTarget ? ' (at target)' : ' (below)'}`;
}

/** `ready for prototyping`, or `prototyping needs: …` each missing rule on its own line; `—` without a gate. */
export function readinessLines(t: PortfolioTeam): string[] {
  if (!t.readiness) return ['—'];
  if (t.readiness.next === null) return ['last stage'];
  if (t.readiness.ready) return [`ready for ${t.readiness.next}`];
  return [`${t.readiness.next} needs:`, ...t.readiness.missing];
}

/** `3 (2.5 FTE)`. */
/** Readiness in a few words, for a table row: `ready for prototyping`, `prototyping: 9 missing`. */
export function readinessShort(t: PortfolioTeam): string {
  if (!t.readiness) return '—';
  if (t.readiness.next === null) return 'last stage';
  return t.readiness.ready ? `ready for ${t.readiness.next}` : `${t.readiness.next}: ${t.readiness.missing.length} missing`;
}

export const peopleCell = (t: PortfolioTeam) => `${t.people.length}${t.people.length > 0 ? ` (${t.fte} FTE)` : ''}`;

/** `validation, 29 days` (overdue marked `!` so it survives without colour). */
export function stageCell(t: PortfolioTeam): string {
  if (t.kind === 'domain') return 'domain';
  if (t.stage === null) return '—';
  return t.system === 'product-management' ? `${t.stage} (handed off)` : t.stage;
}

export const daysCell = (t: PortfolioTeam) => (t.days === null ? '—' : `${t.overdue ? '! ' : ''}${t.days}`);

/** A measure's pace across teams: `0.4 each vs target 3; 1 of 4 at target`. */
export function paceLine(m: PortfolioPace): string {
  const target = m.targets.length === 1 ? `target ${m.targets[0]}` : `targets ${m.targets.join(', ')} (each team against its own source's)`;
  return `${m.average} each vs ${target}; ${m.atTarget} of ${m.teams} at target`;
}

export const STAGE_COLUMNS = [...STAGES, 'graduated'] as const;

/** The columns of the people view of the investment mix. */
export const PEOPLE_HEAD = ['source', 'teams', 'people (FTE)', 'discovery', 'product management', 'discovery share'];
/** The columns of the money view, shown only when some team has a budget. */
export const MONEY_HEAD = ['source', 'budget: discovery', 'budget: product management', 'discovery share', 'teams without budget'];

const peopleRow = (label: string, m: InvestmentMix) => [label, String(m.teams), String(m.people), String(m.discovery), String(m.productManagement), percent(m.discoveryShare)];
const moneyRow = (label: string, m: InvestmentMix) => (m.money ? [label, String(m.money.discovery), String(m.money.productManagement), percent(m.money.discoveryShare), String(m.money.teamsWithoutBudget)] : [label, '—', '—', '—', String(m.teams)]);

/** The people view: each read source, then the whole portfolio. */
export const peopleRows = (p: Portfolio) => [...p.investment.bySource.map((s) => peopleRow(s.source, s)), peopleRow('overall', p.investment.overall)];
/** The money view (null when no team has a budget): each read source, then the whole portfolio. */
export const moneyRows = (p: Portfolio) => (p.investment.overall.money === null ? null : [...p.investment.bySource.map((s) => moneyRow(s.source, s)), moneyRow('overall', p.investment.overall)]);

/** A source's funnel in a line: the stages with initiatives in them, and the graduated: `validation 1 · mvp 1 · graduated 1`. */
export function funnelLine(f: Portfolio['overall']['funnel']): string {
  const parts = STAGE_COLUMNS.filter((c) => f[c] > 0 || c === 'graduated').map((c) => `${c} ${f[c]}`);
  return parts.join(' · ');
}

/** A measure's short name, for a team's row. */
const SHORT_MEASURE = { 'ab-tests': 'A/B tests', iterations: 'iterations', touchpoints: 'touchpoints' } as const;

/** A team's pace in a few words: `1 vs 1 touchpoints (at target)`. */
export function paceShort(t: PortfolioTeam): string {
  if (!t.pace) return t.domain ? `by its domain ${t.domain}` : '—';
  return `${t.pace.average} vs ${t.pace.target} ${SHORT_MEASURE[t.pace.measure]}${t.pace.atTarget ? ' ✓' : ''}`;
}

/** Said under the mix: how people are counted, and how many teams lack a budget. */
export function mixNote(p: Portfolio): string {
  const money = p.investment.overall.money;
  const people = 'People are counted once across the portfolio by name: a person on k teams counts 1/k on each.';
  return money ? `${people} Budget sums the teams' budget; ${count(money.teamsWithoutBudget, 'team')} of ${p.investment.overall.teams} ${money.teamsWithoutBudget === 1 ? 'has' : 'have'} none.` : people;
}
