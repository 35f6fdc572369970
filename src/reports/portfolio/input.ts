import type { Report } from '../build.js';

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
      summary: Report;
      /** The commit read, for a git source. */
      commit?: string;
      /** For a remote source: when the cache last fetched it, and whether this run used the cache only (`--offline`). */
      fetched?: { at: string; offline: boolean };
    }
  | { error: string }
);
