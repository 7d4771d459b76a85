/**
 * Road-segment traffic detectors along Hanoi's corridors: a pure, deterministic model. Given a seed
 * and a time it says what every detector reads; the same seed and the same times always give the
 * same readings, whatever order they are asked in. No I/O: the runner publishes what this returns.
 *
 * The model, in short: each detector has a free-flow speed, lanes and a rush-hour sensitivity from
 * its road kind (inner rings and central streets suffer most, expressways least, the suburbs less
 * than the centre); demand follows the local clock in Asia/Ho_Chi_Minh (peaks around 7-9 and 17-19,
 * lighter at weekends, free-flowing at night); smooth noise, short jitter and the odd incident come
 * from the seed. Intensity and occupancy follow from speed by Greenshields' fundamental diagram
 * (density falls linearly with speed), so a jam has low speed, high occupancy and low flow.
 */
import type { LonLat, TrafficReading } from '../../protocol/index.js';
import { segments as gazetteerSegments, type CorridorKind, type RoadSegment } from '../../server/src/geo/gazetteer.js';
import { clamp, hashString, uniformAt } from './random.js';

/** What the model needs of a road segment (the gazetteer's RoadSegment has all of it). */
export type SegmentInput = Pick<RoadSegment, 'id' | 'corridorId' | 'index' | 'from' | 'to' | 'lengthM' | 'kind'>;

export type RoadClass = 'inner_ring' | 'outer_ring' | 'artery' | 'expressway' | 'street' | 'bridge';

export interface Detector {
  /** e.g. `det-vd2sw-03`: corridor short name and segment index (a letter when a segment has several). */
  readonly id: string;
  readonly segmentId: string;
  readonly corridorId: string;
  readonly kind: CorridorKind;
  readonly roadClass: RoadClass;
  /** On the segment's line: its midpoint, or evenly spaced points on a long segment. */
  readonly position: LonLat;
  readonly freeFlowKmh: number;
  /** Lanes per direction. */
  readonly lanes: number;
  /** How hard peak demand slows this detector's road, 0..1 (road class, scaled down outside the centre). */
  readonly sensitivity: number;
}

export interface TrafficMessage {
  detectorId: string;
  reading: TrafficReading;
}

export interface TrafficModel {
  readonly seed: number;
  readonly detectors: readonly Detector[];
  /** The reading of one detector (by position in `detectors` or by id) at a simulated time. */
  reading(detector: number | string, at: Date): TrafficMessage;
  /** Every detector's reading at one simulated time, in detector order. */
  readings(at: Date): TrafficMessage[];
}

export interface TrafficModelOptions {
  seed: number;
  /** Road segments to place detectors on; defaults to the gazetteer's network. */
  segments?: readonly SegmentInput[];
  /** A segment longer than this gets more than one detector (at most 3). Default 5000 m. */
  metresPerDetector?: number;
  /** Road blockages (crashes): traffic stands still there and the queue grows upstream. */
  disruptions?: readonly Disruption[];
}

/**
 * A blockage on a corridor, e.g. a crash: from `startsAt` the blocked segment crawls, and every
 * `spreadEveryMs` the queue reaches one more segment upstream (the next id in `segmentIds`), until the
 * road clears at `clearsAt`; speeds then recover over `recoveryMs`, the head of the queue first.
 */
export interface Disruption {
  /** The blocked segment first, then the segments upstream of it, in the order the queue reaches them. */
  segmentIds: readonly string[];
  startsAt: Date;
  spreadEveryMs: number;
  clearsAt: Date;
  recoveryMs: number;
}

/** Speed as a share of free flow at the blocked segment and in the queue behind it. */
const BLOCKED_RATIO = 0.1;
const QUEUE_RATIO = 0.22;

/**
 * The highest speed ratio a disruption allows on the segment at `position` in its chain at `ms`, or 1
 * where it has no effect (not reached yet, or recovered).
 */
export function disruptionCap(d: Disruption, position: number, ms: number): number {
  const reached = d.startsAt.getTime() + position * d.spreadEveryMs;
  const clears = d.clearsAt.getTime();
  if (ms < reached || reached >= clears) return 1;
  const floor = position === 0 ? BLOCKED_RATIO : QUEUE_RATIO;
  if (ms < clears) return floor;
  // The queue dissolves from its head: the blocked segment recovers first.
  const since = ms - clears - (position * d.recoveryMs) / (2 * d.segmentIds.length);
  if (since <= 0) return floor;
  return since >= d.recoveryMs ? 1 : floor + (1 - floor) * (since / d.recoveryMs);
}

