import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  crimeExample,
  deviceExamples,
  deviceTopic,
  incidentExample,
  type LonLat,
  type Role,
  type SessionUser,
} from '../../protocol/index.js';
import { connectPublisher, TEST_PASSWORD } from '../helpers/clients.js';
import {
  connectRoles,
  demoAccount,
  mountedRoutes,
  perform,
  signInAs,
  type Call,
  type RoleSession,
  type SocketEvent,
} from '../helpers/roles.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Audit completeness: every action a signed-in user can take that changes something (REST or socket,
 * as the role matrix lists them), and every read of something sensitive, performed once, leaves at
 * least one audit row naming that user. A new route or command fails here until it is classified.
 */
const KEY = 'a-test-key-of-enough-length';
const FIRST = 'first-password-of-completeness';
const UNIT_AT: LonLat = [105.8412, 21.0245];

/** Every socket command: changes something (audited), reads, or only shows who has an incident open. */
const SOCKET_COMMANDS: Record<SocketEvent, 'audited' | 'read' | 'presence'> = {
  'layers:subscribe': 'read',
  'session:resume': 'read',
  'wall:subscribe': 'read',
  'figures:subscribe': 'read',
  'units:recommend': 'read',
  // Presence is not stored: nothing to audit (who looked at what is not recorded either).
  'incidents:watch': 'presence',
  'incidents:unwatch': 'presence',
  'alerts:acknowledge': 'audited',
  'incidents:update': 'audited',
  'units:assign': 'audited',
};
/** Reads that are audited: what they show is sensitive. */
const AUDITED_READS = ['GET /api/v1/crime/:id'];

interface Prepared {
  call: Call;
  /** Whose socket or cookie makes the call (none: the call carries its own cookie, or none). */
  caller?: RoleSession;
  /** The account the audit row must name; from the answer when it is a sign-in. */
  actor: SessionUser | ((body: unknown) => SessionUser);
}
interface Case {
  name: string;
  /** The route (`METHOD /path` as mounted) or socket command it performs. */
  covers: string;
  prepare(): Promise<Prepared>;
}

