import { describe, expect, it } from 'vitest';
import { addDays, isoWeek, median, WINDOW_PATTERN, weekStart, weeksBetween, windowDays } from '../../src/model/dates.js';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-16', '2026-W47'], // a Monday
    ['2026-11-22', '2026-W47'], // its Sunday
    ['2026-01-01', '2026-W01'], // Thursday 1 January: week 1 of 2026
    ['2026-12-31', '2026-W53'], // 2026 has 53 weeks (it starts on a Thursday)
    ['2027-01-03', '2026-W53'], // the Sunday after still belongs to 2026-W53
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'], // a Monday in December that starts 2025's week 1
    ['2021-01-03', '2020-W53'],
  ])('%s is in %s', (day, week) => {
    expect(isoWeek(day)).toBe(week);
  });

  it('weeks start on Monday, and a window crossing New Year lists every week', () => {
    expect(weekStart('2026-11-22')).toBe('2026-11-16');
    expect(weeksBetween('2026-12-20', '2027-01-10')).toEqual(['2026-12-14', '2026-12-21', '2026-12-28', '2027-01-04']);
    expect(weeksBetween('2026-12-20', '2027-01-10').map(isoWeek)).toEqual(['2026-W51', '2026-W52', '2026-W53', '2027-W01']);
  });

  it('windows and medians', () => {
    expect(windowDays('12w')).toBe(84);
    expect(windowDays('30d')).toBe(30);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('the edges of the calendar', () => {
  it('a window is 1w to 520w or 1d to 3650d, exactly', () => {
    for (let n = 0; n <= 4000; n++) {
      expect(WINDOW_PATTERN.test(`${n}w`), `${n}w`).toBe(n >= 1 && n <= 520);
      expect(WINDOW_PATTERN.test(`${n}d`), `${n}d`).toBe(n >= 1 && n <= 3650);
    }
    for (const text of ['012w', '12', 'w', '12W', ' 12w', '12w ', '1e3d', '-1d']) expect(WINDOW_PATTERN.test(text), text).toBe(false);
    expect(() => windowDays('521w')).toThrow(/1w to 520w/);
  });

  it('the last weeks of 9999 are counted, not looped past', () => {
    expect(weeksBetween('9999-12-15', '9999-12-31')).toEqual(['9999-12-13', '9999-12-20', '9999-12-27']);
    expect(isoWeek('9999-12-27')).toBe('9999-W52');
    // YYYY-MM-DD has no day after 9999-12-31 (a longer year would sort before it as text).
    expect(addDays('9999-12-27', 6)).toBe('9999-12-31');
    expect(addDays('0000-01-03', -7)).toBe('0000-01-01');
    expect(addDays('1970-01-01', -3650)).toBe('1960-01-04');
  });
});
