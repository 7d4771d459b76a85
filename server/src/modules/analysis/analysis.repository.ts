import type { Pool } from 'pg';
import {
  ANALYSIS_BUCKET_MS,
  CONGESTED_BELOW_KMH,
  HANOI_OFFSET_MS,
  type CongestionBucket,
} from '../../../../protocol/index.js';

/** Buckets are aligned to whole UTC minutes and hours, and to Hanoi midnights for days. */
const ORIGIN: Record<CongestionBucket, string> = {
  '1m': '2000-01-01T00:00:00Z',
  '1h': '2000-01-01T00:00:00Z',
  '1d': '2000-01-01T00:00:00+07:00',
};
const INTERVAL: Record<CongestionBucket, string> = { '1m': '1 minute', '1h': '1 hour', '1d': '1 day' };
const HANOI_OFFSET_S = HANOI_OFFSET_MS / 1000;

export interface HourCount {
  districtCode: string | null;
  hour: number;
  category: string;
  count: number;
}
export interface CategoryCount {
  districtCode: string | null;
  category: string;
  count: number;
}
export interface CorridorBucketRow {
  corridorId: string;
  bucket: Date;
  speedSum: number;
  speedN: number;
  detectors: number;
  congested: number;
}
export interface BacklogBucketRow {
  bucket: Date;
  districtCode: string;
  received: number;
  submittedOnline: number;
  overdue: number;
}

/** The analysis panel's aggregates over the stored history (SQL only; PostgreSQL and the embedded engine alike). */
export function createAnalysisRepository(pool: Pool) {
  return {
    /** Incidents reported in [from, to), duplicates left out, per district, Hanoi hour of day and category. */
    async incidentHours(from: Date, to: Date): Promise<HourCount[]> {
      const { rows } = await pool.query(
        `SELECT district_code, ((floor(extract(epoch FROM date_issued))::bigint + $3) / 3600) % 24 AS hour,
                category, count(*)::int AS count
         FROM incidents WHERE date_issued >= $1 AND date_issued < $2 AND duplicate_of IS NULL
         GROUP BY 1, 2, 3`,
        [from, to, HANOI_OFFSET_S],
      );
      return rows.map((r) => ({
        districtCode: r.district_code,
        hour: Number(r.hour),
        category: r.category,
        count: Number(r.count),
      }));
    },

    /** Crime reports observed in [from, to), per district and category. */
    async crimeCounts(from: Date, to: Date): Promise<CategoryCount[]> {
      const { rows } = await pool.query(
        `SELECT district_code, category, count(*)::int AS count FROM crimes
         WHERE date_observed >= $1 AND date_observed < $2 GROUP BY 1, 2`,
        [from, to],
      );
      return rows.map((r) => ({ districtCode: r.district_code, category: r.category, count: Number(r.count) }));
    },

    /**
     * Per corridor and bucket: the detectors' speed sums, how many detectors reported a speed and how
     * many of them averaged under 15 km/h. Readings before `cut` come from the rollups (1-minute ones
     * for minute buckets, 1-hour ones otherwise), from `cut` on from the raw rows. When `cut` falls on
     * a bucket boundary (minutes and hours always do: the rollups end on whole minutes and hours),
     * each detector's bucket comes from one side only and the rollup rows are taken as they are; a
     * day split by `cut` adds both parts per detector before it is judged.
     */
    async corridorBuckets(from: Date, cut: Date, to: Date, size: CongestionBucket): Promise<CorridorBucketRow[]> {
      const rollup = size === '1m' ? 'traffic_1m' : 'traffic_1h';
      const aligned = size !== '1d' && cut.getTime() % ANALYSIS_BUCKET_MS[size] === 0;
      const rolled = aligned
        ? `SELECT bucket, detector_id, speed_n, speed_sum FROM ${rollup}
           WHERE bucket >= $1 AND bucket < $2 AND speed_n > 0`
        : `SELECT date_bin($4::interval, bucket, $5::timestamptz) AS bucket, detector_id,
                  sum(speed_n) AS speed_n, sum(speed_sum) AS speed_sum
           FROM ${rollup} WHERE bucket >= $1 AND bucket < $2 AND speed_n > 0 GROUP BY 1, 2`;
      const raw = `SELECT date_bin($4::interval, observed_at, $5::timestamptz) AS bucket, detector_id,
                          count(*) AS speed_n, sum(speed::float8) AS speed_sum
                   FROM traffic_readings
                   WHERE observed_at >= greatest($1, $2) AND observed_at < $3 AND speed IS NOT NULL GROUP BY 1, 2`;
      const perDetector = aligned
        ? `${rolled} UNION ALL ${raw}`
        : `SELECT bucket, detector_id, sum(speed_n) AS speed_n, sum(speed_sum) AS speed_sum
           FROM (${rolled} UNION ALL ${raw}) parts GROUP BY 1, 2`;
      const { rows } = await pool.query(
        `SELECT split_part(d.segment_id, ':', 1) AS corridor_id, p.bucket, sum(p.speed_sum) AS speed_sum,
                sum(p.speed_n)::int AS speed_n, count(*)::int AS detectors,
                count(*) FILTER (WHERE p.speed_sum / p.speed_n < $6)::int AS congested
         FROM (${perDetector}) p JOIN detectors d ON d.id = p.detector_id
         WHERE d.segment_id IS NOT NULL
         GROUP BY 1, 2 ORDER BY 1, 2`,
        [from, cut, to, INTERVAL[size], ORIGIN[size], CONGESTED_BELOW_KMH],
      );
      return rows.map((r) => ({
        corridorId: r.corridor_id,
        bucket: new Date(r.bucket),
        speedSum: Number(r.speed_sum),
        speedN: Number(r.speed_n),
        detectors: Number(r.detectors),
        congested: Number(r.congested),
      }));
    },

    /** Per bucket and district: the sums of each commune's and sector's latest figures reported in the bucket. */
    async backlogBuckets(from: Date, to: Date, size: '1h' | '1d'): Promise<BacklogBucketRow[]> {
      const { rows } = await pool.query(
        `SELECT bucket, district_code, sum(received)::int AS received, sum(submitted_online)::int AS online,
                sum(overdue)::int AS overdue
         FROM (SELECT DISTINCT ON (1, r.commune_code, r.sector)
                      date_bin($3::interval, r.observed_at, $4::timestamptz) AS bucket, r.commune_code, r.sector,
                      k.district_code, r.received, r.submitted_online, r.overdue
               FROM backlog_reports r
               LEFT JOIN backlog_state k ON k.commune_code = r.commune_code AND k.sector = r.sector
               WHERE r.observed_at >= $1 AND r.observed_at < $2
               ORDER BY 1, r.commune_code, r.sector, r.observed_at DESC) latest
         WHERE district_code IS NOT NULL
         GROUP BY 1, 2 ORDER BY 2, 1`,
        [from, to, INTERVAL[size], ORIGIN[size]],
      );
      return rows.map((r) => ({
        bucket: new Date(r.bucket),
        districtCode: r.district_code,
        received: Number(r.received),
        submittedOnline: Number(r.online),
        overdue: Number(r.overdue),
      }));
    },
  };
}

export type AnalysisRepository = ReturnType<typeof createAnalysisRepository>;
