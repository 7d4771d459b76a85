import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  incidentExample,
  type Ack,
  type HandoverNote,
  type IncidentPresence,
  type IncidentState,
  type IncidentTimeline,
  type Role,
} from '../../protocol/index.js';
import { eventually, openSocket, signIn, type ConsoleSocket } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-test-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines', embedded: true },
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NAMES = { dispatcher: 'Điều phối viên (demo)', operator: 'Trực ban (demo)' };

describe.each(modes)('presence, timeline and handover on $name', ({ embedded }) => {
  let server: TestServer;
  const cookies = new Map<Role, string>();
  const opened: ConsoleSocket[] = [];
  let place = 0;

  const cookieOf = async (role: Role) => {
    if (!cookies.has(role)) cookies.set(role, await signIn(server.url, `demo-${role}`));
    return cookies.get(role)!;
  };
  async function socketAs(role: Role): Promise<ConsoleSocket> {
    const socket = await openSocket(server.url, await cookieOf(role));
    opened.push(socket);
    return socket;
  }
  async function postIncident(externalId: string): Promise<string> {
    const coordinates = [105.78 + 0.004 * place++, 20.99];
    const res = await fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ ...incidentExample, externalId, location: { type: 'Point', coordinates } }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }
  const get = async (path: string, role?: Role) =>
    fetch(`${server.url}${path}`, { headers: role ? { cookie: await cookieOf(role) } : {} });
  const post = async (path: string, body: unknown, role?: Role) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(role ? { cookie: await cookieOf(role) } : {}) },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startTestServer({ embedded, overrides: { feedApiKeys: [{ agency: 'police113', key: KEY }] } });
  });
  afterAll(async () => {
    for (const s of opened) s.disconnect();
    await server?.close();
  });

  it('shows who has an incident open, per user, and forgets a console that disconnects', async () => {
    const id = await postIncident('presence-1');
    const room = await socketAs('viewer');
    expect((await room.emitWithAck('layers:subscribe', { layers: ['incidents'] })).ok).toBe(true);
    const seen: IncidentPresence[] = [];
    room.on('incidents:presence', (p) => p.id === id && seen.push(p));
    const names = (p: IncidentPresence | undefined) => p?.users.map((u) => u.displayName);

    const dispatcher = await socketAs('dispatcher');
    const first = (await dispatcher.emitWithAck('incidents:watch', { id })) as Ack<IncidentPresence>;
    expect(first).toEqual({
      ok: true,
      data: { id, users: [{ id: expect.any(Number), displayName: NAMES.dispatcher, role: 'dispatcher' }] },
    });
    await eventually(() => seen.length === 1, 5_000, 'the first presence');

    const operator = await socketAs('operator');
    const both = (await operator.emitWithAck('incidents:watch', { id })) as Ack<IncidentPresence>;
    expect(both.ok && names(both.data)).toEqual([NAMES.dispatcher, NAMES.operator]);
    await eventually(() => seen.length === 2, 5_000, 'two users');
    expect(names(seen[1])).toEqual([NAMES.dispatcher, NAMES.operator]);

    // The same user in a second console is still one user: nothing new to push.
    const again = await socketAs('dispatcher');
    expect((await again.emitWithAck('incidents:watch', { id })).ok).toBe(true);
    await sleep(300);
    expect(seen).toHaveLength(2);

    operator.disconnect();
    await eventually(() => seen.length === 3, 5_000, 'the operator gone');
    expect(names(seen[2])).toEqual([NAMES.dispatcher]);

    again.disconnect();
    expect(await dispatcher.emitWithAck('incidents:unwatch', { id })).toEqual({ ok: true, data: { id, users: [] } });
    await eventually(() => seen.length === 4, 5_000, 'nobody');
    expect(seen[3]).toEqual({ id, users: [] });
    expect(seen).toHaveLength(4);
  });

  it('refuses the press, an unknown incident and a bad request', async () => {
    const id = await postIncident('presence-refused');
    const press = await socketAs('press');
    expect(await press.emitWithAck('incidents:watch', { id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const viewer = await socketAs('viewer');
    expect(await viewer.emitWithAck('incidents:watch', { id: 'INC-9999999' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await viewer.emitWithAck('incidents:watch', {} as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('records the incident: audited changes and status times oldest first, notes only for operators and up', async () => {
    const id = await postIncident('timeline-1');
    const dispatcher = await socketAs('dispatcher');
    const operator = await socketAs('operator');
    let version = 1;
    const change = async (socket: ConsoleSocket, c: object) => {
      const ack = (await socket.emitWithAck('incidents:update', { id, version, change: c })) as Ack<IncidentState>;
      if (!ack.ok) throw new Error(ack.error.code);
      version = ack.data.version;
    };
    await change(operator, { status: 'acknowledged' });
    await change(operator, { note: 'Người báo: hai xe máy, một người bị thương' });
    await change(dispatcher, { status: 'dispatched', priority: 1 });

    const path = `/api/v1/incidents/${id}/timeline`;
    expect((await get(path)).status).toBe(401);
    expect((await get(path, 'press')).status).toBe(403);
    expect((await get('/api/v1/incidents/INC-9999999/timeline', 'viewer')).status).toBe(404);

    const full = (await (await get(path, 'operator')).json()) as IncidentTimeline;
    expect(full.incident).toMatchObject({ id, status: 'dispatched', version: 4, noteCount: 1 });
    expect(full.entries.map((e) => e.kind)).toEqual(['reported', 'change', 'note', 'change']);
    expect(full.entries[1]).toMatchObject({
      action: 'acknowledge',
      by: { username: 'demo-operator', displayName: NAMES.operator },
      changes: [{ field: 'status', from: 'new', to: 'acknowledged' }],
    });
    expect(full.entries[1]!.at).toBe(full.incident.statusTimes.acknowledged);
    expect(full.entries[2]).toMatchObject({ text: 'Người báo: hai xe máy, một người bị thương' });
    expect(full.entries[3]).toMatchObject({
      by: { username: 'demo-dispatcher' },
      changes: [
        { field: 'status', from: 'acknowledged', to: 'dispatched' },
        { field: 'priority', from: 2, to: 1 },
      ],
    });
    const ats = full.entries.map((e) => e.at);
    expect(ats).toEqual([...ats].sort());

    const res = await get(path, 'viewer');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('hai xe máy');
    expect((JSON.parse(text) as IncidentTimeline).entries.map((e) => e.kind)).toEqual(['reported', 'change', 'change']);
  });

  it('writes handover notes for dispatchers, supervisors and administrators, audited and pushed to consoles', async () => {
    // A viewer's console (its live layers taken), the press wall, and an operator account showing
    // the wall on a screen: only the console hears the notes.
    const viewer = await socketAs('viewer');
    expect((await viewer.emitWithAck('layers:subscribe', { layers: ['incidents'] })).ok).toBe(true);
    const press = await socketAs('press');
    const wallScreen = await socketAs('operator');
    expect((await wallScreen.emitWithAck('wall:subscribe', {})).ok).toBe(true);
    const toViewer: HandoverNote[] = [];
    const toPress: HandoverNote[] = [];
    viewer.on('handover:created', (n) => toViewer.push(n));
    press.on('handover:created', (n) => toPress.push(n));
    wallScreen.on('handover:created', (n) => toPress.push(n));

    expect((await post('/api/v1/handover', { text: 'x' })).status).toBe(401);
    for (const role of ['viewer', 'operator', 'press'] as const)
      expect((await post('/api/v1/handover', { text: 'không được' }, role)).status, role).toBe(403);
    expect((await post('/api/v1/handover', { text: '   ' }, 'dispatcher')).status).toBe(400);

    const written: HandoverNote[] = [];
    for (const role of ['dispatcher', 'supervisor', 'admin'] as const) {
      const res = await post('/api/v1/handover', { text: `Ca đêm: bàn giao của ${role}` }, role);
      expect(res.status, role).toBe(201);
      const { note } = (await res.json()) as { note: HandoverNote };
      expect(note).toMatchObject({ text: `Ca đêm: bàn giao của ${role}`, author: { username: `demo-${role}` } });
      written.push(note);
    }
    await eventually(() => toViewer.length === 3, 5_000, 'the notes pushed');
    expect(toViewer).toEqual(written);
    expect(toPress).toHaveLength(0);

    expect((await get('/api/v1/handover')).status).toBe(401);
    expect((await get('/api/v1/handover', 'press')).status).toBe(403);
    const list = await get('/api/v1/handover?limit=2', 'viewer');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { notes: HandoverNote[] }).notes).toEqual([written[2], written[1]]);
    const older = (await (await get(`/api/v1/handover?before=${written[1]!.id}`, 'operator')).json()) as {
      notes: HandoverNote[];
    };
    expect(older.notes).toEqual([written[0]]);
    expect((await get('/api/v1/handover?limit=0', 'viewer')).status).toBe(400);

    const { rows } = await server.sql.query(
      "SELECT username, action, target_id, before, after FROM audit_log WHERE target_kind = 'handover' ORDER BY id",
    );
    expect(rows.map((r) => [r.username, r.action, r.target_id])).toEqual(
      written.map((n) => [n.author.username, 'create', String(n.id)]),
    );
    expect(rows[0].before).toBeNull();
    expect(rows[0].after).toEqual(written[0]);
    await expect(server.sql.query("UPDATE handover_notes SET text = 'sửa'")).rejects.toThrow(/append-only/);
    await expect(server.sql.query('DELETE FROM handover_notes')).rejects.toThrow(/append-only/);
  });
});
