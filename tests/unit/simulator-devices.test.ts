import { describe, expect, it } from 'vitest';
import { deviceIdSchema, deviceSchemas, type DeviceFeed, type LonLat } from '../../protocol/index.js';
import { communes, corridor, distanceM, landmarks } from '../../server/src/geo/gazetteer.js';
import { createCamerasModel } from '../../simulators/src/cameras.sim.js';
import type { DeviceModel } from '../../simulators/src/device.js';
import { createNetworkModel } from '../../simulators/src/network.sim.js';
import { createSignalsModel, planAt } from '../../simulators/src/signals.sim.js';
import { createUnitsModel, type UnitsModel } from '../../simulators/src/units.sim.js';

/** A Hanoi wall-clock time on Friday 27 November 2026 (or another day). */
const hanoi = (hour: number, minute = 0, day = 27): Date => new Date(Date.UTC(2026, 10, day, hour - 7, minute));
const plus = (at: Date, seconds: number): Date => new Date(at.getTime() + seconds * 1000);

const factories: { [F in DeviceFeed]: (seed: number) => DeviceModel<F> } = {
  signals: (seed) => createSignalsModel({ seed }),
  cameras: (seed) => createCamerasModel({ seed }),
  units: (seed) => createUnitsModel({ seed }),
  network: (seed) => createNetworkModel({ seed }),
};
const feeds = Object.keys(factories) as DeviceFeed[];

/** Metres from a point to a polyline (flat projection around the point; fine within a city). */
function metresToLine(p: LonLat, line: readonly LonLat[]): number {
  const kx = 111_195 * Math.cos((p[1] * Math.PI) / 180);
  const xy = (q: LonLat) => [(q[0] - p[0]) * kx, (q[1] - p[1]) * 111_195] as const;
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = xy(line[i]!);
    const [bx, by] = xy(line[i + 1]!);
    const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * (bx - ax) + ay * (by - ay)) / len2));
    best = Math.min(best, Math.hypot(ax + t * (bx - ax), ay + t * (by - ay)));
  }
  return best;
}

describe.each(feeds)('the %s simulator', (feed) => {
  const model = factories[feed](2016);

  it('gives the same reports for the same seed and times, whatever the order they are asked in', () => {
    const again = factories[feed](2016);
    const times = [hanoi(3), hanoi(8, 5), hanoi(17, 42), new Date(Date.UTC(2027, 0, 1, 0, 0, 0, 123))];
    const forwards = times.map((at) => model.devices.map((_, i) => model.report(i, at)));
    const backwards = [...times].reverse().map((at) => again.devices.map((_, i) => again.report(i, at)));
    expect(JSON.stringify(backwards.reverse())).toBe(JSON.stringify(forwards));
    const last = model.devices.at(-1)!;
    expect(model.report(last.id, hanoi(9))).toEqual(model.report(model.devices.length - 1, hanoi(9)));
  });

  it('reports something else for another seed', () => {
    const other = factories[feed](7);
    expect(other.devices.map((d) => d.id)).toEqual(model.devices.map((d) => d.id));
    const day = Array.from({ length: 24 }, (_, h) => hanoi(h, 7));
    const all = (m: DeviceModel<DeviceFeed>) =>
      JSON.stringify(day.map((at) => m.devices.map((_, i) => m.report(i, at))));
    expect(all(other)).not.toBe(all(model));
  });

  it('has unique, topic-safe device ids', () => {
    const ids = model.devices.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(deviceIdSchema.safeParse(id).success, id).toBe(true);
  });

  it('produces reports that pass the protocol schema, through a weekday and a Sunday', () => {
    const schema = deviceSchemas[feed];
    const step = feed === 'network' ? 60 : 20; // 604 nodes: hourly is plenty
    for (const day of [27, 29]) {
      for (let minute = 0; minute < 24 * 60; minute += step) {
        model.devices.forEach((_, i) => {
          const { deviceId, report } = model.report(i, hanoi(0, minute, day));
          const parsed = schema.safeParse(JSON.parse(JSON.stringify(report)));
          if (!parsed.success) throw new Error(`${deviceId}: ${parsed.error.message}`);
        });
      }
    }
  });

  it('stamps dateObserved with the simulated time in the +07:00 offset', () => {
    const at = new Date('2026-11-27T01:15:30.250Z');
    expect(model.report(0, at).report.dateObserved).toBe('2026-11-27T08:15:30.250+07:00');
  });
});

