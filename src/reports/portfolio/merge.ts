import { STAGES } from '../../model/vocabulary.js';
import { MEASURES, MEASURE_UNITS, round, type TeamPace } from '../metrics/experiments.js';
import type { InvestmentTeam } from '../metrics/investment.js';
import type { Funnel } from '../metrics/stages.js';
import type { MergedSummary, PortfolioInput } from './input.js';
import { PORTFOLIO_SCHEMA_VERSION, type InvestmentMix, type Portfolio, type PortfolioPace, type PortfolioSource, type PortfolioTeam } from './types.js';

/** How many located problems a portfolio shows per source: enough to start fixing, the rest is `pdx validate` there. */
export const FIRST_PROBLEMS = 5;

/** A name as an id prefix: `Harbor Freight — product team` → `harbor-freight-product-team`. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The last part of where a source was read from, without `@ref`, `.git` or `.json`: `https://host/org/sales.git@v2` → `sales`. */
export function originBase(origin: string): string {
  const parts = origin.replace(/[\\/]+$/, '').split(/[\\/:]/).filter(Boolean);
  return (parts.at(-1) ?? '').replace(/@.*$/, '').replace(/\.(git|json)$/i, '');
}

/** Who a name is across the whole portfolio: trimmed, case-folded, NFC. */
export const personKey = (name: string) => name.normalize('NFC').trim().toLowerCase().normalize('NFC');

const emptyFunnel = (): Funnel => ({ ...(Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<(typeof STAGES)[number], number>), graduated: 0 });

function addFunnel(into: Funnel, add: Funnel): void {
  for (const s of STAGES) into[s] += add[s] ?? 0;
  into.graduated += add.graduated ?? 0;
}

/** Per measure: each team against its own target, the mean of their own averages. */
function paceOf(teams: TeamPace[]): PortfolioPace[] {
  return MEASURES.flatMap((measure) => {
    const mine = teams.filter((t) => t.measure === measure);
    if (mine.length === 0) return [];
    return [{
      measure,
      unit: MEASURE_UNITS[measure],
      teams: mine.length,
      average: round(mine.reduce((a, t) => a + t.average, 0) / mine.length),
      atTarget: mine.filter((t) => t.average >= t.target).length,
      targets: [...new Set(mine.map((t) => t.target))].sort((a, b) => a - b),
    }];
  });
}

interface Placed {
  source: string;
  team: InvestmentTeam;
  /** Each person's share of this team: 1/k for a person on k teams. */
  fte: number;
}

function mixOf(teams: Placed[]): InvestmentMix {
  const sum = (system: InvestmentTeam['system'], value: (p: Placed) => number) => teams.filter((p) => p.team.system === system).reduce((a, p) => a + value(p), 0);
  const discovery = sum('discovery', (p) => p.fte);
  const productManagement = sum('product-management', (p) => p.fte);
  const people = discovery + productManagement;
  const budgeted = teams.filter((p) => p.team.budget !== null);
  const money = budgeted.length === 0 ? null : (() => {
    const d = sum('discovery', (p) => p.team.budget ?? 0);
    const m = sum('product-management', (p) => p.team.budget ?? 0);
    return { discovery: round(d), productManagement: round(m), discoveryShare: d + m === 0 ? null : round(d / (d + m)), teamsWithoutBudget: teams.length - budgeted.length };
  })();
  return { teams: teams.length, people: round(people), discovery: round(discovery), productManagement: round(productManagement), discoveryShare: people === 0 ? null : round(discovery / people), money };
}

const prefix = (source: string, id: string) => `${source}:${id}`;

/** `an as-of day and window`, in the words of a notice: `sales-team 2026-11-20, ops 2026-11-27`. */
const listed = (pairs: [string, string][]) => pairs.map(([s, v]) => `${s} ${v}`).join(', ');

/**
 * Merges the sources' report summaries into one portfolio: every id prefixed with its source's
 * name so equal ids never mix, sums where a sum means something (the funnel, people), per-measure
 * pace with each team against its own source's target, and people split across every team they
 * are on. Pure and deterministic; sources keep the given order.
 */
