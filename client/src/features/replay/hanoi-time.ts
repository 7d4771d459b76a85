import { HANOI_OFFSET_MS } from '../../../../protocol/index.js';

// Hanoi is UTC+7 all year (no daylight saving): the console's clock whatever the machine says.

/** An instant as a `datetime-local` value in Hanoi time, to the minute: `2026-11-27T08:15`. */
export const toHanoiInput = (ms: number): string => new Date(ms + HANOI_OFFSET_MS).toISOString().slice(0, 16);

/** A `datetime-local` value read as Hanoi time; null when it is not a date and time. */
export function fromHanoiInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = Date.parse(`${value.length === 16 ? `${value}:00` : value}+07:00`);
  return Number.isNaN(ms) ? null : ms;
}

/** The instant a `?replay=` query asks for (ISO 8601 with an offset), if it is one and in the past. */
export function replayAtFromQuery(value: unknown, now = Date.now()): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms >= now ? null : ms;
}
