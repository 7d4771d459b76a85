import { z } from 'zod';
import { layerSchema, type FeedEvent, type Layer, type SnapshotResult } from './events.js';
import type { CrimeDistrictTotal } from './wall.js';

/**
 * History, time-travel replay and analysis (REST, permission `console.view`):
 *   GET /api/v1/history/series  bucketed series of one segment, district, detector or feed over a window
 *   GET /api/v1/history/state   every object of the asked layers as it was at an instant
 *   GET /api/v1/history/events  what was observed after that instant, paged by sequence number
 * A replay takes the state at its start, then applies the events page by page with the live merge
 * rules (a newer observation wins), exactly as a console applies a resume.
 */

/** The longest series, in buckets: 7 days of minutes, or about 14 months of hours. */
export const HISTORY_MAX_BUCKETS = 10_080;
/** `bucket=auto` gives minutes up to this window, hours beyond. */
export const HISTORY_AUTO_MINUTES_UP_TO_MS = 6 * 3_600_000;
/** The widest window one events request may ask for. */
export const HISTORY_EVENTS_MAX_WINDOW_MS = 24 * 3_600_000;
export const HISTORY_EVENTS_MAX_PAGE = 5000;

export const historySeriesKindSchema = z.enum(['segment', 'district', 'detector', 'feed']);
export type HistorySeriesKind = z.infer<typeof historySeriesKindSchema>;
export const historyBucketSchema = z.enum(['1m', '1h', 'auto']);
export type HistoryBucketSize = Exclude<z.infer<typeof historyBucketSchema>, 'auto'>;
export const BUCKET_MS: Readonly<Record<HistoryBucketSize, number>> = { '1m': 60_000, '1h': 3_600_000 };

const instantSchema = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time with an offset (Z or +07:00)' });
/** `layers=traffic,incidents` (comma-separated); every layer when absent. */
const layersParamSchema = z
  .string()
  .max(200)
  .optional()
  .transform((v) => (v === undefined ? [...layerSchema.options] : v.split(',').map((s) => s.trim())))
  .pipe(z.array(layerSchema).min(1, 'at least one layer'));

const windowOk = (q: { from: string; to: string }) => Date.parse(q.from) < Date.parse(q.to);
const WINDOW_ORDER = { message: '`from` must be before `to`', path: ['to'] };

export const historySeriesQuerySchema = z
  .object({
    kind: historySeriesKindSchema,
    /** A segment id, a district code, a detector id, or a layer name for `kind=feed`. */
    id: z.string().min(1).max(64),
    from: instantSchema,
    to: instantSchema,
    bucket: historyBucketSchema.default('auto'),
  })
  .refine(windowOk, WINDOW_ORDER)
  .refine(
    (q) => {
      const size = q.bucket === 'auto' ? '1h' : q.bucket;
      return (Date.parse(q.to) - Date.parse(q.from)) / BUCKET_MS[size] <= HISTORY_MAX_BUCKETS;
    },
    { message: `at most ${HISTORY_MAX_BUCKETS} buckets: a shorter window or a bigger bucket`, path: ['bucket'] },
  );
export type HistorySeriesQuery = z.infer<typeof historySeriesQuerySchema>;

export const historyStateQuerySchema = z.object({
  at: instantSchema,
  layers: layersParamSchema,
});
export type HistoryStateQuery = z.infer<typeof historyStateQuerySchema>;

export const historyEventsQuerySchema = z
  .object({
    from: instantSchema,
    to: instantSchema,
    layers: layersParamSchema,
    /** The last sequence number already applied (the previous page's `head`); 0 for the first page. */
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(HISTORY_EVENTS_MAX_PAGE).default(2000),
  })
  .refine(windowOk, WINDOW_ORDER)
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= HISTORY_EVENTS_MAX_WINDOW_MS, {
    message: 'at most 24 hours per request: page through a longer replay window by window',
    path: ['to'],
  });
export type HistoryEventsQuery = z.infer<typeof historyEventsQuerySchema>;

/** One bucket of a series; buckets with nothing observed are left out. */
export interface HistoryBucket {
  /** Start of the bucket (ISO 8601, UTC); buckets are aligned to whole minutes / hours of UTC. */
  at: string;
  /** Readings (traffic), reports (device feeds) or stored changes (incidents, alarms, crime, backlog). */
  count: number;
  /** Traffic only (null elsewhere, or when no reading in the bucket carried the value): km/h. */
  speedAvg: number | null;
  speedMin: number | null;
  speedMax: number | null;
  /** Vehicles per hour (mean of the readings' intensity). */
  flowAvg: number | null;
  /** 0..1 (mean of the readings' occupancy). */
  occupancyAvg: number | null;
}

export interface HistorySeries {
  kind: HistorySeriesKind;
  id: string;
  bucket: HistoryBucketSize;
  from: string;
  to: string;
  /** Where the buckets came from: the raw observations, the rollups, or rollups with the newest buckets from raw. */
  source: 'raw' | 'rollup' | 'rollup+raw';
  buckets: HistoryBucket[];
}

/**
 * Every object of the asked layers as it was at `at`, in the live snapshot's shapes: each detector's
 * and device's latest observation at or before `at`, the incidents and alarms open then, crime
 * reports of the 30 days before (generalised positions), each dossier backlog's latest figures.
 * Layers not asked for are empty. Roles without `crime.points` get `crime: []` and `crimeTotals`.
 */
export type HistoryState = SnapshotResult & {
  at: string;
  /** District totals of the crime reports (roles without crime.points), else null. */
  crimeTotals: CrimeDistrictTotal[] | null;
};

/** A stored event with the instant it happened: the observation's time, or when the change was stored. */
export type TimedFeedEvent = FeedEvent & { at: string };

/** Observations and changes with `from < at <= to`, in sequence order after `after`. */
export interface HistoryEvents {
  events: TimedFeedEvent[];
  /** The highest seq included: ask again with `after=head` while hasMore. */
  head: number;
  hasMore: boolean;
  /** The layers answered (crime is left out for roles without crime.points). */
  layers: Layer[];
}