export function mergePortfolio(inputs: PortfolioInput[], options: { asOf?: string } = {}): Portfolio {
  const notices: string[] = [];
  // Names first, in the given order: explicit, else from the summary, else from where it was read.
  const used = new Set<string>();
  const names = inputs.map((input) => {
    const base = input.name?.trim() || ('summary' in input ? slug(input.summary.name) : '') || slug(originBase(input.origin)) || 'source';
    let name = base;
    for (let n = 2; used.has(name); n += 1) name = `${base}-${n}`;
    if (name !== base) notices.push(`Another source is already named ${base}: ${input.origin} is shown as ${name}; set its name in portfolio.yaml to choose another.`);
    used.add(name);
    return name;
  });

  const failedOf = (input: PortfolioInput, summary: MergedSummary | undefined): string | null => {
    if ('error' in input) return input.error;
    if (options.asOf !== undefined && summary!.asOf !== options.asOf) return `as of ${summary!.asOf}, the portfolio is as of ${options.asOf}: run pdx report --json --as-of ${options.asOf} there`;
    return null;
  };
  const read = inputs.map((input, i) => {
    const summary = 'summary' in input ? input.summary : undefined;
    const error = failedOf(input, summary);
    return { input, name: names[i]!, summary: error === null ? summary : undefined, error };
  });
  const ok = read.filter((r): r is typeof r & { summary: MergedSummary } => r.summary !== undefined);

  const days = ok.map((r): [string, string] => [r.name, r.summary.asOf]);
  if (new Set(days.map(([, d]) => d)).size > 1) notices.push(`The sources are not all as of one day (${listed(days)}): their numbers are of different days; run pdx portfolio --as-of DAY to compare like with like.`);
  const windows = ok.map((r): [string, string] => [r.name, r.summary.window]);
  const oneWindow = new Set(windows.map(([, w]) => w)).size === 1;
  if (windows.length > 1 && !oneWindow) notices.push(`The sources' windows differ (${listed(windows)}): their paces cover different weeks; give them one window (pdx portfolio --since 12w, or pdx report --json --since 12w in each).`);
  const asOf = options.asOf ?? (days.length === 0 ? null : days.map(([, d]) => d).sort().at(-1)!);

  // Every team of every source, and each person's teams across the whole portfolio.
  const placed = ok.flatMap((r) => r.summary.investment.teams.map((team) => ({ source: r.name, team })));
  // Keyed by kind as well: an initiative and a domain may share an id in one source.
  const teamsOf = new Map<string, { name: string; teams: Map<string, string> }>();
  for (const { source, team } of placed) {
    for (const person of new Set(team.people)) {
      const key = personKey(person);
      if (key === '') continue;
      let entry = teamsOf.get(key);
      if (!entry) teamsOf.set(key, (entry = { name: person.trim(), teams: new Map() }));
      entry.teams.set(`${team.kind} ${source} ${team.id}`, prefix(source, team.id));
    }
  }
  const share = (team: InvestmentTeam) => {
    const keys = [...new Set(team.people.map(personKey).filter((k) => k !== ''))];
    return keys.reduce((a, k) => a + 1 / teamsOf.get(k)!.teams.size, 0);
  };
  const withFte: Placed[] = placed.map((p) => ({ ...p, fte: share(p.team) }));
  // By source and team, not by the team object: the same summary may be given twice, under two names.
  const teamKey = (source: string, team: { kind: string; id: string }) => `${source}\u0000${team.kind}\u0000${team.id}`;
  const fteOf = new Map(withFte.map((p) => [teamKey(p.source, p.team), p.fte]));
  const bySourceName = new Map<string, Placed[]>();
  for (const p of withFte) {
    const list = bySourceName.get(p.source);
    if (list) list.push(p);
    else bySourceName.set(p.source, [p]);
  }
  const mixOfSource = new Map(read.map((r) => [r.name, mixOf(bySourceName.get(r.name) ?? [])]));

  const sources: PortfolioSource[] = read.map((r) => {
    const s = r.summary;
    const input = r.input;
    const funnel = emptyFunnel();
    if (s) addFunnel(funnel, s.funnel);
    const problems = s?.problems ?? [];
    return {
      name: r.name,
      origin: input.origin,
      status: s ? 'ok' : 'failed',
      error: r.error,
      reportName: 'summary' in input ? input.summary.name : null,
      commit: 'summary' in input ? (input.commit ?? null) : null,
      fetched: 'summary' in input ? (input.fetched ?? null) : null,
      asOf: 'summary' in input ? input.summary.asOf : null,
      since: 'summary' in input ? input.summary.since : null,
      window: 'summary' in input ? input.summary.window : null,
      funnel,
      pace: paceOf(s?.experimentsPerWeek.byTeam ?? []),
      investment: mixOfSource.get(r.name)!,
      problems: { count: problems.length, errors: problems.filter((p) => p.severity === 'error').length, warnings: problems.filter((p) => p.severity !== 'error').length },
    };
  });

  const funnel = emptyFunnel();
  for (const r of ok) addFunnel(funnel, r.summary.funnel);

  const teams: PortfolioTeam[] = ok.flatMap(({ name, summary: s }) => {
    const aging = new Map(s.stageAging.map((a) => [a.initiative, a]));
    const paced = new Map(s.experimentsPerWeek.byTeam.map((t) => [`${t.kind} ${t.team}`, t]));
    const ready = new Map(s.gateReadiness.map((g) => [g.initiative, g]));
    const productStage = new Map(s.products.flatMap((d) => d.products.map((p) => [p.id, p.stage] as const)));
    const listedTeams: InvestmentTeam[] = [...s.investment.teams];
    // A team the pace knows but the investment does not: still a row (with nobody on it).
    const known = new Set(listedTeams.map((x) => `${x.kind} ${x.id}`));
    for (const t of s.experimentsPerWeek.byTeam) if (!known.has(`${t.kind} ${t.team}`)) listedTeams.push({ kind: t.kind, id: t.team, system: t.kind === 'domain' ? 'product-management' : 'discovery', domain: null, people: [], budget: null });
    return listedTeams.map((team): PortfolioTeam => {
      const a = team.kind === 'initiative' ? aging.get(team.id) : undefined;
      const p = paced.get(`${team.kind} ${team.id}`);
      const g = team.kind === 'initiative' ? ready.get(team.id) : undefined;
      return {
        source: name,
        id: prefix(name, team.id),
        kind: team.kind,
        system: team.system,
        domain: team.domain === null ? null : prefix(name, team.domain),
        stage: team.kind === 'domain' ? null : (a?.stage ?? p?.stage ?? g?.stage ?? productStage.get(team.id) ?? null),
        days: a?.days ?? null,
        overdue: a?.overdue ?? false,
        pace: p ? { measure: p.measure, average: p.average, target: p.target, atTarget: p.average >= p.target } : null,
        readiness: g ? { next: g.next, ready: g.ready, missing: g.missing } : null,
        people: team.people,
        fte: round(fteOf.get(teamKey(name, team)) ?? 0),
        budget: team.budget,
      };
    });
  });

  const overall = mixOf(withFte);
  const discoveryTeams = withFte.filter((p) => p.team.system === 'discovery');
  const warnings: string[] = [];
  if (ok.length > 0) {
    if (discoveryTeams.length === 0) warnings.push('No discovery is running: no initiative is in discovery in any source, so nothing new is being found for after today\'s products; start one (pdx initiative add) in the team best placed for it.');
    else if (overall.discovery === 0) warnings.push(`No discovery is running: the ${discoveryTeams.length === 1 ? 'initiative' : `${discoveryTeams.length} initiatives`} in discovery name nobody on their team; add the people doing it (pdx team add) or close what nobody works on.`);
    else if (withFte.length >= 2) {
      const top = [...discoveryTeams].sort((a, b) => b.fte - a.fte)[0]!;
      if (top.fte > overall.discovery / 2) warnings.push(`One team holds most of the discovery: ${prefix(top.source, top.team.id)} has ${round(top.fte)} of the portfolio's ${overall.discovery} discovery people (${Math.round((top.fte / overall.discovery) * 100)}%); if it stalls, discovery stalls: spread the people or start discovery elsewhere.`);
    }
  }

  return {
    schemaVersion: PORTFOLIO_SCHEMA_VERSION,
    asOf,
    window: oneWindow ? windows[0]![1] : null,
    notices,
    sources,
    overall: { funnel, pace: paceOf(ok.flatMap((r) => r.summary.experimentsPerWeek.byTeam)), investment: overall },
    teams,
    stageAging: ok.flatMap(({ name, summary: s }) => s.stageAging.map((a) => ({ source: name, id: prefix(name, a.initiative), stage: a.stage, enteredOn: a.enteredOn, days: a.days, warnAfterDays: a.warnAfterDays, overdue: a.overdue }))),
    gateReadiness: ok.flatMap(({ name, summary: s }) => s.gateReadiness.map((g) => ({ source: name, id: prefix(name, g.initiative), stage: g.stage, next: g.next, ready: g.ready, missing: g.missing }))),
    products: ok.flatMap(({ name, summary: s }) =>
      s.products.map((d) => ({
        source: name,
        domain: prefix(name, d.domain),
        name: d.name,
        products: d.products.map((p) => ({ id: prefix(name, p.id), title: p.title, stage: p.stage, handedOffOn: p.handedOffOn, forced: p.forced, expansions: p.expansions.map((x) => ({ id: prefix(name, x.id), title: x.title, stage: x.stage, domain: x.domain === null ? null : prefix(name, x.domain) })) })),
      })),
    ),
    okrs: ok.flatMap(({ name, summary: s }) => s.okrs.map((o) => ({ source: name, domain: prefix(name, o.domain), okr: prefix(name, o.okr), period: o.period, objective: o.objective, progress: o.progress, keyResults: o.keyResults.map(({ history: _history, ...k }) => k) }))),
    invalid: ok.filter((r) => r.summary.problems.length > 0).map(({ name, summary: s }) => ({ source: name, count: s.problems.length, errors: s.problems.filter((p) => p.severity === 'error').length, warnings: s.problems.filter((p) => p.severity !== 'error').length, first: s.problems.slice(0, FIRST_PROBLEMS) })),
    failed: read.filter((r) => r.error !== null).map((r) => ({ source: r.name, origin: r.input.origin, error: r.error! })),
    investment: {
      overall,
      bySource: ok.map((r) => ({ source: r.name, ...mixOfSource.get(r.name)! })),
      shared: [...teamsOf.values()].filter((e) => e.teams.size > 1).map((e) => ({ name: e.name, teams: [...e.teams.values()] })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      warnings,
    },
  };
}
