import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  crimeExample,
  deviceExamples,
  deviceTopic,
  incidentExample,
  priorityOfSeverity,
  type AssignResult,
  type HandoverNote,
  type LonLat,
  type Role,
  type SessionUser,
  type SetUnitStatusResult,
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
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);

/**
 * Audit completeness: every action a signed-in user can take that changes something (REST or socket,
 * as the role matrix lists them), and every read of something sensitive, performed once, leaves the
 * audit rows it should: the action's name, the user who acted, the target, and what the target was
 * before and after. A new route or command fails here until it is classified. The admin command's
 * key changes are audited too, with the shell user as actor.
 */
const KEY = 'a-test-key-of-enough-length';
const FIRST = 'first-password-of-completeness';
const UNIT_AT: LonLat = [105.8412, 21.0245];
/** Units heard on the feed before the cases run: one to send, one to recall, one to take out of service. */
const UNITS = ['cx-assign', 'cx-recall', 'cx-status'];

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
  'units:setStatus': 'audited',
};
/** Reads that are audited: what they show is sensitive. */
const AUDITED_READS = ['GET /api/v1/crime/:id'];

/** An audit row as stored. */
interface AuditRow {
  user_id: string | null;
  username: string;
  actor: string | null;
  action: string;
  target_kind: string;
  target_id: string;
  before: unknown;
  after: unknown;
}
/** What one expected row must hold: its action and target, and the fields its before and after must show. */
interface Expected {
  action: string;
  target: [kind: string, id: string];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

interface Prepared {
  call: Call;
  /** Whose socket or cookie makes the call (none: the call carries its own cookie, or none). */
  caller?: RoleSession;
  /** The account the audit rows must name; from the answer when it is a sign-in. */
  actor: SessionUser | ((body: unknown) => SessionUser);
  /** The rows the call must leave, from its answer. */
  rows(body: unknown): Expected[];
}
interface Case {
  name: string;
  /** The route (`METHOD /path` as mounted) or socket command it performs. */
  covers: string;
  prepare(): Promise<Prepared>;
}

const row = (
  action: string,
  target: Expected['target'],
  before: Expected['before'],
  after: Expected['after'],
): Expected => ({ action, target, before, after });

describe('audit completeness', () => {
  let server: TestServer;
  let roles: Map<Role, RoleSession>;
  let mqtt: MqttClient;
  let place = 0;
  const session = (role: Role) => roles.get(role)!;
  const admin = () => session('admin');
  const priority = priorityOfSeverity(incidentExample.severity);

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
  const socket = (role: Role, event: SocketEvent, payload: unknown, rows: Prepared['rows']): Prepared => ({
    call: { socket: event, payload },
    caller: session(role),
    actor: session(role).user,
    rows,
  });
  /** An `incidents:update` of a fresh incident (version 1), expected as one row of `action`. */
  const update = async (
    role: Role,
    change: object,
    action: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): Promise<Prepared> => {
    const id = await freshIncident(`update-${place}`);
    return socket(role, 'incidents:update', { id, version: 1, change }, () => [
      row(action, ['incident', id], before, after),
    ]);
  };
  const account = (username: string) => ['user', username] as Expected['target'];

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
        rows: () => [row('sign_in', account('demo-viewer'), null, { client: expect.any(String) })],
      }),
    },
    {
      name: 'signing out',
      covers: 'DELETE /api/v1/session',
      prepare: async () => {
        const { cookie, user } = await signInAs(server.url, demoAccount('viewer'));
        return {
          call: { rest: 'DELETE', path: '/api/v1/session', cookie },
          actor: user,
          rows: () => [row('sign_out', account('demo-viewer'), null, null)],
        };
      },
    },
    {
      name: 'changing their own password',
      covers: 'POST /api/v1/session/password',
      prepare: async () => {
        await newAccount('complete-pw');
        const { cookie, user } = await signInAs(server.url, 'complete-pw', FIRST);
        const body = { currentPassword: FIRST, newPassword: 'next-password-of-completeness' };
        return {
          call: { rest: 'POST', path: '/api/v1/session/password', body, cookie },
          actor: user,
          rows: () => [row('change_password', account('complete-pw'), null, { password: 'changed' })],
        };
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
        rows: () => [
          row('create_user', account('complete-new'), null, {
            username: 'complete-new',
            displayName: 'Mới',
            role: 'viewer',
            disabled: false,
            mustChangePassword: true,
          }),
        ],
      }),
    },
    {
      name: "changing an account's role",
      covers: 'PATCH /api/v1/users/:id',
      prepare: async () => ({
        call: {
          rest: 'PATCH',
          path: `/api/v1/users/${await newAccount('complete-patch')}`,
          body: { role: 'operator' },
        },
        caller: admin(),
        actor: admin().user,
        rows: () => [
          row('update_user', account('complete-patch'), { role: 'viewer' }, { role: 'operator', disabled: false }),
        ],
      }),
    },
    {
      name: 'disabling an account',
      covers: 'PATCH /api/v1/users/:id',
      prepare: async () => ({
        call: {
          rest: 'PATCH',
          path: `/api/v1/users/${await newAccount('complete-disable')}`,
          body: { disabled: true },
        },
        caller: admin(),
        actor: admin().user,
        rows: () => [row('update_user', account('complete-disable'), { disabled: false }, { disabled: true })],
      }),
    },
    {
      name: 'writing a shift handover note',
      covers: 'POST /api/v1/handover',
      prepare: async () => ({
        call: { rest: 'POST', path: '/api/v1/handover', body: { text: 'Bàn giao: đủ' } },
        caller: session('dispatcher'),
        actor: session('dispatcher').user,
        rows: (body) => {
          const { note } = body as { note: HandoverNote };
          return [row('create', ['handover', String(note.id)], null, { text: 'Bàn giao: đủ', id: note.id })];
        },
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
          rows: () => [row('view_exact', ['crime', id], null, null)],
        };
      },
    },
    {
      name: 'acknowledging an incident',
      covers: 'alerts:acknowledge',
      prepare: async () => {
        const id = await freshIncident('ack');
        return socket('operator', 'alerts:acknowledge', { kind: 'incident', id }, () => [
          row(
            'acknowledge',
            ['incident', id],
            { status: 'new', acknowledgedAt: null },
            { status: 'acknowledged', acknowledgedBy: session('operator').user.displayName },
          ),
        ]);
      },
    },
    {
      name: 'acknowledging an alarm',
      covers: 'alerts:acknowledge',
      prepare: async () => {
        const id = await freshAlarm();
        return socket('operator', 'alerts:acknowledge', { kind: 'alarm', id }, () => [
          row(
            'acknowledge',
            ['alarm', id],
            { acknowledgedAt: null },
            { acknowledgedAt: expect.any(String), acknowledgedBy: session('operator').user.displayName },
          ),
        ]);
      },
    },
    {
      name: 'adding a note',
      covers: 'incidents:update',
      prepare: () => update('operator', { note: 'Ghi chú' }, 'note', { noteCount: 0 }, { noteCount: 1 }),
    },
    {
      name: 'a lifecycle step',
      covers: 'incidents:update',
      prepare: () =>
        update('dispatcher', { status: 'cancelled' }, 'update', { status: 'new' }, { status: 'cancelled' }),
    },
    {
      name: 'changing the priority',
      covers: 'incidents:update',
      prepare: () => update('dispatcher', { priority: 1 }, 'update', { priority }, { priority: 1 }),
    },
    {
      name: 'changing the category',
      covers: 'incidents:update',
      prepare: () =>
        update('dispatcher', { category: 'fire' }, 'update', { category: 'traffic' }, { category: 'fire' }),
    },
    {
      name: 'marking a duplicate',
      covers: 'incidents:update',
      prepare: async () => {
        const primary = await freshIncident('primary');
        return update(
          'dispatcher',
          { status: 'duplicate', duplicateOf: primary },
          'update',
          { status: 'new', duplicateOf: null },
          { status: 'duplicate', duplicateOf: primary },
        );
      },
    },
    {
      name: 'sending a unit',
      covers: 'units:assign',
      prepare: async () => {
        const id = await freshIncident('assign');
        return socket('dispatcher', 'units:assign', { incidentId: id, unitId: 'cx-assign' }, (body) => [
          row('acknowledge', ['incident', id], { status: 'new' }, { status: 'acknowledged' }),
          row('update', ['incident', id], { status: 'acknowledged' }, { status: 'dispatched' }),
          row(
            'assign_unit',
            ['incident', id],
            { unitId: 'cx-assign', unitStatus: 'available', incidentStatus: 'new' },
            {
              unitId: 'cx-assign',
              commandId: (body as AssignResult).command.commandId,
              etaSeconds: (body as AssignResult).etaSeconds,
              incidentStatus: 'dispatched',
            },
          ),
        ]);
      },
    },
    {
      name: 'resolving an incident, which recalls its unit',
      covers: 'incidents:update',
      prepare: async () => {
        const id = await freshIncident('recall');
        const sent = await session('supervisor').socket.emitWithAck('units:assign', {
          incidentId: id,
          unitId: 'cx-recall',
        });
        expect(sent.ok).toBe(true);
        return socket('dispatcher', 'incidents:update', { id, version: 3, change: { status: 'resolved' } }, () => [
          row('update', ['incident', id], { status: 'dispatched' }, { status: 'resolved' }),
          row(
            'recall_unit',
            ['incident', id],
            { unitId: 'cx-recall', released: false },
            { unitId: 'cx-recall', released: true, incidentStatus: 'resolved', commandId: expect.any(String) },
          ),
        ]);
      },
    },
    {
      name: 'taking a unit out of service',
      covers: 'units:setStatus',
      prepare: async () =>
        socket('dispatcher', 'units:setStatus', { unitId: 'cx-status', status: 'out_of_service' }, (body) => [
          row(
            'set_unit_status',
            ['unit', 'cx-status'],
            { status: 'available' },
            { status: 'out_of_service', commandId: (body as SetUnitStatusResult).command.commandId },
          ),
        ]),
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
    for (const unit of UNITS) {
      await mqtt.publishAsync(
        deviceTopic('units', unit, server.topicRoot),
        JSON.stringify({
          dateObserved: new Date().toISOString(),
          location: { type: 'Point', coordinates: UNIT_AT },
          kind: 'police',
          status: 'available',
          callSign: `Đủ ${unit}`,
        }),
        { qos: 1 },
      );
      await admin().listener.waitFor('units:updated', (f) => f.items.some((u) => u.deviceId === unit));
    }
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

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s leaves its audit rows: the action, the user, the target before and after',
    async (_name, c) => {
      const prepared = await c.prepare();
      const from = Number((await server.sql.query('SELECT coalesce(max(id), 0) AS n FROM audit_log')).rows[0].n);
      const answer = await perform(server.url, prepared.call, prepared.caller);
      expect(answer.ok, JSON.stringify(answer.body)).toBe(true);
      const actor = typeof prepared.actor === 'function' ? prepared.actor(answer.body) : prepared.actor;
      const { rows } = await server.sql.query<AuditRow>(
        `SELECT user_id, username, actor, action, target_kind, target_id, before, after
         FROM audit_log WHERE id > $1 ORDER BY id`,
        [from],
      );
      for (const expected of prepared.rows(answer.body))
        expect(rows, `${c.covers}: ${expected.action}`).toContainEqual({
          user_id: String(actor.id),
          username: actor.username,
          actor: null,
          action: expected.action,
          target_kind: expected.target[0],
          target_id: expected.target[1],
          before: expected.before === null ? null : expect.objectContaining(expected.before),
          after: expected.after === null ? null : expect.objectContaining(expected.after),
        });
      // Never a password, nor its hash.
      expect(JSON.stringify(rows)).not.toMatch(/argon2|password-of-completeness|passwordHash/);
    },
  );

  it("records the admin command's key changes, with the shell user as actor and never the key", async () => {
    const embedded = !realServicesAvailable();
    const cli = async (...args: string[]) => {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: server.config.dataDir, LOG_FORMAT: 'json' };
      if (embedded) delete env.DATABASE_URL;
      else env.DATABASE_URL = server.databaseUrl;
      return (await run(process.execPath, ['--import', 'tsx', 'server/src/admin.ts', ...args], { env })).stdout;
    };
    const rowsAfter = async (from: number) =>
      (
        await server.sql.query<AuditRow>(
          `SELECT user_id, username, actor, action, target_kind, target_id, before, after
           FROM audit_log WHERE id > $1 ORDER BY id`,
          [from],
        )
      ).rows;
    const last = async () =>
      Number((await server.sql.query('SELECT coalesce(max(id), 0) AS n FROM audit_log')).rows[0].n);
    const byCli = {
      user_id: null,
      actor: 'cli',
      username: `cli:${process.env.SUDO_USER ?? userInfo().username}`,
      target_kind: 'agency',
      target_id: 'complete113',
    };

    const beforeAdd = await last();
    const out = await cli('keys', 'add', 'complete113', '--label', 'Tổng đài thử');
    const key = /^(hnk_\S+)$/m.exec(out)![1]!;
    const added = await rowsAfter(beforeAdd);
    expect(added).toEqual([
      {
        ...byCli,
        action: 'create_api_key',
        before: null,
        after: { keyId: expect.any(Number), label: 'Tổng đài thử' },
      },
    ]);
    expect(JSON.stringify(added)).not.toContain(key);

    const beforeRevoke = await last();
    await cli('keys', 'revoke', 'complete113');
    expect(await rowsAfter(beforeRevoke)).toEqual([
      { ...byCli, action: 'revoke_api_keys', before: { activeKeys: 1 }, after: { activeKeys: 0 } },
    ]);
    // Listing changes nothing and is not recorded.
    const beforeList = await last();
    await cli('keys', 'list');
    expect(await rowsAfter(beforeList)).toEqual([]);
  }, 60_000);
});
