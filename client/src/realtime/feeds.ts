import {
  DEVICE_FEEDS,
  type AlarmState,
  type BacklogState,
  type CrimeState,
  type DeviceFeed,
  type DeviceState,
  type FeedEvent,
  type IncidentState,
  type Layer,
  type SnapshotResult,
  type TrafficState,
} from '../../../protocol/index.js';
import { useFreshnessStore } from '../features/freshness/freshness.store.js';
import { useAlarmsStore } from '../stores/alarms.store.js';
import { useBacklogStore } from '../stores/backlog.store.js';
import { useCrimeStore } from '../stores/crime.store.js';
import { useDevicesStore } from '../stores/devices.store.js';
import { useIncidentsStore } from '../stores/incidents.store.js';
import { useTrafficStore } from '../stores/traffic.store.js';

/** The event feeds: incidents, alarms, crime reports, dossier backlogs. */
export const EVENT_FEEDS = ['incidents', 'alarms', 'crime', 'backlog'] as const satisfies readonly Layer[];

/** The layers this console subscribes to: traffic, the four device feeds and the four event feeds. */
export const CONSOLE_LAYERS: Layer[] = ['traffic', ...DEVICE_FEEDS, ...EVENT_FEEDS];

const isDeviceFeed = (feed: string): feed is DeviceFeed => (DEVICE_FEEDS as readonly string[]).includes(feed);

const highestSeq = (max: number, items: readonly { seq: number }[]): number =>
  items.reduce((m, s) => (s.seq > m ? s.seq : m), max);

/**
 * Puts a snapshot into the stores; returns the highest sequence number it covers. Traffic and
 * devices are merged by id (every detector and device is listed). The event feeds' objects come
 * and go (an alarm clears, an incident closes, a crime report turns 30 days old): for them the
 * snapshot replaces what was held up to its head.
 */
export function applySnapshot(snapshot: SnapshotResult): number {
  const { head } = snapshot;
  // A server that does not serve a feed yet leaves its key out.
  const traffic = snapshot.traffic ?? [];
  let max = highestSeq(head, traffic);
  useTrafficStore().applyBatch(traffic);
  const devices = useDevicesStore();
  for (const feed of DEVICE_FEEDS) {
    const items: readonly DeviceState[] = snapshot[feed] ?? [];
    max = highestSeq(max, items);
    devices.applyBatch(feed, items as DeviceState<typeof feed>[]);
  }
  const incidents = snapshot.incidents ?? [];
  const alarms = snapshot.alarms ?? [];
  const crime = snapshot.crime ?? [];
  const backlog = snapshot.backlog ?? [];
  useIncidentsStore().applySnapshot(incidents, head);
  useAlarmsStore().applySnapshot(alarms, head);
  useCrimeStore().applySnapshot(crime, head);
  useBacklogStore().applySnapshot(backlog, head);
  for (const items of [incidents, alarms, crime, backlog]) max = highestSeq(max, items);
  useFreshnessStore().synchronised();
  return max;
}

/** Empties every live store: a replay is about to show another instant, or the live state is taken again after one. */
export function clearLiveStores(): void {
  useTrafficStore().clear();
  useDevicesStore().clear();
  useIncidentsStore().clear();
  useAlarmsStore().clear();
  useCrimeStore().clear();
  useBacklogStore().clear();
}

/** Applies resumed events, grouped per feed so each store sees one batch per feed. */
export function applyFeedEvents(events: readonly FeedEvent[]): void {
  const traffic: TrafficState[] = [];
  const devices = new Map<DeviceFeed, DeviceState[]>();
  const incidents: IncidentState[] = [];
  const alarms: AlarmState[] = [];
  const crime: CrimeState[] = [];
  const backlog: BacklogState[] = [];
  for (const e of events) {
    if (e.feed === 'traffic') traffic.push(e.data);
    else if (e.feed === 'incidents') incidents.push(e.data);
    else if (e.feed === 'alarms') alarms.push(e.data);
    else if (e.feed === 'crime') crime.push(e.data);
    else if (e.feed === 'backlog') backlog.push(e.data);
    else if (isDeviceFeed(e.feed)) {
      const list = devices.get(e.feed) ?? [];
      list.push(e.data as DeviceState);
      devices.set(e.feed, list);
    }
  }
  if (traffic.length > 0) useTrafficStore().applyBatch(traffic);
  if (devices.size > 0) {
    const store = useDevicesStore();
    for (const [feed, items] of devices) store.applyBatch(feed, items as DeviceState<typeof feed>[]);
  }
  if (incidents.length > 0) useIncidentsStore().applyBatch(incidents);
  if (alarms.length > 0) useAlarmsStore().applyBatch(alarms);
  if (crime.length > 0) useCrimeStore().applyBatch(crime);
  if (backlog.length > 0) useBacklogStore().applyBatch(backlog);
}
