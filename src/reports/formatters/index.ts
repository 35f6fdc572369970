import { lazy } from '../../format/problems.js';
import type { Report } from '../build.js';
import type { KindPace } from '../metrics/experiments.js';

export type ReportFormatter = (report: Report, options: { color: boolean; width: number }) => string | Promise<string>;

export const REPORT_FORMATS = ['table', 'markdown', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** One module per format, imported only when used. */
export const loadReportFormatter: (name: ReportFormat) => Promise<ReportFormatter> = lazy({
  table: async () => (await import('./table.js')).formatTable,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  json: async () => (await import('./json.js')).formatJson,
  html: async () => (await import('./html.js')).formatHtml,
});

/** `1 pivot`, `2 pivots`. */
export const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** A claim's balance (supports − refutes) moving: `+1 → -1`. */
export const balanceMove = (before: number, after: number) => `${signed(before)} → ${signed(after)}`;
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** `0.67` → `67%`. */
export const percent = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`);

/** Unicode sparkline of weekly counts. */
export function sparkline(values: number[]): string {
  const bars = '▁▂▃▄▅▆▇█';
  const max = Math.max(...values, 1);
  return values.map((v) => bars[Math.min(bars.length - 1, Math.round((v / max) * (bars.length - 1)))]).join('');
}

export function trendWord(average: number, previous: number): string {
  return average > previous ? `up from ${previous}` : average < previous ? `down from ${previous}` : 'same as the window before';
}

/** One kind of team in the pace headline: its name, its pace per team, and its teams' weekly totals. */
export interface KindLine {
  name: 'discovery teams' | 'domain teams';
  pace: KindPace;
  weeks: { week: string; concluded: number; started: number }[];
}

/**
 * The kinds of team the report has (discovery teams, one per initiative, then domain teams), each to
 * be compared with its own target: never one figure summed across both.
 */
export function paceByKind(r: Report): KindLine[] {
  const e = r.experimentsPerWeek;
  const kinds = [
    { name: 'discovery teams' as const, pace: e.perTeam.discovery, kind: 'initiative' },
    { name: 'domain teams' as const, pace: e.perTeam.domain, kind: 'domain' },
  ];
  return kinds
    .filter((k) => k.pace.teams > 0)
    .map((k) => {
      const teams = e.byTeam.filter((t) => t.kind === k.kind);
      const weeks = e.weeks.map((w, i) => ({ week: w.week, concluded: teams.reduce((n, t) => n + t.weeks[i]!.concluded, 0), started: teams.reduce((n, t) => n + t.weeks[i]!.started, 0) }));
      return { name: k.name, pace: k.pace, weeks };
    });
}

/**
 * A kind's pace in words: `0.12 each vs target 3; 0 of 6 at target (up from 0.02)`, or in
 * sentences (`long`) `0.12 a week each against a target of 3; …`.
 */
export function paceWords(p: KindPace, style: 'short' | 'long' = 'short'): string {
  const pace = style === 'short' ? `${p.average} each vs target ${p.target}` : `${p.average} a week each against a target of ${p.target}`;
  return `${pace}; ${p.atTarget} of ${p.teams} at target (${trendWord(p.average, p.previousAverage)})`;
}

/** The claims in the map's top-left quadrant (important, no strong evidence), riskiest first: the first `n`, and how many there are. */
export function riskiest(r: Report, n = 5): { shown: Report['assumptions']; total: number } {
  const all = r.assumptions.filter((a) => a.importance !== 'low' && a.strongest !== 'strong');
  return { shown: all.slice(0, n), total: all.length };
}

/** `cargo-protection-product-2 c2 (high, no evidence)`: one riskiest claim in a line. */
export const riskyLine = (a: Report['assumptions'][number]) => `${a.hypothesis} ${a.claim} (${a.importance}, ${a.strongest === 'none' ? 'no evidence' : 'weak evidence only'}): ${a.text}`;
