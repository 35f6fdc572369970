import { lazy } from '../../format/problems.js';
import type { RepositoryWeb } from '../../git/index.js';
import type { Report } from '../build.js';
import type { Measure, MeasurePace, TeamPace } from '../metrics/experiments.js';

/**
 * Where the review page links each record: its file, reached from the page through `base` (`../`,
 * '' beside the repo root), and its page on the git host when `repository` is known. Only the
 * HTML page made in the repo has them (not the JSON summary: a commit would make it differ at
 * every commit, and a portfolio's team pages are drawn from summaries made elsewhere).
 */
export interface PageLinks {
  base: string;
  /** Each record's file (relative to the pdx root, with `/`) by `kind:id` (`initiative:rapid-quotes`). */
  files: ReadonlyMap<string, string>;
  repository: RepositoryWeb | null;
}

/**
 * `link`: the full report's address, which the chat digests (slack, teams) link to; the other formats ignore it.
 * `links`: where the HTML page links each record; left out, no links.
 */
export type ReportFormatter<Text extends ReportText = ReportText> = (report: Report, options: { color: boolean; width: number; link?: string | null; links?: PageLinks }) => Text | Promise<Text>;

/** A formatter's text, whole or in pieces to be written one after another (`toJsonPieces`). */
export type ReportText = string | Iterable<string>;

/** The whole text of a formatter's output. */
export const wholeText = (text: ReportText) => (typeof text === 'string' ? text : [...text].join(''));

export const REPORT_FORMATS = ['table', 'markdown', 'json', 'html', 'slack', 'teams'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** One module per format, imported only when used. */
export const loadReportFormatter: (name: ReportFormat) => Promise<ReportFormatter> = lazy({
  table: async () => (await import('./table.js')).formatTable,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  json: async () => (await import('./json.js')).formatJson,
  html: async () => (await import('./html.js')).formatHtml,
  slack: async () => (await import('./slack.js')).formatSlack,
  teams: async () => (await import('./teams.js')).formatTeams,
});

/** `1 pivot`, `2 pivots`: format/markdown.ts's plural, under the name the report formatters use. */
export { plural as count } from '../../format/markdown.js';

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

export function trendWord(average: number, previous: number | null): string {
  if (previous === null) return 'nothing to compare with in the window before';
  return average > previous ? `up from ${previous}` : average < previous ? `down from ${previous}` : 'same as the window before';
}

/** Each measure's name, for headings. */
export const MEASURE_NAMES: Record<Measure, string> = {
  'ab-tests': 'A/B tests',
  iterations: 'Prototype iterations',
  touchpoints: 'Customer touchpoints',
};
/** Who each measure paces. */
export const MEASURE_TEAMS: Record<Measure, string> = {
  'ab-tests': 'domain teams',
  iterations: 'discovery teams in prototyping and design',
  touchpoints: 'discovery teams from immersion to validation, and in release and mvp with their feedback group and paying customers',
};

/** The measures some team is paced in now, each to be compared with its own target: never one figure summed across them. */
export function paceMeasures(r: Report): MeasurePace[] {
  return r.experimentsPerWeek.measures.filter((m) => m.teams > 0);
}

/**
 * A measure's pace in words: `0.12 each vs target 3; 0 of 6 at target (up from 0.02)`, or in
 * sentences (`long`) `0.12 a week each against a target of 3; …`.
 */
export function paceWords(p: MeasurePace, style: 'short' | 'long' = 'short'): string {
  const pace = style === 'short' ? `${p.average} each vs target ${p.target}` : `${p.average} a week each against a target of ${p.target}`;
  return `${pace}; ${p.atTarget} of ${p.teams} at target (${trendWord(p.average, p.previousAverage)})`;
}

/** How many recent weeks the table and markdown show as columns. */
export const RECENT_WEEKS = 6;

/** The last `n` weeks of the window: their index in `weeks` and their short ISO label (`W48`). */
export function recentWeeks(r: Report, n = RECENT_WEEKS): { index: number; label: string; week: string }[] {
  const all = r.experimentsPerWeek.weeks;
  const first = Math.max(0, all.length - n);
  return all.slice(first).map((w, i) => ({ index: first + i, label: w.week.slice(5), week: w.week }));
}

/** A team's count in one week of its current measure, `–` when it was measured in something else (or did not exist) then. */
export function weekCell(team: TeamPace, index: number): string {
  const w = team.weeks[index]!;
  return w.measure === team.measure ? String(w.count) : '–';
}

/** Said under a pace table that has a `–` in it. */
export const DASH_NOTE = '– the team was in another stage (another measure) that week, or did not exist yet';

/** Whether any shown week of any team is a `–`. */
export const hasDash = (r: Report, weeks: { index: number }[]) => r.experimentsPerWeek.byTeam.some((t) => weeks.some((w) => weekCell(t, w.index) === '–'));

/** `21 → 12 → 9`: a key result's check-in values in the window; with many, the first and the latest. */
export function historyValues(h: { value: number }[]): string {
  if (h.length === 0) return 'no check-ins in the window';
  if (h.length <= 4) return h.map((c) => String(c.value)).join(' → ');
  return `${h[0]!.value} → … → ${h.at(-1)!.value}`;
}

/** A sparkline of values that may fall as well as rise, scaled between their minimum and maximum. */
export function valueSparkline(values: number[]): string {
  const bars = '▁▂▃▄▅▆▇█';
  const min = Math.min(...values);
  const span = Math.max(...values) - min;
  return values.map((v) => bars[span === 0 ? 3 : Math.round(((v - min) / span) * (bars.length - 1))]).join('');
}

/** The claims in the map's top-left quadrant (important, no strong evidence), riskiest first: the first `n`, and how many there are. */
export function riskiest(r: Report, n = 5): { shown: Report['assumptions']; total: number } {
  const all = r.assumptions.filter((a) => a.importance !== 'low' && a.strongest !== 'strong');
  return { shown: all.slice(0, n), total: all.length };
}

/** `cargo-protection-product-2 c2 (high, no evidence)`: one riskiest claim in a line. */
export const riskyLine = (a: Report['assumptions'][number]) => `${a.hypothesis} ${a.claim} (${a.importance}, ${a.strongest === 'none' ? 'no evidence' : 'weak evidence only'}): ${a.text}`;
