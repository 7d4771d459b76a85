/**
 * What the device simulators (signals, cameras, units, network) have in common: a fixed list of
 * devices, each reporting on its own period, and a pure report function of (seed, device, time).
 * Also the small seeded helpers they share for "episodes" (a fault, an offline spell) that start at
 * a random moment, last a while and end, without any state.
 */
import type { DeviceFeed, DeviceReports } from '../../protocol/index.js';
import { hashString, uniformAt } from './random.js';

export interface SimDevice {
  /** Topic-safe device id, e.g. `sig-07`. */
  readonly id: string;
  /** How often the device reports, in simulated seconds. */
  readonly periodSeconds: number;
}

export interface DeviceMessage<F extends DeviceFeed> {
  deviceId: string;
  report: DeviceReports[F];
}

export interface DeviceModel<F extends DeviceFeed, D extends SimDevice = SimDevice> {
  readonly feed: F;
  readonly seed: number;
  readonly devices: readonly D[];
  /** What a device (by position in `devices` or by id) reports at a simulated time. Pure. */
  report(device: number | string, at: Date): DeviceMessage<F>;
  /** True while a device says nothing at all (a commune node without power). Pure. */
  silentAt?(device: number, at: Date): boolean;
}

/** Resolves a device given by index or id, or throws a RangeError. */
export function deviceIndex(devices: readonly SimDevice[], byId: ReadonlyMap<string, number>, d: number | string) {
  const i = typeof d === 'number' ? d : byId.get(d);
  const device = i === undefined ? undefined : devices[i];
  if (i === undefined || device === undefined) throw new RangeError(`unknown device ${String(d)}`);
  return i;
}

export const indexById = (devices: readonly SimDevice[]): Map<string, number> =>
  new Map(devices.map((d, i) => [d.id, i]));

export interface Episode {
  /** Simulated ms when it began. */
  start: number;
  /** Simulated ms when it ends (exclusive). */
  end: number;
  /** A uniform number in [0, 1) fixed for the episode, to choose its details. */
  pick: number;
}

/**
 * The episode in force at `ms`, if any. Time is cut into blocks of `blockMs`; each block starts an
 * episode with probability `chance`, at a uniform moment in the block, lasting between `minMs` and
 * `maxMs` (at most `blockMs`). Only the current and the previous block can reach `ms`.
 */
export function episodeAt(
  key: readonly number[],
  ms: number,
  o: { blockMs: number; chance: number; minMs: number; maxMs: number },
): Episode | undefined {
  const block = Math.floor(ms / o.blockMs);
  for (const b of [block, block - 1]) {
    if (uniformAt(...key, b, 1) >= o.chance) continue;
    const start = b * o.blockMs + Math.floor(uniformAt(...key, b, 2) * o.blockMs);
    const end = start + o.minMs + Math.floor(uniformAt(...key, b, 3) * (Math.min(o.maxMs, o.blockMs) - o.minMs));
    if (ms >= start && ms < end) return { start, end, pick: uniformAt(...key, b, 4) };
  }
  return undefined;
}

/** A stable integer key for (seed, device, purpose), to feed `uniformAt` and `episodeAt`. */
export const deviceKey = (seed: number, deviceId: string, purpose: number): number[] => [
  seed,
  hashString(deviceId),
  purpose,
];
