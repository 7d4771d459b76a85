import type { HistoryEvents, HistoryState, Layer } from '../../../protocol/index.js';
import { send } from './http.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Every object of `layers` as it was at `at` (epoch ms): GET /api/v1/history/state. */
export const fetchStateAt = (at: number, layers: readonly Layer[]): Promise<HistoryState> =>
  send<HistoryState>('GET', `/api/v1/history/state?at=${encodeURIComponent(iso(at))}&layers=${layers.join(',')}`);

/** One page of what was stored with `from < at <= to`, after sequence number `after`: GET /api/v1/history/events. */
export const fetchEventsPage = (
  from: number,
  to: number,
  layers: readonly Layer[],
  after: number,
  limit = 5000,
): Promise<HistoryEvents> =>
  send<HistoryEvents>(
    'GET',
    `/api/v1/history/events?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}` +
      `&layers=${layers.join(',')}&after=${after}&limit=${limit}`,
  );
