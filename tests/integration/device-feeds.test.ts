import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type DeviceState, type FeedCatalogEntry, type NetworkHeartbeat } from '../../protocol/index.js';
import { communeAnchor } from '../../server/src/geo/anchors.js';
import { connectConsole, connectPublisher, eventually, type ConsoleSocket, signIn } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines (PGlite, aedes)', embedded: true },
];

interface QuarantineRow {
  feed: string;
  source: string;
  reason: { message: string; issues: Array<{ path: string[] }> };
}

describe.each(modes)('device feeds on $name', ({ embedded }) => {
  let server: TestServer;
  let pub: MqttClient;
  let catalog: Extract<FeedCatalogEntry, { transport: 'mqtt' }>[];

  const publish = (topic: string, payload: unknown) =>
    pub.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });
  const quarantined = async (feed: string) =>
    (await (
      await fetch(`${server.url}/api/v1/quarantine?feed=${feed}&limit=500`, {
        headers: { cookie: await signIn(server.url, 'demo-supervisor') },
      })
    ).json()) as QuarantineRow[];
  const subscribeAll = async (socket: ConsoleSocket) => {
    const ack = await socket.emitWithAck('layers:subscribe', {
      layers: ['traffic', 'signals', 'cameras', 'units', 'network'],
    });
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.data;
  };

  beforeAll(async () => {
    server = await startTestServer({ embedded, overrides: { watchdogEveryMs: 200, watchdogGrace: 1 } });
    pub = await connectPublisher(server.mqttUrl);
    const feeds = (await (await fetch(`${server.url}/api/v1/feeds`)).json()) as FeedCatalogEntry[];
    catalog = feeds.filter((f): f is Extract<FeedCatalogEntry, { transport: 'mqtt' }> => f.transport === 'mqtt');
  });
  afterAll(async () => {
    await pub?.endAsync();
    await server?.close();
  });

  it('lists the four device feeds in the catalog with a topic, a schema and an example', () => {
    expect(catalog.map((f) => f.name)).toEqual(expect.arrayContaining(['signals', 'cameras', 'units', 'network']));
    for (const f of catalog) {
      expect(f.topic).toBe(`${server.topicRoot}/${f.name}/<${f.name === 'traffic' ? 'detectorId' : 'deviceId'}>`);
      expect((f.schema as { required: string[] }).required).toContain('dateObserved');
    }
  });

  it('accepts every feed catalog example and shows the device to a console, placed on the map', async () => {
    const { socket } = await connectConsole(server.url);
    const frames: DeviceState[] = [];
    const collect = (frame: { items: DeviceState[] }) => frames.push(...frame.items);
    socket.on('signals:updated', collect);
    socket.on('cameras:updated', collect);
    socket.on('units:updated', collect);
    socket.on('network:updated', collect);
    await subscribeAll(socket);
    for (const f of catalog) await publish(f.exampleTopic, f.example);
    for (const f of catalog.filter((c) => c.name !== 'traffic')) {
      const id = f.exampleTopic.split('/').pop();
      const state = await eventually(() => frames.find((s) => s.feed === f.name && s.deviceId === id), 10_000, f.name);
      expect(state.position).not.toBeNull();
      expect(state.silent).toBe(false);
    }
    const snap = await subscribeAll(socket);
    expect(snap.units.find((u) => u.deviceId === 'pol-hk-01')?.report).toMatchObject({ status: 'available' });
    expect(snap.network.find((n) => n.deviceId === 'wan-00001')?.position).toEqual(communeAnchor('00001'));
    socket.disconnect();
  });

  it('quarantines a copy of each example missing a required field, with that field named', async () => {
    for (const f of catalog) {
      const required = (f.schema as { required: string[] }).required;
      for (const field of required) {
        const copy = { ...(f.example as Record<string, unknown>) };
        delete copy[field];
        await publish(f.exampleTopic.replace(/[^/]+$/, `missing-${field}`), copy);
      }
    }
    for (const f of catalog) {
      const required = (f.schema as { required: string[] }).required;
      const rows = await eventually(
        async () => {
          const mine = (await quarantined(f.name)).filter((q) => q.source.includes('/missing-'));
          return mine.length === required.length ? mine : undefined;
        },
        10_000,
        `${required.length} quarantine rows for ${f.name}`,
      );
      for (const field of required) {
        const row = rows.find((q) => q.source.endsWith(`/missing-${field}`));
        expect(
          row?.reason.issues.map((i) => i.path[0]),
          `${f.name} without ${field}`,
        ).toContain(field);
      }
    }
  });

  it('refuses a heartbeat from a commune that does not exist', async () => {
    await publish(deviceTopic('network', 'wan-99999', server.topicRoot), {
      dateObserved: '2026-11-27T08:15:00+07:00',
      kind: 'commune_node',
      communeCode: '99999',
    });
    const row = await eventually(
      async () => (await quarantined('network')).find((q) => q.source.endsWith('/wan-99999')),
      10_000,
      'a quarantine row',
    );
    expect(row.reason.message).toMatch(/99999 is not one of Hanoi's 584 communes/);
  });

  it('marks a node down when its heartbeats stop, and up again when one arrives', async () => {
    const { socket } = await connectConsole(server.url);
    const seen: DeviceState[] = [];
    socket.on('network:updated', (frame) => seen.push(...frame.items));
    await subscribeAll(socket);
    const beat = (at: string): NetworkHeartbeat => ({
      dateObserved: at,
      kind: 'commune_node',
      communeCode: '00004',
      expectedIntervalSeconds: 5,
      status: 'ok',
    });
    const topic = deviceTopic('network', 'wan-00004', server.topicRoot);
    await publish(topic, beat('2026-11-27T08:00:00+07:00'));
    await eventually(() => seen.find((s) => s.deviceId === 'wan-00004' && !s.silent), 10_000, 'the node up');
    const down = await eventually(
      () => seen.find((s) => s.deviceId === 'wan-00004' && s.silent),
      15_000,
      'the node down',
    );
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(
      /hanoi_devices_silenced_total\{feed="network"\} [1-9]/,
    );

    // A console that was away sees the change when it resumes.
    const back = await connectConsole(server.url);
    const resumed = await back.socket.emitWithAck('session:resume', { since: down.seq - 1, layers: ['network'] });
    expect(resumed.ok && resumed.data.events.find((e) => e.data.seq === down.seq)?.data).toMatchObject({
      silent: true,
    });
    back.socket.disconnect();

    await publish(topic, beat('2026-11-27T08:00:30+07:00'));
    await eventually(
      () => seen.find((s) => s.deviceId === 'wan-00004' && !s.silent && s.seq > down.seq),
      10_000,
      'up again',
    );
    socket.disconnect();
  }, 30_000);

  it('stores a redelivered device report once', async () => {
    const unit = catalog.find((f) => f.name === 'units')!;
    const report = { ...(unit.example as Record<string, unknown>), dateObserved: '2026-11-27T09:00:00+07:00' };
    const topic = deviceTopic('units', 'pol-dup', server.topicRoot);
    const duplicates = async () =>
      Number(
        /hanoi_feed_messages_duplicate_total\{feed="units"\} (\d+)/.exec(
          await (await fetch(`${server.url}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    const before = await duplicates();
    await publish(topic, report);
    await publish(topic, report);
    await eventually(async () => (await duplicates()) === before + 1, 10_000, 'the redelivery counted');
    const { rows } = await server.sql.query(
      `SELECT count(*)::int AS n FROM device_reports WHERE device_id = 'pol-dup'`,
    );
    expect(rows[0].n).toBe(1);
  });
});
