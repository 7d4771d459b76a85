import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { startServer, type RunningServer } from '../../server/src/app.js';
import type { Config } from '../../server/src/config.js';
import { TEST_PASSWORD } from './clients.js';

export interface TestServer extends RunningServer {
  topicRoot: string;
  /** A pg pool on the server's database, for assertions. */
  sql: pg.Pool;
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

/** Real services when DATABASE_URL and MQTT_URL are set (as in CI), unless the test asks for the embedded engines. */
export const realServicesAvailable = () => Boolean(process.env.DATABASE_URL && process.env.MQTT_URL);

/** A fresh database on the real PostgreSQL server, dropped by the returned function. */
export async function createTestDatabase(
  adminUrl: string,
  prefix = 'hanoi_test',
): Promise<{ url: string; query: pg.Pool['query']; drop(): Promise<void> }> {
  const name = `${prefix}_${unique()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    url: url.toString(),
    query: pool.query.bind(pool) as pg.Pool['query'],
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Starts the whole server for a test: on the real PostgreSQL and broker from the environment, or on
 * the embedded engines (`embedded: true`, or when the environment has none). Each server gets its
 * own database (or data dir), topic root and MQTT client id, so tests never see each other's data.
 */
export async function startTestServer(
  opts: { embedded?: boolean; simulate?: boolean; overrides?: Partial<Config>; dataDir?: string } = {},
): Promise<TestServer> {
  const embedded = opts.embedded ?? !realServicesAvailable();
  const topicRoot = `t${unique()}`;
  const cleanups: Array<() => Promise<void>> = [];
  let databaseUrl: string | undefined;
  let mqttUrl: string | undefined;
  let dataDir = opts.dataDir ?? './data';
  if (embedded) {
    if (!opts.dataDir) {
      dataDir = await mkdtemp(join(tmpdir(), 'hanoi-test-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    }
  } else {
    const db = await createTestDatabase(process.env.DATABASE_URL!);
    databaseUrl = db.url;
    mqttUrl = process.env.MQTT_URL!;
    cleanups.push(() => db.drop());
  }
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    mqttUrl,
    dataDir,
    embeddedDbPort: 0,
    embeddedMqttPort: 0,
    topicRoot,
    mqttClientId: `test-${topicRoot}`,
    simulate: opts.simulate ?? false,
    frameMs: 50,
    // One demo account per role, all with TEST_PASSWORD (see clients.ts).
    demoAccounts: true,
    demoPassword: TEST_PASSWORD,
    adminPassword: undefined,
    logLevel: (process.env.TEST_LOG_LEVEL as Config['logLevel']) ?? 'silent',
    ...opts.overrides,
  });
  // On the embedded engine, share the server's one connection (see platform/db/database.ts).
  const sql = embedded ? server.pool : new pg.Pool({ connectionString: server.databaseUrl, max: 2 });
  return {
    ...server,
    topicRoot,
    sql,
    async close() {
      if (!embedded) await sql.end();
      await server.close();
      if (!embedded) {
        // End the server's persistent session so the shared broker does not keep it.
        const c = await mqtt.connectAsync(server.mqttUrl, { clientId: server.config.mqttClientId, clean: true });
        await c.endAsync();
      }
      for (const c of cleanups.reverse()) await c();
    },
  };
}
