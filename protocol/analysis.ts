import { z } from 'zod';

/**
 * The analysis panel's questions (REST, GET, permission `console.view` or `wall.view`):
 *   /api/v1/analysis/incidents   incident hot spots: reports per district and hour of day (Hanoi time)
 *   /api/v1/analysis/congestion  per road corridor and bucket: mean speed and the share of slow detectors
 *   /api/v1/analysis/crime       crime reports per district, by category for roles with `crime.points`
 *   /api/v1/analysis/backlog     per district and bucket: overdue dossiers and the online share against 70%
 * Each takes `from` and `to` (ISO 8601 with an offset; at most ANALYSIS_MAX_WINDOW_MS apart) and
 * `format=json|csv|geojson` (default json): csv is one row per cell of the answer (UTF-8 with a BOM,
 * so spreadsheet programs read the diacritics), geojson puts each district's (schematic cell) or
 * corridor's (line) figures on its geometry. Both exports come as attachments.
 */

/** Hanoi keeps UTC+7 all year: hours of day and days are counted in it. */
export const HANOI_OFFSET_MS = 7 * 3_600_000;
/** The hour of day (0-23) in Hanoi of an instant (epoch ms), whatever the machine's time zone. */
export const hanoiHour = (ms: number): number => ((Math.floor((ms + HANOI_OFFSET_MS) / 3_600_000) % 24) + 24) % 24;
/** The widest window any analysis question may cover. */
export const ANALYSIS_MAX_WINDOW_MS = 92 * 24 * 3_600_000;
/** A detector slower than this in a bucket counts as congested (the congestion alarm's threshold, km/h). */
export const CONGESTED_BELOW_KMH = 15;
/** The city's target for dossiers submitted online. */
export const ONLINE_TARGET = 0.7;

export const analysisFormatSchema = z.enum(['json', 'csv', 'geojson']);
export type AnalysisFormat = z.infer<typeof analysisFormatSchema>;
export const analysisViewSchema = z.enum(['incidents', 'congestion', 'crime', 'backlog']);
export type AnalysisView = z.infer<typeof analysisViewSchema>;

const instantSchema = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time with an offset (Z or +07:00)' });

const windowSchema = z.object({
  from: instantSchema,
  to: instantSchema,
  format: analysisFormatSchema.default('json'),
});
const ordered = (q: { from: string; to: string }) => Date.parse(q.from) < Date.parse(q.to);
const narrowEnough = (q: { from: string; to: string }) =>
  Date.parse(q.to) - Date.parse(q.from) <= ANALYSIS_MAX_WINDOW_MS;
const ORDER_ERROR = { message: '`from` must be before `to`', path: ['to'] };
const WIDTH_ERROR = { message: 'at most 92 days: ask for a shorter window', path: ['to'] };

export const analysisQuerySchema = windowSchema.refine(ordered, ORDER_ERROR).refine(narrowEnough, WIDTH_ERROR);
export type AnalysisQuery = z.infer<typeof analysisQuerySchema>;

