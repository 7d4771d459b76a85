import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  incidentExample,
  trafficExample,
  type CrimeDistrictTotal,
  type DistrictBacklog,
  type TrafficState,
  type WallIncident,
  type WallSnapshot,
} from '../../protocol/index.js';
import { communesOf, district } from '../../server/src/geo/gazetteer.js';
import {
  connectConsole,
  connectPublisher,
  eventually,
  openSocket,
  publishReading,
  signIn,
  type ConsoleSocket,
} from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-test-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines', embedded: true },
];

// Personal data and notes that must never reach the press.
const REPORTER = { name: 'Lê Thị Hoa', phone: '0913 222 333', email: 'hoa.le@example.vn' };
const CALLER_IN_DESCRIPTION = 'Phạm Quang Vinh';
const DESCRIPTION = `Anh ${CALLER_IN_DESCRIPTION} gọi báo va chạm, một người bị thương nặng.`;
const STREET = 'Số 17 phố Huế';
const VICTIM = { name: 'Đỗ Minh Tâm', phone: '0977 888 999' };
const CRIME_NOTE = 'Bị giật túi xách trước cửa hàng.';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const HK = '002'; // Hoàn Kiếm
const DD = '006'; // Đống Đa
const nudge = (code: string, d: number): [number, number] => {
  const [lon, lat] = district(code)!.label;
  return [Number((lon + d).toFixed(5)), Number((lat + d / 2).toFixed(5))];
};

