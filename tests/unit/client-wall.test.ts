import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleSocket } from '../../client/src/realtime/socket.js';
import { useWallConnectionStore } from '../../client/src/wall/wall-connection.store.js';
import { wallOptions } from '../../client/src/wall/wall-cycle.js';
import { backlogSummary, incidentSummary, roadsByName, trafficSummary } from '../../client/src/wall/wall-figures.js';
import { useWallStore } from '../../client/src/wall/wall.store.js';
import {
  fail,
  ok,
  type Ack,
  type CrimeDistrictTotal,
  type DistrictBacklog,
  type TrafficState,
  type WallIncident,
  type WallSnapshot,
} from '../../protocol/index.js';

const incident = (id: string, over: Partial<WallIncident> = {}): WallIncident => ({
  seq: 1,
  id,
  category: 'traffic',
  subCategory: null,
  severity: 'medium',
  status: 'new',
  position: [105.85, 21.03],
  districtCode: '001',
  dateIssued: '2026-11-27T08:00:00.000Z',
  duplicateOf: null,
  ...over,
});
const detector = (id: string, segmentId: string | null, speed: number | null, seq = 1): TrafficState => ({
  seq,
  detectorId: id,
  segmentId,
  observedAt: `2026-11-27T08:00:0${seq}.000Z`,
  intensity: null,
  speed,
  occupancy: null,
  position: [105.85, 21.03],
});
const district = (code: string, received: number, online: number, overdue: number): DistrictBacklog => ({
  districtCode: code,
  received,
  inProgress: 0,
  resolved: received,
  overdue,
  submittedOnline: online,
  onlineShare: received > 0 ? online / received : null,
});
const crime = (code: string, total: number): CrimeDistrictTotal => ({
  districtCode: code,
  total,
  byCategory: { theft: total },
});
const snapshot = (over: Partial<WallSnapshot> = {}): WallSnapshot => ({
  traffic: [],
  incidents: [],
  crime: [],
  backlog: [],
  ...over,
});

describe('the press wall figures', () => {
  it('counts open incidents by category and severity, a repeated report once', () => {
    const s = incidentSummary([
      incident('a', { category: 'fire', severity: 'critical' }),
      incident('b', { category: 'fire', severity: 'low' }),
      incident('c', { category: 'fire', severity: 'critical', duplicateOf: 'a' }),
      incident('d', { category: 'health', severity: 'high' }),
      incident('e', { category: 'health', severity: 'high' }),
      incident('f', { category: 'security', severity: 'critical' }),
    ]);
    expect(s.total).toBe(5);
    expect(s.bySeverity).toEqual({ informational: 0, low: 1, medium: 0, high: 2, critical: 2 });
    // The most first; between equals, the worst first.
    expect(s.rows.map((r) => [r.category, r.total])).toEqual([
      ['fire', 2],
      ['health', 2],
      ['security', 1],
    ]);
  });

  it('sums the city backlog and names the districts under the 70% target, the most overdue first', () => {
    const s = backlogSummary([district('001', 100, 80, 2), district('002', 100, 50, 9), district('003', 0, 0, 0)]);
    expect(s).toMatchObject({ received: 200, submittedOnline: 130, overdue: 11, onlineShare: 0.65 });
    expect([s.districts, s.belowTarget]).toEqual([2, 1]);
    expect(s.ranked.map((d) => d.districtCode)).toEqual(['002', '001', '003']);
  });

  it('ranks roads by the mean speed of their detectors, one road for corridors of the same name', () => {
    const s = trafficSummary([
      detector('d1', 'ring2:0', 10),
      detector('d2', 'ring2:1', 20),
      detector('d3', 'ring2_elevated:0', 60),
      detector('d4', 'kim_ma:0', 12),
      detector('d5', null, 50),
      detector('d6', 'kim_ma:1', null),
    ]);
    expect([s.detectors, s.congested, s.meanSpeed]).toEqual([5, 2, 30.4]);
    expect(s.corridors.map((c) => [c.corridorId, c.speed])).toEqual([
      ['kim_ma', 12],
      ['ring2', 15],
      ['ring2_elevated', 60],
    ]);
    const roads = roadsByName(s.corridors, (c) => (c.corridorId.startsWith('ring2') ? 'Vành đai 2' : 'Kim Mã'));
    expect(roads.map((r) => [r.name, r.speed, r.detectors])).toEqual([
      ['Kim Mã', 12, 1],
      ['Vành đai 2', 30, 3],
    ]);
  });

  it('reads ?cycle= and ?panel= from the address, and falls back on nonsense', () => {
    expect(wallOptions({})).toEqual({ cycleSeconds: 15, panel: 'incidents' });
    expect(wallOptions({ cycle: '3', panel: 'crime' })).toEqual({ cycleSeconds: 3, panel: 'crime' });
    expect(wallOptions({ cycle: '0' }).cycleSeconds).toBe(0);
    expect(wallOptions({ cycle: '0.1' }).cycleSeconds).toBe(1);
    expect(wallOptions({ cycle: 'soon', panel: 'secrets' })).toEqual({ cycleSeconds: 15, panel: 'incidents' });
  });
});

