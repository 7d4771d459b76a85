import {
  DEVICE_FEEDS,
  type DeviceFeed,
  type DeviceState,
  type FeedEvent,
  type Layer,
  type SnapshotResult,
  type TrafficState,
} from '../../../protocol/index.js';
import { useDevicesStore } from '../stores/devices.store.js';
import { useTrafficStore } from '../stores/traffic.store.js';

/** The layers this console subscribes to: traffic and the four device feeds. */
export const CONSOLE_LAYERS: Layer[] = ['traffic', ...DEVICE_FEEDS];

const isDeviceFeed = (feed: string): feed is DeviceFeed => (DEVICE_FEEDS as readonly string[]).includes(feed);

/** Puts a snapshot into the stores; returns the highest sequence number it covers. */
export function applySnapshot(snapshot: SnapshotResult): number {
  let max = snapshot.head;
  const traffic = snapshot.traffic ?? [];
  for (const s of traffic) if (s.seq > max) max = s.seq;
  useTrafficStore().applyBatch(traffic);
  const devices = useDevicesStore();
  for (const feed of DEVICE_FEEDS) {
    // A server that does not serve a feed yet leaves its key out.
    const items: readonly DeviceState[] = snapshot[feed] ?? [];
    for (const s of items) if (s.seq > max) max = s.seq;
    devices.applyBatch(feed, items as DeviceState<typeof feed>[]);
  }
  return max;
}

/** Applies resumed events, grouped per feed so each store sees one batch per feed. */
export function applyFeedEvents(events: readonly FeedEvent[]): void {
  const traffic: TrafficState[] = [];
  const devices = new Map<DeviceFeed, DeviceState[]>();
  for (const e of events) {
    if (e.feed === 'traffic') traffic.push(e.data);
    else if (isDeviceFeed(e.feed)) {
      const list = devices.get(e.feed) ?? [];
      list.push(e.data as DeviceState);
      devices.set(e.feed, list);
    }
  }
  if (traffic.length > 0) useTrafficStore().applyBatch(traffic);
  if (devices.size === 0) return;
  const store = useDevicesStore();
  for (const [feed, items] of devices) store.applyBatch(feed, items as DeviceState<typeof feed>[]);
}
