import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  can,
  crimeExample,
  deviceExamples,
  deviceTopic,
  incidentExample,
  ROLE_PERMISSIONS,
  ROLES,
  unitCommandTopicPattern,
  type HandoverNote,
  type IncidentPresence,
  type IncidentState,
  type LonLat,
  type Role,
  type UnitCommand,
} from '../../protocol/index.js';
import { connectPublisher, eventually, openSocket, TEST_PASSWORD } from '../helpers/clients.js';
import {
  connectAs,
  connectRoles,
  demoAccount,
  expectNoBroadcast,
  mayCall,
  mountedRoutes,
  perform,
  signInAs,
  SUBJECTS,
  type Answer,
  type Call,
  type Need,
  type RoleSession,
  type SocketEvent,
  type Subject,
} from '../helpers/roles.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Every role (and a browser without a session) against every REST route and socket command a
 * signed-in user can reach. What each may do is derived from protocol/roles.ts; a refused call
 * answers 401/403 or `forbidden`, changes nothing in the database and pushes nothing to the consoles.
 */
const KEY = 'a-test-key-of-enough-length';
/** How long a refused call is watched for pushes: five frame intervals of the test server. */
const QUIET_MS = 250;
const PW_FIRST = 'first-password-of-the-matrix';
const PW_NEXT = 'next-password-of-the-matrix';
const UNIT_AT: LonLat = [105.8412, 21.0245];

/** What a refused or allowed call is checked against: the state a user would see changed. */
interface World {
  audit: number;
  incidents: unknown[];
  notes: number;
  alarms: unknown[];
  users: unknown[];
  sessions: { total: number; revoked: number };
  handover: number;
  assignments: number;
}
interface Caller {
  subject: Subject;
  /** The subject's demo account, its cookie and its console socket (none for anonymous). */
  me?: RoleSession;
}
interface Effect extends Caller {
  answer: Answer;
  call: Call;
  before: World;
  after: World;
  /** Where the observing supervisor's console and the unit command topic stood before the call. */
  heardFrom: number;
  commandsFrom: number;
}
interface Action {
  /** How it is called: `METHOD /path` as mounted, or the socket event (and what it changes). */
  name: string;
  route?: string;
  event?: SocketEvent;
  needs: Need;
  /** Changes stored state or pushes to other consoles (refused: watched for pushes). */
  mutates: boolean;
  /** A valid request, made fresh for each caller where the call changes something. */
  request(c: Caller): Promise<Call> | Call;
  /** Allowed: what a user would notice (the answer, the database, the pushes). */
  effect(e: Effect): Promise<void> | void;
}

