import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startServer, type RunningServer } from '../../server/src/app.js';
import type { Config } from '../../server/src/config.js';
import { TEST_PASSWORD } from '../helpers/clients.js';
import { createTestDatabase } from '../helpers/server.js';

/** Things to undo when a benchmark ends, last first; also on Ctrl-C. */
export function cleanups(out: (line: string) => void) {
  const list: Array<() => Promise<unknown>> = [];
  const run = async () => {
    for (const c of list.splice(0).reverse()) await c().catch((err: Error) => out(`cleanup: ${err.message}`));
  };
  process.once('SIGINT', () => void run().finally(() => process.exit(130)));
  return { push: (c: () => Promise<unknown>) => void list.push(c), run };
}

/**
 * The whole server in this process, for a benchmark: real PostgreSQL (a fresh database) and broker
 * when DATABASE_URL / MQTT_URL are set, the embedded engines otherwise; no simulators; the demo
 * accounts with the tests' password. Its cleanups are pushed on `undo`.
 */
export async function startBenchServer(
  name: string,
  undo: ReturnType<typeof cleanups>,
): Promise<{ server: RunningServer; topicRoot: string }> {
  const ts = Date.now();
  const topicRoot = `${name}${ts}`;
  const mqttClientId = `${name}-server-${ts}`;
  const overrides: Partial<Config> = {
    port: 0,
    host: '127.0.0.1',
    simulate: false,
    topicRoot,
    mqttClientId,
    logLevel: 'warn',
    mqttUrl: process.env.MQTT_URL,
    embeddedMqttPort: 0,
    embeddedDbPort: 0,
    demoAccounts: true,
    demoPassword: TEST_PASSWORD,
  };
  if (process.env.DATABASE_URL) {
    const db = await createTestDatabase(process.env.DATABASE_URL, name);
    undo.push(db.drop);
    overrides.databaseUrl = db.url;
  } else {
    const dataDir = await mkdtemp(join(tmpdir(), `hanoi-${name}-`));
    undo.push(() => rm(dataDir, { recursive: true, force: true }));
    overrides.databaseUrl = undefined;
    overrides.dataDir = dataDir;
  }
  const server = await startServer(overrides);
  undo.push(async () => {
    await server.close();
    if (process.env.MQTT_URL) {
      // End the server's persistent session so the shared broker does not keep queueing for it.
      const c = await mqtt.connectAsync(server.mqttUrl, { clientId: mqttClientId, clean: true });
      await c.endAsync();
    }
  });
  return { server, topicRoot };
}
