import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmState, DeviceState, IncidentState, TrafficState } from '../../protocol/index.js';
import { distanceM } from '../../server/src/geo/gazetteer.js';
import { CRASH_CHAIN, ring2Crash } from '../../simulators/src/linked/ring2-crash.js';
import { connectConsole, eventually, type ConsoleSocket } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * `SIM_SCENARIO=ring2-crash`: the server's own simulators play the crash on Ring Road 2 at 60x over
 * the real broker and the HTTP feeds, and a console sees the chain of events: the road slows, the
 * congestion alarms spread upstream, the hotline calls raise an incident (and link the second call to
 * it), and the nearest units drive there.
 */
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'embedded engines', embedded: true },
];

// 10:00 on a weekday: Ring Road 2 flows until the crash.
const START = new Date('2026-11-27T10:00:00+07:00');
const SEED = 2016;
const SLOW_KMH = 15;

describe.each(modes)('the linked scenario (crash on Ring Road 2) on $name', ({ embedded }) => {
  const crash = ring2Crash({ seed: SEED, startAt: START });
  const [blocked, upstream, farUpstream] = CRASH_CHAIN;
  let server: TestServer;
  let socket: ConsoleSocket;
  const traffic: TrafficState[] = [];
  const alarms: AlarmState[] = [];
  const incidents: IncidentState[] = [];
  const units: DeviceState<'units'>[] = [];

  const congestion = (segmentId: string) =>
    alarms.find((a) => a.kind === 'congestion' && a.source.id === segmentId && a.clearedAt === null);
  const nearCrash = (i: IncidentState, metres: number) =>
    i.position !== null && distanceM(i.position, crash.position) < metres;

  beforeAll(async () => {
    server = await startTestServer({
      embedded,
      simulate: true,
      overrides: {
        simScenario: 'ring2-crash',
        simStart: START,
        simSpeed: 60,
        simSeed: SEED,
        simRate: 400,
        // Congested for 3 s of server time (3 simulated minutes) raises the alarm; sweep often.
        congestionMinutes: 0.05,
        watchdogEveryMs: 250,
        ...(embedded ? {} : { feedApiKeys: [{ agency: 'hotlines', key: 'linked-scenario-test-key-0123456789' }] }),
      },
    });
    ({ socket } = await connectConsole(server.url));
    socket.on('traffic:updated', (f) => traffic.push(...f.items));
    socket.on('alarms:updated', (f) => alarms.push(...f.items));
    socket.on('incidents:updated', (f) => incidents.push(...f.items));
    socket.on('units:updated', (f) => units.push(...f.items));
    const snap = await socket.emitWithAck('layers:subscribe', {
      layers: ['traffic', 'alarms', 'incidents', 'units'],
    });
    if (!snap.ok) throw new Error(snap.error.message);
    traffic.push(...snap.data.traffic);
    alarms.push(...snap.data.alarms);
    incidents.push(...snap.data.incidents);
    units.push(...snap.data.units);
  }, 60_000);
  afterAll(async () => {
    socket?.disconnect();
    await server?.close();
  });

  it('slows the crash segment, spreads congestion upstream, raises the incident and sends units', async () => {
    // 1. The road slows: readings on the crash segment fall to a crawl from the crash on.
    const firstSlow = await eventually(
      () =>
        traffic
          .filter((t) => t.segmentId === blocked && t.speed !== null && t.speed < SLOW_KMH)
          .sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt))[0],
      60_000,
      'a slow reading on the crash segment',
    );
    expect(Date.parse(firstSlow.observedAt)).toBeGreaterThanOrEqual(crash.startsAt.getTime());
    const { rows: before } = await server.sql.query<{ speed: number }>(
      `SELECT speed FROM traffic_readings WHERE segment_id = $1 AND observed_at < $2`,
      [blocked, crash.startsAt],
    );
    expect(before.length).toBeGreaterThan(0);
    for (const r of before) expect(Number(r.speed)).toBeGreaterThan(SLOW_KMH);

    // 2. Congestion alarms: the crash segment first, then the queue reaches upstream, one by one.
    const raised = await eventually(
      () => {
        const chain = CRASH_CHAIN.map(congestion);
        return chain.every(Boolean) ? (chain as AlarmState[]) : undefined;
      },
      90_000,
      'congestion alarms on the crash segment and both upstream segments',
    );
    const [a0, a1, a2] = raised as [AlarmState, AlarmState, AlarmState];
    expect(a0.seq).toBeLessThan(a1.seq);
    expect(a1.seq).toBeLessThan(a2.seq);
    expect(a0.source).toEqual({ feed: 'traffic', id: blocked });
    expect([a1.source.id, a2.source.id]).toEqual([upstream, farUpstream]);

    // 3. Hotline calls follow: the first 113 call raises a traffic incident at the crash, after the
    //    road slowed; the second 113 call is linked to it as a duplicate; 115 reports the injured.
    // The latest state of each incident (the snapshot and a frame may both carry one).
    const latest = () => [...new Map(incidents.sort((a, b) => a.seq - b.seq).map((i) => [i.id, i])).values()];
    const crashIncidents = () =>
      latest().filter((i) => i.alertSource === '113' && i.category === 'traffic' && nearCrash(i, 300));
    const [primary, duplicate] = await eventually(
      () => (crashIncidents().length >= 2 ? crashIncidents().sort((a, b) => a.seq - b.seq) : undefined),
      60_000,
      'two 113 calls about the crash',
    );
    expect(primary).toMatchObject({ subCategory: 'carAccident', severity: 'high', duplicateOf: null });
    expect(duplicate!.duplicateOf).toBe(primary!.id);
    // The call follows the crash (the detectors report on their own period, so not necessarily after
    // the first slow reading arrived).
    expect(Date.parse(primary!.dateIssued)).toBeGreaterThan(crash.startsAt.getTime());
    expect(primary!.description).toContain('Trường Chinh');
    expect(incidents.some((i) => i.alertSource === '115' && i.category === 'health' && nearCrash(i, 50))).toBe(true);
    // Callers stuck in the queue report the jam further up the ring road.
    await eventually(
      () => incidents.some((i) => i.subCategory === 'trafficJam' && i.alertSource === '113' && !nearCrash(i, 300)),
      60_000,
      'a call from the queue',
    );

    // 4. The nearest patrol and ambulance drive there and report on scene.
    const onScene = await eventually(
      () => {
        const there = units.filter(
          (u) => u.report.status === 'on_scene' && u.position !== null && distanceM(u.position, crash.position) < 20,
        );
        const kinds = new Set(there.map((u) => u.report.kind));
        return kinds.has('police') && kinds.has('ambulance') ? there : undefined;
      },
      90_000,
      'a patrol and an ambulance on scene',
    );
    const ids = new Set(onScene.map((u) => u.deviceId));
    expect(units.some((u) => ids.has(u.deviceId) && u.report.status === 'en_route')).toBe(true);
  }, 300_000);
});
