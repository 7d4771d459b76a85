import type { Pool } from 'pg';

/** The rollups kept by the job on plain PostgreSQL and the embedded engine, per source table. */
export type RollupSource = 'traffic' | 'devices';

/** date_bin's origin: buckets aligned to whole minutes and hours of UTC (as TimescaleDB's time_bucket). */
const ORIGIN = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;
export const binSql = (size: '1 minute' | '1 hour', column: string) =>
  `date_bin(INTERVAL '${size}', ${column}, ${ORIGIN})`;

const SOURCES: Record<RollupSource, { table: string }> = {
  traffic: { table: 'traffic_readings' },
  devices: { table: 'device_reports' },
};

/** Sums and counts, so that buckets combine exactly (a district from its detectors, an hour from its minutes). */
const TRAFFIC_SUMS = `readings, speed_n, speed_sum, speed_min, speed_max, flow_n, flow_sum, occ_n, occ_sum`;
const TRAFFIC_FROM_RAW = `count(*), count(speed), sum(speed::float8), min(speed), max(speed), count(intensity),
  sum(intensity::float8), count(occupancy), sum(occupancy::float8)`;
const TRAFFIC_FROM_ROLLUP = `sum(readings), sum(speed_n), sum(speed_sum), min(speed_min), max(speed_max), sum(flow_n),
  sum(flow_sum), sum(occ_n), sum(occ_sum)`;
const TRAFFIC_UPDATE = TRAFFIC_SUMS.split(', ')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

const upsertDetectors = (table: string, select: string) => `
  INSERT INTO ${table} AS t (bucket, detector_id, ${TRAFFIC_SUMS}) ${select}
  ON CONFLICT (detector_id, bucket) DO UPDATE SET ${TRAFFIC_UPDATE}`;
const upsertDistricts = (table: string, from: string) => `
  INSERT INTO ${table} AS t (bucket, district_code, detectors, ${TRAFFIC_SUMS})
  SELECT r.bucket, dd.district_code, count(*), ${TRAFFIC_FROM_ROLLUP}
  FROM ${from} r JOIN detector_districts dd ON dd.detector_id = r.detector_id AND dd.district_code IS NOT NULL
  WHERE r.bucket >= $2 AND r.bucket < $3 AND r.bucket = ANY ($1::timestamptz[])
  GROUP BY 1, 2 ORDER BY 2, 1
  ON CONFLICT (district_code, bucket) DO UPDATE SET detectors = excluded.detectors, ${TRAFFIC_UPDATE}`;

const SQL = {
  trafficMinutes: [
    upsertDetectors(
      'traffic_1m',
      `SELECT ${binSql('1 minute', 'observed_at')} AS bucket, detector_id, ${TRAFFIC_FROM_RAW}
       FROM traffic_readings
       WHERE observed_at >= $2 AND observed_at < $3 AND ${binSql('1 minute', 'observed_at')} = ANY ($1::timestamptz[])
       GROUP BY 2, 1 ORDER BY 2, 1`,
    ),
    upsertDistricts('traffic_district_1m', 'traffic_1m'),
  ],
  trafficHours: [
    upsertDetectors(
      'traffic_1h',
      `SELECT ${binSql('1 hour', 'bucket')} AS bucket, detector_id, ${TRAFFIC_FROM_ROLLUP}
       FROM traffic_1m
       WHERE bucket >= $2 AND bucket < $3 AND ${binSql('1 hour', 'bucket')} = ANY ($1::timestamptz[])
       GROUP BY 2, 1 ORDER BY 2, 1`,
    ),
    upsertDistricts('traffic_district_1h', 'traffic_1h'),
  ],
  devicesMinutes: [
    `INSERT INTO device_feed_1m (bucket, feed, reports)
     SELECT ${binSql('1 minute', 'observed_at')}, feed, count(*) FROM device_reports
     WHERE observed_at >= $2 AND observed_at < $3 AND ${binSql('1 minute', 'observed_at')} = ANY ($1::timestamptz[])
     GROUP BY 2, 1 ORDER BY 2, 1
     ON CONFLICT (feed, bucket) DO UPDATE SET reports = excluded.reports`,
  ],
  devicesHours: [
    `INSERT INTO device_feed_1h (bucket, feed, reports)
     SELECT ${binSql('1 hour', 'bucket')}, feed, sum(reports) FROM device_feed_1m
     WHERE bucket >= $2 AND bucket < $3 AND ${binSql('1 hour', 'bucket')} = ANY ($1::timestamptz[])
     GROUP BY 2, 1 ORDER BY 2, 1
     ON CONFLICT (feed, bucket) DO UPDATE SET reports = excluded.reports`,
  ],
};