const CLASS_PROFILE: Record<RoadClass, { freeFlowKmh: number; lanes: number; sensitivity: number }> = {
  inner_ring: { freeFlowKmh: 45, lanes: 3, sensitivity: 0.86 },
  outer_ring: { freeFlowKmh: 70, lanes: 3, sensitivity: 0.72 },
  artery: { freeFlowKmh: 50, lanes: 2, sensitivity: 0.66 },
  expressway: { freeFlowKmh: 90, lanes: 3, sensitivity: 0.46 },
  street: { freeFlowKmh: 35, lanes: 2, sensitivity: 0.72 },
  bridge: { freeFlowKmh: 50, lanes: 2, sensitivity: 0.76 },
};

/** Hoàn Kiếm lake: the centre that rush hour presses on hardest. */
const CENTRE: LonLat = [105.8523, 21.0287];
/** Vehicles per km per lane when traffic stands still (motorbike-heavy traffic packs densely). */
const JAM_DENSITY = 140;
/** Effective detection length (vehicle + loop), km: occupancy = density x length. */
const DETECTION_KM = 0.0062;
/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975). */
const LOCAL_OFFSET_MS = 7 * 3_600_000;
const NOISE_BUCKET_MS = 120_000;
const INCIDENT_BUCKET_MS = 20 * 60_000;
const INCIDENT_CHANCE = 0.012;

const roadClassOf = (s: SegmentInput): RoadClass =>
  s.kind === 'ring' ? (/^vd[12](_|$)/.test(s.corridorId) ? 'inner_ring' : 'outer_ring') : s.kind;

/** `vd2_south_west` -> `vd2sw`, `cau_nhat_tan` -> `caunt`: the first word whole, then initials (numbered words whole). */
export const corridorShortName = (corridorId: string): string =>
  corridorId
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w, i) => (i === 0 || /\d/.test(w) ? w : w[0]))
    .join('');

