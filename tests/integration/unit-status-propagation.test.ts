import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deviceTopic,
  incidentExample,
  type Ack,
  type AuditPage,
  type IncidentState,
  type IncidentStatus,
  type IncidentTimeline,
  type LonLat,
  type UnitReport,
  type UnitsList,
} from '../../protocol/index.js';
import { connectConsole, connectPublisher, eventually, signIn, type ConsoleSocket } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-test-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines', embedded: true },
];
/** Hoàn Kiếm; each incident 500 m further east, so none is linked to another as a duplicate. */
const place = (k: number): LonLat => [Math.round((105.8412 + k * 0.005) * 1e6) / 1e6, 21.0245];

describe.each(modes)('an incident following its unit on $name', ({ embedded }) => {
  let server: TestServer;
  let pub: MqttClient;
  let dispatcher: ConsoleSocket;
  let operator: ConsoleSocket;
  let dispatcherCookie: string;
  let supervisorCookie: string;
  /** Every incident state the operator's console was pushed, in order. */
  const pushed: IncidentState[] = [];
  let places = 0;
  let markers = 0;
  /** The incident the first unit is sent to. */
  let followed: string;

  const publishUnit = (id: string, report: Partial<UnitReport> = {}) =>
    pub.publishAsync(
      deviceTopic('units', id, server.topicRoot),
      JSON.stringify({
        dateObserved: new Date().toISOString(),
        location: { type: 'Point', coordinates: place(0) },
        kind: 'police',
        status: 'available',
        callSign: `Thử ${id}`,
        ...report,
      }),
      { qos: 1 },
    );
  async function postIncident(externalId: string): Promise<string> {
    const res = await fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({
        ...incidentExample,
        externalId,
        location: { type: 'Point', coordinates: place(++places) },
      }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }
  async function assign(incidentId: string, unitId: string): Promise<void> {
    const ack: Ack<unknown> = await dispatcher.emitWithAck('units:assign', { incidentId, unitId });
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  }
  const pushedFor = (id: string) => pushed.filter((s) => s.id === id);
  const waitForPush = (id: string, status: IncidentStatus) =>
    eventually(() => pushedFor(id).find((s) => s.status === status), 10_000, `${id} ${status} on the console`);
  const timeline = async (id: string): Promise<IncidentTimeline> => {
    const res = await fetch(`${server.url}/api/v1/incidents/${id}/timeline`, { headers: { cookie: dispatcherCookie } });
    expect(res.status).toBe(200);
    return (await res.json()) as IncidentTimeline;
  };
  const audit = async () => {
    const res = await fetch(`${server.url}/api/v1/audit?limit=500`, { headers: { cookie: supervisorCookie } });
    expect(res.status).toBe(200);
    return ((await res.json()) as AuditPage).entries;
  };
  const unitSteps = async (id: string) =>
    (await audit()).filter((e) => e.targetId === id && e.action === 'unit_report');
  /**
   * Waits until every unit report published so far has been followed: a marker incident, a marker
   * unit sent to it, then the unit's en-route report. Reports are followed in the order they arrive,
   * so once the marker's step is on the console, the earlier reports are done.
   */
  async function settled(): Promise<void> {
    const unit = `tst-marker-${++markers}`;
    await publishUnit(unit);
    const id = await postIncident(`follow-marker-${markers}`);
    // Once the unit's first report is stored (until then it is unknown).
    await eventually(
      async () => (await dispatcher.emitWithAck('units:assign', { incidentId: id, unitId: unit })).ok,
      10_000,
      'the marker unit sent',
    );
    await publishUnit(unit, { status: 'en_route', incidentId: id });
    await waitForPush(id, 'en_route');
  }
  /** The server's count of unit reports that moved no incident, by reason (GET /metrics). */
  async function ignoredReports(reason: 'other_incident' | 'not_assigned'): Promise<number> {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const line = new RegExp(`^hanoi_unit_reports_ignored_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text);
    return line ? Number(line[1]) : 0;
  }

  beforeAll(async () => {
    server = await startTestServer({
      embedded,
      overrides: { feedApiKeys: [{ agency: 'police113', key: KEY }], watchdogGrace: 1000 },
    });
    pub = await connectPublisher(server.mqttUrl);
    dispatcherCookie = await signIn(server.url, 'demo-dispatcher');
    supervisorCookie = await signIn(server.url, 'demo-supervisor');
    ({ socket: dispatcher } = await connectConsole(server.url, 'demo-dispatcher'));
    ({ socket: operator } = await connectConsole(server.url, 'demo-operator'));
    operator.on('incidents:updated', (frame) => pushed.push(...frame.items));
    expect((await operator.emitWithAck('layers:subscribe', { layers: ['incidents'] })).ok).toBe(true);
    for (const unit of ['tst-u1', 'tst-u2', 'tst-u3', 'tst-u4', 'tst-u5']) await publishUnit(unit);
    await eventually(
      async () => {
        const res = await fetch(`${server.url}/api/v1/units`, { headers: { cookie: dispatcherCookie } });
        return ((await res.json()) as UnitsList).units.filter((u) => u.id.startsWith('tst-')).length === 5;
      },
      10_000,
      'the units',
    );
  });
  afterAll(async () => {
    for (const s of [dispatcher, operator]) s?.disconnect();
    await pub?.endAsync();
    await server?.close();
  });

  it('moves the incident en route, then on scene, as its unit reports, and pushes each step to consoles', async () => {
    followed = await postIncident('follow-1');
    await assign(followed, 'tst-u1');
    await waitForPush(followed, 'dispatched');

    // The report names the incident, as AVL equipment does.
    await publishUnit('tst-u1', { status: 'en_route', incidentId: followed });
    const enRoute = await waitForPush(followed, 'en_route');
    // Without one, the report is about the incident the unit was just sent to.
    await publishUnit('tst-u1', { status: 'on_scene' });
    const onScene = await waitForPush(followed, 'on_scene');

    const statuses = pushedFor(followed).map((s) => s.status);
    expect(statuses.slice(statuses.indexOf('dispatched'))).toEqual(['dispatched', 'en_route', 'on_scene']);
    expect(onScene.version).toBe(enRoute.version + 1);
    expect(onScene.seq).toBeGreaterThan(enRoute.seq);
    expect(Object.keys(onScene.statusTimes)).toEqual(
      expect.arrayContaining(['acknowledged', 'dispatched', 'en_route', 'on_scene']),
    );
  });

  it('shows both steps in the timeline and the audit log, made by the unit', async () => {
    const { incident, entries } = await timeline(followed);
    expect(incident.status).toBe('on_scene');
    const steps = entries.filter((e) => e.kind === 'change' && e.action === 'unit_report');
    const byUnit = { unitId: 'tst-u1', callSign: 'Thử tst-u1', displayName: 'Đơn vị Thử tst-u1' };
    expect(steps).toMatchObject([
      { by: byUnit, changes: [{ field: 'status', from: 'dispatched', to: 'en_route' }] },
      { by: byUnit, changes: [{ field: 'status', from: 'en_route', to: 'on_scene' }] },
    ]);
    // The dispatcher's step before them stays the dispatcher's.
    const dispatched = entries.find(
      (e) => e.kind === 'change' && e.changes.some((c) => c.field === 'status' && c.to === 'dispatched'),
    );
    expect(dispatched).toMatchObject({ by: { username: 'demo-dispatcher' } });

    const log = await audit();
    const rows = log.filter((e) => e.targetId === followed);
    expect(rows.map((e) => e.action)).toEqual(['unit_report', 'unit_report', 'assign_unit', 'update', 'acknowledge']);
    for (const row of rows.slice(0, 2))
      expect(row).toMatchObject({
        userId: null,
        username: 'unit:tst-u1',
        unit: { id: 'tst-u1', callSign: 'Thử tst-u1' },
        targetKind: 'incident',
      });
    expect(rows[0]!.after).toMatchObject({ status: 'on_scene' });
    expect(rows[2]).toMatchObject({ userId: expect.any(Number), username: 'demo-dispatcher' });
    expect(rows[2]).not.toHaveProperty('unit');
    // Complete and append-only: every row is listed, newest first, and none can be changed.
    const { rows: count } = await server.sql.query('SELECT count(*)::int AS n FROM audit_log');
    expect(log).toHaveLength(count[0].n);
    expect(log.map((e) => e.id)).toEqual([...log.map((e) => e.id)].sort((a, b) => b - a));
    await expect(
      server.sql.query("UPDATE audit_log SET username = 'someone' WHERE id = $1", [rows[0]!.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('changes nothing when the unit repeats itself or reports an earlier step', async () => {
    const before = (await timeline(followed)).incident;
    const pushes = pushedFor(followed).length;
    await publishUnit('tst-u1', { status: 'on_scene', incidentId: followed });
    await publishUnit('tst-u1', { status: 'on_scene' });
    await publishUnit('tst-u1', { status: 'en_route', incidentId: followed });
    await settled();
    const after = (await timeline(followed)).incident;
    expect(after).toMatchObject({ status: 'on_scene', version: before.version, seq: before.seq });
    expect(pushedFor(followed)).toHaveLength(pushes);
    expect(await unitSteps(followed)).toHaveLength(2);
  });

  it('leaves a resolved incident resolved, whatever its unit reports', async () => {
    const id = await postIncident('follow-resolved');
    await assign(id, 'tst-u2');
    const dispatched = await waitForPush(id, 'dispatched');
    const ack: Ack<IncidentState> = await dispatcher.emitWithAck('incidents:update', {
      id,
      version: dispatched.version,
      change: { status: 'resolved' },
    });
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    const resolved = ack.data;
    await publishUnit('tst-u2', { status: 'en_route', incidentId: id });
    await publishUnit('tst-u2', { status: 'on_scene', incidentId: id });
    await publishUnit('tst-u2', { status: 'on_scene' });
    await settled();
    expect((await timeline(id)).incident).toMatchObject({ status: 'resolved', version: resolved.version });
    expect(pushedFor(id).at(-1)).toMatchObject({ status: 'resolved', version: resolved.version });
    expect(await unitSteps(id)).toEqual([]);
  });

  it('does not take a report without an incident to an assignment hours old', async () => {
    const id = await postIncident('follow-old');
    await assign(id, 'tst-u3');
    const dispatched = await waitForPush(id, 'dispatched');
    await server.sql.query("UPDATE unit_assignments SET assigned_at = now() - interval '5 hours' WHERE unit_id = $1", [
      'tst-u3',
    ]);
    await publishUnit('tst-u3', { status: 'en_route' });
    await settled();
    expect((await timeline(id)).incident).toMatchObject({ status: 'dispatched', version: dispatched.version });
    expect(await unitSteps(id)).toEqual([]);
  });

  it('moves only the incident a unit is assigned to: a report naming another, or from a unit with no job, is counted and changes nothing', async () => {
    const mine = await postIncident('follow-mine');
    await assign(mine, 'tst-u4');
    const dispatchedMine = await waitForPush(mine, 'dispatched');
    // Another incident, dispatched by hand, that neither unit was sent to.
    const other = await postIncident('follow-other');
    let version = 1;
    for (const status of ['acknowledged', 'dispatched'] as const) {
      const ack: Ack<IncidentState> = await dispatcher.emitWithAck('incidents:update', {
        id: other,
        version: version++,
        change: { status },
      });
      if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    }
    const dispatchedOther = await waitForPush(other, 'dispatched');
    const before = { other: await ignoredReports('other_incident'), none: await ignoredReports('not_assigned') };

    await publishUnit('tst-u4', { status: 'en_route', incidentId: other });
    await publishUnit('tst-u4', { status: 'on_scene', incidentId: other });
    await publishUnit('tst-u5', { status: 'on_scene', incidentId: other });
    await settled();
    for (const [id, was] of [
      [other, dispatchedOther],
      [mine, dispatchedMine],
    ] as const) {
      expect((await timeline(id)).incident).toMatchObject({ status: 'dispatched', version: was.version });
      expect(await unitSteps(id)).toEqual([]);
    }
    expect(pushedFor(other).at(-1)).toMatchObject({ status: 'dispatched', version: dispatchedOther.version });
    expect(await ignoredReports('other_incident')).toBeGreaterThanOrEqual(before.other + 2);
    expect(await ignoredReports('not_assigned')).toBeGreaterThanOrEqual(before.none + 1);
    // The units' own reports are kept: the registry shows where they say they are.
    const res = await fetch(`${server.url}/api/v1/units`, { headers: { cookie: dispatcherCookie } });
    const listed = ((await res.json()) as UnitsList).units;
    expect(listed.find((u) => u.id === 'tst-u5')).toMatchObject({ status: 'on_scene', incidentId: other });

    // Its own incident still follows it.
    await publishUnit('tst-u4', { status: 'en_route', incidentId: mine });
    await waitForPush(mine, 'en_route');
    expect(await unitSteps(mine)).toHaveLength(1);
  });

  it('stores the report of a unit on an unknown incident like any other, and changes nothing', async () => {
    const sent = new Date().toISOString();
    await publishUnit('tst-u3', { status: 'on_scene', incidentId: 'INC-9999999', dateObserved: sent });
    await settled();
    const res = await fetch(`${server.url}/api/v1/units`, { headers: { cookie: dispatcherCookie } });
    const unit = ((await res.json()) as UnitsList).units.find((u) => u.id === 'tst-u3');
    expect(unit).toMatchObject({ status: 'on_scene', observedAt: sent });
    const { rows } = await server.sql.query("SELECT * FROM quarantine WHERE feed = 'units'");
    expect(rows).toEqual([]);
  });
});