/** The 1-minute rollup table of each source, where its hours are made from. */
const MINUTE_TABLE: Record<RollupSource, string> = { traffic: 'traffic_1m', devices: 'device_feed_1m' };

export interface RollupState {
  lastSeq: number;
  closedUntil: Date | null;
}

/** What retention deletes, per kind of table; each a cutoff time (rows strictly older go). */
export interface RetentionCutoffs {
  raw: Date;
  minutes: Date;
  hours: Date;
}

const epoch = (d: Date | string) => new Date(d).getTime();

/** SQL of the rollup job (plain PostgreSQL and the embedded engine) and of retention. */
export function createRollupRepository(pool: Pool) {
  return {
    /**
     * Takes the job's turn for this period: true when no server has run it in the last `seconds`
     * (several servers share one database; the job is idempotent, this only saves double work).
     */
    async takeTurn(seconds: number): Promise<boolean> {
      const { rowCount } = await pool.query(
        `INSERT INTO rollup_state AS s (name, ran_at) VALUES ('job', now())
         ON CONFLICT (name) DO UPDATE SET ran_at = now()
         WHERE s.ran_at IS NULL OR s.ran_at < now() - make_interval(secs => $1)`,
        [seconds],
      );
      return rowCount === 1;
    },

    async state(source: RollupSource): Promise<RollupState> {
      const { rows } = await pool.query(`SELECT last_seq, closed_until FROM rollup_state WHERE name = $1`, [source]);
      const r = rows[0];
      const closed = r && Number.isFinite(epoch(r.closed_until)) ? new Date(r.closed_until) : null;
      return { lastSeq: r ? Number(r.last_seq) : 0, closedUntil: closed };
    },

    /** Every row up to `lastSeq` and every bucket before `closedUntil` is rolled up; never moves back. */
    async saveState(source: RollupSource, s: { lastSeq: number; closedUntil: Date }): Promise<void> {
      await pool.query(
        `INSERT INTO rollup_state AS s (name, last_seq, closed_until, ran_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (name) DO UPDATE SET last_seq = greatest(s.last_seq, excluded.last_seq),
           closed_until = greatest(s.closed_until, excluded.closed_until), ran_at = now()`,
        [source, s.lastSeq, s.closedUntil],
      );
    },

    /** Highest sequence number stored in the source (rows become visible in seq order: sequencer.ts). */
    async head(source: RollupSource): Promise<number> {
      const { rows } = await pool.query(`SELECT coalesce(max(seq), 0) AS head FROM ${SOURCES[source].table}`);
      return Number(rows[0].head);
    },

    /**
     * The closed 1-minute buckets (before `closedUntil`, not before `floor`) to compute again: those of
     * rows stored after `lastSeq` (late rows included), and those closed since the last run.
     */
    async dirtyMinutes(
      source: RollupSource,
      o: { lastSeq: number; previous: Date | null; closedUntil: Date; floor: Date },
    ): Promise<Date[]> {
      const table = SOURCES[source].table;
      const bin = binSql('1 minute', 'observed_at');
      const { rows } = await pool.query(
        `SELECT ${bin} AS bucket FROM ${table} WHERE seq > $1 AND observed_at >= $3 AND observed_at < $4
         UNION
         SELECT ${bin} FROM ${table} WHERE observed_at >= greatest($2, $3) AND observed_at < $4
         ORDER BY 1`,
        [o.lastSeq, o.previous ?? o.floor, o.floor, o.closedUntil],
      );
      return rows.map((r) => new Date(r.bucket));
    },

    /** Hours that have 1-minute rollups in [from, until): those closed since the last run. */
    async hoursWithMinutes(source: RollupSource, from: Date, until: Date): Promise<Date[]> {
      const { rows } = await pool.query(
        `SELECT DISTINCT ${binSql('1 hour', 'bucket')} AS hour FROM ${MINUTE_TABLE[source]}
         WHERE bucket >= $1 AND bucket < $2 ORDER BY 1`,
        [from, until],
      );
      return rows.map((r) => new Date(r.hour));
    },

    /** Computes these 1-minute buckets again from the raw rows (idempotent upserts). */
    async rollupMinutes(source: RollupSource, buckets: Date[]): Promise<void> {
      if (buckets.length === 0) return;
      const span = [buckets[0]!, new Date(epoch(buckets[buckets.length - 1]!) + 60_000)];
      for (const sql of source === 'traffic' ? SQL.trafficMinutes : SQL.devicesMinutes)
        await pool.query(sql, [buckets, ...span]);
    },

    /** Computes these hours again from their 1-minute rollups. */
    async rollupHours(source: RollupSource, hours: Date[]): Promise<void> {
      if (hours.length === 0) return;
      const span = [hours[0]!, new Date(epoch(hours[hours.length - 1]!) + 3_600_000)];
      for (const sql of source === 'traffic' ? SQL.trafficHours : SQL.devicesHours)
        await pool.query(sql, [hours, ...span]);
    },

    /** Fresh statistics for the planner (the embedded engine has no autovacuum to gather them). */
    async analyze(): Promise<void> {
      await pool.query(`ANALYZE ${[...Object.values(MINUTE_TABLE), 'traffic_1h', 'device_feed_1h'].join(', ')},
        traffic_district_1m, traffic_district_1h, detector_districts`);
    },

    /** Detectors not yet placed in a district. */
    async unplacedDetectors(): Promise<Array<{ id: string; position: [number, number] }>> {
      const { rows } = await pool.query(
        `SELECT d.id, d.lon, d.lat FROM detectors d
         WHERE NOT EXISTS (SELECT 1 FROM detector_districts x WHERE x.detector_id = d.id)`,
      );
      return rows.map((r) => ({ id: String(r.id), position: [Number(r.lon), Number(r.lat)] }));
    },

    async placeDetectors(places: Array<{ id: string; districtCode: string | null }>): Promise<void> {
      if (places.length === 0) return;
      await pool.query(
        `INSERT INTO detector_districts (detector_id, district_code)
         SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (detector_id) DO NOTHING`,
        [places.map((p) => p.id), places.map((p) => p.districtCode)],
      );
    },

    /** Raw observations and rollups older than their cutoffs (plain path; TimescaleDB has policies). */
    async deleteExpired(c: RetentionCutoffs): Promise<Record<string, number>> {
      const deleted: Record<string, number> = {};
      const steps: Array<[string, string, Date]> = [
        ['traffic_readings', 'observed_at', c.raw],
        ['device_reports', 'observed_at', c.raw],
        ['device_silences', 'at', c.raw],
        ['traffic_1m', 'bucket', c.minutes],
        ['traffic_district_1m', 'bucket', c.minutes],
        ['device_feed_1m', 'bucket', c.minutes],
        ['traffic_1h', 'bucket', c.hours],
        ['traffic_district_1h', 'bucket', c.hours],
        ['device_feed_1h', 'bucket', c.hours],
      ];
      for (const [table, column, cutoff] of steps) {
        const { rowCount } = await pool.query(`DELETE FROM ${table} WHERE ${column} < $1`, [cutoff]);
        deleted[table] = rowCount ?? 0;
      }
      return deleted;
    },

    /**
     * Incident, alarm and crime changes and dossier reports older than `cutoff`, except each object's
     * last one before it: the state at any instant after the cutoff stays known.
     */
    async deleteSuperseded(cutoff: Date): Promise<Record<string, number>> {
      const deleted: Record<string, number> = {};
      const steps: Array<[string, string, string, string]> = [
        ['incident_history', 'at', 'incident_id', 'seq'],
        ['alarm_history', 'at', 'alarm_id', 'seq'],
        ['crime_history', 'at', 'crime_id', 'seq'],
        ['backlog_reports', 'observed_at', 'commune_code, sector', 'observed_at'],
      ];
      for (const [table, at, key, order] of steps) {
        const same = key
          .split(', ')
          .map((k) => `n.${k} = h.${k}`)
          .join(' AND ');
        const { rowCount } = await pool.query(
          `DELETE FROM ${table} h WHERE h.${at} < $1
             AND EXISTS (SELECT 1 FROM ${table} n WHERE ${same} AND n.${at} < $1 AND n.${order} > h.${order})`,
          [cutoff],
        );
        deleted[table] = rowCount ?? 0;
      }
      return deleted;
    },
  };
}

export type RollupRepository = ReturnType<typeof createRollupRepository>;
