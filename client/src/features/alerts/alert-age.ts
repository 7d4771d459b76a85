/** How long ago, as a message of the alerts texts: "Vừa xong", "3 phút trước", "1 giờ 5 phút trước". */
export interface AgeText {
  key: 'alerts.age.justNow' | 'alerts.age.minutes' | 'alerts.age.hours' | 'alerts.age.days';
  params: Record<string, number>;
  /** For the plural forms of the English texts. */
  count: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The age of something that happened at `iso`, seen at `now` (epoch ms); a time ahead of the clock is "just now". */
export function alertAge(iso: string, now: number): AgeText {
  const at = Date.parse(iso);
  const ms = Number.isNaN(at) ? 0 : Math.max(0, now - at);
  if (ms < MINUTE) return { key: 'alerts.age.justNow', params: {}, count: 0 };
  if (ms < HOUR) {
    const minutes = Math.floor(ms / MINUTE);
    return { key: 'alerts.age.minutes', params: { minutes }, count: minutes };
  }
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.floor((ms % HOUR) / MINUTE);
    return { key: 'alerts.age.hours', params: { hours, minutes }, count: hours };
  }
  const days = Math.floor(ms / DAY);
  return { key: 'alerts.age.days', params: { days }, count: days };
}

/** "4:05": minutes and seconds left (rounded up, so it never shows 0:00 while still running). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}
