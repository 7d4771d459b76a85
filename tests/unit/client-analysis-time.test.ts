import { describe, expect, it } from 'vitest';
import {
  bucketHeads,
  hanoiDateTime,
  hanoiDayMonth,
  hanoiTime,
  timeAxisLabels,
} from '../../client/src/features/analysis/analysis-time.js';

const HOUR_S = 3_600;
const DAY_S = 86_400;
/** 22:00 on Saturday 5 December 2026 in Hanoi (15:00 UTC). */
const EVENING_S = Date.parse('2026-12-05T22:00:00+07:00') / 1000;

describe('the analysis charts’ time labels', () => {
  it('writes hourly ticks on Hanoi’s 24-hour clock, the date under the first tick and under midnight', () => {
    const ticks = [0, 1, 2, 3].map((i) => EVENING_S + i * HOUR_S);
    expect(timeAxisLabels(ticks, HOUR_S, 'vi-VN')).toEqual(['22:00\n05/12', '23:00', '00:00\n06/12', '01:00']);
    // Never AM/PM, and the same clock in English.
    expect(timeAxisLabels(ticks, HOUR_S, 'en-GB')).toEqual(['22:00\n05/12', '23:00', '00:00\n06/12', '01:00']);
  });

  it('keeps Hanoi time whatever the instant’s UTC day is', () => {
    // 17:30 UTC is already half past midnight the next day in Hanoi.
    const halfPast = Date.parse('2026-12-05T17:30:00Z') / 1000;
    expect(timeAxisLabels([halfPast], 30 * 60, 'vi-VN')).toEqual(['00:30\n06/12']);
    expect(timeAxisLabels([halfPast, halfPast + 15], 15, 'vi-VN')).toEqual(['00:30:00\n06/12', '00:30:15']);
  });

  it('names the weekday of daily ticks in the user’s language', () => {
    const monday = Date.parse('2026-12-07T00:00:00+07:00') / 1000;
    const vi = timeAxisLabels([monday - DAY_S, monday], DAY_S, 'vi-VN');
    const en = timeAxisLabels([monday - DAY_S, monday], DAY_S, 'en-GB');
    expect(vi).toEqual(['06/12\nCN', '07/12\nThứ 2']);
    expect(en).toEqual(['06/12\nSun', '07/12\nMon']);
  });

  it('names the month of monthly ticks, the year under the first and under January', () => {
    const dec = Date.parse('2026-12-01T00:00:00+07:00') / 1000;
    const jan = Date.parse('2027-01-01T00:00:00+07:00') / 1000;
    expect(timeAxisLabels([dec, jan], 31 * DAY_S, 'vi-VN')).toEqual(['Tháng 12\n2026', 'Tháng 1\n2027']);
    expect(timeAxisLabels([dec, jan], 31 * DAY_S, 'en-GB')).toEqual(['December\n2026', 'January\n2027']);
  });

  it('writes the legend’s instant time first in Vietnamese, date first in English', () => {
    const ms = EVENING_S * 1000;
    expect(hanoiDateTime(ms, 'vi-VN')).toBe('22:00 05/12/2026');
    expect(hanoiDateTime(ms, 'en-GB')).toBe('05/12/2026 22:00');
    expect(hanoiTime(ms)).toBe('22:00');
    expect(hanoiDayMonth(ms + 2 * HOUR_S * 1000)).toBe('06/12');
  });

  it('heads a grid of hours with the date where a day starts, and a grid of days with the year', () => {
    const hours = [0, 1, 2].map((i) => (EVENING_S + i * HOUR_S) * 1000);
    expect(bucketHeads(hours, HOUR_S * 1000)).toEqual([
      { main: '22:00', over: '05/12' },
      { main: '23:00', over: '' },
      { main: '00:00', over: '06/12' },
    ]);
    const days = ['2026-12-31', '2027-01-01', '2027-01-02'].map((d) => Date.parse(`${d}T00:00:00+07:00`));
    expect(bucketHeads(days, DAY_S * 1000)).toEqual([
      { main: '31/12', over: '2026' },
      { main: '01/01', over: '2027' },
      { main: '02/01', over: '' },
    ]);
  });
});
