import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backlogExample,
  crimeExample,
  type BacklogState,
  type CrimeState,
  type FeedCatalogEntry,
} from '../../protocol/index.js';
import { connectConsole, eventually } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-police-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL', embedded: false }] : []),
  { name: 'the embedded engine', embedded: true },
];

describe.each(modes)('HTTP agency feeds on $name', ({ embedded }) => {
  let server: TestServer;
  let feeds: Extract<FeedCatalogEntry, { transport: 'http' }>[];
  const post = (endpoint: string, body: unknown) =>
    fetch(`${server.url}${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startTestServer({ embedded, overrides: { feedApiKeys: [{ agency: 'police', key: KEY }] } });
    const all = (await (await fetch(`${server.url}/api/v1/feeds`)).json()) as FeedCatalogEntry[];
    feeds = all.filter((f): f is Extract<FeedCatalogEntry, { transport: 'http' }> => f.transport === 'http');
  });
  afterAll(async () => server?.close());

  it('accepts each HTTP feed catalog example and rejects each copy missing a required field, naming it', async () => {
    expect(feeds.map((f) => f.name)).toEqual(expect.arrayContaining(['incidents', 'crime', 'backlog']));
    for (const f of feeds) {
      expect((await post(f.endpoint, f.example)).status, `${f.name} example`).toBe(202);
      // A feed that also takes an array (backlog) documents the single report as its first alternative.
      const schema = f.schema as { required?: string[]; anyOf?: Array<{ required?: string[] }> };
      const required = schema.required ?? schema.anyOf?.[0]?.required;
      expect(required, `${f.name} required fields`).toBeDefined();
      for (const field of required!) {
        const copy: Record<string, unknown> = { ...(f.example as object), externalId: `missing-${field}` };
        delete copy[field];
        const res = await post(f.endpoint, copy);
        expect(res.status, `${f.name} without ${field}`).toBe(400);
        const body = (await res.json()) as { error: { fields: Array<{ path: string[] }> } };
        expect(
          body.error.fields.map((x) => x.path[0]),
          `${f.name} without ${field}`,
        ).toContain(field);
      }
    }
  });

  it('streams crime reports generalised: no exact place, no description, no persons', async () => {
    const { socket } = await connectConsole(server.url);
    const seen: CrimeState[] = [];
    socket.on('crime:updated', (f) => seen.push(...f.items));
    await socket.emitWithAck('layers:subscribe', { layers: ['crime'] });
    const confidential = { ...crimeExample, externalId: 'conf-1', privacy: 'confidential' };
    const { id } = (await (await post('/api/v1/feeds/crime', confidential)).json()) as { id: string };
    const state = await eventually(() => seen.find((c) => c.id === id), 10_000, 'the crime on the console');
    expect(state).toMatchObject({ category: 'theft', districtCode: '002', precision: 'district' });
    expect(state.position).not.toEqual(crimeExample.location!.coordinates);
    expect(JSON.stringify(state)).not.toMatch(/Trần Thị B|0987|Honda|105\.8521/);

    const restricted = (await (await post('/api/v1/feeds/crime', { ...crimeExample, externalId: 'r-1' })).json()) as {
      id: string;
    };
    const r = await eventually(() => seen.find((c) => c.id === restricted.id), 10_000, 'a restricted crime');
    expect(r).toMatchObject({ precision: '1km', position: [105.85, 21.03] });
    socket.disconnect();
  });

  it('updates a crime report posted again with a new status, and ignores a plain repost', async () => {
    const first = (await (await post('/api/v1/feeds/crime', { ...crimeExample, externalId: 'upd-1' })).json()) as {
      id: string;
      seq: number;
    };
    const repost = (await (await post('/api/v1/feeds/crime', { ...crimeExample, externalId: 'upd-1' })).json()) as {
      seq: number;
    };
    expect(repost.seq).toBe(first.seq);
    const solved = (await (
      await post('/api/v1/feeds/crime', { ...crimeExample, externalId: 'upd-1', status: 'solved' })
    ).json()) as { id: string; seq: number };
    expect(solved.id).toBe(first.id);
    expect(solved.seq).toBeGreaterThan(first.seq);
    const { rows } = await server.sql.query(`SELECT status, persons FROM crimes WHERE id = $1`, [first.id]);
    expect(rows[0]).toMatchObject({ status: 'solved', persons: [{ role: 'victim', name: 'Trần Thị B' }] });
  });

  it('keeps the newest backlog figures of a commune and sector, and streams them', async () => {
    const { socket } = await connectConsole(server.url);
    const seen: BacklogState[] = [];
    socket.on('backlog:updated', (f) => seen.push(...f.items));
    await socket.emitWithAck('layers:subscribe', { layers: ['backlog'] });
    const evening = {
      ...backlogExample,
      communeCode: '00004',
      dateObserved: '2026-11-27T18:00:00+07:00',
      received: 50,
    };
    const first = (await (await post('/api/v1/feeds/backlog', evening)).json()) as { id: string; seq: number };
    expect(first.id).toBe('00004:justice');
    expect(await eventually(() => seen.find((b) => b.id === '00004:justice'), 10_000, 'figures')).toMatchObject({
      districtCode: '001',
      received: 50,
      submittedOnline: 36,
    });
    const again = (await (await post('/api/v1/feeds/backlog', evening)).json()) as { seq: number };
    expect(again.seq).toBe(first.seq);
    const older = { ...evening, dateObserved: '2026-11-27T09:00:00+07:00', received: 10, submittedOnline: 5 };
    expect((await post('/api/v1/feeds/backlog', older)).status).toBe(202);
    const snap = await socket.emitWithAck('layers:subscribe', { layers: ['backlog'] });
    expect(snap.ok && snap.data.backlog.find((b) => b.id === '00004:justice')).toMatchObject({ received: 50 });
    socket.disconnect();
  });

  it('refuses backlog figures that cannot be true, naming the field', async () => {
    const online = await post('/api/v1/feeds/backlog', { ...backlogExample, received: 3, submittedOnline: 9 });
    expect(online.status).toBe(400);
    expect(await online.json()).toMatchObject({ error: { fields: [{ path: ['submittedOnline'] }] } });
    const nowhere = await post('/api/v1/feeds/backlog', { ...backlogExample, communeCode: '99999' });
    expect(nowhere.status).toBe(400);
    expect(await nowhere.json()).toMatchObject({ error: { fields: [{ path: ['communeCode'] }] } });
  });
});
