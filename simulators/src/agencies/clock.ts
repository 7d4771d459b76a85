/**
 * Hanoi's local clock for the agency simulators. Asia/Ho_Chi_Minh is UTC+7 all year (no daylight
 * saving since 1975), so local days and hours are plain arithmetic on epoch milliseconds.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const LOCAL_OFFSET_MS = 7 * HOUR_MS;

export interface LocalTime {
  /** Days since 1970-01-01 in Hanoi (the local calendar day's index). */
  day: number;
  /** Hour of the local day with its fraction, 0 <= hour < 24. */
  hour: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  weekend: boolean;
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  date: number;
  /** 1..366 */
  dayOfYear: number;
}

export function localTime(ms: number): LocalTime {
  const local = ms + LOCAL_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const d = new Date(local);
  const year = d.getUTCFullYear();
  const weekday = d.getUTCDay();
  return {
    day,
    hour: (local - day * DAY_MS) / HOUR_MS,
    weekday,
    weekend: weekday === 0 || weekday === 6,
    year,
    month: d.getUTCMonth() + 1,
    date: d.getUTCDate(),
    dayOfYear: day - Math.floor(Date.UTC(year, 0, 1) / DAY_MS) + 1,
  };
}

/** The local hour with its fraction, 0 <= hour < 24 (cheaper than localTime). */
export const localHour = (ms: number): number => ((((ms + LOCAL_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;

/** Epoch ms of local midnight that starts local day `day`. */
export const localDayStartMs = (day: number): number => day * DAY_MS - LOCAL_OFFSET_MS;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2026-11-27T08:15:42+07:00`: whole seconds, Hanoi's offset. */
export function hanoiIso(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + LOCAL_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`
  );
}

/** `20261127`: the local date, as call references carry it. */
export function localDateDigits(ms: number): string {
  const t = localTime(ms);
  return `${t.year}${pad(t.month)}${pad(t.date)}`;
}

/** The distance between two hours on the 24-hour circle (23h and 1h are 2 hours apart). */
export function hourDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 24;
  return Math.min(d, 24 - d);
}

/** A bump of height 1 centred on `centre` (local hour), `width` hours wide (Gaussian sigma). */
export const bump = (hour: number, centre: number, width: number): number =>
  Math.exp(-0.5 * (hourDistance(hour, centre) / width) ** 2);

/**
 * Scales a daily profile so that its mean over the 24 hours is 1: a rate of `r` per hour "at the daily
 * mean" then gives 24·r events a day, however the profile is shaped.
 */
export function normalizeProfile(profile: (hour: number) => number): (hour: number) => number {
  const steps = 24 * 60;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += profile((i + 0.5) / 60);
  const mean = sum / steps;
  return (hour) => profile(hour) / mean;
}
