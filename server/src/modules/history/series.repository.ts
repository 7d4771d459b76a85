import type { Pool } from 'pg';
import type { HistoryBucket, HistoryBucketSize } from '../../../../protocol/index.js';
import { binSql } from './rollup.repository.js';

/** Whose traffic a series sums: one detector, the detectors of a segment or of a district, or the city. */
export type TrafficScope =
  | { kind: 'detector'; id: string }
  | { kind: 'segment'; id: string }
  | { kind: 'district'; id: string }
  | { kind: 'city' };

/** Event feeds kept as histories, with their time column. */
export type EventFeed = 'incidents' | 'alarms' | 'crime' | 'backlog';
const EVENT_TABLES: Record<EventFeed, [table: string, at: string]> = {
  incidents: ['incident_history', 'at'],
  alarms: ['alarm_history', 'at'],
  crime: ['crime_history', 'at'],
  backlog: ['backlog_reports', 'observed_at'],
};

/** A half-open span of whole buckets, [from, to). */
export interface BucketSpan {
  size: HistoryBucketSize;
  from: Date;
  to: Date;
}

const INTERVAL: Record<HistoryBucketSize, '1 minute' | '1 hour'> = { '1m': '1 minute', '1h': '1 hour' };

/** The detectors of a scope, as a condition on `<alias>.detector_id` ($3 is the scope's id). */
function detectorsOf(scope: TrafficScope, alias: string): string {
  switch (scope.kind) {
    case 'detector':
      return `${alias}.detector_id = $3`;
    case 'segment':
      return `${alias}.detector_id IN (SELECT id FROM detectors WHERE segment_id = $3)`;
    case 'district':
      return `${alias}.detector_id IN (SELECT detector_id FROM detector_districts WHERE district_code = $3)`;
    case 'city':
      return `${alias}.detector_id IN (SELECT detector_id FROM detector_districts WHERE district_code IS NOT NULL)`;
  }
}

const FROM_ROLLUP = `sum(readings) AS count, sum(speed_n) AS speed_n, sum(speed_sum) AS speed_sum,
  min(speed_min) AS speed_min, max(speed_max) AS speed_max, sum(flow_n) AS flow_n, sum(flow_sum) AS flow_sum,
  sum(occ_n) AS occ_n, sum(occ_sum) AS occ_sum`;
const FROM_RAW = `count(*) AS count, count(speed) AS speed_n, sum(speed::float8) AS speed_sum, min(speed) AS speed_min,
  max(speed) AS speed_max, count(intensity) AS flow_n, sum(intensity::float8) AS flow_sum, count(occupancy) AS occ_n,
  sum(occupancy::float8) AS occ_sum`;

const mean = (sum: unknown, n: unknown): number | null => (Number(n) > 0 ? Number(sum) / Number(n) : null);
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function trafficBucket(r: Record<string, unknown>): HistoryBucket {
  return {
    at: new Date(r.bucket as string).toISOString(),
    count: Number(r.count),
    speedAvg: mean(r.speed_sum, r.speed_n),
    speedMin: num(r.speed_min),
    speedMax: num(r.speed_max),
    flowAvg: mean(r.flow_sum, r.flow_n),
    occupancyAvg: mean(r.occ_sum, r.occ_n),
  };
}

const countBucket = (r: Record<string, unknown>): HistoryBucket => ({
  at: new Date(r.bucket as string).toISOString(),
  count: Number(r.count),
  speedAvg: null,
  speedMin: null,
  speedMax: null,
  flowAvg: null,
  occupancyAvg: null,
});

/**
 * Every detector's series over a window, column by column (typed arrays, NaN where a bucket had no
 * value): `bucket[i]` is the bucket's index from `from`. Detectors without a bucket are left out.
 */
export interface DetectorColumns {
  detectorId: string;
  from: number;
  size: HistoryBucketSize;
  bucket: Int32Array;
  count: Int32Array;
  speedAvg: Float32Array;
  speedMin: Float32Array;
  speedMax: Float32Array;
  flowAvg: Float32Array;
  occupancyAvg: Float32Array;
}
export type DetectorSeries = DetectorColumns[];

const BUCKET_SECONDS: Record<HistoryBucketSize, number> = { '1m': 60, '1h': 3600 };
/**
 * A detector's buckets packed column by column as big-endian binary (int4 and float4; NaN for none):
 * a day of minutes for every detector is 1.6 million values, and text arrays would parse slower
 * than the query runs. $1 is the window's start, $3 the bucket size in seconds.
 */
const packed = (column: string, send: 'int4send' | 'float4send') =>
  send === 'int4send'
    ? `string_agg(int4send(${column}::int), ''::bytea ORDER BY bucket)`
    : `string_agg(float4send(coalesce(${column}::real, 'NaN')), ''::bytea ORDER BY bucket)`;
const PACKED = [
  `${packed('(extract(epoch FROM bucket - $1::timestamptz) / $3)', 'int4send')} AS at`,
  `${packed('count', 'int4send')} AS count`,
  ...['speed_avg', 'speed_min', 'speed_max', 'flow_avg', 'occ_avg'].map((c) => `${packed(c, 'float4send')} AS ${c}`),
].join(', ');

