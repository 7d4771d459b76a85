import { describe, expect, it } from 'vitest';
import { deviceIdSchema, parseTrafficTopic, trafficReadingSchema } from '../../protocol/index.js';
import { segments } from '../../server/src/geo/gazetteer.js';
import { chance, gaussian, hashInts, intBetween, mulberry32, pick, uniformAt } from '../../simulators/src/random.js';
import { getScenario, UnknownScenarioError } from '../../simulators/src/scenarios.js';
import {
  corridorShortName,
  createTrafficModel,
  demandAt,
  toHanoiIso,
  type TrafficModel,
} from '../../simulators/src/traffic.sim.js';

/** A Hanoi wall-clock time on Friday 27 November 2026 (or another day). */
const hanoi = (hour: number, minute = 0, day = 27): Date => new Date(Date.UTC(2026, 10, day, hour - 7, minute));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function speedsOf(model: TrafficModel, at: Date, roadClass: string): number[] {
  return model
    .readings(at)
    .filter((_, i) => model.detectors[i]!.roadClass === roadClass)
    .map((m) => m.reading.averageVehicleSpeed!);
}

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it('keeps helpers within their bounds', () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const n = intBetween(rng, 3, 6);
      expect(n >= 3 && n <= 6 && Number.isInteger(n)).toBe(true);
      expect(Number.isFinite(gaussian(rng))).toBe(true);
    }
    expect(['a', 'b']).toContain(pick(rng, ['a', 'b']));
    expect(chance(rng, 0)).toBe(false);
    expect(chance(rng, 1)).toBe(true);
    expect(() => pick(rng, [])).toThrow(RangeError);
  });

  it('derives stateless values from integer tuples, telling large timestamps apart', () => {
    expect(uniformAt(1, 2, 3)).toBe(uniformAt(1, 2, 3));
    expect(hashInts(2016, 1_700_000_000_000)).not.toBe(hashInts(2016, 1_700_000_000_000 + 2 ** 32));
    expect(hashInts(1, 2)).not.toBe(hashInts(2, 1));
  });
});

describe('traffic detectors', () => {
  const model = createTrafficModel({ seed: 2016 });
  const segmentById = new Map(segments().map((s) => [s.id, s]));

  it('places at least one detector on every road segment, with unique topic-safe ids', () => {
    const ids = model.detectors.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(deviceIdSchema.safeParse(id).success).toBe(true);
    expect(new Set(model.detectors.map((d) => d.segmentId))).toEqual(new Set(segmentById.keys()));
    expect(ids).toContain('det-vd2sw-03');
  });

  it('puts every detector on its segment line, between its ends', () => {
    for (const d of model.detectors) {
      const s = segmentById.get(d.segmentId)!;
      const [dx, dy] = [s.to[0] - s.from[0], s.to[1] - s.from[1]];
      const [px, py] = [d.position[0] - s.from[0], d.position[1] - s.from[1]];
      const t = (px * dx + py * dy) / (dx * dx + dy * dy);
      const off = Math.hypot(px - t * dx, py - t * dy);
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThan(1);
      expect(off).toBeLessThan(2e-6); // degrees: well under a metre
    }
  });

  it('names corridors short: first word whole, then initials', () => {
    expect(corridorShortName('vd2_south_west')).toBe('vd2sw');
    expect(corridorShortName('cau_nhat_tan')).toBe('caunt');
    expect(corridorShortName('ql1_north')).toBe('ql1n');
  });
});