describe('audit completeness', () => {
  let server: TestServer;
  let roles: Map<Role, RoleSession>;
  let mqtt: MqttClient;
  let place = 0;
  const session = (role: Role) => roles.get(role)!;
  const admin = () => session('admin');

  async function freshIncident(tag: string): Promise<string> {
    const i = place++;
    const res = await fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({
        ...incidentExample,
        externalId: `complete-${tag}-${i}`,
        location: { type: 'Point', coordinates: [105.8 + 0.005 * (i % 12), 21.0 + 0.005 * Math.floor(i / 12)] },
      }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await admin().listener.waitFor('incidents:updated', (f) => f.items.some((s) => s.id === id));
    return id;
  }
  async function freshAlarm(): Promise<string> {
    const source = `sig-complete-${place++}`;
    await mqtt.publishAsync(
      deviceTopic('signals', source, server.topicRoot),
      JSON.stringify({
        ...deviceExamples.signals.report,
        dateObserved: new Date().toISOString(),
        faults: [{ type: 'power' }],
      }),
      { qos: 1 },
    );
    const frame = await admin().listener.waitFor('alarms:updated', (f) => f.items.some((a) => a.source.id === source));
    return frame.items.find((a) => a.source.id === source)!.id;
  }
  async function newAccount(username: string, role: Role = 'viewer'): Promise<number> {
    const res = await perform(
      server.url,
      {
        rest: 'POST',
        path: '/api/v1/users',
        body: { username, displayName: `Thử ${username}`, role, password: FIRST },
      },
      admin(),
    );
    expect(res.status).toBe(201);
    return (res.body as { user: { id: number } }).user.id;
  }
  const socket = (role: Role, event: SocketEvent, payload: unknown): Prepared => ({
    call: { socket: event, payload },
    caller: session(role),
    actor: session(role).user,
  });
  const update = async (role: Role, change: object): Promise<Prepared> =>
    socket(role, 'incidents:update', { id: await freshIncident(`update-${place}`), version: 1, change });

  const CASES: Case[] = [
    {
      name: 'signing in',
      covers: 'POST /api/v1/session',
      prepare: async () => ({
        call: {
          rest: 'POST',
          path: '/api/v1/session',
          body: { username: 'demo-viewer', password: TEST_PASSWORD },
          cookie: null,
        },
        actor: (body) => (body as { user: SessionUser }).user,
      }),
    },
    {
      name: 'signing out',
      covers: 'DELETE /api/v1/session',
      prepare: async () => {
        const { cookie, user } = await signInAs(server.url, demoAccount('viewer'));
        return { call: { rest: 'DELETE', path: '/api/v1/session', cookie }, actor: user };
      },
    },
    {
      name: 'changing their own password',
      covers: 'POST /api/v1/session/password',
      prepare: async () => {
        await newAccount('complete-pw');
        const { cookie, user } = await signInAs(server.url, 'complete-pw', FIRST);
        const body = { currentPassword: FIRST, newPassword: 'next-password-of-completeness' };
        return { call: { rest: 'POST', path: '/api/v1/session/password', body, cookie }, actor: user };
      },
    },
    {
      name: 'making an account',
      covers: 'POST /api/v1/users',
      prepare: async () => ({
        call: {
          rest: 'POST',
          path: '/api/v1/users',
          body: { username: 'complete-new', displayName: 'Mới', role: 'viewer', password: FIRST },
        },
        caller: admin(),
        actor: admin().user,
      }),
    },
    {
      name: 'changing an account',
      covers: 'PATCH /api/v1/users/:id',
      prepare: async () => ({
        call: {
          rest: 'PATCH',
          path: `/api/v1/users/${await newAccount('complete-patch')}`,
          body: { role: 'operator' },
        },
        caller: admin(),
        actor: admin().user,
      }),
    },
    {
      name: 'writing a shift handover note',
      covers: 'POST /api/v1/handover',
      prepare: async () => ({
        call: { rest: 'POST', path: '/api/v1/handover', body: { text: 'Bàn giao: đủ' } },
        caller: session('dispatcher'),
        actor: session('dispatcher').user,
      }),
    },
    {
      name: "reading a crime report's exact place",
      covers: 'GET /api/v1/crime/:id',
      prepare: async () => {
        const res = await fetch(`${server.url}/api/v1/feeds/crime`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': KEY },
          body: JSON.stringify(crimeExample),
        });
        expect(res.status).toBe(202);
        const { id } = (await res.json()) as { id: string };
        return {
          call: { rest: 'GET', path: `/api/v1/crime/${id}` },
          caller: session('supervisor'),
          actor: session('supervisor').user,
        };
      },
    },
    {
      name: 'acknowledging an incident',
      covers: 'alerts:acknowledge',
      prepare: async () =>
        socket('operator', 'alerts:acknowledge', { kind: 'incident', id: await freshIncident('ack') }),
    },
    {
      name: 'acknowledging an alarm',
      covers: 'alerts:acknowledge',
      prepare: async () => socket('operator', 'alerts:acknowledge', { kind: 'alarm', id: await freshAlarm() }),
    },
    { name: 'adding a note', covers: 'incidents:update', prepare: () => update('operator', { note: 'Ghi chú' }) },
    {
      name: 'a lifecycle step',
      covers: 'incidents:update',
      prepare: () => update('dispatcher', { status: 'cancelled' }),
    },
    { name: 'changing the priority', covers: 'incidents:update', prepare: () => update('dispatcher', { priority: 1 }) },
    {
      name: 'sending a unit',
      covers: 'units:assign',
      prepare: async () =>
        socket('dispatcher', 'units:assign', { incidentId: await freshIncident('assign'), unitId: 'cx-assign' }),
    },
  ];

  beforeAll(async () => {
    server = await startTestServer({ overrides: { feedApiKeys: [{ agency: 'police113', key: KEY }] } });
    roles = await connectRoles(server.url, ['operator', 'dispatcher', 'supervisor', 'admin']);
    // The administrator's console hears the incidents, alarms and units the cases are made of.
    expect(
      (await admin().socket.emitWithAck('layers:subscribe', { layers: ['incidents', 'alarms', 'units'] })).ok,
    ).toBe(true);
    mqtt = await connectPublisher(server.mqttUrl);
    await mqtt.publishAsync(
      deviceTopic('units', 'cx-assign', server.topicRoot),
      JSON.stringify({
        dateObserved: new Date().toISOString(),
        location: { type: 'Point', coordinates: UNIT_AT },
        kind: 'police',
        status: 'available',
        callSign: 'Đủ cx-assign',
      }),
      { qos: 1 },
    );
    await admin().listener.waitFor('units:updated', (f) => f.items.some((u) => u.deviceId === 'cx-assign'));
  });
  afterAll(async () => {
    for (const s of roles?.values() ?? []) s.socket.disconnect();
    await mqtt?.endAsync();
    await server?.close();
  });

  it('has a case for every route and command that changes something, and every audited read', () => {
    const changing = [...mountedRoutes().filter((r) => !r.startsWith('GET ')), ...AUDITED_READS];
    const audited = Object.entries(SOCKET_COMMANDS).flatMap(([event, kind]) => (kind === 'audited' ? [event] : []));
    expect(new Set(CASES.map((c) => c.covers))).toEqual(new Set([...changing, ...audited]));
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s leaves an audit row naming the user', async (_name, c) => {
    const prepared = await c.prepare();
    const from = Number((await server.sql.query('SELECT coalesce(max(id), 0) AS n FROM audit_log')).rows[0].n);
    const answer = await perform(server.url, prepared.call, prepared.caller);
    expect(answer.ok, JSON.stringify(answer.body)).toBe(true);
    const actor = typeof prepared.actor === 'function' ? prepared.actor(answer.body) : prepared.actor;
    const { rows } = await server.sql.query('SELECT user_id, username, action FROM audit_log WHERE id > $1', [from]);
    expect(rows, c.covers).toContainEqual(
      expect.objectContaining({ user_id: String(actor.id), username: actor.username }),
    );
  });
});
