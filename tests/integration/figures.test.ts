import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deviceExamples,
  deviceTopic,
  trafficExample,
  type BacklogReport,
  type Figures,
  type FiguresSnapshot,
  type FiguresState,
  type IncidentReport,
} from '../../protocol/index.js';
import {
  connectConsole,
  connectPublisher,
  eventually,
  publishReading,
  signIn,
  type ConsoleSocket,
} from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines (PGlite, aedes)', embedded: true },
];

const INCIDENTS_KEY = 'a-hotline-key-of-enough-length';
const BACKLOG_KEY = 'a-commune-systems-key-of-enough-length';
const EVERY_MS = 300;
const DAY_MS = 86_400_000;

/** Five open incidents of different kinds (so none is taken for a duplicate of another). */
const incidents: Array<Pick<IncidentReport, 'category' | 'severity'> & { at: [number, number] }> = [
  { category: 'traffic', severity: 'critical', at: [105.8245, 21.0105] },
  { category: 'fire', severity: 'high', at: [105.8521, 21.0333] },
  { category: 'health', severity: 'high', at: [105.8012, 21.0301] },
  { category: 'security', severity: 'medium', at: [105.8428, 21.0078] },
  { category: 'environment', severity: 'informational', at: [105.8702, 20.9902] },
];

