import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { incidentExample, trafficExample } from '../../protocol/index.js';
import { connectConsole, connectPublisher, eventually, publishReading, subscribe } from '../helpers/clients.js';
import { startTestServer } from '../helpers/server.js';

// Each test starts the embedded engines twice (migrations, demo accounts): more than the default time.
describe('embedded engine', { timeout: 90_000 }, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('keeps history across a restart, under its data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hanoi-restart-'));
    dirs.push(dataDir);
    const first = await startTestServer({ embedded: true, dataDir });
    const pub = await connectPublisher(first.mqttUrl);
    await publishReading(pub, first.topicRoot, 'det-keep', { ...trafficExample, averageVehicleSpeed: 17 });
    await eventually(async () => (await first.sql.query('SELECT 1 FROM traffic_readings')).rowCount === 1);
    await pub.endAsync();
    await first.close();

    const second = await startTestServer({ embedded: true, dataDir });
    try {
      const { socket } = await connectConsole(second.url);
      const snap = await subscribe(socket);
      expect(snap.traffic).toEqual([expect.objectContaining({ detectorId: 'det-keep', speed: 17 })]);
      expect(snap.head).toBe(snap.traffic[0]!.seq);
      socket.disconnect();
    } finally {
      await second.close();
    }
  });

  it('makes a demo API key for the HTTP feeds, keeps it across a restart, and the feed accepts it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hanoi-demo-key-'));
    dirs.push(dataDir);
    const post = (url: string, key: string, externalId: string) =>
      fetch(`${url}/api/v1/feeds/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ ...incidentExample, externalId }),
      });
    const first = await startTestServer({ embedded: true, dataDir });
    const key = (await readFile(join(dataDir, 'demo-api-key'), 'utf8')).trim();
    expect(key).toMatch(/^hnk_/);
    expect((await post(first.url, key, 'demo-1')).status).toBe(202);
    await first.close();

    const second = await startTestServer({ embedded: true, dataDir });
    try {
      expect((await readFile(join(dataDir, 'demo-api-key'), 'utf8')).trim()).toBe(key);
      expect((await post(second.url, key, 'demo-2')).status).toBe(202);
    } finally {
      await second.close();
    }
  });
});