describe('traffic readings', () => {
  const model = createTrafficModel({ seed: 2016 });

  it('gives the same messages for the same seed and times', () => {
    const times = [hanoi(3), hanoi(8, 5), hanoi(17, 42), new Date(Date.UTC(2027, 0, 1, 0, 0, 0, 123))];
    const again = createTrafficModel({ seed: 2016 });
    for (const at of times) expect(JSON.stringify(again.readings(at))).toBe(JSON.stringify(model.readings(at)));
  });

  it('does not depend on the order readings are asked for', () => {
    const fresh = createTrafficModel({ seed: 2016 });
    const at = hanoi(9, 13);
    const last = fresh.detectors.length - 1;
    const single = fresh.reading(last, at);
    fresh.readings(hanoi(18));
    expect(fresh.readings(at)[last]).toEqual(single);
    expect(fresh.reading(single.detectorId, at)).toEqual(single);
  });

  it('gives different readings for a different seed', () => {
    const other = createTrafficModel({ seed: 7 });
    const at = hanoi(8);
    expect(other.detectors.map((d) => d.id)).toEqual(model.detectors.map((d) => d.id));
    expect(JSON.stringify(other.readings(at))).not.toBe(JSON.stringify(model.readings(at)));
  });

  it('produces readings that pass the traffic schema, every 20 minutes of a weekday and a Sunday', () => {
    for (const day of [27, 29]) {
      for (let minute = 0; minute < 24 * 60; minute += 20) {
        for (const { detectorId, reading } of model.readings(hanoi(0, minute, day))) {
          const parsed = trafficReadingSchema.safeParse(reading);
          if (!parsed.success) throw new Error(`${detectorId}: ${parsed.error.message}`);
          expect(reading.location).toBeDefined();
          expect(reading.refRoadSegment).toMatch(/^[a-z0-9_]+:\d+$/);
        }
      }
    }
  });

  it('stamps dateObserved with the simulated time in the +07:00 offset', () => {
    const at = new Date('2026-11-27T01:15:30.250Z');
    const { reading } = model.reading(0, at);
    expect(reading.dateObserved).toBe('2026-11-27T08:15:30.250+07:00');
    expect(new Date(reading.dateObserved).getTime()).toBe(at.getTime());
    expect(toHanoiIso(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28T00:00:00+07:00');
  });

  it('slows the inner rings hard at rush hour and lets night traffic flow freely', () => {
    const night = mean(speedsOf(model, hanoi(3), 'inner_ring'));
    const morning = mean(speedsOf(model, hanoi(8), 'inner_ring'));
    const evening = mean(speedsOf(model, hanoi(18), 'inner_ring'));
    expect(night).toBeGreaterThan(0.85 * 45);
    expect(morning).toBeLessThan(0.5 * night);
    expect(evening).toBeLessThan(0.5 * night);
    // Expressways suffer less than the inner rings, relative to their free-flow speed.
    const expressRatio = mean(speedsOf(model, hanoi(8), 'expressway')) / 90;
    expect(expressRatio).toBeGreaterThan(morning / 45 + 0.2);
  });

  it('is lighter at the weekend rush hour than on a weekday', () => {
    const friday = mean(speedsOf(model, hanoi(8, 0, 27), 'inner_ring'));
    const sunday = mean(speedsOf(model, hanoi(8, 0, 29), 'inner_ring'));
    expect(sunday).toBeGreaterThan(friday * 1.5);
    expect(demandAt(8, true)).toBeLessThan(demandAt(8, false));
  });

  it('keeps occupancy consistent with speed: slower traffic occupies the detector longer', () => {
    const at = [hanoi(3), hanoi(10), hanoi(8)];
    for (let i = 0; i < model.detectors.length; i += 7) {
      const rs = at
        .map((t) => model.reading(i, t).reading)
        .sort((a, b) => b.averageVehicleSpeed! - a.averageVehicleSpeed!);
      for (let k = 1; k < rs.length; k++) expect(rs[k]!.occupancy!).toBeGreaterThanOrEqual(rs[k - 1]!.occupancy!);
    }
    // Free-flowing night traffic carries fewer vehicles than a busy daytime road.
    const flow = (t: Date) => mean(model.readings(t).map((m) => m.reading.intensity!));
    expect(flow(hanoi(3))).toBeLessThan(flow(hanoi(10)));
  });
});

describe('scenario registry', () => {
  it('builds traffic messages on the detector topic with a JSON reading', () => {
    const source = getScenario('traffic').create({ seed: 1, topicRoot: 'hanoi', startAt: new Date(0) });
    expect(source.size).toBeGreaterThan(100);
    const msg = source.message(3, hanoi(8));
    expect(msg.feed).toBe('traffic');
    const id = parseTrafficTopic(msg.topic, 'hanoi');
    expect(id).toMatch(/^det-/);
    expect(trafficReadingSchema.safeParse(JSON.parse(msg.payload)).success).toBe(true);
  });

  it('names the available scenarios when asked for an unknown one', () => {
    expect(() => getScenario('weather')).toThrow(UnknownScenarioError);
    expect(() => getScenario('weather')).toThrow(
      /unknown scenario "weather"; available: city, ring2-crash, traffic, signals, cameras, units, network, agencies/,
    );
  });
});
