import { isHandedOff } from '../../model/products.js';
import type { Records } from '../../model/records.js';

/**
 * Who works where: each team (a discovery initiative, a product-management domain, or a product:
 * an initiative handed off to a domain) with its people as of the report's day and its optional
 * `budget`. The portfolio adds these up across sources; a person named in two teams is one
 * person, split between them.
 */
export interface InvestmentTeam {
  kind: 'initiative' | 'domain';
  id: string;
  /** Discovery for an initiative not handed off (expansions included); product management for a domain and a product. */
  system: 'discovery' | 'product-management';
  /** For a product: the domain it was handed to; else null. */
  domain: string | null;
  /** The team's members on the day (by name, as written), without repeats. */
  people: string[];
  /** The record's `budget`, or null when it has none. */
  budget: number | null;
}

export interface Investment {
  teams: InvestmentTeam[];
}

/**
 * Each initiative and domain of the as-of snapshot with its people on the day (the snapshot drops
 * members who joined later) and its budget: initiatives by id, then domains by id.
 */
export function investment(records: Records): Investment {
  const people = (team: { name: string }[]) => [...new Set(team.map((m) => m.name))];
  const initiatives = records.initiative.map(({ data }): InvestmentTeam => {
    const product = isHandedOff(data);
    return { kind: 'initiative', id: data.id, system: product ? 'product-management' : 'discovery', domain: product ? (data.domain ?? null) : null, people: people(data.team), budget: data.budget ?? null };
  });
  const domains = records.domain.map(({ data }): InvestmentTeam => ({ kind: 'domain', id: data.id, system: 'product-management', domain: null, people: people(data.team), budget: data.budget ?? null }));
  const byId = (a: InvestmentTeam, b: InvestmentTeam) => a.id.localeCompare(b.id);
  return { teams: [...initiatives.sort(byId), ...domains.sort(byId)] };
}
