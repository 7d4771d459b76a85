import type { Feature, LineString } from 'geojson';
import type { RoadSegmentInfo, TrafficState } from '../../../../protocol/index.js';
import { speedClass, type SpeedClass } from './speed.js';

/**
 * Road segments coloured by the speed of their detectors, shared by the console's traffic layer and
 * the press wall: a segment's speed is the mean of the last speeds of its detectors that report
 * one; a segment with none has no speed (drawn grey, "no data"). Pure: no Vue, no map.
 */

const hasSpeed = (t: TrafficState): t is TrafficState & { speed: number } =>
  t.speed !== null && Number.isFinite(t.speed);

/** Mean of the speeds of `detectors` that report one, km/h; null when none does. */
export function meanSpeed(detectors: Iterable<TrafficState>): number | null {
  let sum = 0;
  let n = 0;
  for (const d of detectors) {
    if (!hasSpeed(d)) continue;
    sum += d.speed;
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** Mean speed of each road segment's detectors; segments without a detector that reports a speed are left out. */
export function segmentSpeeds(detectors: Iterable<TrafficState>): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const d of detectors) {
    if (!hasSpeed(d) || d.segmentId === null) continue;
    const s = sums.get(d.segmentId) ?? { sum: 0, n: 0 };
    s.sum += d.speed;
    s.n++;
    sums.set(d.segmentId, s);
  }
  return new Map([...sums].map(([id, s]) => [id, s.sum / s.n]));
}

/** What the console's segment layer draws per road segment: only its class, so a diff sends a segment only when its colour changes. */
export interface SegmentProperties {
  id: string;
  cls: SpeedClass;
}

/** The line of a road segment in the speed class of `speed` (null: no data). */
export function segmentLine(
  segment: Pick<RoadSegmentInfo, 'id' | 'from' | 'to'>,
  speed: number | null,
): Feature<LineString, SegmentProperties> {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [segment.from, segment.to] },
    properties: { id: segment.id, cls: speedClass(speed) },
  };
}

/**
 * Which detectors are on which road segment, kept detector by detector, so that a batch of readings
 * re-colours only the segments it touches.
 */
export interface SegmentDetectors {
  /**
   * Files detector `id` under the segment `state` names (gone, or on no segment: under none).
   * Returns the segments whose colour may have changed: the one it is on and the one it left.
   */
  update(id: string, state: TrafficState | undefined): string[];
  /** Forgets everything, then files `states`. */
  reset(states: Iterable<TrafficState>): void;
  /** The ids of the detectors on a segment. */
  on(segmentId: string): ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

export function createSegmentDetectors(): SegmentDetectors {
  const bySegment = new Map<string, Set<string>>();
  const segmentOf = new Map<string, string>();

  function file(id: string, segmentId: string | null): string | null {
    const before = segmentOf.get(id) ?? null;
    if (before === segmentId) return before;
    if (before !== null) {
      const held = bySegment.get(before);
      held?.delete(id);
      if (held?.size === 0) bySegment.delete(before);
      segmentOf.delete(id);
    }
    if (segmentId !== null) {
      let held = bySegment.get(segmentId);
      if (!held) bySegment.set(segmentId, (held = new Set()));
      held.add(id);
      segmentOf.set(id, segmentId);
    }
    return before;
  }

  return {
    update(id, state) {
      const now = state?.segmentId ?? null;
      const before = file(id, now);
      const touched: string[] = [];
      if (now !== null) touched.push(now);
      if (before !== null && before !== now) touched.push(before);
      return touched;
    },
    reset(states) {
      bySegment.clear();
      segmentOf.clear();
      for (const s of states) file(s.detectorId, s.segmentId);
    },
    on: (segmentId) => bySegment.get(segmentId) ?? NONE,
  };
}
