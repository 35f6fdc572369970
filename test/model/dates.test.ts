import { describe, expect, it } from 'vitest';
import { isoWeek, median, weekStart, weeksBetween, windowDays } from '../../src/model/dates.js';

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
