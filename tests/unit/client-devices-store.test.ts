import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDevicesStore } from '../../client/src/stores/devices.store.js';
import type { DeviceFeed, DeviceReports, DeviceState, LonLat } from '../../protocol/index.js';

const HOAN_KIEM: LonLat = [105.8542, 21.0285];
const CAU_GIAY: LonLat = [105.8011, 21.0362];

/** A device state as the server streams it; `at` is a time of day on 27 Nov 2026 (UTC). */
function state<F extends DeviceFeed>(
  feed: F,
  deviceId: string,
  seq: number,
  at: string,
  report: Omit<DeviceReports[F], 'dateObserved'>,
  extra: { silent?: boolean; position?: LonLat | null } = {},
): DeviceState<F> {
  const observedAt = `2026-11-27T${at}Z`;
  return {
    feed,
    seq,
    deviceId,
    observedAt,
    position: extra.position === undefined ? HOAN_KIEM : extra.position,
    silent: extra.silent ?? false,
    report: { dateObserved: observedAt, ...report } as DeviceReports[F],
  };
}

const node = (id: string, seq: number, at: string, status: 'ok' | 'degraded', silent = false) =>
  state(
    'network',
    id,
    seq,
    at,
    { kind: 'commune_node', communeCode: '00001', expectedIntervalSeconds: 60, status },
    { silent },
  );
const signal = (id: string, seq: number, at: string, status: 'normal' | 'flashing' | 'off' | 'manual', faults = 0) =>
  state('signals', id, seq, at, {
    status,
    faults: Array.from({ length: faults }, () => ({ type: 'lamp_failure' as const })),
  });
const unit = (id: string, seq: number, at: string, heading?: number, position: LonLat | null = HOAN_KIEM) =>
  state(
    'units',
    id,
    seq,
    at,
    {
      location: { type: 'Point', coordinates: HOAN_KIEM },
      kind: 'fire',
      status: 'en_route',
      ...(heading === undefined ? {} : { heading }),
    },
    { position },
  );

