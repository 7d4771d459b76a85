/**
 * Traffic cameras on Hanoi's corridors: a pure, deterministic model. One camera on every bridge,
 * the rest on road segments nearest the centre, kept apart. Each reports every 60 s the vehicles it
 * counted in the last minute, following the same time-of-day demand as the traffic detectors, a
 * snapshot URL, and now and then an offline spell (no count, no snapshot) that ends by itself.
 */
import type { CameraReport, LonLat } from '../../protocol/index.js';
import { distanceM, segments as gazetteerSegments, type CorridorKind } from '../../server/src/geo/gazetteer.js';
import { deviceIndex, deviceKey, episodeAt, indexById, type DeviceModel, type SimDevice } from './device.js';
import { uniformAt } from './random.js';
import { corridorShortName, demandAt, localClock, toHanoiIso, type SegmentInput } from './traffic.sim.js';

export interface Camera extends SimDevice {
  readonly position: LonLat;
  readonly segmentId: string;
  readonly kind: CorridorKind;
  /** Vehicles a minute at full demand (both directions). */
  readonly capacityPerMin: number;
}

export interface CamerasModelOptions {
  seed: number;
  /** Default 40. */
  count?: number;
  segments?: readonly SegmentInput[];
  /** Default `https://cameras.example.vn`. */
  snapshotBase?: string;
}

export const CAMERA_PERIOD_SECONDS = 60;
const CENTRE: LonLat = [105.8523, 21.0287];
/** Cameras off the bridges stand at least this far apart. */
const SPACING_M = 700;
const MS_MIN = 60_000;
const OFFLINE_EPISODE = { blockMs: 360 * MS_MIN, chance: 0.2, minMs: 5 * MS_MIN, maxMs: 90 * MS_MIN };
const CAPACITY: Record<CorridorKind, number> = { ring: 220, artery: 160, expressway: 150, street: 110, bridge: 200 };

const midpointOf = (s: SegmentInput): LonLat => [
  Math.round(((s.from[0] + s.to[0]) / 2) * 1e6) / 1e6,
  Math.round(((s.from[1] + s.to[1]) / 2) * 1e6) / 1e6,
];

/** The bridges' longest segments first, then the segments nearest the centre, at least SPACING_M apart. */
export function placeCameras(segments: readonly SegmentInput[], count = 40): Camera[] {
  const bridges = new Map<string, SegmentInput>();
  for (const s of segments) {
    const longest = bridges.get(s.corridorId);
    if (s.kind === 'bridge' && (!longest || s.lengthM > longest.lengthM)) bridges.set(s.corridorId, s);
  }
  const chosen = [...bridges.values()].slice(0, count);
  const others = segments
    .filter((s) => s.kind !== 'bridge')
    .map((s) => ({ s, d: distanceM(midpointOf(s), CENTRE) }))
    .sort((a, b) => a.d - b.d);
  for (const { s } of others) {
    if (chosen.length >= count) break;
    if (chosen.every((c) => distanceM(midpointOf(c), midpointOf(s)) >= SPACING_M)) chosen.push(s);
  }
  return chosen.map((s) => ({
    id: `cam-${corridorShortName(s.corridorId)}-${String(s.index).padStart(2, '0')}`,
    periodSeconds: CAMERA_PERIOD_SECONDS,
    position: midpointOf(s),
    segmentId: s.id,
    kind: s.kind,
    capacityPerMin: CAPACITY[s.kind],
  }));
}

/** Share of capacity that flows at a demand level (0..1): saturates as demand nears capacity. */
const flowShare = (demand: number): number => demand * (1.15 - 0.35 * demand);

export type CamerasModel = DeviceModel<'cameras', Camera>;

export function createCamerasModel(opts: CamerasModelOptions): CamerasModel {
  const seed = Math.trunc(opts.seed);
  const devices = Object.freeze(placeCameras(opts.segments ?? gazetteerSegments(), opts.count ?? 40));
  const byId = indexById(devices);
  const base = (opts.snapshotBase ?? 'https://cameras.example.vn').replace(/\/$/, '');

  function report(device: number | string, at: Date) {
    const d = devices[deviceIndex(devices, byId, device)] as Camera;
    const ms = at.getTime();
    const location = { type: 'Point' as const, coordinates: [d.position[0], d.position[1]] as LonLat };
    if (episodeAt(deviceKey(seed, d.id, 0x0ff), ms, OFFLINE_EPISODE)) {
      const offline: CameraReport = { dateObserved: toHanoiIso(at), location, status: 'offline' };
      return { deviceId: d.id, report: offline };
    }
    const { hour, weekend } = localClock(at);
    const [k0, k1] = deviceKey(seed, d.id, 0xc0) as [number, number, number];
    const local = 0.8 + 0.4 * uniformAt(k0, k1, 0x5eed);
    const noise = 1 + 0.16 * (uniformAt(k0, k1, Math.floor(ms / MS_MIN)) - 0.5);
    const vehicleCount = Math.max(0, Math.round(d.capacityPerMin * flowShare(demandAt(hour, weekend)) * local * noise));
    const online: CameraReport = {
      dateObserved: toHanoiIso(at),
      location,
      status: 'online',
      vehicleCount,
      countPeriodSeconds: CAMERA_PERIOD_SECONDS,
      snapshotUrl: `${base}/${d.id}/latest.jpg?t=${Math.floor(ms / 1000)}`,
    };
    return { deviceId: d.id, report: online };
  }

  return { feed: 'cameras', seed, devices, report };
}
