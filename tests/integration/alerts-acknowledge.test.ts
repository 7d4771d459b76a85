import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deviceExamples,
  deviceTopic,
  incidentExample,
  type AlarmState,
  type AlertKind,
  type IncidentState,
  type Role,
} from '../../protocol/index.js';
import { connectConsole, connectPublisher, eventually, signIn, type ConsoleSocket } from '../helpers/clients.js';
import { connectAs, type RoleSession } from '../helpers/roles.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-test-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines', embedded: true },
];
const ALLOWED: Role[] = ['operator', 'dispatcher', 'supervisor', 'admin'];
const DENIED: Role[] = ['viewer', 'press'];
const KINDS: AlertKind[] = ['incident', 'alarm'];
const TABLE = { incident: 'incidents', alarm: 'alarms' } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(modes)('acknowledging incidents and alarms on $name', ({ embedded }) => {
  let server: TestServer;
  let pub: MqttClient;
  let watcher: ConsoleSocket;
  /** Everything the watching console received, in order. */
  const pushed: Array<IncidentState | AlarmState> = [];
  const pushedFor = (id: string) => pushed.filter((s) => s.id === id);
  const opened: ConsoleSocket[] = [];
  let place = 0;

  async function postIncident(externalId: string, near?: [number, number]): Promise<string> {
    const coordinates = near ?? [105.78 + 0.01 * place++, 21.02];
    const res = await fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ ...incidentExample, externalId, location: { type: 'Point', coordinates } }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }
  const signal = (id: string, faults: object[]) =>
    pub.publishAsync(
      deviceTopic('signals', id, server.topicRoot),
      JSON.stringify({ ...deviceExamples.signals.report, dateObserved: new Date().toISOString(), faults }),
      { qos: 1 },
    );
  async function raiseAlarm(sourceId: string): Promise<string> {
    await signal(sourceId, [{ type: 'power' }]);
    const alarm = await eventually(
      () => pushed.find((a) => 'source' in a && a.source.id === sourceId && !a.clearedAt),
      10_000,
      `an alarm for ${sourceId}`,
    );
    return alarm.id;
  }
  async function as(role: Role): Promise<RoleSession> {
    const session = await connectAs(server.url, role);
    opened.push(session.socket);
    return session;
  }
  const row = async (kind: AlertKind, id: string) =>
    (await server.sql.query(`SELECT seq, acknowledged_at, acknowledged_by FROM ${TABLE[kind]} WHERE id = $1`, [id]))
      .rows[0] as { seq: string; acknowledged_at: Date | null; acknowledged_by: string | null };
  const auditRows = async (kind: AlertKind, id: string) =>
    (await server.sql.query('SELECT * FROM audit_log WHERE target_kind = $1 AND target_id = $2', [kind, id])).rows;

  const targets: Record<AlertKind, Record<string, string>> = { incident: {}, alarm: {} };
  beforeAll(async () => {
    server = await startTestServer({
      embedded,
      overrides: { feedApiKeys: [{ agency: 'police113', key: KEY }], watchdogEveryMs: 200 },
    });
    pub = await connectPublisher(server.mqttUrl);
    ({ socket: watcher } = await connectConsole(server.url, 'demo-viewer'));
    watcher.on('incidents:updated', (f) => pushed.push(...f.items));
    watcher.on('alarms:updated', (f) => pushed.push(...f.items));
    expect((await watcher.emitWithAck('layers:subscribe', { layers: ['incidents', 'alarms'] })).ok).toBe(true);
    for (const role of [...ALLOWED, ...DENIED]) {
      targets.incident[role] = await postIncident(`ack-${role}`);
      targets.alarm[role] = await raiseAlarm(`sig-ack-${role}`);
    }
  });
  afterAll(async () => {
    for (const s of [watcher, ...opened]) s?.disconnect();
    await pub?.endAsync();
    await server?.close();
  });

  it.each(ALLOWED)('lets the %s acknowledge both kinds: stored, pushed to other consoles, audited', async (role) => {
    const { socket, user } = await as(role);
    for (const kind of KINDS) {
      const id = targets[kind][role]!;
      const ack = await socket.emitWithAck('alerts:acknowledge', { kind, id });
      if (!ack.ok) throw new Error(`${kind}: ${ack.error.code}`);
      expect(ack.data).toMatchObject({ id, acknowledgedBy: user.displayName });
      expect(ack.data.acknowledgedAt).not.toBeNull();
      if (kind === 'incident') expect(ack.data).toMatchObject({ status: 'acknowledged' });

      const seen = await eventually(() => pushedFor(id).find((s) => s.acknowledgedAt), 5_000, `${kind} pushed`);
      expect(seen).toEqual(ack.data);
      const stored = await row(kind, id);
      expect(Number(stored.acknowledged_by)).toBe(user.id);
      expect(Number(stored.seq)).toBe(ack.data.seq);

      const audit = await auditRows(kind, id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ user_id: String(user.id), username: `demo-${role}`, action: 'acknowledge' });
      expect(audit[0].before).toMatchObject({ id, acknowledgedAt: null, acknowledgedBy: null });
      expect(audit[0].after).toMatchObject({ id, acknowledgedAt: ack.data.acknowledgedAt, seq: ack.data.seq });
    }
  });

  it.each(DENIED)('refuses the %s: forbidden, nothing stored, audited or pushed', async (role) => {
    const { socket } = await as(role);
    for (const kind of KINDS) {
      const id = targets[kind][role]!;
      const before = await row(kind, id);
      const framesBefore = pushedFor(id).length;
      const ack = await socket.emitWithAck('alerts:acknowledge', { kind, id });
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await sleep(400); // eight frame ticks
      expect(pushedFor(id)).toHaveLength(framesBefore);
      expect(await row(kind, id)).toEqual(before);
      expect(before.acknowledged_at).toBeNull();
      expect(await auditRows(kind, id)).toHaveLength(0);
    }
  });

  it('keeps the first acknowledgement: a second one answers ok and changes nothing', async () => {
    const { socket } = await as('supervisor');
    for (const kind of KINDS) {
      const id = targets[kind].operator!;
      const first = await row(kind, id);
      const framesBefore = pushedFor(id).length;
      const ack = await socket.emitWithAck('alerts:acknowledge', { kind, id });
      if (!ack.ok) throw new Error(ack.error.code);
      expect(ack.data.acknowledgedBy).toBe('Trực ban (demo)');
      expect(ack.data.seq).toBe(Number(first.seq));
      await sleep(300);
      expect(await row(kind, id)).toEqual(first);
      expect(pushedFor(id)).toHaveLength(framesBefore);
      expect(await auditRows(kind, id)).toHaveLength(1);
    }
  });

  it('answers not_found for an unknown id and invalid_request for an unknown kind', async () => {
    const { socket } = await as('operator');
    expect(await socket.emitWithAck('alerts:acknowledge', { kind: 'incident', id: 'INC-9999999' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await socket.emitWithAck('alerts:acknowledge', { kind: 'alarm', id: 'ALM-nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const bad = await socket.emitWithAck('alerts:acknowledge', { kind: 'unit', id: 'x' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('replays an acknowledgement to a console that resumes, and keeps it in the snapshot', async () => {
    const incident = await postIncident('ack-resume');
    const alarm = await raiseAlarm('sig-ack-resume');
    const { socket } = await as('dispatcher');
    const snap = await socket.emitWithAck('layers:subscribe', { layers: ['incidents', 'alarms'] });
    if (!snap.ok) throw new Error(snap.error.code);
    for (const [kind, id] of [
      ['incident', incident],
      ['alarm', alarm],
    ] as const)
      expect((await socket.emitWithAck('alerts:acknowledge', { kind, id })).ok).toBe(true);

    const resumed = await socket.emitWithAck('session:resume', {
      since: snap.data.head,
      layers: ['incidents', 'alarms'],
    });
    if (!resumed.ok) throw new Error(resumed.error.code);
    const events = resumed.data.events;
    expect(events.find((e) => e.feed === 'incidents' && e.data.id === incident)).toMatchObject({
      feed: 'incidents',
      data: { status: 'acknowledged', acknowledgedBy: 'Điều phối viên (demo)' },
    });
    expect(events.find((e) => e.feed === 'alarms' && e.data.id === alarm)).toMatchObject({
      feed: 'alarms',
      data: { acknowledgedBy: 'Điều phối viên (demo)' },
    });

    const again = await socket.emitWithAck('layers:subscribe', { layers: ['incidents', 'alarms'] });
    if (!again.ok) throw new Error(again.error.code);
    expect(again.data.incidents.find((i) => i.id === incident)).toMatchObject({ status: 'acknowledged' });
    expect(again.data.alarms.find((a) => a.id === alarm)?.acknowledgedAt).not.toBeNull();
  });

  it('still links a duplicate report to an acknowledged incident', async () => {
    const original = targets.incident.operator!;
    const { rows } = await server.sql.query('SELECT lon, lat FROM incidents WHERE id = $1', [original]);
    const duplicate = await postIncident('ack-duplicate', [Number(rows[0].lon) + 0.0005, Number(rows[0].lat)]);
    const { rows: dup } = await server.sql.query('SELECT duplicate_of, status FROM incidents WHERE id = $1', [
      duplicate,
    ]);
    expect(dup[0]).toEqual({ duplicate_of: original, status: 'new' });
  });

  it('keeps who acknowledged an alarm when the sweep clears it', async () => {
    const id = await raiseAlarm('sig-ack-clear');
    const { socket } = await as('admin');
    expect((await socket.emitWithAck('alerts:acknowledge', { kind: 'alarm', id })).ok).toBe(true);
    await signal('sig-ack-clear', []);
    const cleared = await eventually(
      () => pushedFor(id).find((a) => 'clearedAt' in a && a.clearedAt),
      10_000,
      'the alarm cleared',
    );
    expect(cleared).toMatchObject({ acknowledgedBy: 'Quản trị (demo)' });
    expect(cleared.acknowledgedAt).not.toBeNull();
  });

  it('shows the audit log to supervisors and administrators only, newest first and paged', async () => {
    const get = async (query: string, role?: Role) =>
      fetch(`${server.url}/api/v1/audit${query}`, {
        headers: role ? { cookie: await signIn(server.url, `demo-${role}`) } : {},
      });
    expect((await get('')).status).toBe(401);
    for (const role of ['viewer', 'operator', 'dispatcher', 'press'] as const)
      expect((await get('', role)).status, role).toBe(403);
    for (const role of ['supervisor', 'admin'] as const) {
      const res = await get('', role);
      expect(res.status, role).toBe(200);
      const { entries } = (await res.json()) as { entries: Array<{ id: number; targetId: string; username: string }> };
      expect(entries.length).toBeGreaterThanOrEqual(2 * ALLOWED.length);
      expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => b - a));
      expect(entries.find((e) => e.targetId === targets.incident.operator)).toMatchObject({
        username: 'demo-operator',
        action: 'acknowledge',
        targetKind: 'incident',
      });
    }
    const first = (await (await get('?limit=1', 'admin')).json()) as { entries: Array<{ id: number }> };
    expect(first.entries).toHaveLength(1);
    const older = (await (await get(`?before=${first.entries[0]!.id}`, 'admin')).json()) as {
      entries: Array<{ id: number }>;
    };
    expect(older.entries.every((e) => e.id < first.entries[0]!.id)).toBe(true);
    expect((await get('?limit=0', 'admin')).status).toBe(400);
  });

  it('refuses to change or delete an audit row', async () => {
    await expect(server.sql.query("UPDATE audit_log SET username = 'someone-else'")).rejects.toThrow(/append-only/);
    await expect(server.sql.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});
