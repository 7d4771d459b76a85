import type { Pool } from 'pg';
import type { AlarmKind, AlarmState } from '../../../../protocol/index.js';
import { seqQueries } from '../../platform/db/seq-queries.js';
import { SEQUENCER_LOCK_SQL } from '../../platform/db/sequencer.js';
import type { Tx } from '../../platform/db/transaction.js';

/** Per kind: which sources should have an open alarm now (source_id, severity, lon, lat, details). */
const DESIRED: Record<AlarmKind, { feed: AlarmState['source']['feed']; sql: string }> = {
  signal_fault: {
    feed: 'signals',
    sql: `SELECT id AS source_id,
            CASE WHEN report->'faults' @> '[{"type":"power"}]' OR report->'faults' @> '[{"type":"conflict"}]'
                 THEN 'high' ELSE 'medium' END AS severity,
            lon, lat, jsonb_build_object('faults', report->'faults', 'status', report->>'status') AS details
          FROM devices WHERE feed = 'signals' AND jsonb_array_length(coalesce(report->'faults', '[]')) > 0`,
  },
  camera_offline: {
    feed: 'cameras',
    sql: `SELECT id AS source_id, 'low' AS severity, lon, lat,
            jsonb_build_object('status', report->>'status', 'silent', silent) AS details
          FROM devices WHERE feed = 'cameras' AND (silent OR report->>'status' = 'offline')`,
  },
  node_offline: {
    feed: 'network',
    sql: `SELECT id AS source_id,
            CASE WHEN report->>'kind' = 'centre_device' THEN 'high' ELSE 'medium' END AS severity, lon, lat,
            jsonb_build_object('kind', report->>'kind', 'communeCode', report->>'communeCode',
                               'lastHeard', observed_at) AS details
          FROM devices WHERE feed = 'network' AND silent`,
  },
  congestion: {
    feed: 'traffic',
    sql: `SELECT w.segment_id AS source_id, 'medium' AS severity, s.lon, s.lat,
            jsonb_build_object('maxSpeed', w.max_speed, 'slowSince', w.slow_since) AS details
          FROM congestion_watch w
          LEFT JOIN unnest($3::text[], $4::float8[], $5::float8[]) AS s(id, lon, lat) ON s.id = w.segment_id
          WHERE w.slow_since IS NOT NULL AND w.slow_since <= now() - make_interval(secs => $6::float8)`,
  },
};

/** Raises the alarms that should be open and are not, clears the open ones whose cause has passed. */
const reconcileSql = (desired: string) => `
  WITH sequencer AS (${SEQUENCER_LOCK_SQL}), desired AS (${desired}),
  raised AS (
    INSERT INTO alarms (id, seq, kind, severity, source_feed, source_id, lon, lat, details)
    SELECT 'ALM-' || lpad(n::text, 7, '0'), n, $1, severity, $2, source_id, lon, lat, details
    FROM (SELECT d.*, nextval('event_seq') AS n FROM desired d, sequencer
          WHERE NOT EXISTS (SELECT 1 FROM alarms a WHERE a.kind = $1 AND a.source_id = d.source_id
                                                      AND a.cleared_at IS NULL)) fresh
    ON CONFLICT DO NOTHING
    RETURNING *
  ), cleared AS (
    UPDATE alarms a SET cleared_at = now(), seq = nextval('event_seq')
    FROM sequencer
    WHERE a.kind = $1 AND a.cleared_at IS NULL AND a.source_id NOT IN (SELECT source_id FROM desired)
    RETURNING a.*
  )
  SELECT * FROM raised UNION ALL SELECT * FROM cleared`;

const COLUMNS = `seq, id, kind, severity, source_feed, source_id, lon, lat, details, raised_at, cleared_at,
  acknowledged_at, acknowledged_by_name`;

export const toState = (r: Record<string, unknown>): AlarmState => ({
  seq: Number(r.seq),
  id: String(r.id),
  kind: r.kind as AlarmKind,
  severity: r.severity as AlarmState['severity'],
  source: { feed: r.source_feed as AlarmState['source']['feed'], id: String(r.source_id) },
  position: r.lon === null || r.lat === null ? null : [Number(r.lon), Number(r.lat)],
  details: (r.details as Record<string, unknown>) ?? {},
  raisedAt: new Date(r.raised_at as string).toISOString(),
  clearedAt: r.cleared_at ? new Date(r.cleared_at as string).toISOString() : null,
  acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at as string).toISOString() : null,
  acknowledgedBy: (r.acknowledged_by_name as string | null) ?? null,
});

export interface CongestionRule {
  slowBelowKmh: number;
  recoverAtKmh: number;
  forSeconds: number;
}

export function createAlarmsRepository(pool: Pool) {
  return {
    ...seqQueries(pool, { table: 'alarms', columns: COLUMNS }, toState),
    /**
     * Segments are slow when every detector on them reports under `slowBelowKmh`, and recover when
     * one reaches `recoverAtKmh`; in between they keep their state. Times are the server's.
     */
    async watchCongestion(rule: CongestionRule): Promise<void> {
      await pool.query(
        `INSERT INTO congestion_watch AS w (segment_id, max_speed, slow_since)
         SELECT segment_id, max(speed), CASE WHEN max(speed) < $1 THEN now() END
         FROM detectors WHERE segment_id IS NOT NULL AND speed IS NOT NULL GROUP BY segment_id
         ON CONFLICT (segment_id) DO UPDATE SET max_speed = excluded.max_speed,
           slow_since = CASE WHEN excluded.max_speed < $1 THEN coalesce(w.slow_since, now())
                             WHEN excluded.max_speed >= $2 THEN NULL ELSE w.slow_since END`,
        [rule.slowBelowKmh, rule.recoverAtKmh],
      );
    },

    async reconcile(
      kind: AlarmKind,
      segments: { ids: string[]; lons: number[]; lats: number[] },
      congestionForSeconds: number,
    ): Promise<AlarmState[]> {
      const { feed, sql } = DESIRED[kind];
      const params: unknown[] =
        kind === 'congestion'
          ? [kind, feed, segments.ids, segments.lons, segments.lats, congestionForSeconds]
          : [kind, feed];
      const { rows } = await pool.query(reconcileSql(sql), params);
      return rows.map(toState).sort((a, b) => a.seq - b.seq);
    },

    /** The alarm, locked until `tx` ends; null when there is none. */
    async lock(tx: Tx, id: string): Promise<AlarmState | null> {
      const { rows } = await tx.query(`SELECT ${COLUMNS} FROM alarms WHERE id = $1 FOR UPDATE`, [id]);
      return rows[0] ? toState(rows[0]) : null;
    },

    /** Acknowledged by `by`, under a new sequence number: `tx` must hold the sequencer lock. */
    async acknowledge(tx: Tx, id: string, by: { userId: number; name: string }): Promise<AlarmState> {
      const { rows } = await tx.query(
        `UPDATE alarms SET acknowledged_at = now(), acknowledged_by = $2, acknowledged_by_name = $3,
           seq = nextval('event_seq')
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, by.userId, by.name],
      );
      return toState(rows[0]);
    },

    async open(): Promise<AlarmState[]> {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM alarms WHERE cleared_at IS NULL ORDER BY seq`);
      return rows.map(toState);
    },
  };
}

export type AlarmsRepository = ReturnType<typeof createAlarmsRepository>;