describe.each(modes)('the press wall on $name', ({ embedded }) => {
  let server: TestServer;
  let pub: MqttClient;
  let press: ConsoleSocket;
  /** Every event the press socket received, serialized as it came off the wire, and every answer. */
  const wire: string[] = [];
  const answers: string[] = [];
  const frames = {
    incidents: [] as WallIncident[],
    crime: [] as CrimeDistrictTotal[],
    backlog: [] as DistrictBacklog[],
  };
  const traffic: TrafficState[] = [];
  let snapshot: WallSnapshot;
  const crimePoints: Array<[number, number]> = [];
  let crimeSeq = 0;

  const post = async (feed: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await res.json()) as { id: string };
  };
  const postIncident = (externalId: string, coordinates: [number, number]) =>
    post('incidents', {
      ...incidentExample,
      externalId,
      dateIssued: hoursAgo(0.1),
      description: DESCRIPTION,
      location: { type: 'Point', coordinates },
      address: { streetAddress: STREET, addressRegion: 'Hoàn Kiếm' },
      reporter: REPORTER,
    });
  const postCrime = (districtCode: string, category: string, observedHoursAgo = 1) => {
    const point = nudge(districtCode, 0.0003 * ++crimeSeq);
    crimePoints.push(point);
    return post('crime', {
      externalId: `wall-crime-${crimeSeq}`,
      dateObserved: hoursAgo(observedHoursAgo),
      category,
      privacy: 'public',
      location: { type: 'Point', coordinates: point },
      address: { streetAddress: STREET },
      description: CRIME_NOTE,
      persons: [{ role: 'victim', ...VICTIM }],
    });
  };
  const [a1, a2] = communesOf(HK);
  const [b1] = communesOf(DD);
  const backlog = (commune: string, sector: string, hAgo: number, received: number, online: number) => ({
    dateObserved: hoursAgo(hAgo),
    communeCode: commune,
    sector,
    received,
    inProgress: 3,
    resolved: 5,
    overdue: 1,
    submittedOnline: online,
  });

  beforeAll(async () => {
    server = await startTestServer({ embedded, overrides: { feedApiKeys: [{ agency: 'police113', key: KEY }] } });
    pub = await connectPublisher(server.mqttUrl);
    await postIncident('wall-1', [105.85123, 21.01789]);
    await postCrime(HK, 'theft');
    await postCrime(HK, 'theft');
    await postCrime(HK, 'robbery');
    await postCrime(DD, 'fraud');
    await postCrime(HK, 'assault', 30); // older than 24 hours: not on the wall
    await post('backlog', [
      backlog(a1!.code, 'justice', 2, 10, 6),
      backlog(a2!.code, 'land', 2, 20, 15),
      backlog(b1!.code, 'justice', 2, 0, 0),
    ]);
    await publishReading(pub, server.topicRoot, 'det-wall', { ...trafficExample, dateObserved: hoursAgo(0.5) });
    await eventually(
      async () => (await server.sql.query('SELECT 1 FROM detectors WHERE id = $1', ['det-wall'])).rowCount,
    );

    press = await openSocket(server.url, await signIn(server.url, 'demo-press'));
    press.onAny((event: string, ...args: unknown[]) => wire.push(JSON.stringify([event, args])));
    press.on('wall:incidents', (f) => frames.incidents.push(...f.items));
    press.on('wall:crime', (f) => frames.crime.push(...f.items));
    press.on('wall:backlog', (f) => frames.backlog.push(...f.items));
    press.on('wall:traffic', (f) => traffic.push(...f.items));
  });
  afterAll(async () => {
    press?.disconnect();
    await pub?.endAsync();
    await server?.close();
  });

  it('answers the press with public incidents, traffic and district totals of crime and the backlog', async () => {
    const ack = await press.emitWithAck('wall:subscribe', {});
    if (!ack.ok) throw new Error(ack.error.code);
    snapshot = ack.data;
    answers.push(JSON.stringify(ack));

    expect(snapshot.incidents).toHaveLength(1);
    expect(Object.keys(snapshot.incidents[0]!).sort()).toEqual(
      [
        'category',
        'dateIssued',
        'districtCode',
        'duplicateOf',
        'id',
        'position',
        'seq',
        'severity',
        'status',
        'subCategory',
      ].sort(),
    );
    expect(snapshot.incidents[0]).toMatchObject({ category: 'traffic', status: 'new', position: [105.851, 21.018] });
    expect(snapshot.crime.find((c) => c.districtCode === HK)).toEqual({
      districtCode: HK,
      total: 3,
      byCategory: { theft: 2, robbery: 1 },
    });
    expect(snapshot.crime.find((c) => c.districtCode === DD)).toEqual({
      districtCode: DD,
      total: 1,
      byCategory: { fraud: 1 },
    });
    expect(snapshot.backlog.find((b) => b.districtCode === HK)).toEqual({
      districtCode: HK,
      received: 30,
      inProgress: 6,
      resolved: 10,
      overdue: 2,
      submittedOnline: 21,
      onlineShare: 0.7,
    });
    expect(snapshot.backlog.find((b) => b.districtCode === DD)).toMatchObject({ received: 0, onlineShare: null });
    expect(snapshot.traffic.map((t) => t.detectorId)).toContain('det-wall');
  });

  it('pushes the projections to the wall as incidents, crime, backlog and traffic come in', async () => {
    const { id: second } = await postIncident('wall-2', [105.8301, 21.0302]);
    const operator = await connectConsole(server.url, 'demo-operator');
    const ack = await operator.socket.emitWithAck('alerts:acknowledge', {
      kind: 'incident',
      id: snapshot.incidents[0]!.id,
    });
    expect(ack.ok).toBe(true);
    operator.socket.disconnect();
    await postCrime(HK, 'theft');
    await post('backlog', [backlog(a1!.code, 'justice', 1, 40, 10)]);
    await publishReading(pub, server.topicRoot, 'det-wall', { ...trafficExample, dateObserved: hoursAgo(0.2) });

    await eventually(() => frames.incidents.find((i) => i.id === second), 10_000, 'the new incident');
    await eventually(
      () => frames.incidents.find((i) => i.id === snapshot.incidents[0]!.id && i.status === 'acknowledged'),
      10_000,
      'the acknowledgement',
    );
    await eventually(() => frames.crime.find((c) => c.districtCode === HK && c.total === 4), 10_000, 'crime totals');
    expect(frames.crime.filter((c) => c.districtCode === HK).at(-1)).toEqual({
      districtCode: HK,
      total: 4,
      byCategory: { theft: 3, robbery: 1 },
    });
    const hk = await eventually(
      () => frames.backlog.find((b) => b.districtCode === HK && b.received === 60),
      10_000,
      'backlog sums',
    );
    expect(hk).toMatchObject({ submittedOnline: 25, onlineShare: 0.417 });
    await eventually(() => traffic.find((t) => t.detectorId === 'det-wall'), 10_000, 'traffic');
  });

  it('never sends the press personal data, notes or single crime reports, over the whole payload', async () => {
    await new Promise((r) => setTimeout(r, 500)); // let the last frames arrive
    const all = [...wire, ...answers].join('\n');
    expect(all.length).toBeGreaterThan(500);
    const forbidden = [
      REPORTER.name,
      REPORTER.phone,
      REPORTER.email,
      DESCRIPTION,
      CALLER_IN_DESCRIPTION,
      STREET,
      VICTIM.name,
      VICTIM.phone,
      CRIME_NOTE,
      'Trực ban (demo)', // who acknowledged
      '"description"',
      '"reporter"',
      '"address"',
      '"externalId"',
      '"agency"',
      '"acknowledgedBy"',
      '"privacy"',
      '"precision"',
      'CR-',
      ...crimePoints.flatMap(([lon, lat]) => [String(lon), String(lat)]),
    ];
    for (const s of forbidden) expect(all, s).not.toContain(s);
    const events = new Set(wire.map((w) => (JSON.parse(w) as [string])[0]));
    expect(
      [...events].every((e) => e.startsWith('wall:')),
      [...events].join(),
    ).toBe(true);
  });

  it('refuses the press the live layers, a resume and acknowledging', async () => {
    const forbidden = { ok: false, error: { code: 'forbidden' } };
    expect(await press.emitWithAck('layers:subscribe', { layers: ['incidents'] })).toMatchObject(forbidden);
    expect(await press.emitWithAck('session:resume', { since: 0, layers: ['crime'] })).toMatchObject(forbidden);
    expect(
      await press.emitWithAck('alerts:acknowledge', { kind: 'incident', id: snapshot.incidents[0]!.id }),
    ).toMatchObject(forbidden);
  });

  it('opens the wall to the console roles too', async () => {
    const { socket } = await connectConsole(server.url, 'demo-viewer');
    const ack = await socket.emitWithAck('wall:subscribe', {});
    socket.disconnect();
    expect(ack.ok && ack.data.incidents.length).toBe(2);
  });
});
