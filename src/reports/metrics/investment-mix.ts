import type { Investment, InvestmentTeam } from './investment.js';

type System = InvestmentTeam['system'];

/** One team of the mix: its headcount, and its share of the people once each person is split between the teams they are in. */
export interface TeamShare extends InvestmentTeam {
  /** People named in the team. */
  headcount: number;
  /** The team's people, a person in k teams counting 1/k in each: the teams' shares add up to the people. */
  share: number;
}

/** A split between the two systems, as people (shares) or as money. */
export interface SystemSplit {
  discovery: number;
  productManagement: number;
  total: number;
}

export interface InvestmentMix {
  /** Distinct people (by name, as written) across the teams. */
  people: number;
  /** The people split between discovery and product management (each person counted once, split evenly between their teams). */
  split: SystemSplit;
  teams: TeamShare[];
  /** The budgets summed per system, when any team has one; else null. Teams without a budget add nothing. */
  budget: (SystemSplit & { teams: number }) | null;
}

const addTo = (split: SystemSplit, system: System, n: number) => {
  if (system === 'discovery') split.discovery += n;
  else split.productManagement += n;
  split.total += n;
};

/**
 * Where the people and the money go: a person named in two teams is one person, half in each
 * (in k teams, 1/k in each), so the split adds up to the people and nobody is counted twice.
 */
export function investmentMix(investment: Investment): InvestmentMix {
  const teamsOf = new Map<string, number>();
  for (const team of investment.teams) for (const name of new Set(team.people)) teamsOf.set(name, (teamsOf.get(name) ?? 0) + 1);
  const split: SystemSplit = { discovery: 0, productManagement: 0, total: 0 };
  const teams = investment.teams.map((team): TeamShare => {
    const names = [...new Set(team.people)];
    const share = names.reduce((sum, name) => sum + 1 / teamsOf.get(name)!, 0);
    addTo(split, team.system, share);
    return { ...team, headcount: names.length, share };
  });
  const budgeted = investment.teams.filter((t) => t.budget !== null);
  let budget: InvestmentMix['budget'] = null;
  if (budgeted.length > 0) {
    budget = { discovery: 0, productManagement: 0, total: 0, teams: budgeted.length };
    for (const t of budgeted) addTo(budget, t.system, t.budget!);
  }
  return { people: teamsOf.size, split, teams, budget };
}

/** A share for people: whole numbers as they are, else one decimal (`2.5`). */
export const shareText = (n: number): string => (Math.abs(n - Math.round(n)) < 1e-9 ? String(Math.round(n)) : n.toFixed(1));

/** The part of the total in discovery, as a whole percentage; null when there is nothing to split. */
export const discoveryPercent = (split: SystemSplit): number | null => (split.total === 0 ? null : Math.round((split.discovery / split.total) * 100));

/** The system in words, for a cell or a sentence. */
export const SYSTEM_NAMES: Record<System, string> = { discovery: 'discovery', 'product-management': 'product management' };

/** A budget as people read it: thousands grouped (`120,000`); the currency is the organisation's own. */
export const moneyText = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The mix in one sentence: `16 people: 7.5 in discovery (47%), 8.5 in product management (53%)`. */
export function mixLine(mix: InvestmentMix): string {
  if (mix.people === 0) return 'no one is named in a team yet';
  const d = discoveryPercent(mix.split)!;
  return `${mix.people} ${mix.people === 1 ? 'person' : 'people'}: ${shareText(mix.split.discovery)} in discovery (${d}%), ${shareText(mix.split.productManagement)} in product management (${100 - d}%)`;
}

/** The budgets in one sentence, or null when no team has one. */
export function budgetLine(mix: InvestmentMix): string | null {
  const b = mix.budget;
  if (!b) return null;
  const d = discoveryPercent(b);
  const parts = `${moneyText(b.discovery)} in discovery${d === null ? '' : ` (${d}%)`}, ${moneyText(b.productManagement)} in product management${d === null ? '' : ` (${100 - d}%)`}`;
  return `budget ${moneyText(b.total)}: ${parts}; ${b.teams} of ${mix.teams.length} teams have a budget`;
}

/** A team as a row names it: an initiative by id, a product with its domain, a domain as one. */
export const teamLabel = (t: InvestmentTeam): string => (t.kind === 'domain' ? `${t.id} (domain)` : t.domain ? `${t.id} (product of ${t.domain})` : t.id);

/** Each team's row: team, system, people named, people once split, and the budget when any team has one. */
export function mixRows(mix: InvestmentMix): { head: string[]; rows: string[][] } {
  const withBudget = mix.budget !== null;
  return {
    head: ['team', 'system', 'people', 'people (split)', ...(withBudget ? ['budget'] : [])],
    rows: mix.teams.map((t) => [teamLabel(t), SYSTEM_NAMES[t.system], String(t.headcount), shareText(t.share), ...(withBudget ? [t.budget === null ? '—' : moneyText(t.budget)] : [])]),
  };
}

/** What the section says about how people are counted. */
export const MIX_NOTE = 'people named in each team on the day; a person in several teams is counted once, split evenly between them';
