/**
 * Date and number formats. Hanoi time whatever the operator's machine says, so that two consoles
 * (or a console and a radio log) always show the same clock.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const datetime = {
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: TIME_ZONE },
  short: { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: TIME_ZONE },
  full: {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour12: false,
    timeZone: TIME_ZONE,
  },
  date: { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE },
} as const;

const number = {
  integer: { maximumFractionDigits: 0 },
  speed: { minimumFractionDigits: 0, maximumFractionDigits: 1 },
  percent: { style: 'percent', maximumFractionDigits: 0 },
  /** A coordinate in degrees, to 5 decimals (about 1 m), without thousands grouping. */
  coordinate: { minimumFractionDigits: 5, maximumFractionDigits: 5, useGrouping: false },
} as const;

/** Keyed by the UI locale, which vue-i18n hands to Intl as is: 'vi-VN', 'en-GB'. */
export const datetimeFormats = { 'vi-VN': datetime, 'en-GB': datetime };
export const numberFormats = { 'vi-VN': number, 'en-GB': number };
