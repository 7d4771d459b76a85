import type { Pool } from 'pg';

/** How long each kind of data is kept, and how late an observation may arrive and still be rolled up. */
export interface TimescalePolicy {
  rawDays: number;
  minuteDays: number;
  hourDays: number;
  lateSeconds: number;
}

/** Event histories and dossier reports become hypertables too (the time column of each). */
const HISTORY_HYPERTABLES: Array<[string, string]> = [
  ['incident_history', 'at'],
  ['alarm_history', 'at'],
  ['crime_history', 'at'],
  ['device_silences', 'at'],
  ['backlog_reports', 'observed_at'],
];

/** The rollups' names: tables on the plain path, continuous aggregates (detectors, feeds) or views here. */
const ROLLUP_TABLES = [
  'traffic_district_1m',
  'traffic_district_1h',
  'traffic_1m',
  'traffic_1h',
  'device_feed_1m',
  'device_feed_1h',
];

const trafficAggregate = (name: string, size: string) => `
  CREATE MATERIALIZED VIEW IF NOT EXISTS ${name}
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket(INTERVAL '${size}', observed_at) AS bucket, detector_id,
         count(*) AS readings, count(speed) AS speed_n, sum(speed::float8) AS speed_sum,
         min(speed) AS speed_min, max(speed) AS speed_max, count(intensity) AS flow_n,
         sum(intensity::float8) AS flow_sum, count(occupancy) AS occ_n, sum(occupancy::float8) AS occ_sum
  FROM traffic_readings GROUP BY time_bucket(INTERVAL '${size}', observed_at), detector_id WITH NO DATA`;

const districtView = (name: string, from: string) => `
  CREATE OR REPLACE VIEW ${name} AS
  SELECT r.bucket, dd.district_code, count(*) AS detectors, sum(r.readings) AS readings, sum(r.speed_n) AS speed_n,
         sum(r.speed_sum) AS speed_sum, min(r.speed_min) AS speed_min, max(r.speed_max) AS speed_max,
         sum(r.flow_n) AS flow_n, sum(r.flow_sum) AS flow_sum, sum(r.occ_n) AS occ_n, sum(r.occ_sum) AS occ_sum
  FROM ${from} r JOIN detector_districts dd ON dd.detector_id = r.detector_id AND dd.district_code IS NOT NULL
  GROUP BY r.bucket, dd.district_code`;

const feedAggregate = (name: string, size: string) => `
  CREATE MATERIALIZED VIEW IF NOT EXISTS ${name}
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket(INTERVAL '${size}', observed_at) AS bucket, feed, count(*) AS reports
  FROM device_reports GROUP BY time_bucket(INTERVAL '${size}', observed_at), feed WITH NO DATA`;

const seconds = (n: number) => `INTERVAL '${Math.round(n)} seconds'`;
const days = (n: number) => seconds(n * 86_400);

/**
 * The TimescaleDB statements, in order: hypertables for the histories, continuous aggregates with the
 * rollups' names (replacing the plain tables the migration made), refresh, retention and compression
 * policies. Every step is idempotent (`if_not_exists`, `IF NOT EXISTS`), so it runs at every start.
 */
export function timescaleStatements(p: TimescalePolicy, replaceTables: boolean): string[] {
  const late = `INTERVAL '${Math.max(60, Math.ceil(p.lateSeconds / 60) * 60)} seconds'`;
  // Refresh windows stay well inside what raw retention keeps (a refresh over dropped chunks would
  // empty their buckets, and both jobs would report success), and span a few buckets beyond the end
  // offset, as TimescaleDB requires.
  const horizon = (p.rawDays * 86_400) / 2;
  const minuteWindow = seconds(Math.max(Math.min(86_400, horizon), 600 + p.lateSeconds));
  const hourWindow = seconds(Math.max(Math.min(3 * 86_400, horizon), 3 * 3600));
  return [
    ...HISTORY_HYPERTABLES.map(
      ([table, column]) =>
        `SELECT create_hypertable('${table}'::regclass, '${column}', if_not_exists => TRUE, migrate_data => TRUE)`,
    ),
    ...(replaceTables ? ROLLUP_TABLES.map((t) => `DROP TABLE IF EXISTS ${t}`) : []),
    trafficAggregate('traffic_1m', '1 minute'),
    trafficAggregate('traffic_1h', '1 hour'),
    districtView('traffic_district_1m', 'traffic_1m'),
    districtView('traffic_district_1h', 'traffic_1h'),
    feedAggregate('device_feed_1m', '1 minute'),
    feedAggregate('device_feed_1h', '1 hour'),
    ...['traffic_1m', 'device_feed_1m'].map(
      (v) =>
        `SELECT add_continuous_aggregate_policy('${v}', start_offset => ${minuteWindow}, end_offset => ${late},
           schedule_interval => INTERVAL '1 minute', if_not_exists => TRUE)`,
    ),
    ...['traffic_1h', 'device_feed_1h'].map(
      (v) =>
        `SELECT add_continuous_aggregate_policy('${v}', start_offset => ${hourWindow}, end_offset => INTERVAL '1 hour',
           schedule_interval => INTERVAL '15 minutes', if_not_exists => TRUE)`,
    ),
    ...[
      ['traffic_readings', p.rawDays],
      ['device_reports', p.rawDays],
      ['device_silences', p.rawDays],
      ['traffic_1m', p.minuteDays],
      ['device_feed_1m', p.minuteDays],
      ['traffic_1h', p.hourDays],
      ['device_feed_1h', p.hourDays],
    ].map(([t, d]) => `SELECT add_retention_policy('${t}', ${days(d as number)}, if_not_exists => TRUE)`),
  ];
}

