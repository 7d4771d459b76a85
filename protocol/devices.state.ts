import type { LonLat } from './geo.js';
import type { DeviceFeed, DeviceReports } from './devices.schema.js';

// No zod values here: the console imports this file.

/** The live state of one device of a device feed, as the server streams it to consoles. */
export interface DeviceState<F extends DeviceFeed = DeviceFeed> {
  feed: F;
  /** Global sequence number of the stored report (from the database). */
  seq: number;
  deviceId: string;
  observedAt: string;
  /** [lon, lat], or null while the device has never been placed. */
  position: LonLat | null;
  /**
   * True when the server has heard nothing from the device for longer than its expected interval
   * (the network feed's expectedIntervalSeconds; a per-feed default otherwise). Set by the server's
   * watchdog, which streams the change like any other update.
   */
  silent: boolean;
  /** The device's last report, as validated (defaults filled in). */
  report: DeviceReports[F];
}

export type SignalState = DeviceState<'signals'>;
export type CameraState = DeviceState<'cameras'>;
export type UnitState = DeviceState<'units'>;
export type NetworkState = DeviceState<'network'>;

/** Which of two states of the same device to keep: the newer observation, then the later-stored one. */
export const isNewerDeviceState = (a: DeviceState, b: DeviceState): boolean =>
  a.observedAt > b.observedAt || (a.observedAt === b.observedAt && a.seq > b.seq);