/** Congestion buckets: minutes (windows up to 6 hours), hours, or Hanoi days. */
export const congestionBucketSchema = z.enum(['1m', '1h', '1d']);
export type CongestionBucket = z.infer<typeof congestionBucketSchema>;
/** Backlog buckets: hours or Hanoi days. */
export const backlogBucketSchema = z.enum(['1h', '1d']);
export type BacklogBucket = z.infer<typeof backlogBucketSchema>;
export const ANALYSIS_BUCKET_MS = { '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 } as const;
/** The start (epoch ms) of the bucket an instant falls in: whole UTC minutes and hours, Hanoi days. */
export function bucketStart(ms: number, bucket: CongestionBucket): number {
  const size = ANALYSIS_BUCKET_MS[bucket];
  const shift = bucket === '1d' ? HANOI_OFFSET_MS : 0;
  return Math.floor((ms + shift) / size) * size - shift;
}
/**
 * A window [from, to) widened to whole buckets: from the start of the bucket `from` falls in to the
 * end of the bucket holding the window's last instant (a `to` on a boundary stays where it is).
 */
export function wholeBuckets(from: number, to: number, bucket: CongestionBucket): { from: number; to: number } {
  return { from: bucketStart(from, bucket), to: bucketStart(to - 1, bucket) + ANALYSIS_BUCKET_MS[bucket] };
}
/** The most buckets one series may have. */
export const ANALYSIS_MAX_BUCKETS = 2_000;

const fewEnoughBuckets = (q: { from: string; to: string; bucket: keyof typeof ANALYSIS_BUCKET_MS }) =>
  (Date.parse(q.to) - Date.parse(q.from)) / ANALYSIS_BUCKET_MS[q.bucket] <= ANALYSIS_MAX_BUCKETS;
const BUCKETS_ERROR = {
  message: `at most ${ANALYSIS_MAX_BUCKETS} buckets: a shorter window or a bigger bucket`,
  path: ['bucket'],
};

export const congestionQuerySchema = windowSchema
  .extend({ bucket: congestionBucketSchema.default('1h') })
  .refine(ordered, ORDER_ERROR)
  .refine(narrowEnough, WIDTH_ERROR)
  .refine(fewEnoughBuckets, BUCKETS_ERROR);
export type CongestionQuery = z.infer<typeof congestionQuerySchema>;

export const backlogQuerySchema = windowSchema
  .extend({ bucket: backlogBucketSchema.default('1d') })
  .refine(ordered, ORDER_ERROR)
  .refine(narrowEnough, WIDTH_ERROR)
  .refine(fewEnoughBuckets, BUCKETS_ERROR);
export type BacklogQuery = z.infer<typeof backlogQuerySchema>;

interface AnalysisWindow {
  /**
   * The window answered, ISO 8601 UTC: the one asked for, or for the series views (congestion,
   * backlog) widened to whole buckets, from the start of the bucket `from` falls in to the end of
   * the one `to` falls in.
   */
  from: string;
  to: string;
}

/**
 * Incident hot spots: incidents reported in the window (duplicates left out: they are the same
 * event), per district and hour of day in Hanoi time. `byHour[h]` counts reports from h:00 to h:59.
 */
export interface IncidentHotspots extends AnalysisWindow {
  /** The districts with any report, by code. */
  districts: Array<{
    districtCode: string;
    total: number;
    byHour: number[];
    /** Reports per category (the incident categories), only those with any. */
    byCategory: Record<string, number>;
  }>;
  /** Incidents with no district (no position in Hanoi). */
  unplaced: number;
  total: number;
}

/** One bucket of a corridor: mean speed over its detectors' readings, and how many detectors were slow. */
export interface CorridorBucket {
  /** Start of the bucket, ISO 8601 UTC (days start at Hanoi midnight). */
  at: string;
  speedAvg: number | null;
  /** Detectors that reported in the bucket, and of them those whose mean speed was under 15 km/h. */
  detectors: number;
  congested: number;
  /** congested / detectors; null when no detector reported. */
  congestionIndex: number | null;
}

export interface CongestionByCorridor extends AnalysisWindow {
  bucket: CongestionBucket;
  /** Where the buckets came from (see the history API). */
  source: 'raw' | 'rollup' | 'rollup+raw';
  /** The corridors whose detectors reported in the window, by id; each with its buckets that had readings, in order. */
  corridors: Array<{
    corridorId: string;
    name: string;
    /** Over the whole window: mean speed and the share of slow detector-buckets. */
    speedAvg: number | null;
    congestionIndex: number | null;
    buckets: CorridorBucket[];
  }>;
}

/**
 * Crime reports observed in the window per district. Roles with `crime.points` also get them per
 * category (`byCategory`); others only the totals (`byCategory` null): never a single report.
 */
export interface CrimeByDistrict extends AnalysisWindow {
  detail: boolean;
  /** The districts with any report, by code (reports placed in no district, outside Hanoi, are left out). */
  districts: Array<{ districtCode: string; total: number; byCategory: Record<string, number> | null }>;
  /** The sum of the districts' totals. */
  total: number;
}

/** One district's dossiers in a bucket: the sum of each of its communes' and sectors' latest figures reported in that bucket. */
export interface BacklogBucketFigures {
  at: string;
  received: number;
  submittedOnline: number;
  overdue: number;
  /** submittedOnline / received; null with nothing received. */
  onlineShare: number | null;
  meetsTarget: boolean | null;
}

export interface BacklogServiceLevels extends AnalysisWindow {
  bucket: BacklogBucket;
  target: number;
  /** The districts with any report in the window, by code; each with its buckets that had reports, in order. */
  districts: Array<{
    districtCode: string;
    buckets: BacklogBucketFigures[];
    /** The last bucket's figures: where the district stood at the end of the window. */
    latest: BacklogBucketFigures | null;
  }>;
}
