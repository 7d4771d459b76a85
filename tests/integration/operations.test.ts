import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trafficReadingSchema, type FeedCatalogEntry } from '../../protocol/index.js';
import pg from 'pg';
import { signIn } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

describe('feed catalog and operations endpoints', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('lists the traffic feed with its topic, JSON Schema and a valid example', async () => {
    const res = await fetch(`${server.url}/api/v1/feeds`);
    expect(res.status).toBe(200);
    const feeds = (await res.json()) as FeedCatalogEntry[];
    const traffic = feeds.find((f) => f.name === 'traffic');
    expect(traffic).toMatchObject({ transport: 'mqtt', topic: `${server.topicRoot}/traffic/<detectorId>` });
    if (traffic?.transport !== 'mqtt') throw new Error('traffic is an MQTT feed');
    expect(traffic.exampleTopic).toMatch(new RegExp(`^${server.topicRoot}/traffic/[^/+#]+$`));
    expect(trafficReadingSchema.safeParse(traffic.example).success).toBe(true);
    const schema = traffic.schema as { type: string; required: string[]; properties: Record<string, unknown> };
    expect(schema.type).toBe('object');
    expect(schema.required).toContain('dateObserved');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'dateObserved',
        'refRoadSegment',
        'intensity',
        'averageVehicleSpeed',
        'occupancy',
        'location',
      ]),
    );
  });

  it('reports alive, ready and Prometheus metrics', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { database: true, broker: true } });
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await metrics.text();
    for (const name of [
      'hanoi_feed_messages_received_total',
      'hanoi_feed_messages_stored_total',
      'hanoi_feed_messages_rejected_total',
      'hanoi_sockets_connected',
      'hanoi_batch_write_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });

  it('answers an unknown API path with a JSON 404, not the console page', async () => {
    const res = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('takes console connections over WebSocket only, refusing a long-polling handshake', async () => {
    const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(400);
    expect(await polling.json()).toMatchObject({ message: 'Transport unknown' });
  });

  it('rejects a bad quarantine query with the field named', async () => {
    const res = await fetch(`${server.url}/api/v1/quarantine?limit=0`, {
      headers: { cookie: await signIn(server.url, 'demo-supervisor') },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'validation_failed', details: { limit: expect.any(Array) } },
    });
  });
});

describe.runIf(realServicesAvailable())('readiness on real PostgreSQL', () => {
  it('turns 503 when the database goes away', async () => {
    const server = await startTestServer({ embedded: false });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE ${new URL(server.databaseUrl).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', checks: { database: false, broker: true } });
    } finally {
      await server.close();
    }
  });
});