describe('signal controllers', () => {
  const model = createSignalsModel({ seed: 2016 });

  it('stands 60 controllers sig-01..sig-60 where corridors meet, at least 200 m apart', () => {
    expect(model.devices).toHaveLength(60);
    expect(model.devices[0]!.id).toBe('sig-01');
    expect(model.devices.at(-1)!.id).toBe('sig-60');
    expect(model.devices.filter((d) => d.site !== 'vertex').length).toBeGreaterThan(30);
    for (const [i, a] of model.devices.entries())
      for (const b of model.devices.slice(i + 1)) expect(distanceM(a.position, b.position)).toBeGreaterThanOrEqual(200);
  });

  it('runs peak plans on weekday rush hours, lighter plans at the weekend and flashes at night', () => {
    expect(planAt(8, false, 150)).toMatchObject({ currentPlan: 'P3-peak-am', cycleTime: 150 });
    expect(planAt(18, false, 120)).toMatchObject({ currentPlan: 'P4-peak-pm', cycleTime: 120 });
    expect(planAt(8, true, 150).currentPlan).toBe('P2-offpeak');
    expect(planAt(2, false, 150)).toEqual({ status: 'flashing', currentPlan: 'P0-flash' });
    const night = model.devices.map((_, i) => model.report(i, hanoi(2)).report);
    expect(night.filter((r) => r.status === 'flashing').length).toBeGreaterThan(50);
  });

  it('raises faults that persist for a while and then clear', () => {
    const spells = new Map<string, number>();
    let cleared = 0;
    model.devices.forEach((d, i) => {
      let before = '';
      for (let minute = 0; minute < 2 * 24 * 60; minute += 5) {
        const faults = model.report(i, hanoi(0, minute)).report.faults;
        const now = faults.map((f) => `${f.type}@${f.since}`).join();
        for (const f of faults)
          spells.set(`${d.id}/${f.type}@${f.since}`, (spells.get(`${d.id}/${f.type}@${f.since}`) ?? 0) + 1);
        if (before && !now) cleared++;
        before = now;
      }
    });
    expect(spells.size).toBeGreaterThan(5);
    expect(cleared).toBeGreaterThan(3);
    // A fault lasts at least 10 minutes: seen in at least two 5-minute samples.
    expect([...spells.values()].filter((n) => n >= 2).length).toBeGreaterThan(spells.size * 0.8);
  });
});

describe('cameras', () => {
  const model = createCamerasModel({ seed: 2016 });

  it('puts 40 cameras on the corridors with a snapshot on an example.vn host', () => {
    expect(model.devices).toHaveLength(40);
    for (const c of model.devices) {
      const line = corridor(c.segmentId.split(':')[0]!)!;
      expect(metresToLine(c.position, line.coordinates)).toBeLessThan(1);
    }
    const { report } = model.report(0, hanoi(10));
    if (report.status === 'online') expect(new URL(report.snapshotUrl!).hostname).toMatch(/\.example\.vn$/);
  });

  it('counts more vehicles at rush hour than at night, and goes offline now and then', () => {
    const total = (at: Date) =>
      model.devices.reduce((n, _, i) => n + (model.report(i, at).report.vehicleCount ?? 0), 0);
    expect(total(hanoi(8))).toBeGreaterThan(3 * total(hanoi(3)));
    const statuses = Array.from({ length: 48 * 12 }, (_, k) => model.report(k % 40, hanoi(0, k * 5)).report.status);
    expect(statuses).toContain('offline');
    expect(statuses.filter((s) => s === 'online').length).toBeGreaterThan(statuses.length * 0.9);
  });
});

