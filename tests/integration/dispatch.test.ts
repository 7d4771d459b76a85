import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deviceTopic,
  incidentExample,
  trafficTopic,
  unitCommandSchema,
  type Ack,
  type AssignResult,
  type IncidentState,
  type IncidentTimeline,
  type LonLat,
  type Recommendation,
  type Role,
  type SetUnitStatusResult,
  type UnitCommand,
  type UnitReport,
  type UnitsList,
} from '../../protocol/index.js';
import { distanceM, segment } from '../../server/src/geo/gazetteer.js';
import { startSimulators, type RunningSimulators } from '../../simulators/src/runner.js';
import {
  connectConsole,
  connectPublisher,
  eventually,
  openSocket,
  signIn,
  type ConsoleSocket,
} from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-test-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines', embedded: true },
];
const ALLOWED: Role[] = ['dispatcher', 'supervisor', 'admin'];
const DENIED: Role[] = ['viewer', 'operator', 'press'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lerp = (a: LonLat, b: LonLat, f: number): LonLat => [
  Math.round((a[0] + (b[0] - a[0]) * f) * 1e6) / 1e6,
  Math.round((a[1] + (b[1] - a[1]) * f) * 1e6) / 1e6,
];

// An incident in the middle of Trường Chinh (Ring Road 2). Patrol A is on Ring Road 2 to the east,
// B on it to the west, a little further; C is nearest in a straight line but has no road to the
// incident except round by Ring Road 3 and Nguyễn Trãi.
const TRUONG_CHINH = segment('vd2_south_west:2')!;
const INCIDENT_AT = lerp(TRUONG_CHINH.from, TRUONG_CHINH.to, 0.5);
const EAST = segment('vd2_south_west:1')!;
const WEST = segment('vd2_south_west:3')!;
const PATROLS: Record<string, LonLat> = {
  'tst-a': lerp(EAST.from, EAST.to, 0.5),
  'tst-b': lerp(WEST.from, WEST.to, 0.6),
  'tst-c': [105.825, 20.985],
};

/** Metres from p to the nearest point of a polyline (flat, fine at city scale). */
function offPolyline(p: LonLat, line: LonLat[]): number {
  const kx = Math.cos((p[1] * Math.PI) / 180) * 111_195;
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const [a, b] = [line[i]!, line[i + 1]!];
    const [bx, by, px, py] = [(b[0] - a[0]) * kx, (b[1] - a[1]) * 111_195, (p[0] - a[0]) * kx, (p[1] - a[1]) * 111_195];
    const len2 = bx * bx + by * by;
    const t = len2 > 0 ? Math.min(1, Math.max(0, (px * bx + py * by) / len2)) : 0;
    best = Math.min(best, Math.hypot(px - t * bx, py - t * by));
  }
  return best;
}

