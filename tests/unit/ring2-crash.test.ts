import { describe, expect, it } from 'vitest';
import { incidentReportSchema } from '../../protocol/index.js';
import { distanceM } from '../../server/src/geo/gazetteer.js';
import { CRASH_CHAIN, CRASH_TIMING, ring2Crash } from '../../simulators/src/linked/ring2-crash.js';
import { getScenario } from '../../simulators/src/scenarios.js';
import { createTrafficModel, disruptionCap } from '../../simulators/src/traffic.sim.js';
import { createUnitsModel } from '../../simulators/src/units.sim.js';

// 10:00 on a Friday in Hanoi: traffic flows, so a crawl on Ring Road 2 is the crash's doing.
const START = new Date('2026-11-27T10:00:00+07:00');
const MIN = 60_000;
const after = (crash: Date, ms: number) => new Date(crash.getTime() + ms);

describe('the Ring Road 2 crash (linked scenario)', () => {
  const crash = ring2Crash({ seed: 2016, startAt: START });
  const traffic = createTrafficModel({ seed: 2016, disruptions: [crash.disruption] });
  const plain = createTrafficModel({ seed: 2016 });
  const speedOf = (model: typeof traffic, segmentId: string, at: Date) => {
    const i = model.detectors.findIndex((d) => d.segmentId === segmentId);
    return model.reading(i, at).reading.averageVehicleSpeed;
  };

  it('happens on Ring Road 2, two simulated minutes after the start', () => {
    expect(crash.startsAt).toEqual(after(START, CRASH_TIMING.afterStartMs));
    expect(CRASH_CHAIN.every((s) => s.startsWith('vd2_'))).toBe(true);
  });

  it('slows the crash segment to a crawl, then spreads upstream one segment at a time', () => {
    const [blocked, next, last] = CRASH_CHAIN;
    const t0 = crash.startsAt;
    // Before the crash the ring road flows.
    for (const s of CRASH_CHAIN) expect(speedOf(traffic, s, after(t0, -30_000))).toBeGreaterThan(20);
    // The blocked segment crawls at once; the queue has not reached upstream yet.
    expect(speedOf(traffic, blocked, after(t0, 30_000))).toBeLessThan(8);
    expect(speedOf(traffic, next, after(t0, 30_000))).toBeGreaterThan(20);
    // Six minutes on, the next segment is in the queue; twelve minutes on, the one after.
    expect(speedOf(traffic, next, after(t0, CRASH_TIMING.spreadEveryMs + 30_000))).toBeLessThan(15);
    expect(speedOf(traffic, last, after(t0, CRASH_TIMING.spreadEveryMs + 30_000))).toBeGreaterThan(20);
    expect(speedOf(traffic, last, after(t0, 2 * CRASH_TIMING.spreadEveryMs + 30_000))).toBeLessThan(15);
    // Other roads do not notice.
    const elsewhere = traffic.detectors.find((d) => !d.corridorId.startsWith('vd2'))!;
    const at = after(t0, 10 * MIN);
    expect(traffic.reading(elsewhere.id, at)).toEqual(plain.reading(elsewhere.id, at));
  });

  it('clears after 40 minutes and recovers over 15, the head of the queue first', () => {
    const d = crash.disruption;
    const clears = d.clearsAt.getTime();
    expect(clears - crash.startsAt.getTime()).toBe(CRASH_TIMING.clearsAfterMs);
    expect(disruptionCap(d, 0, clears - 1)).toBeLessThan(0.2);
    const midway = clears + CRASH_TIMING.recoveryMs / 2;
    expect(disruptionCap(d, 0, midway)).toBeGreaterThan(disruptionCap(d, 2, midway));
    for (let p = 0; p < CRASH_CHAIN.length; p++)
      expect(disruptionCap(d, p, clears + 2 * CRASH_TIMING.recoveryMs)).toBe(1);
    for (const s of CRASH_CHAIN)
      expect(speedOf(traffic, s, new Date(clears + 2 * CRASH_TIMING.recoveryMs))).toBeGreaterThan(20);
  });

  it('has hotline calls that follow the crash: valid reports at the crash, then from the queue', () => {
    expect(crash.calls.length).toBeGreaterThanOrEqual(5);
    for (const c of crash.calls) {
      const parsed = incidentReportSchema.safeParse(c.report);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(Date.parse(c.at)).toBeGreaterThan(crash.startsAt.getTime());
      expect(c.report.description).toBe(c.report.description.normalize('NFC'));
    }
    const [first, ambulance, second] = crash.calls;
    expect(first!.report).toMatchObject({ alertSource: '113', category: 'traffic', subCategory: 'carAccident' });
    expect(ambulance!.report).toMatchObject({ alertSource: '115', category: 'health' });
    // The second 113 call is about the same crash: same kind, within 300 m and 30 minutes.
    expect(second!.report.category).toBe(first!.report.category);
    const d = distanceM(
      first!.report.location!.coordinates as [number, number],
      second!.report.location!.coordinates as [number, number],
    );
    expect(d).toBeGreaterThan(50);
    expect(d).toBeLessThan(300);
    // Windows cut anywhere give the same calls once each.
    const cuts = [START, after(START, 3 * MIN), after(START, 11 * MIN), after(START, 60 * MIN)];
    const pieces = cuts.slice(1).flatMap((to, i) => crash.callsIn(cuts[i]!, to));
    expect(pieces).toEqual(crash.calls);
  });

  it('sends the nearest available patrol and ambulance, which drive there and report on scene', () => {
    const units = createUnitsModel({ seed: 2016 });
    const missions = crash.dispatchUnits(units);
    expect(missions.map((m) => units.devices.find((u) => u.id === m.unitId)!.kind).sort()).toEqual([
      'ambulance',
      'police',
    ]);
    for (const m of missions) {
      const early = units.report(m.unitId, after(m.dispatchedAt, 90_000)).report;
      expect(['dispatched', 'en_route']).toContain(early.status);
      const later = units.report(m.unitId, after(m.dispatchedAt, 30 * MIN)).report;
      expect(later.status).toBe('on_scene');
      expect(distanceM(later.location.coordinates as [number, number], crash.position)).toBeLessThan(10);
    }
  });

  it('is the same for the same seed and start, and the scenario scripts its calls for the agencies', () => {
    expect(ring2Crash({ seed: 2016, startAt: START })).toMatchObject({ calls: crash.calls });
    expect(ring2Crash({ seed: 7, startAt: START }).calls).not.toEqual(crash.calls);
    const script = getScenario('ring2-crash').script!({ seed: 2016, startAt: START });
    const scripted = script(START, after(START, 60 * MIN));
    expect(scripted.map((r) => r.feed)).toEqual(crash.calls.map(() => 'incidents'));
    expect(scripted.map((r) => r.report)).toEqual(crash.calls.map((c) => c.report));
  });
});
