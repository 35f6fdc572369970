import { lazy } from '../../format/problems.js';
import type { Report } from '../build.js';

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
