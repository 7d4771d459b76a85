import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacklogState, IncidentState } from '../../protocol/index.js';
import { connectConsole, eventually } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-citizen-app-key-long-enough';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL', embedded: false }] : []),
  { name: 'the embedded engine', embedded: true },
];

describe.each(modes)('Open311 GeoReport v2 on $name', ({ embedded }) => {
  let server: TestServer;
  const api = (path: string) => `${server.url}/open311/v2/${path}`;
  const submit = (fields: Record<string, string>) =>
    fetch(api('requests.json'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  beforeAll(async () => {
    server = await startTestServer({
      embedded,
      overrides: { feedApiKeys: [{ agency: 'hanoi-smart-city-app', key: KEY }] },
    });
  });
  afterAll(async () => server?.close());

  it('lists its services', async () => {
    const services = (await (await fetch(api('services.json'))).json()) as Array<{
      service_code: string;
      service_name: string;
      type: string;
    }>;
    expect(services).toContainEqual(
      expect.objectContaining({ service_code: 'flooding', service_name: 'Ngập úng', type: 'realtime' }),
    );
  });

  it('takes a request, counts it in the commune backlog, and lets the citizen look it up without personal data', async () => {
    const { socket } = await connectConsole(server.url);
    const backlog: BacklogState[] = [];
    socket.on('backlog:updated', (f) => backlog.push(...f.items));
    await socket.emitWithAck('layers:subscribe', { layers: ['backlog'] });

    const res = await submit({
      api_key: KEY,
      service_code: 'pothole',
      lat: '21.0285',
      long: '105.8542',
      description: 'Ổ gà lớn trước số 10 Tràng Tiền',
      email: 'dan@example.vn',
      first_name: 'Lê',
      last_name: 'Văn C',
      phone: '0901 111 222',
    });
    expect(res.status).toBe(200);
    const [created] = (await res.json()) as Array<{ service_request_id: string; service_notice: string }>;
    expect(created!.service_request_id).toMatch(/^SR-/);

    const one = (await (await fetch(api(`requests/${created!.service_request_id}.json`))).json()) as Array<
      Record<string, unknown>
    >;
    expect(one[0]).toMatchObject({
      status: 'open',
      service_code: 'pothole',
      lat: 21.0285,
      long: 105.8542,
      description: 'Ổ gà lớn trước số 10 Tràng Tiền',
    });
    expect(JSON.stringify(one)).not.toMatch(/dan@example|0901|Văn C/);

    const listed = (await (await fetch(api('requests.json?service_code=pothole&status=open'))).json()) as Array<{
      service_request_id: string;
    }>;
    expect(listed.map((r) => r.service_request_id)).toContain(created!.service_request_id);

    const citizen = await eventually(() => backlog.find((b) => b.sector === 'citizen'), 10_000, 'the citizen backlog');
    expect(citizen).toMatchObject({ districtCode: '002', received: 1, inProgress: 1, submittedOnline: 1 });
    socket.disconnect();
  });

  it('raises an incident for an urgent request such as flooding', async () => {
    const { socket } = await connectConsole(server.url);
    const incidents: IncidentState[] = [];
    socket.on('incidents:updated', (f) => incidents.push(...f.items));
    await socket.emitWithAck('layers:subscribe', { layers: ['incidents'] });
    const res = await submit({
      api_key: KEY,
      service_code: 'flooding',
      lat: '21.0075',
      long: '105.8235',
      description: 'Ngập sâu phố Thái Hà',
    });
    const [created] = (await res.json()) as Array<{ service_request_id: string }>;
    const incident = await eventually(
      () => incidents.find((i) => i.externalId === `open311-${created!.service_request_id}`),
      10_000,
      'the incident',
    );
    expect(incident).toMatchObject({
      category: 'naturalDisaster',
      alertSource: 'citizen',
      agency: 'hanoi-smart-city-app',
    });
    socket.disconnect();
  });

  it('answers errors as [{code, description}]', async () => {
    const noKey = await submit({ service_code: 'pothole', lat: '21.03', long: '105.85' });
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toEqual([{ code: 403, description: expect.stringMatching(/api_key/) }]);
    const noCode = await submit({ api_key: KEY, lat: '21.03', long: '105.85' });
    expect(noCode.status).toBe(400);
    expect(await noCode.json()).toEqual([{ code: 400, description: expect.stringMatching(/service_code/) }]);
    const unknown = await submit({ api_key: KEY, service_code: 'dragons', lat: '21.03', long: '105.85' });
    expect(unknown.status).toBe(404);
    const nowhere = await submit({ api_key: KEY, service_code: 'pothole' });
    expect((await nowhere.json()) as unknown).toEqual([
      { code: 400, description: expect.stringMatching(/location is required/) },
    ]);
    const saigon = await submit({ api_key: KEY, service_code: 'pothole', lat: '10.78', long: '106.70' });
    expect(saigon.status).toBe(400);
    const missing = await fetch(api('requests/SR-9999999.json'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ code: 404, description: expect.any(String) }]);
  });
});
