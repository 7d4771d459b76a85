import type { Pool, PoolClient } from 'pg';
import { isNewerTrafficState as newer, type TrafficState } from '../../../../protocol/index.js';
import { inTransaction } from '../../platform/db/transaction.js';

/** A validated reading, ready to store. */
export interface ReadingRow {
  detectorId: string;
  observedAt: string;
  segmentId: string | null;
  intensity: number | null;
  speed: number | null;
  occupancy: number | null;
  position: [number, number] | null;
}

interface StateRecord {
  seq: string;
  detector_id: string;
  segment_id: string | null;
  observed_at: Date;
  intensity: number | null;
  speed: number | null;
  occupancy: number | null;
  lon: number | null;
  lat: number | null;
}

const toState = (r: StateRecord): TrafficState => ({
  seq: Number(r.seq),
  detectorId: r.detector_id,
  segmentId: r.segment_id,
  observedAt: r.observed_at.toISOString(),
  intensity: r.intensity,
  speed: r.speed,
  occupancy: r.occupancy,
  position: r.lon === null || r.lat === null ? null : [r.lon, r.lat],
});

export function createTrafficRepository(pool: Pool) {
  async function registerDetectors(client: PoolClient, rows: ReadingRow[]): Promise<void> {
    const first = new Map<string, ReadingRow>();
    for (const r of rows) if (r.position && !first.has(r.detectorId)) first.set(r.detectorId, r);
    if (first.size === 0) return;
    const list = [...first.values()];
    await client.query(
      `INSERT INTO detectors (id, segment_id, lon, lat)
       SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[])
       ON CONFLICT (id) DO NOTHING`,
      [
        list.map((r) => r.detectorId),
        list.map((r) => r.segmentId),
        list.map((r) => r.position![0]),
        list.map((r) => r.position![1]),
      ],
    );
  }

  async function insertReadings(client: PoolClient, rows: ReadingRow[]): Promise<TrafficState[]> {
    const { rows: inserted } = await client.query<StateRecord>(
      `WITH ins AS (
         INSERT INTO traffic_readings (detector_id, observed_at, segment_id, intensity, speed, occupancy)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[], $5::real[], $6::real[])
         ON CONFLICT (detector_id, observed_at) DO NOTHING
         RETURNING seq, detector_id, observed_at, segment_id, intensity, speed, occupancy)
       SELECT ins.seq, ins.detector_id, coalesce(ins.segment_id, d.segment_id) AS segment_id, ins.observed_at,
              ins.intensity, ins.speed, ins.occupancy, d.lon, d.lat
       FROM ins LEFT JOIN detectors d ON d.id = ins.detector_id
       ORDER BY ins.seq`,
      [
        rows.map((r) => r.detectorId),
        rows.map((r) => r.observedAt),
        rows.map((r) => r.segmentId),
        rows.map((r) => r.intensity),
        rows.map((r) => r.speed),
        rows.map((r) => r.occupancy),
      ],
    );
    return inserted.map(toState);
  }

  /** Keeps each registered detector's newest observation for the console's snapshot. */
  async function updateLatest(client: PoolClient, states: TrafficState[]): Promise<void> {
    const latest = new Map<string, TrafficState>();
    for (const s of states) {
      const held = latest.get(s.detectorId);
      if (!held || newer(s, held)) latest.set(s.detectorId, s);
    }
    if (latest.size === 0) return;
    const l = [...latest.values()];
    await client.query(
      `UPDATE detectors d SET last_seq = u.seq, last_observed_at = u.observed_at,
              intensity = u.intensity, speed = u.speed, occupancy = u.occupancy
       FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::int[], $5::real[], $6::real[])
            AS u(id, seq, observed_at, intensity, speed, occupancy)
       WHERE d.id = u.id AND (d.last_observed_at IS NULL OR u.observed_at > d.last_observed_at)`,
      [
        l.map((s) => s.detectorId),
        l.map((s) => s.seq),
        l.map((s) => s.observedAt),
        l.map((s) => s.intensity),
        l.map((s) => s.speed),
        l.map((s) => s.occupancy),
      ],
    );
  }

  return {
    /**
     * Stores a batch in one transaction: registers new detectors that carry a location, inserts
     * the readings (a redelivered one is skipped by its idempotency key), keeps the latest state.
     * Returns the readings that were new, each with its sequence number.
     */
    storeBatch(rows: ReadingRow[]): Promise<TrafficState[]> {
      return inTransaction(pool, async (client) => {
        await registerDetectors(client, rows);
        const states = await insertReadings(client, rows);
        await updateLatest(client, states);
        return states;
      });
    },

    /** The latest state of every registered detector that has reported. */
    async latest(): Promise<TrafficState[]> {
      const { rows } = await pool.query<StateRecord>(
        `SELECT last_seq AS seq, id AS detector_id, segment_id, last_observed_at AS observed_at,
                intensity, speed, occupancy, lon, lat
         FROM detectors WHERE last_seq IS NOT NULL ORDER BY id`,
      );
      return rows.map(toState);
    },

    /** Readings stored after `since`, in sequence order, at most `limit`. */
    async since(since: number, limit: number): Promise<TrafficState[]> {
      const { rows } = await pool.query<StateRecord>(
        `SELECT r.seq, r.detector_id, coalesce(r.segment_id, d.segment_id) AS segment_id, r.observed_at,
                r.intensity, r.speed, r.occupancy, d.lon, d.lat
         FROM traffic_readings r LEFT JOIN detectors d ON d.id = r.detector_id
         WHERE r.seq > $1 ORDER BY r.seq LIMIT $2`,
        [since, limit],
      );
      return rows.map(toState);
    },

    /** Highest sequence number of a committed reading (0 when none). */
    async head(): Promise<number> {
      const { rows } = await pool.query<{ head: string }>('SELECT coalesce(max(seq), 0) AS head FROM traffic_readings');
      return Number(rows[0]!.head);
    },
  };
}

export type TrafficRepository = ReturnType<typeof createTrafficRepository>;