describe('devices store', () => {
  let devices: ReturnType<typeof useDevicesStore>;

  beforeEach(() => {
    setActivePinia(createPinia());
    devices = useDevicesStore();
  });

  it('merges a burst by device id, keeping the newest observation of each, in any order', () => {
    const changed = devices.applyBatch('network', [
      node('n1', 5, '01:00:30', 'degraded'),
      node('n1', 3, '01:00:10', 'ok'),
      node('n2', 4, '01:00:00', 'ok'),
      node('n1', 6, '01:00:20', 'ok'),
      node('n2', 7, '01:00:00', 'degraded'), // same observation, stored later: it wins
    ]);

    expect(devices.sizes.network).toBe(2);
    expect(devices.get('network', 'n1')).toMatchObject({ seq: 5, report: { status: 'degraded' } });
    expect(devices.get('network', 'n2')).toMatchObject({ seq: 7, report: { status: 'degraded' } });
    expect(changed).toBe(3);
  });

  it("takes the watchdog's flip to silent (same observation, higher seq) and ignores a replay of the older state", () => {
    devices.applyBatch('network', [node('n1', 10, '02:00:00', 'ok')]);
    devices.applyBatch('network', [node('n1', 42, '02:00:00', 'ok', true)]);
    expect(devices.get('network', 'n1')?.silent).toBe(true);

    // A resume page overlapping the frame replays the state before the flip: it must not revive the node.
    expect(devices.applyBatch('network', [node('n1', 10, '02:00:00', 'ok')])).toBe(0);
    expect(devices.get('network', 'n1')?.silent).toBe(true);

    // The node's next heartbeat brings it back.
    devices.applyBatch('network', [node('n1', 50, '02:05:00', 'ok')]);
    expect(devices.get('network', 'n1')?.silent).toBe(false);
  });

  it('counts silent WAN nodes as down, whatever their last heartbeat said', () => {
    devices.applyBatch('network', [
      node('n1', 1, '03:00:00', 'ok'),
      node('n2', 2, '03:00:00', 'ok'),
      node('n3', 3, '03:00:00', 'degraded'),
      node('n4', 4, '03:00:00', 'degraded', true),
      node('n5', 5, '03:00:00', 'ok', true),
    ]);

    expect(devices.counts.network).toEqual({ up: 2, degraded: 1, down: 2 });
  });

  it('counts a signal with faults as faulty whatever its mode, and a silent one as silent', () => {
    devices.applyBatch('signals', [
      signal('s1', 1, '04:00:00', 'normal'),
      signal('s2', 2, '04:00:00', 'normal', 2),
      signal('s3', 3, '04:00:00', 'off', 1),
      signal('s4', 4, '04:00:00', 'flashing'),
      signal('s5', 5, '04:00:00', 'manual'),
      signal('s6', 6, '04:00:00', 'off'),
      { ...signal('s7', 7, '04:00:00', 'normal', 1), silent: true },
    ]);

    expect(devices.counts.signals).toEqual({ normal: 1, flashing: 1, manual: 1, fault: 2, off: 1, silent: 1 });
  });

  it('keeps each feed apart: the same id in two feeds is two devices, and only the changed feed moves', () => {
    devices.applyBatch('network', [node('x1', 1, '05:00:00', 'ok')]);
    const before = { ...devices.versions };

    devices.applyBatch('signals', [signal('x1', 2, '05:00:00', 'normal'), signal('x2', 3, '05:00:00', 'normal')]);

    expect(devices.versions.signals).toBe(before.signals + 1);
    expect(devices.versions.network).toBe(before.network);
    expect(devices.sizes).toMatchObject({ network: 1, signals: 2, cameras: 0, units: 0 });
    expect(devices.get('network', 'x1')?.feed).toBe('network');
  });

  it('tells the views nothing changed when a batch only carries older states', () => {
    devices.applyBatch('units', [unit('u1', 9, '06:00:00', 90)]);
    const version = devices.versions.units;
    const updatedAt = devices.lastUpdatedAt;

    expect(devices.applyBatch('units', [unit('u1', 8, '05:59:00', 180)])).toBe(0);
    expect(devices.versions.units).toBe(version);
    expect(devices.lastUpdatedAt).toBe(updatedAt);
  });

  it('draws each placed device once, with its class, and leaves out devices never placed', () => {
    devices.applyBatch('network', [
      node('n1', 1, '07:00:00', 'ok'),
      node('n2', 2, '07:00:00', 'ok', true),
      { ...node('centre-1', 3, '07:00:00', 'ok'), position: null },
    ]);

    const fc = devices.toFeatureCollection('network');
    expect(fc.features.map((f) => f.properties)).toEqual([
      { id: 'n1', cls: 'up', kind: 'commune_node' },
      { id: 'n2', cls: 'down', kind: 'commune_node' },
    ]);
    expect(fc.features[0]?.geometry).toEqual({ type: 'Point', coordinates: HOAN_KIEM });
  });

  it("gives a unit's marker its heading, or -1 (no pointer) when it reports none", () => {
    devices.applyBatch('units', [unit('u1', 1, '08:00:00', 270), unit('u2', 2, '08:00:00')]);

    const props = devices.toFeatureCollection('units').features.map((f) => f.properties);
    expect(props).toEqual([
      { id: 'u1', cls: 'en_route', kind: 'fire', heading: 270 },
      { id: 'u2', cls: 'en_route', kind: 'fire', heading: -1 },
    ]);
  });

  it('keeps drawing a device where it was placed when a later state arrives without a position', () => {
    devices.applyBatch('units', [unit('u1', 1, '09:00:00', 0, CAU_GIAY)]);
    devices.applyBatch('units', [unit('u1', 2, '09:01:00', 45, null)]);

    expect(devices.get('units', 'u1')).toMatchObject({ seq: 2, position: CAU_GIAY });
    expect(devices.toFeatureCollection('units').features[0]?.geometry.coordinates).toEqual(CAU_GIAY);
  });
});
