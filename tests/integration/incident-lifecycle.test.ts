import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  conflictOf,
  incidentExample,
  ROLES,
  type Ack,
  type IncidentChange,
  type IncidentState,
  type IncidentStatus,
  type Role,
} from '../../protocol/index.js';
import { connectConsole, eventually, type ConsoleSocket } from '../helpers/clients.js';
import { connectAs } from '../helpers/roles.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-test-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines', embedded: true },
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STEPS: IncidentStatus[] = ['acknowledged', 'dispatched', 'en_route', 'on_scene', 'resolved', 'closed'];

describe.each(modes)('the incident lifecycle on $name', ({ embedded }) => {
  let server: TestServer;
  let watcher: ConsoleSocket;
  const pushed: IncidentState[] = [];
  const pushedFor = (id: string) => pushed.filter((s) => s.id === id);
  const sockets = new Map<Role, ConsoleSocket>();
  const opened: ConsoleSocket[] = [];
  let place = 0;

  async function postIncident(externalId: string, near?: [number, number]): Promise<string> {
    const coordinates = near ?? [105.75 + 0.004 * place++, 21.05];
    const res = await fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({ ...incidentExample, externalId, location: { type: 'Point', coordinates } }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }
  async function socketOf(role: Role): Promise<ConsoleSocket> {
    let s = sockets.get(role);
    if (!s) {
      ({ socket: s } = await connectAs(server.url, role));
      sockets.set(role, s);
    }
    return s;
  }
  const update = async (role: Role, id: string, version: number, change: IncidentChange) =>
    (await socketOf(role)).emitWithAck('incidents:update', { id, version, change }) as Promise<Ack<IncidentState>>;
  /** The incident as the database has it, seen through a fresh snapshot-free read. */
  const stored = async (id: string) =>
    (
      await server.sql.query(
        'SELECT seq, version, status, priority, category, duplicate_of, note_count, status_times FROM incidents WHERE id = $1',
        [id],
      )
    ).rows[0] as Record<string, unknown>;
  const versionOf = async (id: string) => Number((await stored(id)).version);
  const auditRows = async (id: string) =>
    (
      await server.sql.query("SELECT * FROM audit_log WHERE target_kind = 'incident' AND target_id = $1 ORDER BY id", [
        id,
      ])
    ).rows as Array<{ action: string; username: string; before: IncidentState; after: IncidentState }>;
  async function step(role: Role, id: string, change: IncidentChange): Promise<IncidentState> {
    const ack = await update(role, id, await versionOf(id), change);
    if (!ack.ok) throw new Error(`${JSON.stringify(change)}: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  beforeAll(async () => {
    server = await startTestServer({ embedded, overrides: { feedApiKeys: [{ agency: 'police113', key: KEY }] } });
    ({ socket: watcher } = await connectConsole(server.url, 'demo-viewer'));
    watcher.on('incidents:updated', (f) => pushed.push(...f.items));
    expect((await watcher.emitWithAck('layers:subscribe', { layers: ['incidents'] })).ok).toBe(true);
  });
  afterAll(async () => {
    for (const s of [watcher, ...sockets.values(), ...opened]) s?.disconnect();
    await server?.close();
  });

  it('takes an incident from new to closed, timing each step, versioned, audited and pushed', async () => {
    const id = await postIncident('life-1');
    const first = await eventually(() => pushedFor(id)[0], 5_000, 'the new incident pushed');
    expect(first).toMatchObject({ status: 'new', version: 1, priority: 2, statusTimes: {}, noteCount: 0 });

    let previous = first;
    for (const status of STEPS) {
      const role: Role = status === 'acknowledged' ? 'operator' : 'dispatcher';
      const ack = await update(role, id, previous.version, { status });
      if (!ack.ok) throw new Error(`${status}: ${ack.error.code} ${ack.error.message}`);
      const state = ack.data;
      expect(state).toMatchObject({ status, version: previous.version + 1 });
      expect(state.seq).toBeGreaterThan(previous.seq);
      expect(Date.parse(state.statusTimes[status as Exclude<IncidentStatus, 'new'>]!)).toBeGreaterThanOrEqual(
        Date.parse(Object.values(previous.statusTimes).sort().pop() ?? previous.receivedAt),
      );
      expect(await eventually(() => pushedFor(id).find((s) => s.version === state.version), 5_000, status)).toEqual(
        state,
      );
      previous = state;
    }
    expect(Object.keys(previous.statusTimes).sort()).toEqual([...STEPS].sort());
    expect(previous.acknowledgedAt).toBe(previous.statusTimes.acknowledged);
    expect(previous.acknowledgedBy).toBe('Trực ban (demo)');
    expect(await stored(id)).toMatchObject({ status: 'closed', version: 7, seq: String(previous.seq) });

    const audit = await auditRows(id);
    expect(audit.map((a) => [a.before.status, a.after.status])).toEqual(
      STEPS.map((s, i) => [i === 0 ? 'new' : STEPS[i - 1], s]),
    );
    expect(audit.map((a) => a.action)).toEqual(['acknowledge', 'update', 'update', 'update', 'update', 'update']);

    // Closed is the end: the console's snapshot leaves it out, and nothing but a note changes it.
    const snap = await watcher.emitWithAck('layers:subscribe', { layers: ['incidents'] });
    if (!snap.ok) throw new Error(snap.error.code);
    expect(snap.data.incidents.find((i) => i.id === id)).toBeUndefined();
    expect(await update('admin', id, 7, { status: 'on_scene' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition' },
    });
    expect(await update('admin', id, 7, { priority: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition' },
    });
    expect((await update('operator', id, 7, { note: 'Hồ sơ đã đóng' })).ok).toBe(true);
  });

  it('reopens a resolved incident, and lets a dispatcher stand units down', async () => {
    const id = await postIncident('life-reopen');
    for (const status of ['acknowledged', 'dispatched', 'acknowledged', 'dispatched', 'on_scene', 'resolved'] as const)
      await step('dispatcher', id, { status });
    const reopened = await step('supervisor', id, { status: 'on_scene' });
    expect(reopened.status).toBe('on_scene');
    expect(Date.parse(reopened.statusTimes.on_scene!)).toBeGreaterThanOrEqual(
      Date.parse(reopened.statusTimes.resolved!),
    );
    expect(await update('dispatcher', id, reopened.version, { status: 'cancelled' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition' },
    });
  });

  it('lets two dispatchers race on one version: one wins, the other gets the current state, nothing overwritten', async () => {
    const id = await postIncident('life-race');
    await step('operator', id, { status: 'acknowledged' });
    const version = await versionOf(id);
    const { socket: other } = await connectAs(server.url, 'dispatcher');
    opened.push(other);
    const mine = await socketOf('dispatcher');
    const [a, b] = (await Promise.all([
      mine.emitWithAck('incidents:update', { id, version, change: { priority: 1, note: 'ưu tiên 1' } }),
      other.emitWithAck('incidents:update', { id, version, change: { priority: 5, status: 'dispatched' } }),
    ])) as [Ack<IncidentState>, Ack<IncidentState>];
    const winner = a.ok ? a : b;
    const loser = a.ok ? b : a;
    if (!winner.ok) throw new Error(`neither won: ${JSON.stringify([a, b])}`);
    expect(loser).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(conflictOf(loser)).toEqual(winner.data);
    expect(winner.data.version).toBe(version + 1);

    const row = await stored(id);
    expect(row).toMatchObject({ version: version + 1, priority: winner.data.priority, status: winner.data.status });
    expect(await auditRows(id)).toHaveLength(2); // the acknowledgement and the winner
    await sleep(300);
    expect(pushedFor(id).filter((s) => s.version === version + 1)).toEqual([winner.data]);

    // The loser takes the current version and tries again.
    const retry = await (a.ok ? other : mine).emitWithAck('incidents:update', {
      id,
      version: winner.data.version,
      change: { priority: 3 },
    });
    expect(retry).toMatchObject({ ok: true, data: { priority: 3, version: version + 2 } });
  });

  describe('every role against incidents:update', () => {
    /** What each role may do: a note, a priority, acknowledging, dispatching. */
    const MAY: Record<Role, { note: boolean; priority: boolean; acknowledge: boolean; dispatch: boolean }> = {
      press: { note: false, priority: false, acknowledge: false, dispatch: false },
      viewer: { note: false, priority: false, acknowledge: false, dispatch: false },
      operator: { note: true, priority: false, acknowledge: true, dispatch: false },
      dispatcher: { note: true, priority: true, acknowledge: true, dispatch: true },
      supervisor: { note: true, priority: true, acknowledge: true, dispatch: true },
      admin: { note: true, priority: true, acknowledge: true, dispatch: true },
    };

    it.each(ROLES)(
      'the %s: allowed changes stored, refused ones forbidden with nothing stored, pushed or audited',
      async (role) => {
        const fresh = await postIncident(`role-${role}-new`);
        const acked = await postIncident(`role-${role}-acked`);
        await step('admin', acked, { status: 'acknowledged' });
        const attempts: Array<[keyof (typeof MAY)[Role], string, IncidentChange]> = [
          ['note', fresh, { note: `ghi chú của ${role}` }],
          ['priority', fresh, { priority: 1 }],
          ['acknowledge', fresh, { status: 'acknowledged' }],
          ['dispatch', acked, { status: 'dispatched' }],
        ];
        await eventually(() => pushedFor(acked).some((s) => s.status === 'acknowledged'), 5_000, 'acknowledged');
        for (const [what, id, change] of attempts) {
          const before = await stored(id);
          const audits = (await auditRows(id)).length;
          const frames = pushedFor(id).length;
          const ack = await update(role, id, Number(before.version), change);
          if (MAY[role][what]) {
            expect(ack, `${role} ${what}`).toMatchObject({ ok: true });
            expect(await versionOf(id)).toBe(Number(before.version) + 1);
            expect(await auditRows(id)).toHaveLength(audits + 1);
            await eventually(() => pushedFor(id).length > frames, 5_000, `${role} ${what} pushed`);
          } else {
            expect(ack, `${role} ${what}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
            await sleep(300); // six frame ticks
            expect(await stored(id)).toEqual(before);
            expect(await auditRows(id)).toHaveLength(audits);
            expect(pushedFor(id)).toHaveLength(frames);
          }
        }
      },
    );
  });

  it('marks a duplicate of a named primary, keeps automatic linking, and refuses a duplicate of a duplicate', async () => {
    const primary = await postIncident('dup-primary');
    const other = await postIncident('dup-other');
    const marked = await step('dispatcher', other, { status: 'duplicate', duplicateOf: primary });
    expect(marked).toMatchObject({ status: 'duplicate', duplicateOf: primary });
    expect(marked.statusTimes.duplicate).toBeDefined();

    const { rows } = await server.sql.query('SELECT lon, lat FROM incidents WHERE id = $1', [primary]);
    const linked = await postIncident('dup-auto', [Number(rows[0].lon) + 0.0005, Number(rows[0].lat)]);
    expect(await stored(linked)).toMatchObject({ duplicate_of: primary, status: 'new' });
    // Linked on arrival, it already names its primary.
    expect(await step('dispatcher', linked, { status: 'duplicate' })).toMatchObject({ duplicateOf: primary });

    const third = await postIncident('dup-third');
    expect(await update('dispatcher', third, 1, { status: 'duplicate', duplicateOf: other })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await update('dispatcher', third, 1, { status: 'duplicate', duplicateOf: 'INC-9999999' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await update('dispatcher', third, 1, { status: 'duplicate' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await versionOf(third)).toBe(1);

    // A report near a cancelled incident is a new incident, not its duplicate.
    await step('dispatcher', third, { status: 'cancelled' });
    // Nor is anything linked to it by hand: a duplicate names an incident still open.
    const fourth = await postIncident('dup-fourth');
    const refused = await update('dispatcher', fourth, 1, { status: 'duplicate', duplicateOf: third });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(JSON.stringify(refused)).toContain('cancelled');
    expect(await versionOf(fourth)).toBe(1);
    const { rows: at } = await server.sql.query('SELECT lon, lat FROM incidents WHERE id = $1', [third]);
    const after = await postIncident('dup-after-cancel', [Number(at[0].lon) + 0.0005, Number(at[0].lat)]);
    expect((await stored(after)).duplicate_of).toBeNull();
  });

  it('drops the sub-category when a dispatcher changes the category', async () => {
    const id = await postIncident('recategorised');
    expect((await server.sql.query('SELECT sub_category FROM incidents WHERE id = $1', [id])).rows[0]).toEqual({
      sub_category: 'carAccident',
    });
    const same = await step('dispatcher', id, { priority: 1 });
    expect(same.subCategory).toBe('carAccident');
    const changed = await step('dispatcher', id, { category: 'fire' });
    expect(changed).toMatchObject({ category: 'fire', subCategory: null });
    // And the consoles get it so.
    await vi.waitFor(() =>
      expect(pushed.filter((s) => s.id === id).at(-1)).toMatchObject({ category: 'fire', subCategory: null }),
    );
  });

  it('answers not_found, invalid_request and an unchanged ok', async () => {
    expect(await update('dispatcher', 'INC-9999999', 1, { priority: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const s = await socketOf('dispatcher');
    for (const bad of [{ id: 'INC-1', version: 1, change: {} }, { id: 'INC-1', change: { priority: 1 } }, null])
      expect(await s.emitWithAck('incidents:update', bad as never)).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    const id = await postIncident('life-noop');
    const same = await update('dispatcher', id, 1, { priority: 2, category: 'traffic' });
    expect(same).toMatchObject({ ok: true, data: { version: 1 } });
    expect(await auditRows(id)).toHaveLength(0);
  });

  it('acknowledges through alerts:acknowledge as the same lifecycle step', async () => {
    const id = await postIncident('life-alerts');
    const socket = await socketOf('operator');
    const ack = await socket.emitWithAck('alerts:acknowledge', { kind: 'incident', id });
    if (!ack.ok) throw new Error(ack.error.code);
    expect(ack.data).toMatchObject({ status: 'acknowledged', version: 2 });
    const state = ack.data as IncidentState;
    expect(state.statusTimes.acknowledged).toBe(state.acknowledgedAt);
    expect(await auditRows(id)).toHaveLength(1);
    // The lifecycle's version moved on: an edit at the old version conflicts.
    expect(conflictOf(await update('dispatcher', id, 1, { status: 'dispatched' }))).toMatchObject({ version: 2 });

    const cancelled = await postIncident('life-alerts-cancelled');
    await step('dispatcher', cancelled, { status: 'cancelled' });
    expect(await socket.emitWithAck('alerts:acknowledge', { kind: 'incident', id: cancelled })).toMatchObject({
      ok: false,
      error: { code: 'invalid_transition' },
    });
  });

  it('keeps exactly one audit row per change: versions, notes and rows add up for every incident', async () => {
    const { rows } = await server.sql.query('SELECT id, version, note_count FROM incidents');
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const audit = await auditRows(r.id);
      expect(audit, r.id).toHaveLength(Number(r.version) - 1);
      audit.forEach((a, i) => {
        expect(a.before.version, r.id).toBe(i + 1);
        expect(a.after.version, r.id).toBe(i + 2);
        expect(a.after.id).toBe(r.id);
      });
      const notes = await server.sql.query('SELECT count(*)::int AS n FROM incident_notes WHERE incident_id = $1', [
        r.id,
      ]);
      expect(notes.rows[0].n, r.id).toBe(Number(r.note_count));
    }
    await expect(server.sql.query("UPDATE incident_notes SET text = 'sửa'")).rejects.toThrow(/append-only/);
    await expect(server.sql.query('DELETE FROM incident_notes')).rejects.toThrow(/append-only/);
  });
});
