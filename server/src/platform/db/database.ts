import pg from 'pg';
import type { Logger } from '../log.js';
import { startEmbeddedDatabase } from './embedded.js';
import { migrate, type StorageKind } from './migrate.js';

export interface Database {
  pool: pg.Pool;
  url: string;
  mode: 'postgres' | 'embedded';
  storage: StorageKind;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Real PostgreSQL when a URL is given, the embedded engine otherwise; migrated and ready. */
export async function openDatabase(opts: {
  url: string | undefined;
  dataDir: string;
  embeddedPort: number;
  log: Logger;
}): Promise<Database> {
  const log = opts.log.child({ scope: 'db' });
  const embedded = opts.url
    ? undefined
    : await startEmbeddedDatabase({ dataDir: opts.dataDir, port: opts.embeddedPort, log });
  const url = opts.url ?? embedded!.url;
  // PGlite is one database session: its socket multiplexes connections, and two connections sending
  // extended-protocol messages at once can interleave them (a wrong portal, someone else's result).
  // One connection, with pg's pool queueing the queries, is the safe way to share it.
  const pool = new pg.Pool({ connectionString: url, max: embedded ? 1 : 10, connectionTimeoutMillis: 5000 });
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection failed'));
  try {
    const storage = await migrate(pool, log);
    return {
      pool,
      url,
      mode: embedded ? 'embedded' : 'postgres',
      storage,
      async ping() {
        try {
          await pool.query('SELECT 1');
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        await pool.end();
        await embedded?.close();
      },
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    await embedded?.close().catch(() => undefined);
    throw err;
  }
}
