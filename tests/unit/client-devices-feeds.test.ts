import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { safeHttpUrl } from '../../client/src/map/popup-dom.js';
import { applyFeedEvents, applySnapshot, CONSOLE_LAYERS } from '../../client/src/realtime/feeds.js';
import { serverEventHandlers } from '../../client/src/realtime/handlers/index.js';
import { useDevicesStore } from '../../client/src/stores/devices.store.js';
import { useTrafficStore } from '../../client/src/stores/traffic.store.js';
import type { CameraState, FeedEvent, NetworkState, SnapshotResult, UnitState } from '../../protocol/index.js';

const at = (time: string) => `2026-11-27T${time}Z`;

const camera = (deviceId: string, seq: number, time: string, status: 'online' | 'offline'): CameraState => ({
  feed: 'cameras',
  seq,
  deviceId,
  observedAt: at(time),
  position: [105.8205, 21.0025],
  silent: false,
  report: { dateObserved: at(time), status, vehicleCount: 312 },
});
const unit = (deviceId: string, seq: number, time: string): UnitState => ({
  feed: 'units',
  seq,
  deviceId,
  observedAt: at(time),
  position: [105.8522, 21.0287],
  silent: false,
  report: {
    dateObserved: at(time),
    location: { type: 'Point', coordinates: [105.8522, 21.0287] },
    kind: 'police',
    status: 'available',
    callSign: 'Hoàn Kiếm 01',
  },
});
const node = (deviceId: string, seq: number, time: string, silent = false): NetworkState => ({
  feed: 'network',
  seq,
  deviceId,
  observedAt: at(time),
  position: [105.84, 21.03],
  silent,
  report: {
    dateObserved: at(time),
    kind: 'commune_node',
    communeCode: '00001',
    expectedIntervalSeconds: 60,
    status: 'ok',
  },
});

const snapshot = (head: number, parts: Partial<SnapshotResult>): SnapshotResult => ({
  head,
  traffic: [],
  signals: [],
  cameras: [],
  units: [],
  network: [],
  incidents: [],
  alarms: [],
  crime: [],
  backlog: [],
  ...parts,
});

describe('device feeds in the console', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('subscribes to traffic, the four device layers and the four event layers', () => {
    expect(CONSOLE_LAYERS).toEqual([
      'traffic',
      'signals',
      'cameras',
      'units',
      'network',
      'incidents',
      'alarms',
      'crime',
      'backlog',
    ]);
  });

  it('puts every feed of a snapshot into the stores and reads on from the highest seq it covers', () => {
    const head = applySnapshot(
      snapshot(20, {
        cameras: [camera('cam-1', 12, '01:00:00', 'online')],
        units: [unit('pol-1', 25, '01:00:00')],
        network: [node('wan-1', 3, '01:00:00'), node('wan-2', 4, '01:00:00', true)],
      }),
    );

    const devices = useDevicesStore();
    expect(head).toBe(25);
    expect(devices.sizes).toEqual({ signals: 0, cameras: 1, units: 1, network: 2 });
    expect(devices.counts.network).toEqual({ up: 1, degraded: 0, down: 1 });
  });

  it('applies resumed events of several feeds, one batch per feed, newest state per device', () => {
    const events: FeedEvent[] = [
      { feed: 'cameras', seq: 31, data: camera('cam-1', 31, '02:00:00', 'online') },
      { feed: 'network', seq: 32, data: node('wan-1', 32, '02:00:00') },
      { feed: 'cameras', seq: 33, data: camera('cam-1', 33, '02:01:00', 'offline') },
      { feed: 'network', seq: 34, data: node('wan-1', 34, '02:00:00', true) },
    ];
    const devices = useDevicesStore();
    const before = { ...devices.versions };

    applyFeedEvents(events);

    expect(devices.get('cameras', 'cam-1')?.report.status).toBe('offline');
    expect(devices.get('network', 'wan-1')?.silent).toBe(true);
    expect(devices.versions.cameras).toBe(before.cameras + 1);
    expect(devices.versions.network).toBe(before.network + 1);
    expect(useTrafficStore().count).toBe(0);
  });

  it('listens to one event per feed, and a device frame reports the highest seq it carried', () => {
    expect(serverEventHandlers.map((h) => h.event)).toEqual([
      'traffic:updated',
      'signals:updated',
      'cameras:updated',
      'units:updated',
      'network:updated',
      'incidents:updated',
      'alarms:updated',
      'crime:updated',
      'backlog:updated',
      'figures:updated',
      'incidents:presence',
      'handover:created',
    ]);
    const network = serverEventHandlers.find((h) => h.event === 'network:updated')!;
    const seq = (network.handle as (frame: unknown) => number)({
      items: [node('wan-1', 41, '03:00:00'), node('wan-2', 40, '03:00:00')],
    });

    expect(seq).toBe(41);
    expect(useDevicesStore().sizes.network).toBe(2);
    expect((network.handle as (frame: unknown) => number)({})).toBe(0);
  });
});

describe('links in popups', () => {
  it('only lets http and https snapshot URLs through', () => {
    expect(safeHttpUrl('https://cameras.example.vn/nga-tu-so/latest.jpg')).toBe(
      'https://cameras.example.vn/nga-tu-so/latest.jpg',
    );
    expect(safeHttpUrl('http://10.0.0.5/snap.jpg')).toBe('http://10.0.0.5/snap.jpg');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<b>x</b>')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl(undefined)).toBeNull();
  });
});
