import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentExample, type FeedCatalogEntry, type IncidentState } from '../../protocol/index.js';
import { connectConsole, eventually, signIn } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'police113:a-test-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL', embedded: false }] : []),
  { name: 'the embedded engine', embedded: true },
];

const cap = (id: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${id}</identifier>
  <sender>canhbao@kttv.gov.vn</sender>
  <sent>2026-11-27T08:30:00+07:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <category>Met</category>
    <event>Ngập úng</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <headline>Ngập sâu trên phố Nguyễn Khuyến</headline>
    <description>Mưa lớn gây ngập 30-50 cm.</description>
    <area>
      <areaDesc>Đống Đa</areaDesc>
      ${extra || '<circle>21.0285,105.8372 0.5</circle>'}
    </area>
  </info>
</alert>`;

describe.each(modes)('incidents feed over HTTP on $name', ({ embedded }) => {
  let server: TestServer;
  const post = (body: string | object, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY.split(':')[1]!, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startTestServer({
      embedded,
      overrides: { feedApiKeys: [{ agency: 'police113', key: KEY.split(':')[1]! }] },
    });
  });
  afterAll(async () => server?.close());

  it('refuses a report without an API key, or with a wrong one, with 401', async () => {
    expect((await post(incidentExample, { 'x-api-key': '' })).status).toBe(401);
    const wrong = await post(incidentExample, { 'x-api-key': 'not-a-key-we-know-of' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('accepts the catalog example with 202, streams it without the reporter, and stores a repost once', async () => {
    const feeds = (await (await fetch(`${server.url}/api/v1/feeds`)).json()) as FeedCatalogEntry[];
    const entry = feeds.find((f) => f.name === 'incidents');
    expect(entry).toMatchObject({ transport: 'http', endpoint: '/api/v1/feeds/incidents', method: 'POST' });
    const { socket } = await connectConsole(server.url);
    const seen: IncidentState[] = [];
    socket.on('incidents:updated', (f) => seen.push(...f.items));
    await socket.emitWithAck('layers:subscribe', { layers: ['incidents'] });

    const res = await post(entry!.example as object);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; seq: number };
    const streamed = await eventually(() => seen.find((i) => i.id === body.id), 10_000, 'the incident on the console');
    expect(streamed).toMatchObject({ category: 'traffic', severity: 'high', status: 'new', districtCode: '006' });
    expect(JSON.stringify(streamed)).not.toMatch(/0912|Nguyễn Văn A/);

    const again = await post(entry!.example as object);
    expect(again.status).toBe(202);
    expect(((await again.json()) as { id: string }).id).toBe(body.id);
    socket.disconnect();
  });

  it('answers 400 naming the field for each copy of the example missing a required field, and keeps it', async () => {
    for (const field of ['externalId', 'dateIssued', 'category', 'severity', 'description', 'alertSource']) {
      const copy: Record<string, unknown> = { ...incidentExample, externalId: `missing-${field}` };
      delete copy[field];
      const res = await post(copy);
      expect(res.status, field).toBe(400);
      const err = (await res.json()) as { error: { code: string; fields: Array<{ path: string[] }> } };
      expect(err.error.code).toBe('validation_failed');
      expect(err.error.fields.map((f) => f.path[0])).toContain(field);
    }
    const noPlace = { ...incidentExample, externalId: 'nowhere', location: undefined, address: undefined };
    expect(((await (await post(noPlace)).json()) as { error: { message: string } }).error.message).toMatch(
      /location or an address/,
    );
    expect((await post('{"broken json')).status).toBe(400);
    const kept = (await (
      await fetch(`${server.url}/api/v1/quarantine?feed=incidents`, {
        headers: { cookie: await signIn(server.url, 'demo-supervisor') },
      })
    ).json()) as Array<{
      source: string;
    }>;
    expect(kept.length).toBeGreaterThanOrEqual(8);
    expect(kept[0]!.source).toMatch(/POST \/api\/v1\/feeds\/incidents \(police113\)/);
  });

  it('places a report by its district when it only has an address', async () => {
    const res = await post({
      ...incidentExample,
      externalId: 'by-address',
      location: undefined,
      address: { addressRegion: 'quan hoan kiem' },
    });
    const { id } = (await res.json()) as { id: string };
    const { rows } = await server.sql.query(
      'SELECT district_code, position_approximate, lon FROM incidents WHERE id = $1',
      [id],
    );
    expect(rows[0]).toMatchObject({ district_code: '002', position_approximate: true });
    expect(rows[0].lon).toBeGreaterThan(105.8);
  });

  it('stores Vietnamese text sent decomposed (NFD) in its composed form (NFC), as consoles compare and search it', async () => {
    const description = 'Cháy nhà dân trên phố Hàng Bạc, khói lớn.';
    const res = await post({
      ...incidentExample,
      externalId: 'decomposed-text',
      category: 'fire',
      description: description.normalize('NFD'),
      address: { streetAddress: 'Hàng Bạc'.normalize('NFD'), addressRegion: 'Hoàn Kiếm'.normalize('NFD') },
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const { rows } = await server.sql.query('SELECT description, address FROM incidents WHERE id = $1', [id]);
    expect(rows[0].description).toBe(description);
    expect(rows[0].description).not.toBe(description.normalize('NFD'));
    expect(rows[0].address).toMatchObject({ streetAddress: 'Hàng Bạc', addressRegion: 'Hoàn Kiếm' });
  });

  it('links a second report of the same accident as a duplicate, never dropping it', async () => {
    const first = (await (
      await post({ ...incidentExample, externalId: 'crash-1', dateIssued: '2026-11-27T10:00:00+07:00' })
    ).json()) as { id: string; duplicateOf: string | null };
    const near = { type: 'Point', coordinates: [105.8247, 21.0107] };
    const second = (await (
      await post({ ...incidentExample, externalId: 'crash-2', dateIssued: '2026-11-27T10:10:00+07:00', location: near })
    ).json()) as { id: string; duplicateOf: string | null };
    const other = (await (
      await post({
        ...incidentExample,
        externalId: 'fire-1',
        category: 'fire',
        dateIssued: '2026-11-27T10:10:00+07:00',
        location: near,
      })
    ).json()) as { duplicateOf: string | null };
    expect(first.duplicateOf).toBeNull();
    expect(second.id).not.toBe(first.id);
    expect(second.duplicateOf).toBe(first.id);
    expect(other.duplicateOf).toBeNull();
  });

  it('accepts a CAP 1.2 alert as an outside alerting agency would send it', async () => {
    const res = await post(cap('KTTV-2026-0042'), { 'content-type': 'application/cap+xml' });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const { rows } = await server.sql.query(
      'SELECT category, severity, description, lon, lat, alert_source FROM incidents WHERE id = $1',
      [id],
    );
    expect(rows[0]).toMatchObject({
      category: 'naturalDisaster',
      severity: 'high',
      alert_source: 'cap',
      lon: 105.8372,
      lat: 21.0285,
    });
    expect(rows[0].description).toMatch(/^Ngập sâu trên phố Nguyễn Khuyến/);
  });

  it('refuses a CAP alert that is not well-formed or not CAP 1.2, naming the element', async () => {
    const broken = await post('<alert><identifier>x</alert>', { 'content-type': 'application/cap+xml' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(/not well-formed XML/);
    const noId = await post(cap('').replace('<identifier></identifier>', ''), {
      'content-type': 'application/cap+xml',
    });
    expect(noId.status).toBe(400);
    expect(((await noId.json()) as { error: { fields: Array<{ path: string[] }> } }).error.fields[0]!.path).toEqual([
      'alert',
      'identifier',
    ]);
  });
});
