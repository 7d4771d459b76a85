import type { Pool } from 'pg';
import type { TrafficState } from '../../../../protocol/index.js';
import { SEQUENCER_LOCK_SQL } from '../../platform/db/sequencer.js';

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

export const toState = (r: StateRecord): TrafficState => ({
  seq: Number(r.seq),
  detectorId: r.detector_id,
  segmentId: r.segment_id,
  observedAt: r.observed_at.toISOString(),
  intensity: r.intensity,
  speed: r.speed,
  occupancy: r.occupancy,
  position: r.lon === null || r.lat === null ? null : [r.lon, r.lat],
});

/**
 * One batch in one statement (one round trip, committed on its own): register detectors not seen
 * before from their first reading that carries a location, insert the readings (a redelivered one is
 * skipped by its idempotency key), and keep each detector's newest observation for the snapshot.
 * The sequencer lock comes first, so sequence numbers become visible in order (see sequencer.ts).
 * A statement sees the tables as they were when it began, so a detector registered here gets its
 * latest state in the same INSERT and the UPDATE only touches detectors that already existed.
 */
const STORE_BATCH_SQL = `
  WITH sequencer AS (${SEQUENCER_LOCK_SQL}), input AS (
    SELECT i.* FROM sequencer, unnest($1::text[], $2::timestamptz[], $3::text[], $4::int[], $5::real[],
                         $6::real[], $7::float8[], $8::float8[]) WITH ORDINALITY
           AS i(detector_id, observed_at, segment_id, intensity, speed, occupancy, lon, lat, n)
  ), first_located AS (
    SELECT DISTINCT ON (detector_id) detector_id, segment_id, lon, lat
    FROM input WHERE lon IS NOT NULL AND lat IS NOT NULL ORDER BY detector_id, n
  ), ins AS (
    INSERT INTO traffic_readings (detector_id, observed_at, segment_id, intensity, speed, occupancy)
    SELECT detector_id, observed_at, segment_id, intensity, speed, occupancy FROM input ORDER BY n
    ON CONFLICT (detector_id, observed_at) DO NOTHING
    RETURNING seq, detector_id, observed_at, segment_id, intensity, speed, occupancy
  ), placed AS (
    SELECT ins.seq, ins.detector_id, coalesce(ins.segment_id, d.segment_id, f.segment_id) AS segment_id,
           ins.observed_at, ins.intensity, ins.speed, ins.occupancy,
           coalesce(d.lon, f.lon) AS lon, coalesce(d.lat, f.lat) AS lat
    FROM ins LEFT JOIN detectors d ON d.id = ins.detector_id
             LEFT JOIN first_located f ON f.detector_id = ins.detector_id
  ), latest AS (
    SELECT DISTINCT ON (detector_id) * FROM placed ORDER BY detector_id, observed_at DESC, seq DESC
  ), registered AS (
    INSERT INTO detectors (id, segment_id, lon, lat, last_seq, last_observed_at, intensity, speed, occupancy)
    SELECT f.detector_id, f.segment_id, f.lon, f.lat, l.seq, l.observed_at, l.intensity, l.speed, l.occupancy
    FROM first_located f LEFT JOIN latest l ON l.detector_id = f.detector_id
    ON CONFLICT (id) DO NOTHING
  ), updated AS (
    UPDATE detectors d SET last_seq = l.seq, last_observed_at = l.observed_at,
           intensity = l.intensity, speed = l.speed, occupancy = l.occupancy
    FROM latest l
    WHERE d.id = l.detector_id AND (d.last_observed_at IS NULL OR l.observed_at > d.last_observed_at)
  )
  SELECT * FROM placed ORDER BY seq`;

export function createTrafficRepository(pool: Pool) {
  return {
    /** Stores a batch; returns the readings that were new, each with its sequence number, in order. */
    async storeBatch(rows: ReadingRow[]): Promise<TrafficState[]> {
      const { rows: stored } = await pool.query<StateRecord>(STORE_BATCH_SQL, [
        rows.map((r) => r.detectorId),
        rows.map((r) => r.observedAt),
        rows.map((r) => r.segmentId),
        rows.map((r) => r.intensity),
        rows.map((r) => r.speed),
        rows.map((r) => r.occupancy),
        rows.map((r) => r.position?.[0] ?? null),
        rows.map((r) => r.position?.[1] ?? null),
      ]);
      return stored.map(toState);
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