/**
 * Compression of every hypertable, set once per table (it cannot change over compressed chunks):
 * the raw series after a day, the event histories and dossier reports (whose superseded rows the
 * rollup job trims, and whose latest row before an instant answers "as of" questions) after a week.
 */
export const COMPRESSION: Array<{ table: string; segmentBy: string; orderBy: string; after: string }> = [
  { table: 'traffic_readings', segmentBy: 'detector_id', orderBy: 'observed_at DESC', after: '1 day' },
  { table: 'device_reports', segmentBy: 'feed, device_id', orderBy: 'observed_at DESC', after: '1 day' },
  { table: 'device_silences', segmentBy: 'feed, device_id', orderBy: 'at DESC', after: '1 day' },
  { table: 'incident_history', segmentBy: 'incident_id', orderBy: 'at DESC, seq DESC', after: '7 days' },
  { table: 'alarm_history', segmentBy: 'alarm_id', orderBy: 'at DESC, seq DESC', after: '7 days' },
  { table: 'crime_history', segmentBy: 'crime_id', orderBy: 'at DESC, seq DESC', after: '7 days' },
  { table: 'backlog_reports', segmentBy: 'commune_code, sector', orderBy: 'observed_at DESC', after: '7 days' },
];

/** TimescaleDB: the extension's presence, and its hypertables, continuous aggregates and policies. */
export function createTimescaleRepository(pool: Pool) {
  return {
    /** Whether the extension is installed in this database (`CREATE EXTENSION` ran: see migrate.ts). */
    async installed(): Promise<boolean> {
      const { rows } = await pool.query(`SELECT extname FROM pg_extension WHERE extname = 'timescaledb'`);
      return rows.length > 0;
    },

    /** Whether the server could install it (`pg_available_extensions`). */
    async available(): Promise<boolean> {
      const { rows } = await pool.query(`SELECT name FROM pg_available_extensions WHERE name = 'timescaledb'`);
      return rows.length > 0;
    },

    /**
     * Sets everything up in one transaction: all of it, or nothing (then the plain path stays).
     * `created`: the aggregates are new (replacing the plain tables) and still to be materialised.
     */
    async setUp(p: TimescalePolicy): Promise<{ created: boolean }> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query(`SELECT c.relkind FROM pg_class c WHERE c.oid = to_regclass('traffic_1m')`);
        const replaceTables = rows[0]?.relkind === 'r';
        for (const sql of timescaleStatements(p, replaceTables)) await client.query(sql);
        for (const { table, segmentBy, orderBy, after } of COMPRESSION) {
          const { rows: h } = await client.query(
            `SELECT compression_enabled FROM timescaledb_information.hypertables WHERE hypertable_name = $1`,
            [table],
          );
          if (h[0] && !h[0].compression_enabled)
            await client.query(
              `ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = '${segmentBy}',
                 timescaledb.compress_orderby = '${orderBy}')`,
            );
          await client.query(
            `SELECT add_compression_policy('${table}', compress_after => INTERVAL '${after}', if_not_exists => TRUE)`,
          );
        }
        await client.query('COMMIT');
        return { created: replaceTables };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },

    /** Materialises what the aggregates have not yet (outside a transaction, as TimescaleDB requires). */
    async refreshAll(): Promise<void> {
      for (const view of ['traffic_1m', 'traffic_1h', 'device_feed_1m', 'device_feed_1h'])
        await pool.query(`CALL refresh_continuous_aggregate('${view}', NULL, NULL)`);
    },

    /** The continuous aggregates and the jobs (policies) in place, for the start-up log and the tests. */
    async describe(): Promise<{ aggregates: string[]; jobs: string[] }> {
      const aggregates = await pool.query(
        `SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1`,
      );
      const jobs = await pool.query(
        `SELECT proc_name || ':' || coalesce(hypertable_name, '') AS job FROM timescaledb_information.jobs ORDER BY 1`,
      );
      return {
        aggregates: aggregates.rows.map((r) => String(r.view_name)),
        jobs: jobs.rows.map((r) => String(r.job)),
      };
    },
  };
}

export type TimescaleRepository = ReturnType<typeof createTimescaleRepository>;
