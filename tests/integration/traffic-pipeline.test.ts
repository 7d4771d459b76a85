import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trafficExample, type TrafficReading } from '../../protocol/index.js';
import {
  at,
  connectConsole,
  connectPublisher,
  eventually,
  publishReading,
  resume,
  subscribe,
  signIn,
} from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines (PGlite, aedes)', embedded: true },
];

const reading = (second: number, speed: number, extra: Partial<TrafficReading> = {}): TrafficReading => ({
  ...trafficExample,
  dateObserved: at(second),
  averageVehicleSpeed: speed,
  ...extra,
});

const count = async (s: TestServer, sql: string, params: unknown[] = []) =>
  Number((await s.sql.query<{ n: string }>(sql, params)).rows[0]!.n);

describe.each(modes)('traffic feed end to end on $name', ({ embedded }) => {
  let server: TestServer;
  let pub: MqttClient;

  beforeAll(async () => {
    server = await startTestServer({ embedded });
    pub = await connectPublisher(server.mqttUrl);
  });
  afterAll(async () => {
    await pub?.endAsync();
    await server?.close();
  });

  it('stores a valid reading, registers its detector and streams it to a subscribed console', async () => {
    const { socket, received } = await connectConsole(server.url);
    await subscribe(socket);
    await publishReading(pub, server.topicRoot, 'det-a', reading(0, 23.5));
    const item = await eventually(() => received.find((s) => s.detectorId === 'det-a'), 10_000, 'a frame with det-a');
    expect(item).toMatchObject({
      speed: 23.5,
      intensity: 1240,
      segmentId: 'giai_phong_ql1a:0',
      position: [105.8412, 21.0245],
    });
    expect(item.seq).toBeGreaterThan(0);
    expect(await count(server, `SELECT count(*) AS n FROM detectors WHERE id = 'det-a'`)).toBe(1);
    socket.disconnect();
  });

  it('stores a redelivered reading once', async () => {
    const r = reading(10, 31);
    await publishReading(pub, server.topicRoot, 'det-dup', r);
    await publishReading(pub, server.topicRoot, 'det-dup', r);
    await publishReading(pub, server.topicRoot, 'det-dup', reading(11, 32));
    await eventually(
      async () =>
        (await count(server, `SELECT count(*) AS n FROM traffic_readings WHERE detector_id = 'det-dup'`)) === 2,
      10_000,
      'two distinct readings',
    );
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    await eventually(async () =>
      /hanoi_feed_messages_duplicate_total\{feed="traffic"\} [1-9]/.test(
        await (await fetch(`${server.url}/metrics`)).text(),
      ),
    );
    expect(metrics).toMatch(/hanoi_feed_messages_received_total\{feed="traffic"\} \d+/);
    expect(await count(server, `SELECT count(*) AS n FROM traffic_readings WHERE detector_id = 'det-dup'`)).toBe(2);
  });

  it('quarantines malformed messages with their reason and raw payload, and stays up', async () => {
    const { dateObserved: _d, ...noDate } = reading(20, 10);
    await publishReading(pub, server.topicRoot, 'det-bad', '{not json');
    await publishReading(pub, server.topicRoot, 'det-bad', JSON.stringify(noDate));
    await publishReading(pub, server.topicRoot, 'det-bad', JSON.stringify({ dateObserved: at(21) }));
    await publishReading(
      pub,
      server.topicRoot,
      'det-bad',
      reading(22, 10, { location: { type: 'Point', coordinates: [106.7, 10.78] } }),
    );
    const rows = await eventually(
      async () => {
        const r = await fetch(`${server.url}/api/v1/quarantine?feed=traffic`, {
          headers: { cookie: await signIn(server.url, 'demo-supervisor') },
        });
        const list = (await r.json()) as Array<{ source: string; payload: string; reason: { message: string } }>;
        const mine = list.filter((q) => q.source.endsWith('/det-bad'));
        return mine.length === 4 ? mine : undefined;
      },
      10_000,
      'four quarantine rows',
    );
    const reasons = rows.map((q) => q.reason.message).join('\n');
    expect(reasons).toMatch(/not JSON/);
    expect(reasons).toMatch(/dateObserved/);
    expect(reasons).toMatch(/at least one measurement/);
    expect(reasons).toMatch(/outside Hanoi/);
    expect(rows.map((q) => q.payload)).toContain('{not json');
    expect(await count(server, `SELECT count(*) AS n FROM traffic_readings WHERE detector_id = 'det-bad'`)).toBe(0);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(
      /hanoi_feed_messages_rejected_total\{feed="traffic"\} [4-9]/,
    );
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('keeps the newest observation as a detector state when an older one arrives late', async () => {
    await publishReading(pub, server.topicRoot, 'det-late', reading(300, 48));
    await eventually(
      async () =>
        (await count(server, `SELECT count(*) AS n FROM detectors WHERE id = 'det-late' AND speed = 48`)) === 1,
    );
    await publishReading(pub, server.topicRoot, 'det-late', reading(240, 9));
    await eventually(
      async () =>
        (await count(server, `SELECT count(*) AS n FROM traffic_readings WHERE detector_id = 'det-late'`)) === 2,
    );
    const { socket } = await connectConsole(server.url);
    const snap = await subscribe(socket);
    expect(snap.traffic.find((s) => s.detectorId === 'det-late')).toMatchObject({
      speed: 48,
      observedAt: '2026-11-27T01:05:00.000Z',
    });
    socket.disconnect();
  });

  it('stores a reading from an unknown detector without a location but does not place it on the map', async () => {
    const { location: _l, ...noLocation } = reading(30, 44);
    await publishReading(pub, server.topicRoot, 'det-nowhere', noLocation);
    await eventually(
      async () =>
        (await count(server, `SELECT count(*) AS n FROM traffic_readings WHERE detector_id = 'det-nowhere'`)) === 1,
    );
    expect(await count(server, `SELECT count(*) AS n FROM detectors WHERE id = 'det-nowhere'`)).toBe(0);
  });

  it('gives a reconnecting console everything it missed, in order, paged', async () => {
    const { socket, received } = await connectConsole(server.url);
    const snap = await subscribe(socket);
    expect(snap.traffic.find((s) => s.detectorId === 'det-a')?.speed).toBe(23.5);
    const lastSeq = Math.max(snap.head, ...received.map((s) => s.seq));
    socket.disconnect();

    // While the console is away: five readings from three detectors.
    for (let i = 0; i < 5; i++) await publishReading(pub, server.topicRoot, `det-r${i % 3}`, reading(100 + i, 20 + i));
    await eventually(
      async () => (await count(server, `SELECT count(*) AS n FROM traffic_readings WHERE seq > $1`, [lastSeq])) === 5,
    );

    const back = await connectConsole(server.url);
    const page1 = await resume(back.socket, lastSeq, 3);
    expect(page1.hasMore).toBe(true);
    const page2 = await resume(back.socket, page1.head, 3);
    expect(page2.hasMore).toBe(false);
    const events = [...page1.events, ...page2.events];
    expect(events.map((e) => (e.feed === 'traffic' ? e.data.speed : e.feed))).toEqual([20, 21, 22, 23, 24]);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));

    // The resumed socket is back in the traffic room: it gets live frames again.
    await publishReading(pub, server.topicRoot, 'det-r0', reading(200, 55));
    await eventually(
      () => back.received.find((s) => s.detectorId === 'det-r0' && s.speed === 55),
      10_000,
      'a live frame',
    );
    back.socket.disconnect();
  });

  it('tells a console resuming from beyond the stored history to take a fresh snapshot', async () => {
    const { socket } = await connectConsole(server.url);
    const ack = await socket.emitWithAck('session:resume', { since: 10_000_000, layers: ['traffic'] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'history_reset' } });
    socket.disconnect();
  });

  it('answers a malformed command with an error ack instead of silence', async () => {
    const { socket } = await connectConsole(server.url);
    const ack = await socket.emitWithAck('session:resume', { since: -5, layers: ['nope'] } as never);
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    socket.disconnect();
  });
});