/** Kilometres between two points (equirectangular; plenty for a city). */
function distanceKm([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const x = (lon2 - lon1) * Math.cos(((lat1 + lat2) / 2) * (Math.PI / 180));
  return Math.hypot(x, lat2 - lat1) * 111.195;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Places detectors on the segments, in segment order. */
export function placeDetectors(segments: readonly SegmentInput[], metresPerDetector = 5000): Detector[] {
  const shortNames = new Map<string, string>();
  const taken = new Set<string>();
  for (const corridorId of new Set(segments.map((s) => s.corridorId))) {
    let short = corridorShortName(corridorId);
    if (short === '' || taken.has(short)) short = corridorId.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
    taken.add(short);
    shortNames.set(corridorId, short);
  }
  return segments.flatMap((s) => {
    const roadClass = roadClassOf(s);
    const profile = CLASS_PROFILE[roadClass];
    const count = clamp(Math.ceil(s.lengthM / metresPerDetector), 1, 3);
    return Array.from({ length: count }, (_, j): Detector => {
      const f = (j + 0.5) / count;
      const position: LonLat = [
        round(s.from[0] + (s.to[0] - s.from[0]) * f, 6),
        round(s.from[1] + (s.to[1] - s.from[1]) * f, 6),
      ];
      // Rush hour presses hardest on the centre: full effect within 4 km, a third of it 20 km out.
      const urban = clamp(1 - (distanceKm(position, CENTRE) - 4) / 24, 0.35, 1);
      const suffix = count > 1 ? String.fromCharCode(97 + j) : '';
      return {
        id: `det-${shortNames.get(s.corridorId)}-${pad2(s.index)}${suffix}`,
        segmentId: s.id,
        corridorId: s.corridorId,
        kind: s.kind,
        roadClass,
        position,
        freeFlowKmh: profile.freeFlowKmh,
        lanes: profile.lanes,
        sensitivity: round(profile.sensitivity * urban, 3),
      };
    });
  });
}

const bump = (h: number, centre: number, width: number): number => Math.exp(-0.5 * ((h - centre) / width) ** 2);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Demand, 0..1, at a local time of day (hours, fractional) on a weekday or at the weekend:
 * a night floor, a daytime plateau, morning and evening peaks and a small lunch bump.
 */
export function demandAt(localHour: number, weekend: boolean): number {
  const day = sigmoid((localHour - 6) / 0.45) * sigmoid((22.5 - localHour) / 0.7);
  const peaks = 0.55 * bump(localHour, 7.9, 0.75) + 0.6 * bump(localHour, 17.9, 0.85);
  const lunch = 0.08 * bump(localHour, 12, 0.8);
  const d = 0.06 + (weekend ? 0.38 : 0.42) * day + (weekend ? 0.4 : 1) * peaks + lunch;
  return clamp(d, 0, 1);
}

/** Local clock in Asia/Ho_Chi_Minh: hour of day (fractional) and whether it is Saturday or Sunday. */
export function localClock(at: Date): { hour: number; weekend: boolean } {
  const local = new Date(at.getTime() + LOCAL_OFFSET_MS);
  const day = local.getUTCDay();
  const hour = local.getUTCHours() + local.getUTCMinutes() / 60 + local.getUTCSeconds() / 3600;
  return { hour, weekend: day === 0 || day === 6 };
}

/** ISO 8601 in Hanoi's offset: `2026-11-27T08:15:00+07:00` (milliseconds only when not zero). */
export function toHanoiIso(at: Date): string {
  const iso = new Date(at.getTime() + LOCAL_OFFSET_MS).toISOString();
  return `${iso.endsWith('.000Z') ? iso.slice(0, -5) : iso.slice(0, -1)}+07:00`;
}

/** Smooth noise in [-1, 1): values at bucket edges, interpolated with a smoothstep. */
function smoothNoise(seed: number, key: number, ms: number, bucketMs: number): number {
  const b = Math.floor(ms / bucketMs);
  const f = ms / bucketMs - b;
  const s = f * f * (3 - 2 * f);
  const a = uniformAt(seed, key, b);
  const c = uniformAt(seed, key, b + 1);
  return (a + (c - a) * s) * 2 - 1;
}

export function createTrafficModel(opts: TrafficModelOptions): TrafficModel {
  const seed = Math.trunc(opts.seed);
  const detectors: readonly Detector[] = Object.freeze(
    placeDetectors(opts.segments ?? gazetteerSegments(), opts.metresPerDetector),
  );
  const byId = new Map(detectors.map((d, i) => [d.id, i]));
  const keys = detectors.map((d) => hashString(d.id));
  // Per detector, fixed for a seed: a local bottleneck factor (0.85..1.15).
  const bottleneck = keys.map((k) => 0.85 + 0.3 * uniformAt(seed, k, 0x5eed));
  // Per detector, the disruptions on its segment and the segment's place in each one's chain.
  const disrupted = detectors.map((d) =>
    (opts.disruptions ?? []).flatMap((x) => {
      const position = x.segmentIds.indexOf(d.segmentId);
      return position < 0 ? [] : [{ disruption: x, position }];
    }),
  );

  function reading(detector: number | string, at: Date): TrafficMessage {
    const i = typeof detector === 'number' ? detector : byId.get(detector);
    const d = i === undefined ? undefined : detectors[i];
    if (i === undefined || d === undefined) throw new RangeError(`unknown detector ${String(detector)}`);
    const key = keys[i] as number;
    const ms = at.getTime();
    const { hour, weekend } = localClock(at);

    const demand = demandAt(hour, weekend);
    const pressure = demand ** 2.2 * d.sensitivity * (bottleneck[i] as number);
    let ratio = 0.96 - 0.85 * pressure;
    ratio *= 1 + 0.07 * smoothNoise(seed, key, ms, NOISE_BUCKET_MS);
    ratio *= 1 + 0.03 * (uniformAt(seed, key, Math.floor(ms / 1000)) * 2 - 1);
    if (uniformAt(seed, key, 0x1c1d, Math.floor(ms / INCIDENT_BUCKET_MS)) < INCIDENT_CHANCE) ratio *= 0.45;
    for (const { disruption, position } of disrupted[i] ?? []) {
      const cap = disruptionCap(disruption, position, ms);
      // Stop-and-go: a queue is never perfectly still.
      if (cap < 1) ratio = Math.min(ratio, cap * (0.8 + 0.4 * uniformAt(seed, key, Math.floor(ms / 1000), 0x9)));
    }
    ratio = clamp(ratio, 0.04, 0.97);

    const speed = d.freeFlowKmh * ratio;
    const density = JAM_DENSITY * (1 - ratio); // veh/km/lane
    const intensity = Math.round(clamp(density * speed * d.lanes, 0, 20_000));
    const occupancy = clamp(density * DETECTION_KM, 0, 0.97);

    return {
      detectorId: d.id,
      reading: {
        dateObserved: toHanoiIso(at),
        refRoadSegment: d.segmentId,
        intensity,
        averageVehicleSpeed: round(speed, 1),
        occupancy: round(occupancy, 3),
        location: { type: 'Point', coordinates: [d.position[0], d.position[1]] },
      },
    };
  }

  return {
    seed,
    detectors,
    reading,
    readings: (at) => detectors.map((_, i) => reading(i, at)),
  };
}
