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
