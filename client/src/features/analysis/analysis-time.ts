import { HANOI_OFFSET_MS } from '../../../../protocol/index.js';
import { TIME_ZONE } from '../../i18n/formats.js';

// The analysis panel's times, always in Hanoi (UTC+7 all year, no daylight saving) on a 24-hour
// clock, whatever the machine says: the chart axes, the chart legend and the grids' column heads.
// Dates are written day first with slashes (06/12/2026) in both languages, as Vietnam and Britain
// do; weekday and month names come from Intl in the user's language.

const DAY_S = 86_400;
/** A tick step this long or more labels months (uPlot's month steps are 28 days and up). */
const MONTH_S = 28 * DAY_S;

/** An instant's wall clock in Hanoi. */
function hanoiClock(ms: number) {
  const d = new Date(ms + HANOI_OFFSET_MS);
  const two = (v: number) => String(v).padStart(2, '0');
  return {
    year: String(d.getUTCFullYear()),
    month: two(d.getUTCMonth() + 1),
    day: two(d.getUTCDate()),
    hour: two(d.getUTCHours()),
    minute: two(d.getUTCMinutes()),
    second: two(d.getUTCSeconds()),
  };
}

const namers = new Map<string, Intl.DateTimeFormat>();
/** A weekday's or month's name in `locale`, in Hanoi time (formatters kept, they are slow to make). */
function nameOf(ms: number, locale: string, part: 'weekday' | 'month'): string {
  const key = `${locale}|${part}`;
  let f = namers.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { [part]: part === 'weekday' ? 'short' : 'long', timeZone: TIME_ZONE });
    namers.set(key, f);
  }
  return f.format(ms);
}

/** "08:15" (Hanoi time, 24-hour). */
export function hanoiTime(ms: number): string {
  const c = hanoiClock(ms);
  return `${c.hour}:${c.minute}`;
}

/** "06/12" (Hanoi date). */
export function hanoiDayMonth(ms: number): string {
  const c = hanoiClock(ms);
  return `${c.day}/${c.month}`;
}

/** "08:15 06/12/2026" in Vietnamese (time first), "06/12/2026 08:15" in English. */
export function hanoiDateTime(ms: number, locale: string): string {
  const c = hanoiClock(ms);
  const date = `${c.day}/${c.month}/${c.year}`;
  const time = `${c.hour}:${c.minute}`;
  return locale.startsWith('vi') ? `${time} ${date}` : `${date} ${time}`;
}

/**
 * The labels of a time axis's ticks (`splits`, epoch seconds, as uPlot gives them; `incrementS` the
 * step between them): hours and minutes for steps under a day, with the date below the first tick
 * and each tick that starts another day; day/month and the weekday for steps of days; the month's
 * name for steps of months, with the year below the first tick and each new year.
 */
export function timeAxisLabels(splits: readonly number[], incrementS: number, locale: string): string[] {
  let previous: ReturnType<typeof hanoiClock> | null = null;
  return splits.map((s) => {
    const ms = s * 1000;
    const c = hanoiClock(ms);
    const newDay = !previous || previous.day !== c.day || previous.month !== c.month || previous.year !== c.year;
    const newYear = !previous || previous.year !== c.year;
    previous = c;
    if (incrementS >= MONTH_S)
      return newYear ? `${nameOf(ms, locale, 'month')}\n${c.year}` : nameOf(ms, locale, 'month');
    if (incrementS >= DAY_S) return `${c.day}/${c.month}\n${nameOf(ms, locale, 'weekday')}`;
    const time = incrementS < 60 ? `${c.hour}:${c.minute}:${c.second}` : `${c.hour}:${c.minute}`;
    return newDay ? `${time}\n${c.day}/${c.month}` : time;
  });
}

/**
 * The head of one column of a grid of buckets (`bucketMs` long): the bucket's start ("08:00" for
 * hours, "06/12" for days), and above it the larger unit where it changes ("06/12" over the first
 * hour of each day; the year over the first day of each year), empty elsewhere.
 */
export function bucketHeads(starts: readonly number[], bucketMs: number): { main: string; over: string }[] {
  let previous: ReturnType<typeof hanoiClock> | null = null;
  return starts.map((ms) => {
    const c = hanoiClock(ms);
    const days = bucketMs >= DAY_S * 1000;
    const changed =
      !previous || (days ? previous.year !== c.year : previous.day !== c.day || previous.month !== c.month);
    previous = c;
    if (days) return { main: `${c.day}/${c.month}`, over: changed ? c.year : '' };
    return { main: `${c.hour}:${c.minute}`, over: changed ? `${c.day}/${c.month}` : '' };
  });
}