describe.each(modes)('dispatching units on $name', ({ embedded }) => {
  let server: TestServer;
  let pub: MqttClient;
  let watcher: MqttClient;
  let dispatcher: ConsoleSocket;
  let supervisor: ConsoleSocket;
  let dispatcherCookie: string;
  let incidentId: string;
  /** Every command seen on <root>/units/+/commands. */
  const commands: Array<{ topic: string; command: unknown }> = [];
  const opened: ConsoleSocket[] = [];
  let sims: RunningSimulators | undefined;

  const publishUnit = (id: string, at: LonLat, report: Partial<UnitReport> = {}) =>
    pub.publishAsync(
      deviceTopic('units', id, server.topicRoot),
      JSON.stringify({
        dateObserved: new Date().toISOString(),
        location: { type: 'Point', coordinates: at },
        kind: 'police',
        status: 'available',
        callSign: `Thử ${id}`,
        ...report,
      }),
      { qos: 1 },
    );
  const commandsTo = (unitId: string) =>
    commands
      .filter((c) => c.topic === `${server.topicRoot}/units/${unitId}/commands`)
      .map((c) => c.command as UnitCommand);
  const assign = (incidentId: string, unitId: string, socket = dispatcher): Promise<Ack<AssignResult>> =>
    socket.emitWithAck('units:assign', { incidentId, unitId });
  /** An incident's status as the dispatcher's console would change it: at its current version. */
  async function changeStatus(id: string, status: IncidentState['status']): Promise<IncidentState> {
    const { rows } = await server.sql.query('SELECT version FROM incidents WHERE id = $1', [id]);
    const ack: Ack<IncidentState> = await dispatcher.emitWithAck('incidents:update', {
      id,
      version: rows[0].version,
      change: { status },
    });
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    return ack.data;
  }
  async function postIncident(externalId: string, at: LonLat, category = 'traffic'): Promise<string> {
    const res = await fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ ...incidentExample, externalId, category, location: { type: 'Point', coordinates: at } }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }
  const recommendations = async (id: string, query = '', cookie = dispatcherCookie) => {
    const res = await fetch(`${server.url}/api/v1/incidents/${id}/recommendations${query}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.json()) as Recommendation;
  };
  const units = async () =>
    ((await (await fetch(`${server.url}/api/v1/units`, { headers: { cookie: dispatcherCookie } })).json()) as UnitsList)
      .units;
  const ids = (r: Recommendation) => r.units.map((u) => u.unitId).filter((u) => u.startsWith('tst-'));
  const assignmentRows = async (unitId: string) =>
    (await server.sql.query('SELECT * FROM unit_assignments WHERE unit_id = $1', [unitId])).rows;
  const auditRows = async (username: string) =>
    (await server.sql.query("SELECT * FROM audit_log WHERE username = $1 AND action = 'assign_unit'", [username])).rows;

  beforeAll(async () => {
    server = await startTestServer({
      embedded,
      // Units published once stay heard from for the whole file.
      overrides: { feedApiKeys: [{ agency: 'police113', key: KEY }], watchdogGrace: 1000 },
    });
    pub = await connectPublisher(server.mqttUrl);
    watcher = await connectPublisher(server.mqttUrl);
    watcher.on('message', (topic, payload) => commands.push({ topic, command: JSON.parse(payload.toString()) }));
    await watcher.subscribeAsync(`${server.topicRoot}/units/+/commands`, { qos: 1 });
    dispatcherCookie = await signIn(server.url, 'demo-dispatcher');
    ({ socket: dispatcher } = await connectConsole(server.url, 'demo-dispatcher'));
    ({ socket: supervisor } = await connectConsole(server.url, 'demo-supervisor'));
    incidentId = await postIncident('dispatch-1', INCIDENT_AT);
    for (const [id, at] of Object.entries(PATROLS)) await publishUnit(id, at);
    await publishUnit('tst-off', lerp(TRUONG_CHINH.from, TRUONG_CHINH.to, 0.45), { status: 'out_of_service' });
    await publishUnit('tst-amb', lerp(WEST.from, WEST.to, 0.2), { kind: 'ambulance' });
    for (const role of [...ALLOWED, ...DENIED]) await publishUnit(`tst-role-${role}`, lerp(EAST.from, EAST.to, 0.3));
    await eventually(async () => (await units()).filter((u) => u.id.startsWith('tst-')).length === 11, 10_000, 'units');
  });
  afterAll(async () => {
    await sims?.stop();
    for (const s of [dispatcher, supervisor, ...opened]) s?.disconnect();
    await pub?.endAsync();
    await watcher?.endAsync();
    await server?.close();
  });

  it('lists the registry: the simulated fleet with stations, and units heard on the feed', async () => {
    const list = await units();
    const amb = list.find((u) => u.id === 'amb-01')!;
    expect(amb).toMatchObject({ kind: 'ambulance', callSign: 'Cấp cứu 01', status: null, position: null });
    expect(amb.station).toMatchObject({ kind: 'hospital' });
    expect(list.filter((u) => u.station?.kind === 'police')).toHaveLength(30);
    expect(list.filter((u) => u.kind === 'fire')).toHaveLength(10);
    expect(list.find((u) => u.id === 'tst-a')).toMatchObject({
      status: 'available',
      station: null,
      position: PATROLS['tst-a'],
    });
    const res = await fetch(`${server.url}/api/v1/units`, {
      headers: { cookie: await signIn(server.url, 'demo-press') },
    });
    expect(res.status).toBe(403);
  });

  it('recommends the available patrols ranked by travel time on the roads, each with its route and why', async () => {
    const rec = await recommendations(incidentId, '?kind=police&limit=20');
    expect(rec).toMatchObject({ incidentId, target: INCIDENT_AT, kinds: ['police'] });
    expect(ids(rec).filter((u) => !u.startsWith('tst-role'))).toEqual(['tst-a', 'tst-b', 'tst-c']);
    const [a, b, c] = ['tst-a', 'tst-b', 'tst-c'].map((u) => rec.units.find((r) => r.unitId === u)!);
    expect(a!.etaSeconds).toBeLessThan(b!.etaSeconds);
    expect(b!.etaSeconds).toBeLessThan(c!.etaSeconds);
    // C is the nearest as the crow flies, and says so.
    expect(c!.straightLineM).toBeLessThan(a!.straightLineM);
    expect(c!.straightLineRank).toBeLessThan(c!.rank);
    expect(c!.explanation).toContain('theo đường chim bay');
    expect(c!.route.segmentIds).toContain('vd3:7');
    for (const u of [a!, b!, c!]) {
      expect(u.distanceM).toBeGreaterThanOrEqual(u.straightLineM);
      expect(u.route.coordinates[0]).toEqual(PATROLS[u.unitId]);
      expect(u.route.coordinates.at(-1)).toEqual(INCIDENT_AT);
      expect(u.explanation).toMatch(/^\d+ phút, \d+,\d km qua /);
      expect(u.explanationEn).toMatch(/^\d+ min, \d+\.\d km via /);
    }
    expect(a!.via).toEqual(['Vành đai 2']);
    expect(ids(rec)).not.toContain('tst-off');

    // Without a kind: what a traffic incident needs, police and an ambulance.
    const both = await recommendations(incidentId);
    expect(both.kinds).toEqual(['police', 'ambulance']);
    expect(both.units.find((u) => u.unitId === 'tst-amb')).toMatchObject({ kind: 'ambulance', rank: 1 });

    // The same over the socket, for the incident and for a point.
    const ack: Ack<Recommendation> = await dispatcher.emitWithAck('units:recommend', {
      incidentId,
      kind: 'police',
      limit: 20,
    });
    if (!ack.ok) throw new Error(ack.error.message);
    expect(ids(ack.data)).toEqual(ids(rec));
    const byPoint: Ack<Recommendation> = await dispatcher.emitWithAck('units:recommend', {
      point: INCIDENT_AT,
      kind: 'police',
      limit: 20,
    });
    if (!byPoint.ok) throw new Error(byPoint.error.message);
    expect(byPoint.data.incidentId).toBeNull();
    expect(ids(byPoint.data)).toEqual(ids(rec));
    const bad: Ack<Recommendation> = await dispatcher.emitWithAck('units:recommend', { kind: 'police' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const missing = await fetch(`${server.url}/api/v1/incidents/INC-9999999/recommendations`, {
      headers: { cookie: dispatcherCookie },
    });
    expect(missing.status).toBe(404);
  });

  it('puts the other patrol first when the road between the first and the incident jams', async () => {
    const jammed = EAST.id;
    for (const detector of ['tst-det-1', 'tst-det-2'])
      await pub.publishAsync(
        trafficTopic(detector, server.topicRoot),
        JSON.stringify({
          dateObserved: new Date().toISOString(),
          refRoadSegment: jammed,
          averageVehicleSpeed: 6,
          location: { type: 'Point', coordinates: lerp(EAST.from, EAST.to, detector.endsWith('1') ? 0.3 : 0.7) },
        }),
        { qos: 1 },
      );
    const rec = await eventually(
      async () => {
        const r = await recommendations(incidentId, '?kind=police');
        return ids(r)[0] === 'tst-b' ? r : undefined;
      },
      10_000,
      'the ranking to change',
    );
    expect(rec.segmentsWithReadings).toBeGreaterThanOrEqual(1);
    const a = rec.units.find((u) => u.unitId === 'tst-a')!;
    expect(a.congestion).toMatchObject({ segmentId: jammed, road: 'Vành đai 2', kmh: 6 });
    expect(a.explanation).toContain('ùn tắc 6 km/h trên Vành đai 2 đoạn qua');
    expect(a.rank).toBeGreaterThan(1);
    expect(rec.units.find((u) => u.unitId === 'tst-b')!.congestion).toBeNull();
  });

  it('sends the command on MQTT, records and audits it, and marks the incident dispatched', async () => {
    const ack = await assign(incidentId, 'tst-b');
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    const { command } = ack.data;
    expect(command).toMatchObject({ type: 'dispatch', incidentId, target: INCIDENT_AT, issuedBy: expect.any(String) });
    expect(unitCommandSchema.safeParse(command).success).toBe(true);
    expect(command.route[0]).toEqual(PATROLS['tst-b']);
    expect(command.route.at(-1)).toEqual(INCIDENT_AT);

    const sent = await eventually(() => commands.find((c) => c.topic === `${server.topicRoot}/units/tst-b/commands`));
    expect(sent.command).toEqual(command);
    const [row] = await assignmentRows('tst-b');
    expect(row).toMatchObject({ command_id: command.commandId, incident_id: incidentId });
    expect(row.published_at).not.toBeNull();
    expect(row.segment_ids).toContain('vd2_south_west:3');
    const [audit] = await auditRows('demo-dispatcher');
    expect(audit).toMatchObject({ target_kind: 'incident', target_id: incidentId });
    expect(audit.after).toMatchObject({ unitId: 'tst-b', commandId: command.commandId });
    const { rows } = await server.sql.query('SELECT status FROM incidents WHERE id = $1', [incidentId]);
    expect(rows[0].status).toBe('dispatched');

    // The unit shows as dispatched until its feed catches up; the command never reads as a report.
    expect((await units()).find((u) => u.id === 'tst-b')).toMatchObject({
      status: 'dispatched',
      lastAssignment: { commandId: command.commandId, incidentId },
    });
    expect(ids(await recommendations(incidentId, '?kind=police'))).not.toContain('tst-b');
    await sleep(300);
    const { rows: quarantined } = await server.sql.query("SELECT * FROM quarantine WHERE feed = 'units'");
    expect(quarantined).toEqual([]);
    const { rows: devices } = await server.sql.query("SELECT id FROM devices WHERE id LIKE '%commands%'");
    expect(devices).toEqual([]);
  });

  it('refuses a unit out of service and an unknown one, and sends nothing', async () => {
    const off = await dispatcher.emitWithAck('units:assign', { incidentId, unitId: 'tst-off' });
    expect(off).toMatchObject({ ok: false, error: { code: 'unit_unavailable' } });
    const unknown = await dispatcher.emitWithAck('units:assign', { incidentId, unitId: 'nobody' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await sleep(300);
    expect(commands.filter((c) => /tst-off|nobody/.test(c.topic))).toEqual([]);
  });

  it.each([...ALLOWED, ...DENIED])('lets only dispatchers and up assign: %s', async (role) => {
    const cookie = await signIn(server.url, `demo-${role}`);
    const socket = await openSocket(server.url, cookie);
    opened.push(socket);
    const unitId = `tst-role-${role}`;
    const ack = await socket.emitWithAck('units:assign', { incidentId, unitId });
    if (ALLOWED.includes(role)) {
      if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
      await eventually(() => commands.find((c) => c.topic.endsWith(`/${unitId}/commands`)), 5_000, 'the command');
      expect(await assignmentRows(unitId)).toHaveLength(1);
      expect((await auditRows(`demo-${role}`)).filter((r) => r.after.unitId === unitId)).toHaveLength(1);
    } else {
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await sleep(700);
      expect(commands.filter((c) => c.topic.endsWith(`/${unitId}/commands`))).toEqual([]);
      expect(await assignmentRows(unitId)).toEqual([]);
      expect(await auditRows(`demo-${role}`)).toEqual([]);
    }
  });

  it('refuses a unit already on a job elsewhere, and sends it again to its own incident', async () => {
    // tst-b has just been sent to the first incident (its feed has not caught up: pending).
    const other = await postIncident('dispatch-busy', lerp(WEST.from, WEST.to, 0.9), 'security');
    const sentBefore = commandsTo('tst-b').length;
    const busy = await assign(other, 'tst-b');
    expect(busy).toMatchObject({
      ok: false,
      error: { code: 'unit_busy', message: expect.stringContaining(incidentId) },
    });
    // A unit whose own report says it is on scene somewhere is busy too.
    await publishUnit('tst-c', PATROLS['tst-c']!, { status: 'on_scene', incidentId: 'INC-0000001' });
    await eventually(async () => (await units()).find((u) => u.id === 'tst-c')?.status === 'on_scene', 10_000, 'tst-c');
    expect(await assign(other, 'tst-c')).toMatchObject({ ok: false, error: { code: 'unit_busy' } });
    expect((await dispatcher.emitWithAck('units:setStatus', { unitId: 'tst-c', status: 'out_of_service' })).ok).toBe(
      false,
    );
    await sleep(300);
    expect(commandsTo('tst-b')).toHaveLength(sentBefore);
    expect(commandsTo('tst-c')).toEqual([]);
    expect((await server.sql.query('SELECT status FROM incidents WHERE id = $1', [other])).rows[0].status).toBe('new');
    // Again to the incident it is on: allowed (the dispatcher may resend the command).
    const again = await assign(incidentId, 'tst-b');
    if (!again.ok) throw new Error(`${again.error.code}: ${again.error.message}`);
    await eventually(() => commandsTo('tst-b').length === sentBefore + 1, 5_000, 'the command again');
    await publishUnit('tst-c', PATROLS['tst-c']!);
  });

  it('lets exactly one of two dispatchers sending the same unit at the same time have it', async () => {
    await publishUnit('tst-race', lerp(EAST.from, EAST.to, 0.6));
    await eventually(async () => (await units()).some((u) => u.id === 'tst-race'), 10_000, 'tst-race');
    const first = await postIncident('dispatch-race-1', lerp(TRUONG_CHINH.from, TRUONG_CHINH.to, 0.2), 'fire');
    const second = await postIncident('dispatch-race-2', lerp(TRUONG_CHINH.from, TRUONG_CHINH.to, 0.8), 'health');
    const acks = await Promise.all([assign(first, 'tst-race', dispatcher), assign(second, 'tst-race', supervisor)]);
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expect(acks.find((a) => !a.ok)).toMatchObject({ ok: false, error: { code: 'unit_busy' } });
    const won = acks[0]!.ok ? first : second;
    const lost = won === first ? second : first;
    await eventually(() => commandsTo('tst-race').length === 1, 5_000, 'the command');
    await sleep(300);
    expect(commandsTo('tst-race')).toMatchObject([{ type: 'dispatch', incidentId: won }]);
    expect((await assignmentRows('tst-race')).map((r) => r.incident_id)).toEqual([won]);
    const { rows } = await server.sql.query('SELECT id, status FROM incidents WHERE id = ANY($1) ORDER BY id', [
      [won, lost],
    ]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [won]: 'dispatched', [lost]: 'new' });
  });

  it('recalls every unit of an incident that is cancelled: command, released, audited; the unit is free again', async () => {
    const assigned = (
      await server.sql.query('SELECT DISTINCT unit_id FROM unit_assignments WHERE incident_id = $1', [incidentId])
    ).rows.map((r) => String(r.unit_id));
    expect(assigned).toEqual(expect.arrayContaining(['tst-b', 'tst-role-dispatcher', 'tst-role-admin']));
    const cancelled = await changeStatus(incidentId, 'cancelled');
    expect(cancelled.status).toBe('cancelled');
    for (const unitId of assigned) {
      const recall = await eventually(
        () => commandsTo(unitId).find((c) => c.type === 'recall'),
        5_000,
        `the recall of ${unitId}`,
      );
      expect(recall).toMatchObject({
        type: 'recall',
        incidentId,
        incidentStatus: 'cancelled',
        issuedBy: expect.any(String),
      });
      expect(unitCommandSchema.safeParse(recall).success).toBe(true);
    }
    const { rows } = await server.sql.query(
      'SELECT DISTINCT released_reason FROM unit_assignments WHERE incident_id = $1 AND released_at IS NOT NULL',
      [incidentId],
    );
    expect(rows).toEqual([{ released_reason: 'recalled' }]);
    const { rows: open } = await server.sql.query(
      'SELECT * FROM unit_assignments WHERE incident_id = $1 AND released_at IS NULL',
      [incidentId],
    );
    expect(open).toEqual([]);
    const { rows: audit } = await server.sql.query(
      "SELECT username, target_id, before, after FROM audit_log WHERE action = 'recall_unit' AND target_id = $1",
      [incidentId],
    );
    expect(audit.map((r) => r.after.unitId).sort()).toEqual([...assigned].sort());
    for (const row of audit)
      expect(row).toMatchObject({
        username: 'demo-dispatcher',
        before: { released: false },
        after: { released: true, incidentStatus: 'cancelled', commandId: expect.any(String) },
      });
    // No longer held by the cancelled incident: tst-b may be sent elsewhere at once.
    expect((await units()).find((u) => u.id === 'tst-b')).toMatchObject({ status: 'available' });
    const elsewhere = await postIncident('dispatch-after-recall', lerp(WEST.from, WEST.to, 0.4), 'infrastructure');
    const ack = await assign(elsewhere, 'tst-b');
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  });

  it('takes a unit out of service and back with units:setStatus, audited; refuses roles without dispatch', async () => {
    await publishUnit('tst-oos', lerp(WEST.from, WEST.to, 0.7));
    await eventually(async () => (await units()).some((u) => u.id === 'tst-oos'), 10_000, 'tst-oos');
    const ack: Ack<SetUnitStatusResult> = await dispatcher.emitWithAck('units:setStatus', {
      unitId: 'tst-oos',
      status: 'out_of_service',
    });
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    expect(ack.data.command).toMatchObject({ type: 'set_status', status: 'out_of_service' });
    const sent = await eventually(() => commandsTo('tst-oos')[0], 5_000, 'the command');
    expect(sent).toEqual(ack.data.command);
    const { rows } = await server.sql.query(
      "SELECT username, target_kind, before, after FROM audit_log WHERE action = 'set_unit_status' AND target_id = 'tst-oos'",
    );
    expect(rows).toMatchObject([
      {
        username: 'demo-dispatcher',
        target_kind: 'unit',
        before: { status: 'available' },
        after: { status: 'out_of_service' },
      },
    ]);
    const operator = await openSocket(server.url, await signIn(server.url, 'demo-operator'));
    opened.push(operator);
    const refused = await operator.emitWithAck('units:setStatus', { unitId: 'tst-oos', status: 'available' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const invalid = await dispatcher.emitWithAck('units:setStatus', { unitId: 'tst-oos', status: 'on_scene' } as never);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await sleep(300);
    expect(commandsTo('tst-oos')).toHaveLength(1);
  });

  it('has a simulated ambulance obey: dispatched, en route, on scene; recalled when resolved; out of service and back', async () => {
    const speed = 20;
    sims = await startSimulators({
      mqttUrl: server.mqttUrl,
      topicRoot: server.topicRoot,
      rate: 1,
      seed: 2016,
      scenario: 'units',
      speed,
    });
    const simulated = /^amb-\d+$/;
    // Near Bạch Mai hospital, once every simulated ambulance has reported.
    const id = await postIncident('dispatch-sim', [105.845, 21.0], 'health');
    await eventually(
      async () => (await units()).filter((u) => simulated.test(u.id) && u.status !== null).length === 20,
      15_000,
      'the simulated ambulances to report',
    );
    const choice = (await recommendations(id, '?kind=ambulance&limit=20')).units.find((u) => simulated.test(u.unitId))!;
    const states: Array<{ status: string; position: LonLat | null }> = [];
    dispatcher.on('units:updated', (f) => {
      for (const s of f.items)
        if (s.deviceId === choice.unitId) states.push({ status: s.report.status, position: s.position });
    });
    expect((await dispatcher.emitWithAck('layers:subscribe', { layers: ['units'] })).ok).toBe(true);

    const ack = await assign(id, choice.unitId);
    if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
    const { route, target } = ack.data.command;
    // A minute to turn out, then the route at 45 km/h, in simulated time.
    const arrivalMs = ((60 + choice.distanceM / 12.5) / speed) * 1000;
    await eventually(() => states.some((s) => s.status === 'dispatched'), 15_000, 'dispatched');
    const enRoute = await eventually(() => states.find((s) => s.status === 'en_route'), 15_000, 'en route');
    expect(offPolyline(enRoute.position!, route)).toBeLessThan(30);
    const onScene = await eventually(
      () => states.find((s) => s.status === 'on_scene'),
      2 * arrivalMs + 10_000,
      'on scene',
    );
    expect(onScene.position).toEqual(target);
    for (const s of states.filter((x) => x.status === 'en_route'))
      expect(offPolyline(s.position!, route)).toBeLessThan(30);
    expect(sims.stats().commands.obeyed).toBe(1);

    // The incident follows the ambulance's reports: en route, then on scene, both by the unit.
    const record = await eventually(
      async () => {
        const res = await fetch(`${server.url}/api/v1/incidents/${id}/timeline`, {
          headers: { cookie: dispatcherCookie },
        });
        const t = (await res.json()) as IncidentTimeline;
        return t.incident.status === 'on_scene' ? t : undefined;
      },
      10_000,
      'the incident on scene',
    );
    const steps = record.entries.flatMap((e) =>
      e.kind === 'change' && e.action === 'unit_report' ? [[e.by.displayName, e.changes[0]?.to]] : [],
    );
    expect(steps).toEqual([
      [`Đơn vị ${choice.callSign}`, 'en_route'],
      [`Đơn vị ${choice.callSign}`, 'on_scene'],
    ]);

    // On the job, it cannot be taken out of service.
    const busy = await dispatcher.emitWithAck('units:setStatus', { unitId: choice.unitId, status: 'out_of_service' });
    expect(busy).toMatchObject({ ok: false, error: { code: 'unit_busy' } });

    // Resolving the incident recalls the ambulance: it leaves the scene, available, back to its hospital.
    const station = choice.station!.point;
    const fromResolved = states.length;
    await changeStatus(id, 'resolved');
    const recall = await eventually(
      () => commandsTo(choice.unitId).find((c) => c.type === 'recall'),
      5_000,
      'the recall',
    );
    expect(recall).toMatchObject({ incidentId: id, incidentStatus: 'resolved' });
    await eventually(
      () => {
        const last = states.slice(fromResolved).at(-1);
        return last?.status === 'available' && distanceM(last.position!, station) < distanceM(target, station) - 100;
      },
      30_000,
      'the ambulance available, on its way back',
    );
    // Once it left, it stays off the job: no report on scene again.
    const left = states.findIndex((s, i) => i >= fromResolved && s.status === 'available');
    expect(states.slice(left).map((s) => s.status)).not.toContain('on_scene');
    await eventually(
      async () => (await units()).find((u) => u.id === choice.unitId)?.status === 'available',
      10_000,
      'the registry to show it available',
    );
    expect(sims.stats().commands.obeyed).toBe(2);

    // Out of service from the console, then back: the unit obeys and the registry follows its reports.
    const setStatus = async (status: 'out_of_service' | 'available') => {
      const ack: Ack<SetUnitStatusResult> = await dispatcher.emitWithAck('units:setStatus', {
        unitId: choice.unitId,
        status,
      });
      if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
      await eventually(
        async () => (await units()).find((u) => u.id === choice.unitId)?.status === status,
        15_000,
        `the registry to show it ${status}`,
      );
    };
    await setStatus('out_of_service');
    expect(await assign(id, choice.unitId)).toMatchObject({ ok: false });
    const another = await postIncident('dispatch-sim-2', [105.846, 21.001], 'fire');
    expect(await assign(another, choice.unitId)).toMatchObject({ ok: false, error: { code: 'unit_unavailable' } });
    await setStatus('available');
    expect(sims.stats().commands).toEqual({ obeyed: 4, refused: 0 });
  }, 180_000);
});
