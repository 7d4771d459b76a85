import type { DeviceFeed, DeviceState } from '../../../../protocol/index.js';

/**
 * What each device is "in" for the operator: one class per device, shared by the map layers, the
 * legends and the counts so the three never disagree. `silent` (the server's watchdog heard nothing
 * past the expected interval) always wins: the last report can no longer be trusted. For the
 * commune WAN nodes silent means the node is down.
 */
export const DEVICE_CLASSES = {
  signals: ['normal', 'flashing', 'manual', 'fault', 'off', 'silent'],
  cameras: ['online', 'offline', 'silent'],
  units: ['available', 'dispatched', 'en_route', 'on_scene', 'out_of_service', 'silent'],
  network: ['up', 'degraded', 'down'],
} as const satisfies { [F in DeviceFeed]: readonly string[] };

export type DeviceClass<F extends DeviceFeed = DeviceFeed> = (typeof DEVICE_CLASSES)[F][number];
export type SignalClass = DeviceClass<'signals'>;
export type CameraClass = DeviceClass<'cameras'>;
export type UnitClass = DeviceClass<'units'>;
export type NetworkClass = DeviceClass<'network'>;

const GREY = '#64748b';
const GREY_DARK = '#475569';

/** Colours per class. Signals keep the road code (green, amber, red); units use their own hues. */
export const DEVICE_COLOURS: { [F in DeviceFeed]: Record<DeviceClass<F>, string> } = {
  signals: {
    normal: '#22c55e',
    flashing: '#f59e0b',
    manual: '#f59e0b',
    fault: '#ef4444',
    off: GREY,
    silent: GREY_DARK,
  },
  cameras: { online: '#38bdf8', offline: GREY, silent: GREY_DARK },
  units: {
    // Pale: idle units should not outshine the traffic colours or the busy units.
    available: '#a7f3d0',
    dispatched: '#facc15',
    en_route: '#60a5fa',
    on_scene: '#e879f9',
    out_of_service: GREY,
    silent: GREY_DARK,
  },
  network: { up: '#22c55e', degraded: '#f59e0b', down: '#ef4444' },
};

const CLASSIFIERS: { [F in DeviceFeed]: (s: DeviceState<F>) => DeviceClass<F> } = {
  signals: (s) => {
    if (s.silent) return 'silent';
    // A controller reporting faults is red whatever its mode: "off" with a power fault is a fault.
    if (s.report.faults.length > 0) return 'fault';
    return s.report.status;
  },
  cameras: (s) => (s.silent ? 'silent' : s.report.status),
  units: (s) => (s.silent ? 'silent' : s.report.status),
  network: (s) => {
    if (s.silent) return 'down';
    return s.report.status === 'degraded' ? 'degraded' : 'up';
  },
};

/** The class of one device of `feed`. */
export function deviceClass<F extends DeviceFeed>(feed: F, state: DeviceState<F>): DeviceClass<F> {
  return (CLASSIFIERS[feed] as (s: DeviceState<F>) => DeviceClass<F>)(state);
}

/** A zeroed count per class of `feed`. */
export function emptyCounts<F extends DeviceFeed>(feed: F): Record<DeviceClass<F>, number> {
  return Object.fromEntries(DEVICE_CLASSES[feed].map((c) => [c, 0])) as Record<DeviceClass<F>, number>;
}

/** A MapLibre `match` expression on the `cls` property giving each class its colour. */
export function classColourExpression<F extends DeviceFeed>(feed: F): unknown[] {
  const colours = DEVICE_COLOURS[feed] as Record<string, string>;
  return ['match', ['get', 'cls'], ...Object.entries(colours).flat(), GREY];
}
