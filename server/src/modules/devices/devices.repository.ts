import type { Pool } from 'pg';
import type { DeviceFeed, DeviceReports, DeviceState, LonLat } from '../../../../protocol/index.js';
import { SEQUENCER_LOCK_SQL } from '../../platform/db/sequencer.js';

/** A validated device report, ready to store. */
export interface DeviceReportRow<F extends DeviceFeed = DeviceFeed> {
  deviceId: string;
  observedAt: string;
  report: DeviceReports[F];
  /** From the report, or derived (a commune node's schematic anchor); null keeps the known one. */
  position: LonLat | null;
  expectedIntervalS: number;
}

interface StateRecord {
  feed: string;
  id: string;
  state_seq: string;
  observed_at: Date;
  report: unknown;
  lon: number | null;
  lat: number | null;
  silent: boolean;
}

const STATE_COLUMNS = 'feed, id, state_seq, observed_at, report, lon, lat, silent';

export const toState = <F extends DeviceFeed>(r: StateRecord): DeviceState<F> => ({
  feed: r.feed as F,
  seq: Number(r.state_seq),
  deviceId: r.id,
  observedAt: r.observed_at.toISOString(),
  position: r.lon === null || r.lat === null ? null : [r.lon, r.lat],
  silent: r.silent,
  report: r.report as DeviceReports[F],
});

/**
 * One batch of one feed in one statement: store the reports (a redelivered one is skipped by its
 * idempotency key), then upsert each device's state from its newest report. A report also wakes a
 * silent device. Returns how many reports were new, and the states that changed (what consoles
 * must be sent).
 */
const STORE_BATCH_SQL = `
  WITH sequencer AS (${SEQUENCER_LOCK_SQL}), input AS (
    SELECT i.* FROM sequencer, unnest($2::text[], $3::timestamptz[], $4::jsonb[], $5::float8[], $6::float8[],
                                     $7::int[]) WITH ORDINALITY
           AS i(device_id, observed_at, report, lon, lat, interval_s, n)
  ), ins AS (
    INSERT INTO device_reports (feed, device_id, observed_at, report)
    SELECT $1, device_id, observed_at, report FROM input ORDER BY n
    ON CONFLICT (feed, device_id, observed_at) DO NOTHING
    RETURNING seq, device_id, observed_at, report
  ), latest AS (
    SELECT DISTINCT ON (ins.device_id) ins.seq, ins.device_id, ins.observed_at, ins.report, i.lon, i.lat, i.interval_s
    FROM ins JOIN input i ON i.device_id = ins.device_id AND i.observed_at = ins.observed_at
    ORDER BY ins.device_id, ins.observed_at DESC, ins.seq DESC
  ), upserted AS (
  INSERT INTO devices AS d (feed, id, observed_at, state_seq, report, lon, lat, expected_interval_s)
  SELECT $1, device_id, observed_at, seq, report, lon, lat, interval_s FROM latest
  ON CONFLICT (feed, id) DO UPDATE SET
    observed_at = greatest(d.observed_at, excluded.observed_at),
    report = CASE WHEN excluded.observed_at > d.observed_at THEN excluded.report ELSE d.report END,
    lon = CASE WHEN excluded.observed_at > d.observed_at THEN coalesce(excluded.lon, d.lon) ELSE coalesce(d.lon, excluded.lon) END,
    lat = CASE WHEN excluded.observed_at > d.observed_at THEN coalesce(excluded.lat, d.lat) ELSE coalesce(d.lat, excluded.lat) END,
    expected_interval_s = excluded.expected_interval_s,
    state_seq = excluded.state_seq,
    silent = false,
    received_at = now()
  WHERE excluded.observed_at > d.observed_at OR d.silent
  RETURNING ${STATE_COLUMNS}
  )
  SELECT (SELECT count(*) FROM ins) AS inserted,
         (SELECT coalesce(json_agg(u ORDER BY u.state_seq), '[]'::json) FROM upserted u) AS changed`;

/** Devices heard from longer ago than `grace` times their expected interval turn silent. */
const MARK_SILENT_SQL = `
  WITH sequencer AS (${SEQUENCER_LOCK_SQL})
  UPDATE devices d SET silent = true, state_seq = nextval('event_seq')
  FROM sequencer
  WHERE NOT d.silent AND d.received_at < now() - make_interval(secs => d.expected_interval_s * $1::float8)
  RETURNING ${STATE_COLUMNS}`;

export function createDevicesRepository(pool: Pool) {
  return {
    async storeBatch<F extends DeviceFeed>(
      feed: F,
      rows: DeviceReportRow<F>[],
    ): Promise<{ inserted: number; changed: DeviceState<F>[] }> {
      const { rows: result } = await pool.query<{ inserted: string; changed: StateRecord[] }>(STORE_BATCH_SQL, [
        feed,
        rows.map((r) => r.deviceId),
        rows.map((r) => r.observedAt),
        rows.map((r) => JSON.stringify(r.report)),
        rows.map((r) => r.position?.[0] ?? null),
        rows.map((r) => r.position?.[1] ?? null),
        rows.map((r) => r.expectedIntervalS),
      ]);
      const { inserted, changed } = result[0]!;
      // json_agg turns timestamps into strings
      return {
        inserted: Number(inserted),
        changed: changed.map((r) => toState<F>({ ...r, observed_at: new Date(r.observed_at) })),
      };
    },

    /** Marks devices silent; returns them, every feed mixed. */
    async markSilent(grace: number): Promise<DeviceState[]> {
      const { rows } = await pool.query<StateRecord>(MARK_SILENT_SQL, [grace]);
      return rows.map((r) => toState(r));
    },

    async latest<F extends DeviceFeed>(feed: F): Promise<DeviceState<F>[]> {
      const { rows } = await pool.query<StateRecord>(
        `SELECT ${STATE_COLUMNS} FROM devices WHERE feed = $1 ORDER BY id`,
        [feed],
      );
      return rows.map((r) => toState<F>(r));
    },

    /** Devices whose state changed after `since`, in sequence order, at most `limit`. */
    async since<F extends DeviceFeed>(feed: F, since: number, limit: number): Promise<DeviceState<F>[]> {
      const { rows } = await pool.query<StateRecord>(
        `SELECT ${STATE_COLUMNS} FROM devices WHERE feed = $1 AND state_seq > $2 ORDER BY state_seq LIMIT $3`,
        [feed, since, limit],
      );
      return rows.map((r) => toState<F>(r));
    },

    async head(): Promise<number> {
      const { rows } = await pool.query<{ head: string }>('SELECT coalesce(max(state_seq), 0) AS head FROM devices');
      return Number(rows[0]!.head);
    },
  };
}

export type DevicesRepository = ReturnType<typeof createDevicesRepository>;
