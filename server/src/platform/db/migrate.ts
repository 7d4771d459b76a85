import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../log.js';
import { migrations } from './migrations.js';

export type StorageKind = 'timescaledb-hypertable' | 'plain-table';

const LOCK_KEY = 7_012_016; // advisory lock: one server migrates at a time
/** Time series that become hypertables when TimescaleDB is available. */
const HYPERTABLES = ['traffic_readings', 'device_reports'];

/** Applies pending migrations idempotently, then decides where readings go. */
export async function migrate(pool: Pool, log: Logger): Promise<StorageKind> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
    );
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
        log.info({ version: m.version, name: m.name }, 'migration applied');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    const kind = await useHypertable(client, log);
    log.info(
      { storage: kind },
      kind === 'timescaledb-hypertable'
        ? 'storage: readings and reports in TimescaleDB hypertables'
        : 'storage: TimescaleDB not available; readings and reports in plain tables with a time index',
    );
    return kind;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

async function useHypertable(client: PoolClient, log: Logger): Promise<StorageKind> {
  await client.query('BEGIN');
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    for (const table of HYPERTABLES) {
      await client.query(
        `SELECT create_hypertable($1::regclass, 'observed_at', if_not_exists => TRUE, migrate_data => TRUE)`,
        [table],
      );
    }
    await client.query('COMMIT');
    return 'timescaledb-hypertable';
  } catch (err) {
    await client.query('ROLLBACK');
    log.debug({ err: (err as Error).message }, 'timescaledb unavailable');
    return 'plain-table';
  }
}
