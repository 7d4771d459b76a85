import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trafficExample } from '../../protocol/index.js';
import { connectConsole, connectPublisher, eventually, publishReading, subscribe } from '../helpers/clients.js';
import { startTestServer } from '../helpers/server.js';

describe('embedded engine', () => {
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
});
