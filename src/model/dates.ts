/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, in UTC so that no time zone moves a day. Such
 * strings compare as dates only while they have four-digit years, so arithmetic saturates at
 * 0000-01-01 and 9999-12-31, and loops count days instead of comparing strings.
 */

/** The range of days pdx accepts in arguments: every computation over them stays within four-digit years. */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '9999-12-31';
/** The longest report window: ten years, as weeks or as days. */
export const MAX_WINDOW_WEEKS = 520;
export const MAX_WINDOW_DAYS = 3650;
/** The longest span of days an option or setting may ask for (a planned duration, a threshold): ten years. */
export const MAX_DAYS = 3650;

/** `1w`…`520w` or `1d`…`3650d`, as a pattern (so JSON Schema checks the same range). */
export const WINDOW_PATTERN = /^(?:(?:[1-9]\d?|[1-4]\d\d|5[01]\d|520)w|(?:[1-9]\d{0,2}|[12]\d{3}|3[0-5]\d\d|36[0-4]\d|3650)d)$/;
/** What a window may be, for messages. */
export const WINDOW_RANGE = `1w to ${MAX_WINDOW_WEEKS}w (weeks) or 1d to ${MAX_WINDOW_DAYS}d (days), such as 12w or 30d`;

export function toDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function fromDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const FIRST_MS = toDate('0000-01-01').getTime();
const LAST_MS = toDate('9999-12-31').getTime();

/** `day` moved by `days`, saturating at 0000-01-01 and 9999-12-31 (the days `YYYY-MM-DD` can write). */
export function addDays(day: string, days: number): string {
  const ms = toDate(day).getTime() + days * 86_400_000;
  return fromDate(new Date(Math.min(Math.max(ms, FIRST_MS), LAST_MS)));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000);
}

/** The Monday starting the ISO week of `day`. */
export function weekStart(day: string): string {
  const weekday = (toDate(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** ISO 8601 week label, e.g. `2026-W47` (the year is the one holding that week's Thursday). */
export function isoWeek(day: string): string {
  const thursday = addDays(weekStart(day), 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** `12w` → 84 days, `30d` → 30 days; only windows of WINDOW_RANGE. */
export function windowDays(since: string): number {
  if (!WINDOW_PATTERN.test(since)) throw new Error(`not a window of ${WINDOW_RANGE}: ${since}`);
  return Number(since.slice(0, -1)) * (since.endsWith('w') ? 7 : 1);
}

/** Every ISO week (Monday) from the week holding `from` to the week holding `to`, oldest first. */
export function weeksBetween(from: string, to: string): string[] {
  const first = weekStart(from);
  const count = Math.floor(daysBetween(first, to) / 7) + 1;
  return Array.from({ length: Math.max(count, 0) }, (_, i) => addDays(first, 7 * i));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
