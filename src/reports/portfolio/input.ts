import type { Report } from '../build.js';

/** The sections of a report summary the portfolio merges: the rest (the assumption map, what we heard…) is each team's own page's. */
export const MERGED_SECTIONS = ['schemaVersion', 'name', 'asOf', 'since', 'window', 'problems', 'funnel', 'experimentsPerWeek', 'stageAging', 'gateReadiness', 'products', 'okrs', 'investment'] as const;

/** What the merge reads of a summary (a whole `Report` is one). */
export type MergedSummary = Pick<Report, (typeof MERGED_SECTIONS)[number]>;

/** Only the sections the merge reads: what a portfolio keeps of each source's summary while it reads the others. */
export function mergedPart(summary: MergedSummary): MergedSummary {
  return Object.fromEntries(MERGED_SECTIONS.map((key) => [key, summary[key]])) as unknown as MergedSummary;
}

/**
 * One source of a portfolio as the merge receives it: the summary its `pdx report --json` gives
 * (read directly, or from a file its own CI produced), or why it could not be read.
 */
export type PortfolioInput = {
  /** The prefix of its ids (`sales-team` in `sales-team:rapid-quotes`): `name` in portfolio.yaml; when unset, the merge derives it from the summary's name (else `origin`). */
  name?: string;
  /** Where it was read from, as the user wrote it: a path, `url@ref:dir`, or a summary file. */
  origin: string;
} & (
  | {
      summary: MergedSummary;
      /** The commit read, for a git source. */
      commit?: string;
      /** For a remote source: when the cache last fetched it, and whether this run used the cache only (`--offline`). */
      fetched?: { at: string; offline: boolean };
    }
  | { error: string }
);
