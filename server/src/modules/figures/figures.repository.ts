import type { Pool } from 'pg';
import type { FigureCounts } from './figures.counts.js';

/**
 * Every count the figures need, as one jsonb expression of sub-selects, so the figures take one
 * round trip ($1: the speed under which a segment is slow, km/h).
 *
 * - incidents: open (not closed, cancelled or marked a duplicate) and not linked as a duplicate, by severity;
 * - acknowledge: over incidents (not duplicates) acknowledged in the last hour, the median seconds
 *   from their arrival to their acknowledgement (null when none), and how many;
 * - congestion: road segments with readings, and those whose fastest detector last read under $1;
 * - backlog: today's (Hanoi time, UTC+7 all year) received and submitted online, and the overdue of
 *   every commune and sector's latest figures;
 * - devices: per feed, those silent or reporting `status: offline`, out of all.
 */
const COUNTS_SQL = `jsonb_build_object(
  'incidents', (SELECT coalesce(jsonb_object_agg(severity, n), '{}'::jsonb)
                FROM (SELECT severity, count(*) AS n FROM incidents
                      WHERE status NOT IN ('closed', 'cancelled', 'duplicate') AND duplicate_of IS NULL GROUP BY severity) i),
  'acknowledge', (SELECT jsonb_build_object(
                    'medianSeconds', percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - received_at)::float8),
                    'acknowledged', count(*))
                  FROM incidents
                  WHERE acknowledged_at > now() - interval '1 hour' AND duplicate_of IS NULL),
  'congestion', (SELECT jsonb_build_object('slow', count(*) FILTER (WHERE fastest < $1::float8), 'segments', count(*))
                 FROM (SELECT max(speed) AS fastest FROM detectors
                       WHERE segment_id IS NOT NULL AND speed IS NOT NULL GROUP BY segment_id) s),
  'backlog', (SELECT jsonb_build_object(
                'received', coalesce(sum(b.received) FILTER (WHERE b.observed_at >= today.start), 0),
                'submittedOnline', coalesce(sum(b.submitted_online) FILTER (WHERE b.observed_at >= today.start), 0),
                'overdue', coalesce(sum(b.overdue), 0))
              FROM backlog_state b,
                   (SELECT (date_trunc('day', (now() AT TIME ZONE 'UTC') + interval '7 hours') - interval '7 hours')
                           AT TIME ZONE 'UTC' AS start) today),
  'devices', (SELECT coalesce(jsonb_object_agg(feed, jsonb_build_object('offline', offline, 'devices', n)), '{}'::jsonb)
              FROM (SELECT feed, count(*) FILTER (WHERE silent OR report->>'status' = 'offline') AS offline,
                           count(*) AS n
                    FROM devices GROUP BY feed) d)
)`;

/**
 * One sample in one statement: measure, store it unless a sample newer than half a period exists
 * (another server took this one), and forget samples older than the retention.
 */
const SAMPLE_SQL = `
  WITH m AS (SELECT now() AS at, ${COUNTS_SQL} AS counts),
  stored AS (
    INSERT INTO figure_samples (at, figures)
    SELECT at, counts FROM m
    WHERE NOT EXISTS (SELECT 1 FROM figure_samples WHERE at > now() - make_interval(secs => $2::float8))
    RETURNING at
  ), expired AS (
    DELETE FROM figure_samples WHERE at < now() - make_interval(days => $3::int) RETURNING at
  )
  SELECT m.at, m.counts, EXISTS (SELECT 1 FROM stored) AS stored, (SELECT count(*)::int FROM expired) AS expired
  FROM m`;

/** The counts now and the stored samples of the last $2 seconds, oldest first, in one statement. */
const SNAPSHOT_SQL = `
  SELECT now() AS at, ${COUNTS_SQL} AS counts,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('atMs', extract(epoch FROM s.at) * 1000, 'counts', s.figures)
                               ORDER BY s.at), '[]'::jsonb)
     FROM figure_samples s WHERE s.at > now() - make_interval(secs => $2::float8)) AS history`;

export interface StoredCounts {
  at: Date;
  counts: FigureCounts;
}

export function createFiguresRepository(pool: Pool, opts: { slowBelowKmh: number }) {
  return {
    /** Measures and stores a sample; `stored` is false when a sample newer than `minGapSeconds` exists. */
    async sample(
      minGapSeconds: number,
      retentionDays: number,
    ): Promise<StoredCounts & { stored: boolean; expired: number }> {
      const { rows } = await pool.query<StoredCounts & { stored: boolean; expired: number }>(SAMPLE_SQL, [
        opts.slowBelowKmh,
        minGapSeconds,
        retentionDays,
      ]);
      return rows[0]!;
    },

    /** The counts now, and the samples stored in the last `seconds`. */
    async snapshot(seconds: number): Promise<StoredCounts & { history: StoredCounts[] }> {
      const { rows } = await pool.query<StoredCounts & { history: Array<{ atMs: number; counts: FigureCounts }> }>(
        SNAPSHOT_SQL,
        [opts.slowBelowKmh, seconds],
      );
      const r = rows[0]!;
      return {
        at: r.at,
        counts: r.counts,
        history: r.history.map((h) => ({ at: new Date(h.atMs), counts: h.counts })),
      };
    },
  };
}

export type FiguresRepository = ReturnType<typeof createFiguresRepository>;
