import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceExamples, deviceTopic, trafficExample, type AlarmState } from '../../protocol/index.js';
import {
  connectConsole,
  connectPublisher,
  eventually,
  publishReading,
  type ConsoleSocket,
} from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines', embedded: true },
];

describe.each(modes)('derived alarms on $name', ({ embedded }) => {
  let server: TestServer;
  let pub: MqttClient;
  let socket: ConsoleSocket;
  const alarms: AlarmState[] = [];
  const latest = (kind: string, sourceId: string) =>
    alarms.filter((a) => a.kind === kind && a.source.id === sourceId).sort((a, b) => b.seq - a.seq)[0];
  const send = (feed: 'signals' | 'cameras' | 'network', id: string, report: object) =>
    pub.publishAsync(deviceTopic(feed, id, server.topicRoot), JSON.stringify(report), { qos: 1 });
  let minute = 0;
  const at = () => `2026-11-27T09:${String(minute++).padStart(2, '0')}:00+07:00`;

  beforeAll(async () => {
    server = await startTestServer({
      embedded,
      overrides: { watchdogEveryMs: 200, watchdogGrace: 1, congestionMinutes: 0 },
    });
    pub = await connectPublisher(server.mqttUrl);
    ({ socket } = await connectConsole(server.url));
    socket.on('alarms:updated', (f) => alarms.push(...f.items));
    await socket.emitWithAck('layers:subscribe', { layers: ['alarms'] });
  });
  afterAll(async () => {
    socket?.disconnect();
    await pub?.endAsync();
    await server?.close();
  });

  it('raises a signal-fault alarm linked to its controller, and clears it when the fault is gone', async () => {
    const faulty = { ...deviceExamples.signals.report, dateObserved: at(), faults: [{ type: 'power' }] };
    await send('signals', 'sig-a', faulty);
    const raised = await eventually(() => latest('signal_fault', 'sig-a'), 10_000, 'a signal alarm');
    expect(raised).toMatchObject({ severity: 'high', source: { feed: 'signals', id: 'sig-a' }, clearedAt: null });
    expect(raised.position).toEqual(deviceExamples.signals.report.location!.coordinates);

    const snap = await socket.emitWithAck('layers:subscribe', { layers: ['alarms'] });
    expect(snap.ok && snap.data.alarms.map((a) => a.id)).toContain(raised.id);

    await send('signals', 'sig-a', { ...faulty, dateObserved: at(), faults: [] });
    await eventually(() => latest('signal_fault', 'sig-a')?.clearedAt, 10_000, 'the alarm cleared');
  });

  it('raises a camera-offline alarm while a camera says it is offline', async () => {
    await send('cameras', 'cam-a', { ...deviceExamples.cameras.report, dateObserved: at(), status: 'offline' });
    expect(await eventually(() => latest('camera_offline', 'cam-a'), 10_000, 'a camera alarm')).toMatchObject({
      severity: 'low',
      clearedAt: null,
    });
    await send('cameras', 'cam-a', { ...deviceExamples.cameras.report, dateObserved: at(), status: 'online' });
    await eventually(() => latest('camera_offline', 'cam-a')?.clearedAt, 10_000, 'the alarm cleared');
  });

  it('raises a node-offline alarm when a commune node falls silent', async () => {
    await send('network', 'wan-00006', {
      dateObserved: at(),
      kind: 'commune_node',
      communeCode: '00006',
      expectedIntervalSeconds: 5,
    });
    const raised = await eventually(() => latest('node_offline', 'wan-00006'), 15_000, 'a node alarm');
    expect(raised).toMatchObject({ severity: 'medium', details: { communeCode: '00006' } });
  }, 20_000);

  it('raises a congestion alarm for a road segment whose detectors are all slow, and clears it', async () => {
    const slow = (id: string, speed: number) =>
      publishReading(pub, server.topicRoot, id, {
        ...trafficExample,
        dateObserved: at(),
        refRoadSegment: 'vd1:2',
        averageVehicleSpeed: speed,
      });
    await slow('det-jam-1', 8);
    await slow('det-jam-2', 11);
    const raised = await eventually(() => latest('congestion', 'vd1:2'), 10_000, 'a congestion alarm');
    expect(raised).toMatchObject({ source: { feed: 'traffic', id: 'vd1:2' }, details: { maxSpeed: 11 } });
    expect(raised.position).not.toBeNull();
    await slow('det-jam-2', 32);
    await eventually(() => latest('congestion', 'vd1:2')?.clearedAt, 10_000, 'the congestion cleared');
  });
});