/** Bucketed series, from the rollups (tables, or TimescaleDB's aggregates of the same names) or from raw rows. */
export function createSeriesRepository(pool: Pool) {
  return {
    /** Traffic buckets of a scope from the rollups: the district tables for districts and the city. */
    async trafficFromRollup(scope: TrafficScope, span: BucketSpan): Promise<HistoryBucket[]> {
      const byDistrict = scope.kind === 'district' || scope.kind === 'city';
      const table = `traffic_${byDistrict ? 'district_' : ''}${span.size}`;
      const where = byDistrict
        ? scope.kind === 'district'
          ? 'AND t.district_code = $3'
          : ''
        : `AND ${detectorsOf(scope, 't')}`;
      const { rows } = await pool.query(
        `SELECT bucket, ${FROM_ROLLUP} FROM ${table} t WHERE bucket >= $1 AND bucket < $2 ${where}
         GROUP BY bucket ORDER BY bucket`,
        [span.from, span.to, ...('id' in scope ? [scope.id] : [])],
      );
      return rows.map(trafficBucket);
    },

    /** The same buckets computed from the raw readings (date_bin over traffic_readings). */
    async trafficFromRaw(scope: TrafficScope, span: BucketSpan): Promise<HistoryBucket[]> {
      const { rows } = await pool.query(
        `SELECT ${binSql(INTERVAL[span.size], 'observed_at')} AS bucket, ${FROM_RAW}
         FROM traffic_readings r WHERE observed_at >= $1 AND observed_at < $2 AND ${detectorsOf(scope, 'r')}
         GROUP BY 1 ORDER BY 1`,
        [span.from, span.to, ...('id' in scope ? [scope.id] : [])],
      );
      return rows.map(trafficBucket);
    },

    /**
     * Every detector's series over the span from the 1-minute or 1-hour rollup, one index scan per
     * detector: a whole day of minutes for every detector is about 230,000 buckets.
     */
    async everyDetectorFromRollup(span: BucketSpan): Promise<DetectorSeries> {
      return everyDetector(
        `SELECT d.id AS detector_id, x.* FROM detectors d CROSS JOIN LATERAL (
           SELECT ${PACKED} FROM (
             SELECT bucket, readings AS count, (speed_sum / nullif(speed_n, 0))::real AS speed_avg, speed_min, speed_max,
                    (flow_sum / nullif(flow_n, 0))::real AS flow_avg, (occ_sum / nullif(occ_n, 0))::real AS occ_avg
             FROM traffic_${span.size} t WHERE t.detector_id = d.id AND bucket >= $1 AND bucket < $2) b) x
         WHERE x.at IS NOT NULL ORDER BY d.id`,
        span,
      );
    },

    /** The same series, computed by scanning the raw readings (date_bin over traffic_readings). */
    async everyDetectorFromRaw(span: BucketSpan): Promise<DetectorSeries> {
      return everyDetector(
        `SELECT detector_id, ${PACKED} FROM (
           SELECT detector_id, bucket, count, (speed_sum / nullif(speed_n, 0))::real AS speed_avg, speed_min, speed_max,
                  (flow_sum / nullif(flow_n, 0))::real AS flow_avg, (occ_sum / nullif(occ_n, 0))::real AS occ_avg
           FROM (SELECT detector_id, ${binSql(INTERVAL[span.size], 'observed_at')} AS bucket, ${FROM_RAW}
                 FROM traffic_readings WHERE observed_at >= $1 AND observed_at < $2 GROUP BY 1, 2) a) b
         GROUP BY detector_id ORDER BY detector_id`,
        span,
      );
    },

    /** Reports per bucket of one device feed, from its rollup or from raw reports. */
    async deviceReports(feed: string, span: BucketSpan, from: 'rollup' | 'raw'): Promise<HistoryBucket[]> {
      const sql =
        from === 'rollup'
          ? `SELECT bucket, sum(reports) AS count FROM device_feed_${span.size}
             WHERE feed = $3 AND bucket >= $1 AND bucket < $2 GROUP BY bucket ORDER BY bucket`
          : `SELECT ${binSql(INTERVAL[span.size], 'observed_at')} AS bucket, count(*) AS count FROM device_reports
             WHERE feed = $3 AND observed_at >= $1 AND observed_at < $2 GROUP BY 1 ORDER BY 1`;
      const { rows } = await pool.query(sql, [span.from, span.to, feed]);
      return rows.map(countBucket);
    },

    /** Stored changes per bucket of an event feed (small tables: always from the history itself). */
    async eventCounts(feed: EventFeed, span: BucketSpan): Promise<HistoryBucket[]> {
      const [table, at] = EVENT_TABLES[feed];
      const { rows } = await pool.query(
        `SELECT ${binSql(INTERVAL[span.size], at)} AS bucket, count(*) AS count FROM ${table}
         WHERE ${at} >= $1 AND ${at} < $2 GROUP BY 1 ORDER BY 1`,
        [span.from, span.to],
      );
      return rows.map(countBucket);
    },
  };

  async function everyDetector(sql: string, span: BucketSpan): Promise<DetectorSeries> {
    const { rows } = await pool.query(sql, [span.from, span.to, BUCKET_SECONDS[span.size]]);
    return rows.map((r) => {
      const ints = (b: Buffer) => Int32Array.from({ length: b.length / 4 }, (_, i) => b.readInt32BE(i * 4));
      const floats = (b: Buffer) => Float32Array.from({ length: b.length / 4 }, (_, i) => b.readFloatBE(i * 4));
      return {
        detectorId: String(r.detector_id),
        from: span.from.getTime(),
        size: span.size,
        bucket: ints(r.at),
        count: ints(r.count),
        speedAvg: floats(r.speed_avg),
        speedMin: floats(r.speed_min),
        speedMax: floats(r.speed_max),
        flowAvg: floats(r.flow_avg),
        occupancyAvg: floats(r.occ_avg),
      };
    });
  }
}

export type SeriesRepository = ReturnType<typeof createSeriesRepository>;
