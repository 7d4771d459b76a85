/**
 * How fast a response unit gets along each road now: the latest detector speed on the edge's segment,
 * else the free-flow speed of its road class, never below a floor (a jam is slow but finite). Off the
 * network (from a unit to the road, from the road to the incident, a junction link) it drives at a
 * slow urban speed.
 */
import type { CorridorKind, TrafficState } from '../../../protocol/index.js';
import type { GraphEdge } from './graph.js';

export type RoadClass = 'inner_ring' | 'outer_ring' | 'artery' | 'expressway' | 'street' | 'bridge';

/** Free-flow km/h by road class (the traffic simulator's profiles use the same figures). */
export const FREE_FLOW_KMH: Readonly<Record<RoadClass, number>> = {
  inner_ring: 45,
  outer_ring: 70,
  artery: 50,
  expressway: 90,
  street: 35,
  bridge: 50,
};

export const SPEED_DEFAULTS = {
  /** Off the network: local streets, alleys, junction links. */
  accessKmh: 20,
  /** The slowest a segment is taken to be, whatever its detectors say. */
  floorKmh: 5,
};

/** Ring roads 1 and 2 are inner-city roads; ring road 3 and beyond are fast. */
export const roadClassOf = (kind: CorridorKind, corridorId: string): RoadClass =>
  kind === 'ring' ? (/^vd[12](_|$)/.test(corridorId) ? 'inner_ring' : 'outer_ring') : kind;

export interface EdgeSpeed {
  kmh: number;
  /** True when it comes from detector readings, false for the free-flow default. */
  observed: boolean;
}

export interface SpeedModel {
  edge(e: GraphEdge): EdgeSpeed;
  /** Seconds to drive `metres` off the network. */
  accessSeconds(metres: number): number;
}

/** `observed`: km/h per segment id, from the latest detector readings. */
export function speedModel(
  observed: ReadonlyMap<string, number>,
  opts: Partial<typeof SPEED_DEFAULTS> = {},
): SpeedModel {
  const { accessKmh, floorKmh } = { ...SPEED_DEFAULTS, ...opts };
  return {
    edge(e) {
      if (e.kind === 'link' || e.segmentId === null || e.corridorId === null)
        return { kmh: accessKmh, observed: false };
      const seen = observed.get(e.segmentId);
      if (seen !== undefined && Number.isFinite(seen)) return { kmh: Math.max(floorKmh, seen), observed: true };
      return { kmh: FREE_FLOW_KMH[roadClassOf(e.kind, e.corridorId)], observed: false };
    },
    accessSeconds: (metres) => metres / (accessKmh / 3.6),
  };
}

export const secondsFor = (metres: number, kmh: number): number => metres / (kmh / 3.6);

/** A detector reading this much older than the newest one no longer says how fast its road is. */
export const READING_MAX_AGE_MS = 15 * 60_000;

/**
 * Km/h per segment: the mean over its detectors' latest readings, leaving out readings older than
 * READING_MAX_AGE_MS behind the newest (measured on the detectors' own clock, which a simulation
 * may run ahead of the wall clock).
 */
export function speedsFromReadings(detectors: readonly TrafficState[]): Map<string, number> {
  const newest = Math.max(0, ...detectors.map((d) => Date.parse(d.observedAt)));
  const sums = new Map<string, { total: number; n: number }>();
  for (const d of detectors) {
    if (d.segmentId === null || d.speed === null || Date.parse(d.observedAt) < newest - READING_MAX_AGE_MS) continue;
    const s = sums.get(d.segmentId) ?? { total: 0, n: 0 };
    s.total += d.speed;
    s.n++;
    sums.set(d.segmentId, s);
  }
  return new Map([...sums].map(([id, s]) => [id, s.total / s.n]));
}
