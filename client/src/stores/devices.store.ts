import type { Feature, FeatureCollection, Point } from 'geojson';
import { defineStore } from 'pinia';
import { computed, reactive, shallowRef } from 'vue';
import { DEVICE_FEEDS, type DeviceFeed, type DeviceState } from '../../../protocol/index.js';
import { deviceClass, emptyCounts, type DeviceClass } from '../features/devices/device-classes.js';
import { createDeviceCollection, type DeviceCollection } from './devices/device-collection.js';
import { deviceFeature, deviceFeatureCollection, type DeviceProperties } from './devices/device-features.js';
import type { ChangeReader } from './live/change-tracker.js';

type Collections = { [F in DeviceFeed]: DeviceCollection<F> };
export type DeviceCounts = { [F in DeviceFeed]: Record<DeviceClass<F>, number> };

/**
 * Live state of the four device feeds (signal controllers, cameras, response units, WAN nodes),
 * keyed by feed and device id. Like the traffic store, the maps themselves are not reactive: a batch
 * is merged by id and bumps its feed's `versions` entry once, so the signals layer does not redraw
 * because a WAN node sent a heartbeat.
 */
export const useDevicesStore = defineStore('devices', () => {
  const collections = Object.fromEntries(DEVICE_FEEDS.map((f) => [f, createDeviceCollection()])) as Collections;
  const versions = reactive(Object.fromEntries(DEVICE_FEEDS.map((f) => [f, 0])) as Record<DeviceFeed, number>);
  /** When the console last received a change to any device (browser clock). */
  const lastUpdatedAt = shallowRef<Date | null>(null);

  const collection = <F extends DeviceFeed>(feed: F) => collections[feed] as DeviceCollection<F>;

  /** Merges a burst of one feed's states by id (newer wins). Returns how many devices changed. */
  function applyBatch<F extends DeviceFeed>(feed: F, items: readonly DeviceState<F>[]): number {
    const changed = collection(feed).merge(items);
    if (changed > 0) {
      versions[feed]++;
      lastUpdatedAt.value = new Date();
    }
    return changed;
  }

  function get<F extends DeviceFeed>(feed: F, id: string): DeviceState<F> | undefined {
    void versions[feed]; // a reactive read, so computed values that look a device up stay fresh
    return collection(feed).get(id);
  }

  function all<F extends DeviceFeed>(feed: F): DeviceState<F>[] {
    void versions[feed];
    return [...collection(feed).values()];
  }

  /** How many devices of each feed are held (placed or not). */
  const sizes = computed(() => {
    const out = {} as Record<DeviceFeed, number>;
    for (const f of DEVICE_FEEDS) {
      void versions[f];
      out[f] = collections[f].size;
    }
    return out;
  });

  function countFeed<F extends DeviceFeed>(feed: F): Record<DeviceClass<F>, number> {
    void versions[feed];
    const counts = emptyCounts(feed);
    for (const s of collection(feed).values()) counts[deviceClass(feed, s)]++;
    return counts;
  }

  /** Devices per class, per feed, for the legends. Each feed recounts only when it changed. */
  const counts = reactive({
    signals: computed(() => countFeed('signals')),
    cameras: computed(() => countFeed('cameras')),
    units: computed(() => countFeed('units')),
    network: computed(() => countFeed('network')),
  }) as DeviceCounts;

  /** The placed devices of `feed` that `include` keeps (the filters), as GeoJSON for its map layer. Built on demand. */
  function toFeatureCollection<F extends DeviceFeed>(
    feed: F,
    include: (s: DeviceState<F>) => boolean = () => true,
  ): FeatureCollection<Point, DeviceProperties[F]> {
    return deviceFeatureCollection(feed, collection(feed).values(), include);
  }

  /** The map feature of one device, or null when it has no position or `include` leaves it out. */
  function toFeature<F extends DeviceFeed>(
    feed: F,
    id: string,
    include: (s: DeviceState<F>) => boolean = () => true,
  ): Feature<Point, DeviceProperties[F]> | null {
    const s = collection(feed).get(id);
    return s && s.position !== null && include(s) ? deviceFeature(feed, s) : null;
  }

  /** A reader of the ids of `feed` changed since it last looked: a map layer applies only those. */
  const changes = (feed: DeviceFeed): ChangeReader => collections[feed].changes();

  /** Forgets every device's state (a replay jumps to another instant). */
  function clear(): void {
    for (const f of DEVICE_FEEDS) {
      collections[f].clear();
      versions[f]++;
    }
  }

  return {
    versions,
    lastUpdatedAt,
    sizes,
    counts,
    applyBatch,
    get,
    all,
    toFeatureCollection,
    toFeature,
    changes,
    clear,
  };
});

export type DevicesStore = ReturnType<typeof useDevicesStore>;
