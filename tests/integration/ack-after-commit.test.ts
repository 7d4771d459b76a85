import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { trafficExample } from '../../protocol/index.js';
import { connectPublisher, eventually, publishReading } from '../helpers/clients.js';
import { createTestDatabase, realServicesAvailable } from '../helpers/server.js';

/** Runs `npm start`'s server entry as its own process and waits (at most 30 s) for it to be ready. */
async function startServerProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not ready within 30 s:\n${output}`));
    }, 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const ready = /console ready at (http:\/\/[^\s"]+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return { child, url };
}

/** Stops a server process; one that does not exit within 10 s of the signal is killed. */
const stop = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });

describe.runIf(realServicesAvailable())(
  'QoS 1 acknowledged only after the commit (real PostgreSQL and Mosquitto)',
  () => {
    it('redelivers a reading the server received but had not committed when it crashed, and stores it once', async () => {
      const db = await createTestDatabase(process.env.DATABASE_URL!);
      const id = `crash${Date.now().toString(36)}`;
      const env = {
        ...process.env,
        DATABASE_URL: db.url,
        MQTT_TOPIC_ROOT: id,
        MQTT_CLIENT_ID: `server-${id}`,
        PORT: '0',
        HOST: '127.0.0.1',
        SIMULATE: '0',
        LOG_LEVEL: 'info',
      };
      const count = async () =>
        Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM traffic_readings')).rows[0]!.n);
      let { child: first } = await startServerProcess(env);
      const locker = new pg.Client({ connectionString: db.url });
      const pub = await connectPublisher(process.env.MQTT_URL!);
      try {
        // Hold the readings table: the server can receive the message but not commit it.
        await locker.connect();
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE traffic_readings IN ACCESS EXCLUSIVE MODE');
        await publishReading(pub, id, 'det-crash', trafficExample);
        await eventually(
          async () =>
            Number(
              (
                await db.query<{ n: string }>(
                  `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
                )
              ).rows[0]!.n,
            ) > 0,
          10_000,
          'the server to be blocked writing the reading',
        );
        await stop(first, 'SIGKILL');
        await locker.query('ROLLBACK');
        // The statement the server had sent may still commit on its own now; it was never acknowledged.
        expect(await count()).toBeLessThanOrEqual(1);

        // The broker kept the unacknowledged message for the server's persistent session and hands it
        // to the restarted server, which stores it (or finds it stored): one reading either way.
        const second = await startServerProcess(env);
        first = second.child;
        await eventually(
          async () =>
            /hanoi_feed_messages_received_total\{feed="traffic"\} [1-9]/.test(
              await (await fetch(`${second.url}/metrics`)).text(),
            ),
          15_000,
          'the reading to be redelivered to the restarted server',
        );
        await eventually(async () => (await count()) === 1, 15_000, 'the redelivered reading to be stored');
        await new Promise((r) => setTimeout(r, 500));
        expect(await count()).toBe(1);
      } finally {
        await pub.endAsync();
        await locker.end().catch(() => undefined);
        await stop(first, 'SIGTERM');
        await db.drop();
      }
    }, 60_000);
  },
);