describe('response units', () => {
  const model = createUnitsModel({ seed: 2016 });
  const patrols = model.devices.filter((u) => u.kind === 'police');

  it('fields 30 patrols, 10 fire engines and 20 ambulances with Vietnamese call signs', () => {
    expect(patrols).toHaveLength(30);
    expect(model.devices.filter((u) => u.kind === 'fire')).toHaveLength(10);
    expect(model.devices.filter((u) => u.kind === 'ambulance')).toHaveLength(20);
    const signs = Object.fromEntries(model.devices.map((u) => [u.id, u.callSign]));
    expect(signs).toMatchObject({ 'pol-01': 'Tuần tra 01', 'fire-01': 'Cứu hỏa 01', 'amb-01': 'Cấp cứu 01' });
    const hospitals = new Set(
      landmarks()
        .filter((l) => l.kind === 'hospital')
        .map((l) => l.id),
    );
    for (const u of model.devices.filter((d) => d.kind === 'ambulance')) expect(hospitals).toContain(u.station.id);
  });

  it('keeps patrols on their road and moves them between reports, heading the way they drive', () => {
    let moving = 0;
    for (const u of patrols) {
      const line = corridor(u.beat!.corridorId)!.coordinates;
      for (let minute = 0; minute < 24 * 60; minute += 37) {
        const at = hanoi(0, minute);
        const a = model.report(u.id, at).report;
        const b = model.report(u.id, plus(at, 5)).report;
        const [pa, pb] = [a.location.coordinates as LonLat, b.location.coordinates as LonLat];
        expect(metresToLine(pa, line), `${u.id} at ${a.dateObserved}`).toBeLessThan(30);
        if (a.status !== 'available' || a.speed === 0 || b.speed === 0) continue;
        moving++;
        const moved = distanceM(pa, pb);
        expect(moved).toBeGreaterThan(0);
        expect(moved).toBeLessThanOrEqual((a.speed! / 3.6) * 5 + 1);
        const dx = (pb[0] - pa[0]) * Math.cos((pa[1] * Math.PI) / 180);
        const travel = ((Math.atan2(dx, pb[1] - pa[1]) * 180) / Math.PI + 360) % 360;
        const off = Math.abs(((travel - a.heading! + 540) % 360) - 180);
        // On one segment (same heading at both reports) the heading is the direction of travel.
        if (moved > 20 && a.heading === b.heading) expect(off).toBeLessThan(3);
      }
    }
    expect(moving).toBeGreaterThan(patrols.length * 20);
  });

  it('keeps most units available, some out of service, fire engines and ambulances parked', () => {
    const reports = model.devices.map((_, i) => model.report(i, hanoi(10)).report);
    const available = reports.filter((r) => r.status === 'available').length;
    expect(available).toBeGreaterThan(reports.length * 0.7);
    const day = Array.from({ length: 24 }, (_, h) => model.devices.map((_, i) => model.report(i, hanoi(h)).report));
    expect(day.flat().some((r) => r.status === 'out_of_service')).toBe(true);
    for (const r of reports.filter((x) => x.kind !== 'police')) expect(r.speed).toBe(0);
  });

  it('follows a mission through the dispatch hook: turn out, drive, on scene, back to base', () => {
    const withMission: UnitsModel = createUnitsModel({ seed: 2016 });
    const target: LonLat = [105.8, 21.0];
    const dispatchedAt = hanoi(10);
    withMission.dispatch({ unitId: 'amb-01', target, dispatchedAt });
    const statusAt = (minutes: number) => withMission.report('amb-01', plus(dispatchedAt, minutes * 60)).report;
    expect(statusAt(0.5).status).toBe('dispatched');
    const enRoute = statusAt(3);
    expect(enRoute).toMatchObject({ status: 'en_route', speed: 45 });
    expect(statusAt(20)).toMatchObject({ status: 'on_scene', speed: 0, location: { coordinates: target } });
    expect(statusAt(24 * 60)).toEqual(model.report('amb-01', plus(dispatchedAt, 24 * 3600)).report);
    expect(model.report('amb-01', plus(dispatchedAt, 180)).report.status).toBe('available');
    expect(() => withMission.dispatch({ unitId: 'amb-99', target, dispatchedAt })).toThrow(RangeError);
  });
});

describe('network heartbeats', () => {
  const model = createNetworkModel({ seed: 2016 });

  it("has a node for each of the 584 communes and 20 of the centre's devices near the city hall", () => {
    const nodes = model.devices.filter((d) => d.kind === 'commune_node');
    expect(nodes).toHaveLength(584);
    expect(new Set(nodes.map((n) => n.communeCode))).toEqual(new Set(communes().map((c) => c.code)));
    for (const n of nodes) expect(n.id).toBe(`wan-${n.communeCode}`);
    const own = model.devices.filter((d) => d.kind === 'centre_device');
    expect(own).toHaveLength(20);
    const hall = landmarks().find((l) => l.kind === 'government')!.point;
    for (const d of own) {
      expect(d.id).toMatch(/^dev-[a-z0-9-]+$/);
      expect(distanceM(d.location!, hall)).toBeLessThan(100);
    }
  });

  it('reports each commune node with its commune code, a 60 s interval, latency and status', () => {
    const reports = model.devices.map((_, i) => model.report(i, hanoi(9)).report);
    const node = reports[0]!;
    expect(node).toMatchObject({ kind: 'commune_node', communeCode: communes()[0]!.code, expectedIntervalSeconds: 60 });
    expect(node.location).toBeUndefined();
    expect(reports.filter((r) => r.status === 'ok').length).toBeGreaterThan(reports.length * 0.8);
    const day = Array.from({ length: 24 }, (_, h) => model.devices.map((_, i) => model.report(i, hanoi(h)).report));
    expect(day.flat().some((r) => r.status === 'degraded')).toBe(true);
  });

  it('lets a commune node fall silent now and then, never a centre device', () => {
    const silent = new Set<string>();
    for (let minute = 0; minute < 2 * 24 * 60; minute += 10)
      model.devices.forEach((d, i) => model.silentAt(i, hanoi(0, minute)) && silent.add(d.id));
    expect(silent.size).toBeGreaterThan(0);
    expect(silent.size).toBeLessThan(100);
    for (const id of silent) expect(id).toMatch(/^wan-/);
  });
});