type Listener = (...args: unknown[]) => void;

/** A stand-in for the Socket.IO client: the test plays the server and answers `wall:subscribe`. */
class FakeSocket {
  readonly sent: string[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  private pending: Array<(ack: Ack<WallSnapshot>) => void> = [];
  connected = false;

  on(event: string, fn: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
    return this;
  }
  off(event: string, fn: Listener): this {
    this.listeners.get(event)?.delete(fn);
    return this;
  }
  connect(): this {
    return this;
  }
  disconnect(): this {
    if (this.connected) this.drop('io client disconnect');
    return this;
  }
  timeout(_ms: number) {
    return {
      emitWithAck: (event: string) => {
        this.sent.push(event);
        return new Promise<Ack<WallSnapshot>>((resolve) => this.pending.push(resolve));
      },
    };
  }
  get asSocket(): ConsoleSocket {
    return this as unknown as ConsoleSocket;
  }

  up(): void {
    this.connected = true;
    this.fire('connect');
  }
  drop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
    this.pending = [];
  }
  async answer(ack: Ack<WallSnapshot>): Promise<void> {
    await settle();
    const p = this.pending.shift();
    expect(p, 'the wall should be waiting on wall:subscribe').toBeDefined();
    p!(ack);
    await settle();
  }
  fire(event: string, ...args: unknown[]): void {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('the press wall connection', () => {
  let socket: FakeSocket;
  let authRequired: string[];

  beforeEach(() => {
    setActivePinia(createPinia());
    socket = new FakeSocket();
    authRequired = [];
    useWallConnectionStore().start(socket.asSocket, { onAuthRequired: (r) => authRequired.push(r) });
  });
  afterEach(() => useWallConnectionStore().stop());

  it('subscribes on every connection and replaces what it held with the snapshot', async () => {
    const connection = useWallConnectionStore();
    const wall = useWallStore();
    expect(connection.status).toBe('connecting');
    socket.up();
    expect(connection.status).toBe('syncing');
    await socket.answer(ok(snapshot({ incidents: [incident('a'), incident('b')], crime: [crime('001', 4)] })));
    expect(connection.status).toBe('live');
    expect(wall.incidentList().map((i) => i.id)).toEqual(['a', 'b']);

    socket.drop();
    expect(connection.status).toBe('reconnecting');
    socket.up();
    await socket.answer(ok(snapshot({ incidents: [incident('b', { seq: 2 })] })));
    // No resume: the new snapshot is the whole truth (a closed incident, a district down to none).
    expect(socket.sent).toEqual(['wall:subscribe', 'wall:subscribe']);
    expect(wall.incidentList().map((i) => i.id)).toEqual(['b']);
    expect(wall.crimeTotal('001')).toBeUndefined();
    expect(connection.snapshots).toBe(2);
  });

  it('applies frames that raced the snapshot after it, and later frames merged by id', async () => {
    const wall = useWallStore();
    socket.up();
    socket.fire('wall:incidents', { items: [incident('a', { seq: 5, severity: 'critical' })] });
    socket.fire('wall:crime', { items: [crime('002', 3)] });
    await socket.answer(
      ok(
        snapshot({
          incidents: [incident('a', { seq: 4 })],
          crime: [crime('002', 2)],
          backlog: [district('001', 10, 8, 1)],
        }),
      ),
    );
    expect(wall.incidentList()).toMatchObject([{ id: 'a', seq: 5, severity: 'critical' }]);
    expect(wall.crimeTotal('002')?.total).toBe(3);

    socket.fire('wall:incidents', { items: [incident('a', { seq: 3, severity: 'low' }), incident('c', { seq: 6 })] });
    socket.fire('wall:crime', { items: [crime('002', 0)] });
    socket.fire('wall:backlog', { items: [district('001', 20, 8, 4)] });
    // An incident that is over leaves the wall (a status the lifecycle may send).
    socket.fire('wall:incidents', { items: [incident('d', { seq: 7 })] });
    socket.fire('wall:incidents', {
      items: [{ ...incident('d', { seq: 8 }), status: 'closed' as string as WallIncident['status'] }],
    });
    socket.fire('wall:traffic', { items: [detector('d1', 'ring2:0', 30, 2), detector('d1', 'ring2:0', 10, 1)] });
    expect(wall.incidentList().map((i) => [i.id, i.seq])).toEqual([
      ['a', 5],
      ['c', 6],
    ]);
    expect(wall.crimeTotal('002')).toBeUndefined();
    expect(wall.districtBacklog('001')?.overdue).toBe(4);
    expect(wall.detectors().map((d) => d.speed)).toEqual([30]);
  });

  it('asks for a new sign-in when the server refuses the session, and retries a refused subscription', async () => {
    socket.fire('connect_error', new Error('unauthenticated'));
    expect(authRequired).toEqual(['unauthenticated']);

    socket.up();
    await socket.answer(fail('forbidden', 'no'));
    expect(useWallConnectionStore().lastError).toContain('forbidden');
    expect(socket.connected).toBe(false);
  });
});
