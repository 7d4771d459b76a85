import { formatTime, type PopupFormat } from '../map/popup-dom.js';

/** What an incident or an alarm carries once an operator has acknowledged it. */
export interface Acknowledgeable {
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
}

export const isAcknowledged = (s: Acknowledgeable): boolean => Boolean(s.acknowledgedAt);

/** "Nguyễn Thị C, 08:20:00 27/11/2026": who acknowledged it and when (the name as text), or null. */
export function acknowledgement(s: Acknowledgeable, f: PopupFormat): string | null {
  if (!s.acknowledgedAt) return null;
  return f.t('acknowledgement', { who: s.acknowledgedBy ?? '—', at: formatTime(s.acknowledgedAt, f) });
}
