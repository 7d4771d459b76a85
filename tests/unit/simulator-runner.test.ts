import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceSchemas, parseTrafficTopic, trafficReadingSchema, type DeviceFeed } from '../../protocol/index.js';
import { startSimulators } from '../../simulators/src/runner.js';
import { createTrafficModel } from '../../simulators/src/traffic.sim.js';

// An in-process broker, so the runner is tested without any installed service.
let broker: Aedes;
let server: Server;
let url: string;

beforeAll(async () => {
  broker = await Aedes.createBroker();
  server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('simulator runner', () => {
  it('publishes valid readings round-robin and counts what the broker acknowledged', async () => {
    const sub = await mqtt.connectAsync(url, { clientId: `sub-${Date.now()}` });
    const received: Array<{ topic: string; payload: string }> = [];
    sub.on('message', (topic, payload) => received.push({ topic, payload: payload.toString() }));
    await sub.subscribeAsync('runner/traffic/+', { qos: 1 });

    const logged: string[] = [];
    const sims = await startSimulators({
      mqttUrl: url,
      topicRoot: 'runner',
      rate: 500,
      seed: 7,
      speed: 60,
      scenario: 'traffic',
      log: { info: (_obj, msg) => logged.push(msg ?? '') },
    });
    await new Promise((r) => setTimeout(r, 600));
    await sims.stop();
    const stats = sims.stats();
    await new Promise((r) => setTimeout(r, 100));
    await sub.endAsync();

    expect(stats.errors).toBe(0);
    expect(stats.sent).toBeGreaterThan(50);
    expect(received.length).toBe(stats.sent);
    expect(logged).toEqual(['simulators started', 'simulators stopped']);

    const perDetector = new Map<string, string[]>();
    for (const { topic, payload } of received) {
      const id = parseTrafficTopic(topic, 'runner');
      expect(id).not.toBeNull();
      const reading = trafficReadingSchema.parse(JSON.parse(payload));
      perDetector.set(id!, [...(perDetector.get(id!) ?? []), reading.dateObserved]);
    }
    // Round-robin: the first messages each go to a different detector.
    expect(perDetector.size).toBe(Math.min(received.length, createTrafficModel({ seed: 7 }).detectors.length));
    // One detector never reports two readings with the same observation time.
    for (const times of perDetector.values()) expect(new Set(times).size).toBe(times.length);
  });

  it('runs the city scenario by default: traffic and the four device feeds, counted per feed', async () => {
    const sub = await mqtt.connectAsync(url, { clientId: `sub-city-${Date.now()}` });
    const received = new Map<string, number>();
    const invalid: string[] = [];
    sub.on('message', (topic, payload) => {
      const feed = topic.split('/')[1]!;
      received.set(feed, (received.get(feed) ?? 0) + 1);
      const schema = feed === 'traffic' ? trafficReadingSchema : deviceSchemas[feed as DeviceFeed];
      if (!schema.safeParse(JSON.parse(payload.toString())).success) invalid.push(topic);
    });
    await sub.subscribeAsync('city/#', { qos: 1 });

    // x120: a simulated minute every half second, so every device reports at least once.
    const sims = await startSimulators({ mqttUrl: url, topicRoot: 'city', rate: 100, seed: 7, speed: 120 });
    await new Promise((r) => setTimeout(r, 800));
    await sims.stop();
    const stats = sims.stats();
    await new Promise((r) => setTimeout(r, 100));
    await sub.endAsync();

    expect(stats.errors).toBe(0);
    expect(invalid).toEqual([]);
    expect(Object.keys(stats.byFeed).sort()).toEqual(['cameras', 'network', 'signals', 'traffic', 'units']);
    expect(Object.values(stats.byFeed).reduce((a, b) => a + b, 0)).toBe(stats.sent);
    expect(Object.fromEntries(received)).toEqual(stats.byFeed);
    expect(stats.byFeed.network).toBeGreaterThan(500);
  });

  it('injects the faults it is asked for', async () => {
    const sims = await startSimulators({
      mqttUrl: url,
      topicRoot: 'faulty',
      rate: 200,
      seed: 7,
      speed: 60,
      scenario: 'units',
      faults: { kinds: ['duplicates', 'malformed'], probability: 0.2 },
    });
    await new Promise((r) => setTimeout(r, 500));
    await sims.stop();
    const { faults, sent } = sims.stats();
    expect(sent).toBeGreaterThan(50);
    expect(faults!.duplicates).toBeGreaterThan(0);
    expect(faults!.malformed).toBeGreaterThan(0);
    expect(faults!.silence).toBe(0);
  });

  it('refuses a rate that is not positive', async () => {
    await expect(startSimulators({ mqttUrl: url, topicRoot: 'x', rate: 0, seed: 1 })).rejects.toThrow(/rate/);
  });

  it('fails with the broker URL when it cannot connect', async () => {
    await expect(startSimulators({ mqttUrl: 'mqtt://127.0.0.1:1', topicRoot: 'x', rate: 10, seed: 1 })).rejects.toThrow(
      /mqtt:\/\/127\.0\.0\.1:1/,
    );
  });
});