describe('every role against every action', () => {
  let server: TestServer;
  let roles: Map<Role, RoleSession>;
  /** A supervisor's console on the incidents, alarms and units layers, the wall and the handover room. */
  let observer: RoleSession;
  let mqtt: MqttClient;
  /** Every command on the units' command topics, with the topic it came on. */
  const commands: Array<UnitCommand & { topic: string }> = [];
  const commandsTo = (unitId: string, from: number) =>
    commands.slice(from).filter((c) => c.topic.endsWith(`/${unitId}/commands`));
  /** The incident every read is made against: with a note, watched and recommended for. */
  let shared: string;
  /** A crime report, for the exact place. */
  let crime: string;
  const accounts = new Map<string, number>();
  /** What the server really answered, per `<subject> <action>`: the literal facts below read it. */
  const answered = new Map<string, 'allowed' | 'refused'>();
  let place = 0;

  const session = (role: Role) => roles.get(role)!;
  const q = async (sql: string, params: unknown[] = []) => (await server.sql.query(sql, params)).rows;
  const count = async (table: string) => Number((await q(`SELECT count(*) AS n FROM ${table}`))[0].n);
  async function world(): Promise<World> {
    const sessions = (await q('SELECT count(*) AS total, count(revoked_at) AS revoked FROM sessions'))[0];
    return {
      audit: await count('audit_log'),
      incidents: await q(
        `SELECT id, seq, version, status, priority, category, duplicate_of, note_count, acknowledged_at
         FROM incidents ORDER BY id`,
      ),
      notes: await count('incident_notes'),
      alarms: await q('SELECT id, seq, acknowledged_at, cleared_at FROM alarms ORDER BY id'),
      users: await q(
        `SELECT id, username, display_name, role, disabled, must_change_password, password_hash, updated_at
         FROM users ORDER BY id`,
      ),
      sessions: { total: Number(sessions.total), revoked: Number(sessions.revoked) },
      handover: await count('handover_notes'),
      assignments: await count('unit_assignments'),
    };
  }
  const incidentRow = (w: World, id: string) =>
    w.incidents.find((r) => (r as { id: string }).id === id) as Record<string, unknown>;

  /** A new incident on its own spot (no duplicate linking), once the observer has it. */
  async function freshIncident(tag: string): Promise<string> {
    const i = place++;
    const coordinates = [105.8 + 0.005 * (i % 12), 21.0 + 0.005 * Math.floor(i / 12)];
    const res = await fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({
        ...incidentExample,
        externalId: `matrix-${tag}-${i}`,
        dateIssued: new Date().toISOString(),
        location: { type: 'Point', coordinates },
      }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await observer.listener.waitFor('incidents:updated', (f) => f.items.some((s) => s.id === id));
    return id;
  }
  async function acknowledgedIncident(tag: string): Promise<string> {
    const id = await freshIncident(tag);
    const ack = await session('admin').socket.emitWithAck('incidents:update', {
      id,
      version: 1,
      change: { status: 'acknowledged' },
    });
    expect(ack.ok).toBe(true);
    await observer.listener.waitFor('incidents:updated', (f) => f.items.some((s) => s.id === id && s.version === 2));
    return id;
  }
  async function freshAlarm(tag: string): Promise<string> {
    const source = `sig-matrix-${tag}`;
    await mqtt.publishAsync(
      deviceTopic('signals', source, server.topicRoot),
      JSON.stringify({
        ...deviceExamples.signals.report,
        dateObserved: new Date().toISOString(),
        faults: [{ type: 'power' }],
      }),
      { qos: 1 },
    );
    const frame = await observer.listener.waitFor('alarms:updated', (f) => f.items.some((a) => a.source.id === source));
    return frame.items.find((a) => a.source.id === source)!.id;
  }
  const update = (id: string, version: number, change: object): Call => ({
    socket: 'incidents:update',
    payload: { id, version, change },
  });
  /** The incident as the answer, the database and the observer's console now have it. */
  async function changedIncident(e: Effect, id: string, expected: Partial<IncidentState>) {
    expect(e.answer.body).toMatchObject({ id, ...expected });
    expect(incidentRow(e.after, id)).toMatchObject({
      version: Number(incidentRow(e.before, id).version) + 1,
      ...(expected.status ? { status: expected.status } : {}),
    });
    expect(e.after.audit).toBeGreaterThan(e.before.audit);
    await observer.listener.waitFor(
      'incidents:updated',
      (f) => f.items.some((s) => s.id === id && Object.entries(expected).every(([k, v]) => s[k as never] === v)),
      { from: e.heardFrom },
    );
  }
  const unchanged = (e: Effect) => expect(e.after).toEqual(e.before);
  /** The incident or alarm a socket command was sent about. */
  const targetOf = (e: Effect) => (e.call as { payload: { id: string } }).payload.id;
  const get = (route: string, check: (body: unknown, c: Caller) => void, path = route): Action => ({
    name: `GET ${route}`,
    route: `GET ${route}`,
    needs: 'console.view',
    mutates: false,
    request: () => ({ rest: 'GET', path }),
    effect: (e) => check(e.answer.body, e),
  });
  const open = (route: string, check: (body: unknown) => void): Action => ({
    ...get(route, check),
    needs: 'anyone',
  });
  const subscribe = (event: SocketEvent, needs: Need, payload: unknown, check: (data: unknown) => void): Action => ({
    name: event,
    event,
    needs,
    mutates: false,
    request: () => ({ socket: event, payload }),
    effect: (e) => check(e.answer.body),
  });
  const hasUnit = (body: unknown) =>
    expect((body as { units: Array<{ unitId?: string; id?: string }> }).units.map((u) => u.unitId ?? u.id)).toContain(
      'mx-recommend',
    );

  const ACTIONS: Action[] = [
    // Accounts and the session (accounts.routes.ts).
    {
      name: 'POST /api/v1/session (sign in)',
      route: 'POST /api/v1/session',
      needs: 'anyone',
      mutates: true,
      request: (c) => ({
        rest: 'POST',
        path: '/api/v1/session',
        body: { username: demoAccount(c.subject === 'anonymous' ? 'viewer' : c.subject), password: TEST_PASSWORD },
      }),
      effect: (e) => {
        expect(e.answer.status).toBe(201);
        expect(e.answer.headers?.get('set-cookie')).toMatch(/^hanoi_session=[\w-]{40,};/);
        expect(e.after.sessions.total).toBe(e.before.sessions.total + 1);
      },
    },
    {
      name: 'GET /api/v1/session',
      route: 'GET /api/v1/session',
      needs: 'signed-in',
      mutates: false,
      request: () => ({ rest: 'GET', path: '/api/v1/session' }),
      effect: (e) =>
        expect(e.answer.body).toEqual({
          user: expect.objectContaining({ id: e.me!.user.id, permissions: ROLE_PERMISSIONS[e.me!.role] }),
        }),
    },
    {
      name: 'POST /api/v1/session/password',
      route: 'POST /api/v1/session/password',
      needs: 'signed-in',
      mutates: true,
      // Each role changes the password of an account of its own made for this (changing the demo
      // account's would end the role's console).
      request: async (c) => ({
        rest: 'POST',
        path: '/api/v1/session/password',
        body: { currentPassword: PW_FIRST, newPassword: PW_NEXT },
        cookie: c.me ? (await signInAs(server.url, `pw-${c.me.role}`, PW_FIRST)).cookie : null,
      }),
      effect: async (e) => {
        expect(e.answer.body).toMatchObject({ user: { username: `pw-${e.me!.role}` } });
        const id = accounts.get(`pw-${e.me!.role}`);
        const hash = (w: World) => (w.users as Array<{ id: string; password_hash: string }>).find((u) => +u.id === id);
        expect(hash(e.after)!.password_hash).not.toBe(hash(e.before)!.password_hash);
        await signInAs(server.url, `pw-${e.me!.role}`, PW_NEXT);
      },
    },
    {
      // Without a session there is nothing to end: 204 and the cookie cleared, for anyone.
      name: 'DELETE /api/v1/session (sign out)',
      route: 'DELETE /api/v1/session',
      needs: 'anyone',
      mutates: true,
      request: async (c) => ({
        rest: 'DELETE',
        path: '/api/v1/session',
        cookie: c.me ? (await signInAs(server.url, demoAccount(c.me.role))).cookie : null,
      }),
      effect: async (e) => {
        expect(e.answer.status).toBe(204);
        expect(e.answer.headers?.get('set-cookie')).toMatch(/^hanoi_session=;/);
        if (!e.me) return unchanged(e);
        expect(e.after.sessions.revoked).toBe(e.before.sessions.revoked + 1);
        const cookie = (e.call as { cookie: string }).cookie;
        expect((await fetch(`${server.url}/api/v1/session`, { headers: { cookie } })).status).toBe(401);
      },
    },
    {
      ...get('/api/v1/users', (body) => {
        expect((body as { users: Array<{ username: string }> }).users.map((u) => u.username)).toContain('demo-press');
        expect(JSON.stringify(body)).not.toMatch(/argon2|password_hash|passwordHash/);
      }),
      needs: 'users.manage',
    },
    {
      name: 'POST /api/v1/users',
      route: 'POST /api/v1/users',
      needs: 'users.manage',
      mutates: true,
      request: (c) => ({
        rest: 'POST',
        path: '/api/v1/users',
        body: { username: `made-by-${c.subject}`, displayName: 'Tài khoản mới', role: 'viewer', password: PW_FIRST },
      }),
      effect: (e) => {
        expect(e.answer.status).toBe(201);
        expect(e.after.users).toHaveLength(e.before.users.length + 1);
        expect(e.after.users).toContainEqual(expect.objectContaining({ username: `made-by-${e.subject}` }));
      },
    },
    {
      name: 'PATCH /api/v1/users/:id',
      route: 'PATCH /api/v1/users/:id',
      needs: 'users.manage',
      mutates: true,
      request: (c) => ({
        rest: 'PATCH',
        path: `/api/v1/users/${accounts.get(`target-${c.subject}`)}`,
        body: { displayName: `Đổi tên bởi ${c.subject}` },
      }),
      effect: (e) =>
        expect(e.after.users).toContainEqual(
          expect.objectContaining({ username: `target-${e.subject}`, display_name: `Đổi tên bởi ${e.subject}` }),
        ),
    },
    // Supervisors' and administrators' reads.
    {
      ...get('/api/v1/audit', (body) => expect((body as { entries: unknown[] }).entries.length).toBeGreaterThan(0)),
      needs: 'audit.view',
    },
    {
      ...get('/api/v1/quarantine', (body) =>
        expect(body).toContainEqual(expect.objectContaining({ feed: 'incidents' })),
      ),
      needs: 'quarantine.view',
    },
    {
      // Exact places are sensitive: every read is audited (so a refused one must leave no row).
      name: 'GET /api/v1/crime/:id',
      route: 'GET /api/v1/crime/:id',
      needs: 'crime.exact',
      mutates: true,
      request: () => ({ rest: 'GET', path: `/api/v1/crime/${crime}` }),
      effect: (e) => {
        expect(e.answer.body).toMatchObject({ id: crime, position: crimeExample.location.coordinates });
        expect(JSON.stringify(e.answer.body)).not.toContain(crimeExample.persons![0]!.phone);
        expect(e.after.audit).toBe(e.before.audit + 1);
      },
    },
    // The console's reads.
    get(
      '/api/v1/figures',
      (body) => expect(body).toMatchObject({ current: expect.any(Object) }),
      '/api/v1/figures?hours=1',
    ),
    get('/api/v1/units', hasUnit),
    {
      ...get('/api/v1/incidents/:incidentId/recommendations', hasUnit),
      request: () => ({ rest: 'GET', path: `/api/v1/incidents/${shared}/recommendations` }),
    },
    {
      // Notes are internal: in the timeline only for roles that may write them.
      ...get('/api/v1/incidents/:id/timeline', (body, c) => {
        const { incident, entries } = body as { incident: { id: string }; entries: Array<{ kind: string }> };
        expect(incident.id).toBe(shared);
        expect(entries.some((x) => x.kind === 'note')).toBe(can(c.me!.role, 'alerts.acknowledge'));
      }),
      request: () => ({ rest: 'GET', path: `/api/v1/incidents/${shared}/timeline` }),
    },
    get('/api/v1/handover', (body) => expect((body as { notes: unknown[] }).notes.length).toBeGreaterThan(0)),
    // History (modules/history): series, the state as of an instant, the events after it.
    {
      ...get('/api/v1/history/series', (body) =>
        expect(body).toMatchObject({
          kind: 'feed',
          id: 'incidents',
          source: 'raw',
          buckets: expect.arrayContaining([expect.objectContaining({ count: expect.any(Number) })]),
        }),
      ),
      request: () => ({
        rest: 'GET',
        path: `/api/v1/history/series?kind=feed&id=incidents&from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`,
      }),
    },
    {
      ...get('/api/v1/history/state', (body) =>
        expect((body as { incidents: IncidentState[] }).incidents.map((i) => i.id)).toContain(shared),
      ),
      request: () => ({ rest: 'GET', path: `/api/v1/history/state?at=${new Date().toISOString()}&layers=incidents` }),
    },
    {
      ...get('/api/v1/history/events', (body) =>
        expect((body as { events: Array<{ data: { id?: string } }> }).events.map((e) => e.data.id)).toContain(shared),
      ),
      request: () => ({
        rest: 'GET',
        path: `/api/v1/history/events?from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date().toISOString()}&layers=incidents`,
      }),
    },
    // The analysis panel (modules/analysis): the console's roles and the press; crime by category
    // only for roles with crime.points, district totals for the press.
    ...(['incidents', 'congestion', 'crime', 'backlog'] as const).map((view): Action => ({
      ...get(`/api/v1/analysis/${view}`, (body, c) => {
        expect(body).toMatchObject({ from: expect.any(String), to: expect.any(String) });
        if (view === 'incidents')
          expect((body as { districts: Array<{ total: number }> }).districts.length).toBeGreaterThan(0);
        if (view === 'crime') expect((body as { detail: boolean }).detail).toBe(can(c.me!.role, 'crime.points'));
      }),
      needs: ['console.view', 'wall.view'],
      request: () => ({
        rest: 'GET',
        path: `/api/v1/analysis/${view}?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`,
      }),
    })),
    {
      name: 'POST /api/v1/handover',
      route: 'POST /api/v1/handover',
      needs: 'incidents.dispatch',
      mutates: true,
      request: (c) => ({ rest: 'POST', path: '/api/v1/handover', body: { text: `Bàn giao ca của ${c.subject}` } }),
      effect: async (e) => {
        const { note } = e.answer.body as { note: HandoverNote };
        expect(e.answer.status).toBe(201);
        expect(e.after.handover).toBe(e.before.handover + 1);
        expect(e.after.audit).toBe(e.before.audit + 1);
        await observer.listener.waitFor('handover:created', (n) => n.id === note.id, { from: e.heardFrom });
      },
    },
    // Public: the static geography, the feed catalog for integrators, the operations endpoints.
    ...['districts', 'district-labels', 'network', 'segments', 'communes'].map((p) =>
      open(`/api/v1/geo/${p}`, (body) => expect(JSON.stringify(body).length).toBeGreaterThan(1000)),
    ),
    open('/api/v1/feeds', (body) => expect(body).toContainEqual(expect.objectContaining({ name: 'traffic' }))),
    open('/healthz', (body) => expect(body).toEqual({ status: 'ok' })),
    open('/readyz', (body) => expect(body).toMatchObject({ status: 'ready' })),
    // Deliberately open to the Prometheus scraper (README, Operations).
    open('/metrics', (body) => expect(body).toMatch(/^hanoi_/m)),

    // Socket commands.
    subscribe('layers:subscribe', 'console.view', { layers: ['incidents', 'alarms'] }, (data) =>
      expect((data as { incidents: IncidentState[] }).incidents.map((i) => i.id)).toContain(shared),
    ),
    subscribe('session:resume', 'console.view', { since: 0, layers: ['incidents'], limit: 50 }, (data) =>
      expect((data as { events: unknown[] }).events.length).toBeGreaterThan(0),
    ),
    subscribe('wall:subscribe', 'wall.view', {}, (data) =>
      expect(data).toMatchObject({ incidents: expect.any(Array) }),
    ),
    subscribe('figures:subscribe', 'console.view', { hours: 1 }, (data) =>
      expect(data).toMatchObject({ current: expect.any(Object), history: expect.any(Array) }),
    ),
    {
      name: 'alerts:acknowledge (an incident)',
      event: 'alerts:acknowledge',
      needs: 'alerts.acknowledge',
      mutates: true,
      request: async (c) => ({
        socket: 'alerts:acknowledge',
        payload: { kind: 'incident', id: await freshIncident(`ack-${c.subject}`) },
      }),
      effect: (e) =>
        changedIncident(e, targetOf(e), {
          status: 'acknowledged',
          acknowledgedBy: e.me!.user.displayName,
        }),
    },
    {
      name: 'alerts:acknowledge (an alarm)',
      event: 'alerts:acknowledge',
      needs: 'alerts.acknowledge',
      mutates: true,
      request: async (c) => ({
        socket: 'alerts:acknowledge',
        payload: { kind: 'alarm', id: await freshAlarm(c.subject) },
      }),
      effect: async (e) => {
        const id = targetOf(e);
        expect(e.answer.body).toMatchObject({ id, acknowledgedBy: e.me!.user.displayName });
        expect(e.after.alarms).toContainEqual(expect.objectContaining({ id, acknowledged_at: expect.any(Date) }));
        expect(e.after.audit).toBe(e.before.audit + 1);
        await observer.listener.waitFor(
          'alarms:updated',
          (f) => f.items.some((a) => a.id === id && a.acknowledgedAt !== null),
          { from: e.heardFrom },
        );
      },
    },
    {
      name: 'incidents:update (a note)',
      event: 'incidents:update',
      needs: 'alerts.acknowledge',
      mutates: true,
      request: async (c) => update(await freshIncident(`note-${c.subject}`), 1, { note: `Ghi chú của ${c.subject}` }),
      effect: async (e) => {
        await changedIncident(e, targetOf(e), { noteCount: 1 });
        expect(e.after.notes).toBe(e.before.notes + 1);
      },
    },
    {
      name: 'incidents:update (new → acknowledged)',
      event: 'incidents:update',
      needs: 'alerts.acknowledge',
      mutates: true,
      request: async (c) => update(await freshIncident(`step-${c.subject}`), 1, { status: 'acknowledged' }),
      effect: (e) => changedIncident(e, targetOf(e), { status: 'acknowledged' }),
    },
    {
      name: 'incidents:update (priority)',
      event: 'incidents:update',
      needs: 'incidents.dispatch',
      mutates: true,
      request: async (c) => update(await freshIncident(`priority-${c.subject}`), 1, { priority: 1 }),
      effect: (e) => changedIncident(e, targetOf(e), { priority: 1 }),
    },
    {
      name: 'incidents:update (new → cancelled)',
      event: 'incidents:update',
      needs: 'incidents.dispatch',
      mutates: true,
      request: async (c) => update(await freshIncident(`cancel-${c.subject}`), 1, { status: 'cancelled' }),
      effect: (e) => changedIncident(e, targetOf(e), { status: 'cancelled' }),
    },
    {
      name: 'incidents:update (acknowledged → dispatched)',
      event: 'incidents:update',
      needs: 'incidents.dispatch',
      mutates: true,
      request: async (c) => update(await acknowledgedIncident(`dispatch-${c.subject}`), 2, { status: 'dispatched' }),
      effect: (e) => changedIncident(e, targetOf(e), { status: 'dispatched' }),
    },
    {
      name: 'incidents:watch',
      event: 'incidents:watch',
      needs: 'console.view',
      mutates: true,
      request: () => ({ socket: 'incidents:watch', payload: { id: shared } }),
      effect: async (e) => {
        const me = e.me!.user.id;
        expect(e.answer.body).toEqual({ id: shared, users: [expect.objectContaining({ id: me })] });
        const seen = (p: IncidentPresence) => p.id === shared && p.users.some((u) => u.id === me);
        await observer.listener.waitFor('incidents:presence', seen, { from: e.heardFrom });
      },
    },
    {
      name: 'incidents:unwatch',
      event: 'incidents:unwatch',
      needs: 'console.view',
      mutates: true,
      request: () => ({ socket: 'incidents:unwatch', payload: { id: shared } }),
      effect: async (e) => {
        expect(e.answer.body).toEqual({ id: shared, users: [] });
        await observer.listener.waitFor('incidents:presence', (p) => p.id === shared && p.users.length === 0, {
          from: e.heardFrom,
        });
      },
    },
    {
      ...subscribe('units:recommend', 'console.view', {}, hasUnit),
      request: () => ({ socket: 'units:recommend', payload: { incidentId: shared } }),
    },
    {
      name: 'units:assign',
      event: 'units:assign',
      needs: 'incidents.dispatch',
      mutates: true,
      // A unit of its own per caller: a unit on a job may not be sent elsewhere.
      request: async (c) => ({
        socket: 'units:assign',
        payload: { incidentId: await freshIncident(`assign-${c.subject}`), unitId: `mx-assign-${c.subject}` },
      }),
      effect: async (e) => {
        const { incidentId } = (e.call as { payload: { incidentId: string } }).payload;
        expect(e.answer.body).toMatchObject({ unitId: `mx-assign-${e.subject}`, command: { incidentId } });
        expect(e.after.assignments).toBe(e.before.assignments + 1);
        expect(incidentRow(e.after, incidentId)).toMatchObject({ status: 'dispatched' });
        await eventually(
          () => commandsTo(`mx-assign-${e.subject}`, e.commandsFrom).some((c) => c.type === 'dispatch'),
          5_000,
          'command',
        );
        await observer.listener.waitFor(
          'incidents:updated',
          (f) => f.items.some((s) => s.id === incidentId && s.status === 'dispatched'),
          { from: e.heardFrom },
        );
      },
    },
    {
      name: 'units:setStatus',
      event: 'units:setStatus',
      needs: 'incidents.dispatch',
      mutates: true,
      request: (c) => ({
        socket: 'units:setStatus',
        payload: { unitId: `mx-status-${c.subject}`, status: 'out_of_service' },
      }),
      effect: async (e) => {
        const unitId = `mx-status-${e.subject}`;
        expect(e.answer.body).toMatchObject({ unitId, command: { type: 'set_status', status: 'out_of_service' } });
        expect(e.after.audit).toBe(e.before.audit + 1);
        await eventually(
          () => commandsTo(unitId, e.commandsFrom).some((c) => c.type === 'set_status'),
          5_000,
          'command',
        );
      },
    },
  ];

  beforeAll(async () => {
    server = await startTestServer({
      overrides: {
        feedApiKeys: [{ agency: 'police113', key: KEY }],
        // Alarms raised within a fifth of a second; units heard once stay heard; figures pushed every second.
        watchdogEveryMs: 200,
        watchdogGrace: 1000,
        figuresEveryMs: 1000,
      },
    });
    roles = await connectRoles(server.url);
    observer = await connectAs(server.url, 'supervisor');
    const sub = await observer.socket.emitWithAck('layers:subscribe', { layers: ['incidents', 'alarms', 'units'] });
    expect(sub.ok).toBe(true);
    expect((await observer.socket.emitWithAck('wall:subscribe', {})).ok).toBe(true);

    mqtt = await connectPublisher(server.mqttUrl);
    mqtt.on('message', (topic, payload) =>
      commands.push({ ...(JSON.parse(payload.toString()) as UnitCommand), topic }),
    );
    await mqtt.subscribeAsync(unitCommandTopicPattern(server.topicRoot), { qos: 1 });
    const units = ['mx-recommend', ...SUBJECTS.flatMap((s) => [`mx-assign-${s}`, `mx-status-${s}`])];
    for (const unit of units)
      await mqtt.publishAsync(
        deviceTopic('units', unit, server.topicRoot),
        JSON.stringify({
          dateObserved: new Date().toISOString(),
          location: { type: 'Point', coordinates: UNIT_AT },
          // The callers' own units are fire engines, so the police unit is the one recommended for the
          // (traffic) shared incident.
          kind: unit === 'mx-recommend' ? 'police' : 'fire',
          status: 'available',
          callSign: `Ma trận ${unit}`,
        }),
        { qos: 1 },
      );
    for (const unit of units)
      await observer.listener.waitFor('units:updated', (f) => f.items.some((u) => u.deviceId === unit));

    // The shared incident, with an operator's note; one handover note; one quarantined report.
    shared = await freshIncident('shared');
    const note = { id: shared, version: 1, change: { note: 'Nội bộ' } };
    expect((await session('operator').socket.emitWithAck('incidents:update', note)).ok).toBe(true);
    const admin = { cookie: session('admin').cookie };
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...admin },
        body: JSON.stringify(body),
      });
    expect((await post('/api/v1/handover', { text: 'Ca trước: không có gì đặc biệt' })).status).toBe(201);
    const bad = await fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ ...incidentExample, severity: 'apocalyptic' }),
    });
    expect(bad.status).toBe(400);
    const report = await fetch(`${server.url}/api/v1/feeds/crime`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(crimeExample),
    });
    expect(report.status).toBe(202);
    crime = ((await report.json()) as { id: string }).id;
    // The wall's district totals follow it (debounced): heard here, not during a refused call.
    await observer.listener.waitFor('wall:crime', (f) => f.items.length > 0);
    // Accounts of their own for each role's password change, and one per caller for an administrator's change.
    for (const [username, role] of [
      ...ROLES.map((r) => [`pw-${r}`, r] as const),
      ...SUBJECTS.map((s) => [`target-${s}`, 'viewer'] as const),
    ]) {
      const res = await post('/api/v1/users', { username, displayName: `Thử ${username}`, role, password: PW_FIRST });
      expect(res.status).toBe(201);
      accounts.set(username, ((await res.json()) as { user: { id: number } }).user.id);
    }
    await eventually(async () => (await count('quarantine')) > 0, 5_000, 'the quarantined report');
    await observer.listener.settle();
  });
  afterAll(async () => {
    for (const s of [...(roles?.values() ?? []), observer]) s?.socket.disconnect();
    await mqtt?.endAsync();
    await server?.close();
  });

  it('covers every REST route and every socket command the server has', () => {
    const socketCommands: Record<SocketEvent, true> = {
      'layers:subscribe': true,
      'session:resume': true,
      'alerts:acknowledge': true,
      'wall:subscribe': true,
      'figures:subscribe': true,
      'incidents:update': true,
      'incidents:watch': true,
      'incidents:unwatch': true,
      'units:recommend': true,
      'units:assign': true,
      'units:setStatus': true,
    };
    expect(new Set(ACTIONS.flatMap((a) => a.event ?? []))).toEqual(new Set(Object.keys(socketCommands)));
    expect(new Set(ACTIONS.flatMap((a) => a.route ?? []))).toEqual(new Set(mountedRoutes()));
  });

  /**
   * A refused socket command changes nothing (asserted below), so the incident or alarm made for it
   * serves the next refused caller as it is; an allowed one always gets a fresh one.
   */
  const spare = new Map<string, Call>();

  describe.each(SUBJECTS)('the %s', (subject) => {
    for (const action of ACTIONS) {
      const allowed = mayCall(subject, action.needs);
      it(`${action.name}: ${allowed ? 'allowed' : 'refused'} (${action.needs})`, async () => {
        const key = `${subject} ${action.name}`;
        if (subject === 'anonymous' && action.event) {
          // Without a session the socket never opens, so no command can be sent.
          await expect(openSocket(server.url)).rejects.toThrow('unauthenticated');
          answered.set(key, 'refused');
          return;
        }
        const caller: Caller = { subject, me: subject === 'anonymous' ? undefined : session(subject) };
        const call = (!allowed && spare.get(action.name)) || (await action.request(caller));
        // What earlier calls pushed has arrived before a refused call is watched for pushes.
        if (!allowed && action.mutates) await observer.listener.settle();
        const before = await world();
        const heardFrom = observer.listener.mark();
        const commandsFrom = commands.length;
        const answer = await perform(server.url, call, caller.me);
        answered.set(key, answer.ok ? 'allowed' : 'refused');
        if (allowed) {
          expect(answer.ok, JSON.stringify(answer.body)).toBe(true);
          const after = await world();
          await action.effect({ ...caller, answer, call, before, after, heardFrom, commandsFrom });
          if (!action.mutates) expect(after).toEqual(before);
          return;
        }
        if ('socket' in call) {
          expect(answer.ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
          spare.set(action.name, call);
        } else {
          const [status, code] = subject === 'anonymous' ? [401, 'unauthenticated'] : [403, 'forbidden'];
          expect(answer.status).toBe(status);
          expect(answer.headers?.get('content-type')).toMatch(/^application\/json/);
          expect(answer.body).toMatchObject({ error: { code, message: expect.any(String) } });
        }
        if (action.mutates) await expectNoBroadcast(observer.listener, heardFrom, QUIET_MS, key);
        expect(await world()).toEqual(before);
        expect(commands.slice(commandsFrom)).toEqual([]);
      });
    }
  });

  it('holds the facts the matrix must not get wrong', () => {
    const who = (name: string, outcome: 'allowed' | 'refused') =>
      SUBJECTS.filter((s) => answered.get(`${s} ${name}`) === outcome);
    expect(answered.size).toBe(SUBJECTS.length * ACTIONS.length);
    expect(who('alerts:acknowledge (an incident)', 'refused')).toContain('press');
    expect(who('alerts:acknowledge (an alarm)', 'allowed')).toEqual(['operator', 'dispatcher', 'supervisor', 'admin']);
    expect(who('units:assign', 'refused')).toEqual(['anonymous', 'viewer', 'operator', 'press']);
    expect(who('units:setStatus', 'allowed')).toEqual(['dispatcher', 'supervisor', 'admin']);
    expect(who('incidents:update (acknowledged → dispatched)', 'refused')).toContain('viewer');
    expect(who('GET /api/v1/audit', 'refused')).toEqual(['anonymous', 'viewer', 'operator', 'dispatcher', 'press']);
    for (const users of ['GET /api/v1/users', 'POST /api/v1/users', 'PATCH /api/v1/users/:id'])
      expect(who(users, 'allowed'), users).toEqual(['admin']);
    expect(who('layers:subscribe', 'allowed')).not.toContain('press');
    expect(who('wall:subscribe', 'allowed')).toContain('press');
    expect(who('GET /metrics', 'allowed')).toEqual([...SUBJECTS]);
    for (const role of ROLES) {
      expect(who(`GET /api/v1/session`, 'allowed'), role).toContain(role);
      expect(ACTIONS.filter((a) => answered.get(`${role} ${a.name}`) === 'refused').length, role).toBe(
        ACTIONS.filter((a) => !mayCall(role, a.needs)).length,
      );
    }
  });

  it('pushes the press only the wall, and every console what it subscribed to', async () => {
    const press = session('press').listener;
    const viewer = session('viewer').listener;
    const from = { press: press.mark(), viewer: viewer.mark() };
    const id = await freshIncident('leak');
    expect((await session('admin').socket.emitWithAck('incidents:watch', { id })).ok).toBe(true);
    const note = await fetch(`${server.url}/api/v1/handover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session('admin').cookie },
      body: JSON.stringify({ text: 'Ca sau: theo dõi vụ mới' }),
    });
    expect(note.status).toBe(201);
    await viewer.waitFor('incidents:updated', (f) => f.items.some((s) => s.id === id), { from: from.viewer });
    await viewer.waitFor('incidents:presence', (p) => p.id === id, { from: from.viewer });
    await viewer.waitFor('handover:created', () => true, { from: from.viewer });
    await viewer.waitFor('figures:updated', () => true, { from: from.viewer });
    await press.waitFor('wall:incidents', (f) => f.items.some((s) => s.id === id), { from: from.press });
    expect(new Set(press.heard.map((h) => h.event.split(':')[0]))).toEqual(new Set(['wall']));
  });
});