describe.each(modes)('figures at a glance on $name', ({ embedded }) => {
  let server: TestServer;
  let pub: MqttClient;
  let viewer: ConsoleSocket;
  const pushed: FiguresState[] = [];

  const postIncident = async (externalId: string, i: (typeof incidents)[number]) => {
    const report: IncidentReport = {
      externalId,
      dateIssued: new Date().toISOString(),
      category: i.category,
      severity: i.severity,
      description: `Test ${externalId}`,
      alertSource: '113',
      location: { type: 'Point', coordinates: i.at },
    };
    const res = await fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': INCIDENTS_KEY },
      body: JSON.stringify(report),
    });
    expect(res.status).toBe(202);
    return (await res.json()) as { id: string };
  };
  const backlog = (communeCode: string, dateObserved: string, received: number, online: number, overdue: number) =>
    ({
      dateObserved,
      communeCode,
      sector: 'justice',
      received,
      inProgress: 5,
      resolved: 3,
      overdue,
      submittedOnline: online,
    }) satisfies BacklogReport;
  const device = (feed: 'signals' | 'cameras' | 'units' | 'network', id: string, report: object) =>
    pub.publishAsync(deviceTopic(feed, id, server.topicRoot), JSON.stringify(report), { qos: 1 });
  const getFigures = async (query = '', cookie?: string) =>
    fetch(`${server.url}/api/v1/figures${query}`, { headers: cookie ? { cookie } : {} });
  const subscribe = async (socket: ConsoleSocket, hours?: number) => {
    const ack = await socket.emitWithAck('figures:subscribe', hours === undefined ? {} : { hours });
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.data;
  };

  beforeAll(async () => {
    server = await startTestServer({
      embedded,
      overrides: {
        figuresEveryMs: EVERY_MS,
        watchdogEveryMs: 200,
        watchdogGrace: 1,
        feedApiKeys: [
          { agency: 'police113', key: INCIDENTS_KEY },
          { agency: 'communes', key: BACKLOG_KEY },
        ],
      },
    });
    pub = await connectPublisher(server.mqttUrl);
    ({ socket: viewer } = await connectConsole(server.url, 'demo-viewer'));
    viewer.on('figures:updated', (state) => pushed.push(state));
  });
  afterAll(async () => {
    viewer?.disconnect();
    await pub?.endAsync();
    await server?.close();
  });

  it('counts what the feeds reported: incidents, congestion, dossiers and devices offline', async () => {
    // Incidents: five events, and a second call about the first, linked to it as a duplicate.
    const first = await postIncident('113-fig-1', incidents[0]!);
    for (const [n, i] of incidents.slice(1).entries()) await postIncident(`113-fig-${n + 2}`, i);
    const dup = await postIncident('113-fig-dup', { ...incidents[0]!, at: [105.8247, 21.0106] });
    const { rows } = await server.sql.query(`SELECT duplicate_of FROM incidents WHERE id = $1`, [dup.id]);
    expect(rows[0].duplicate_of).toBe(first.id);

    // Backlog: two communes today, and one whose latest figures are from three days ago (its overdue
    // dossiers count, its dossiers are not today's).
    const now = new Date().toISOString();
    const res = await fetch(`${server.url}/api/v1/feeds/backlog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': BACKLOG_KEY },
      body: JSON.stringify([
        backlog('00001', now, 120, 90, 4),
        backlog('00004', now, 80, 40, 7),
        backlog('00006', new Date(Date.now() - 3 * DAY_MS).toISOString(), 500, 10, 2),
      ]),
    });
    expect(res.status).toBe(202);

    // Traffic: vd1:2 slow on both detectors, vd1:3 slow on one only, vd1:4 free.
    const reading = (id: string, segment: string, speed: number) =>
      publishReading(pub, server.topicRoot, id, {
        ...trafficExample,
        dateObserved: now,
        refRoadSegment: segment,
        averageVehicleSpeed: speed,
      });
    await reading('det-fig-1', 'vd1:2', 8);
    await reading('det-fig-2', 'vd1:2', 12);
    await reading('det-fig-3', 'vd1:3', 9);
    await reading('det-fig-4', 'vd1:3', 35);
    await reading('det-fig-5', 'vd1:4', 48);

    // Devices: a camera reporting offline, a commune node that falls silent, the rest healthy.
    const dateObserved = now;
    await device('cameras', 'cam-fig-1', { ...deviceExamples.cameras.report, dateObserved, status: 'offline' });
    await device('cameras', 'cam-fig-2', { ...deviceExamples.cameras.report, dateObserved, status: 'online' });
    await device('signals', 'sig-fig-1', { ...deviceExamples.signals.report, dateObserved });
    await device('units', 'unit-fig-1', { ...deviceExamples.units.report, dateObserved });
    await device('network', 'wan-00001', { ...deviceExamples.network.report, dateObserved, communeCode: '00001' });
    await device('network', 'wan-00004', {
      dateObserved,
      kind: 'commune_node',
      communeCode: '00004',
      expectedIntervalSeconds: 5,
    });

    const expected: Omit<Figures, 'timeToAcknowledge'> = {
      openIncidents: { total: 5, bySeverity: { informational: 1, low: 0, medium: 1, high: 2, critical: 1 } },
      congestion: { index: 1 / 3, slowSegments: 1, segments: 3 },
      onlineSubmission: { share: (90 + 40) / (120 + 80), target: 0.7, submittedOnline: 130, received: 200 },
      overdueDossiers: { total: 4 + 7 + 2 },
      devicesOffline: {
        total: 2,
        byFeed: {
          signals: { offline: 0, devices: 1 },
          cameras: { offline: 1, devices: 2 },
          units: { offline: 0, devices: 1 },
          network: { offline: 1, devices: 2 },
        },
      },
    };
    const cookie = await signIn(server.url, 'demo-viewer');
    const matches = (f: Figures) => JSON.stringify({ ...f, timeToAcknowledge: undefined }) === JSON.stringify(expected);
    const snapshot = await eventually(
      async () => {
        const s = (await (await getFigures('', cookie)).json()) as FiguresSnapshot;
        return matches(s.current) ? s : undefined;
      },
      20_000,
      'the figures to match what was posted',
    );
    expect(snapshot.current).toMatchObject(expected);
    expect(snapshot.current.timeToAcknowledge).toEqual({ medianSeconds: null, acknowledged: 0 });
    expect(snapshot.everyMs).toBe(EVERY_MS);

    // The same figures reach the socket, live and in the next samples pushed.
    expect((await subscribe(viewer)).current).toMatchObject(expected);
    const before = pushed.length;
    const sampled = await eventually(
      () => pushed.slice(before).find((p) => matches(p.current)),
      5_000,
      'a pushed sample with the figures',
    );
    expect(sampled.current).toMatchObject(expected);
  }, 40_000);

  it('gives the median time to acknowledge over the incidents acknowledged in the last hour', async () => {
    // Acknowledged 30 s, 90 s and 200 s after arrival within the hour, and one (1,000 s) two hours ago.
    const acknowledge = (externalId: string, ageSeconds: number, afterSeconds: number) =>
      server.sql.query(
        `UPDATE incidents SET status = 'acknowledged',
           received_at = now() - make_interval(secs => $2::float8),
           acknowledged_at = now() - make_interval(secs => $2::float8) + make_interval(secs => $3::float8)
         WHERE external_id = $1`,
        [externalId, ageSeconds, afterSeconds],
      );
    await acknowledge('113-fig-1', 600, 30);
    await acknowledge('113-fig-2', 900, 200);
    await acknowledge('113-fig-3', 300, 90);
    await acknowledge('113-fig-4', 7200, 1000);
    expect((await subscribe(viewer)).current.timeToAcknowledge).toEqual({ medianSeconds: 90, acknowledged: 3 });

    // An operator acknowledges the fifth, seconds after it arrived: the median moves to (30 + 90) / 2.
    const { rows } = await server.sql.query(`SELECT id FROM incidents WHERE external_id = '113-fig-5'`);
    const { socket: operator } = await connectConsole(server.url, 'demo-operator');
    const ack = await operator.emitWithAck('alerts:acknowledge', { kind: 'incident', id: rows[0].id as string });
    operator.disconnect();
    expect(ack.ok).toBe(true);
    const { current } = await subscribe(viewer);
    expect(current.timeToAcknowledge).toEqual({ medianSeconds: 60, acknowledged: 4 });
    // Acknowledged incidents are still open.
    expect(current.openIncidents.total).toBe(5);
  });

  it('stores one sample per tick, pushes each to the figures room, and answers the history asked for', async () => {
    const start = await subscribe(viewer);
    const lastBefore = start.history.at(-1)?.at ?? '';
    const from = pushed.length;
    const t0 = Date.now();
    await eventually(() => pushed.length - from >= 5, 10_000, 'five samples pushed');
    const elapsed = Date.now() - t0;
    const seen = pushed.slice(from);

    const after = await subscribe(viewer);
    const ats = after.history.map((h) => h.at);
    expect([...ats].sort()).toEqual(ats);
    // Every pushed sample is in the history, and nothing else was stored but perhaps the sample after the last push.
    const newer = ats.filter((at) => at > lastBefore);
    for (const p of seen) expect(ats).toContain(p.at);
    expect(newer.length - seen.length).toBeGreaterThanOrEqual(0);
    expect(newer.length - seen.length).toBeLessThanOrEqual(1);
    // One per tick: never two within half a period, and about elapsed / period of them.
    for (let i = 1; i < ats.length; i++)
      expect(Date.parse(ats[i]!) - Date.parse(ats[i - 1]!)).toBeGreaterThan(EVERY_MS / 2);
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(elapsed / EVERY_MS) + 1);
    expect(after.history.at(-1)!.figures.openIncidents.total).toBe(5);

    // A shorter window answers fewer samples; more than 24 hours is refused.
    const short = await subscribe(viewer, (3 * EVERY_MS) / 3_600_000);
    expect(short.history.length).toBeGreaterThan(0);
    expect(short.history.length).toBeLessThanOrEqual(4);
    const tooLong = await viewer.emitWithAck('figures:subscribe', { hours: 25 });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  }, 20_000);

  it('deletes samples older than 7 days and keeps the week', async () => {
    await server.sql.query(
      `INSERT INTO figure_samples (at, figures) VALUES (now() - interval '8 days', '{}'), (now() - interval '6 days', '{}')`,
    );
    await eventually(
      async () => {
        const { rows } = await server.sql.query(
          `SELECT count(*)::int AS n FROM figure_samples WHERE at < now() - interval '7 days'`,
        );
        return rows[0].n === 0;
      },
      5_000,
      'the old sample deleted',
    );
    const { rows } = await server.sql.query(
      `SELECT count(*)::int AS n FROM figure_samples WHERE at < now() - interval '5 days'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses the figures to a press socket, and pushes it none', async () => {
    const { socket: press } = await connectConsole(server.url, 'demo-press');
    const got: FiguresState[] = [];
    press.on('figures:updated', (s) => got.push(s));
    const ack = await press.emitWithAck('figures:subscribe', {});
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await new Promise((r) => setTimeout(r, 3 * EVERY_MS));
    expect(got).toEqual([]);
    press.disconnect();
  });

  it('answers GET /api/v1/figures with 401 signed out, 403 to the press, 200 to the console roles', async () => {
    expect((await getFigures()).status).toBe(401);
    expect((await getFigures('', await signIn(server.url, 'demo-press'))).status).toBe(403);
    for (const role of ['viewer', 'operator', 'supervisor', 'admin']) {
      const res = await getFigures('?hours=1', await signIn(server.url, `demo-${role}`));
      expect(res.status, role).toBe(200);
      expect(((await res.json()) as FiguresSnapshot).current.openIncidents.total).toBe(5);
    }
    const bad = await getFigures('?hours=48', await signIn(server.url, 'demo-viewer'));
    expect(bad.status).toBe(400);
  });
});
