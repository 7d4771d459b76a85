import type { Feature, FeatureCollection, Point } from 'geojson';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { isNewerTrafficState, type TrafficState } from '../../../protocol/traffic.state.js';
import { SPEED_CLASSES, speedClass, type SpeedClass } from '../features/traffic/speed.js';
import { createChangeTrackers, type ChangeReader } from './live/change-tracker.js';

/** What the traffic map layer draws per detector. */
export interface DetectorProperties {
  id: string;
  cls: SpeedClass;
  speed: number | null;
}

/** The GeoJSON point the traffic layer draws for a detector, or null when it has no position. */
function detectorFeature(d: TrafficState): Feature<Point, DetectorProperties> | null {
  if (d.position === null) return null;
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [d.position[0], d.position[1]] },
    properties: { id: d.detectorId, cls: speedClass(d.speed), speed: d.speed },
  };
}

/**
 * Live state of the road-segment detectors, keyed by detector id.
 *
 * The map itself is not reactive (thousands of entries, several frames a second): a batch is merged
 * into it by id, and one `version` bump per batch tells the views that something changed.
 */
export const useTrafficStore = defineStore('traffic', () => {
  const detectors = new Map<string, TrafficState>();
  const trackers = createChangeTrackers();
  const version = shallowRef(0);
  /** When the console last received a change (browser clock). */
  const lastUpdatedAt = shallowRef<Date | null>(null);

  /**
   * Merges a burst of states by id: an item replaces the held one only when it is a newer
   * observation (the protocol's rule, the same the server uses for its snapshot). Returns how many
   * detectors changed.
   */
  function applyBatch(items: readonly TrafficState[]): number {
    let changed = 0;
    for (const item of items) {
      const held = detectors.get(item.detectorId);
      if (held !== undefined && !isNewerTrafficState(item, held)) continue;
      // A reading without a location keeps the position the detector registered with.
      detectors.set(item.detectorId, item.position === null && held ? { ...item, position: held.position } : item);
      trackers.changed(item.detectorId);
      changed++;
    }
    if (changed > 0) {
      version.value++;
      lastUpdatedAt.value = new Date();
    }
    return changed;
  }

  function get(id: string): TrafficState | undefined {
    void version.value; // a reactive read, so computed values that look a detector up stay fresh
    return detectors.get(id);
  }

  /** Every detector's state (a new list; reactive, like `get`). */
  function all(): TrafficState[] {
    void version.value;
    return [...detectors.values()];
  }

  const count = computed(() => {
    void version.value;
    return detectors.size;
  });

  /** Detectors per speed class, for the legend. */
  const countsByClass = computed(() => {
    void version.value;
    const counts = Object.fromEntries(SPEED_CLASSES.map((c) => [c, 0])) as Record<SpeedClass, number>;
    for (const d of detectors.values()) counts[speedClass(d.speed)]++;
    return counts;
  });

  /** The detectors that have a position and `include` keeps (the filters), as GeoJSON. Built on demand. */
  function toFeatureCollection(
    include: (d: TrafficState) => boolean = () => true,
  ): FeatureCollection<Point, DetectorProperties> {
    const features: Feature<Point, DetectorProperties>[] = [];
    for (const d of detectors.values()) {
      if (d.position === null || !include(d)) continue;
      const feature = detectorFeature(d);
      if (feature) features.push(feature);
    }
    return { type: 'FeatureCollection', features };
  }

  /** The map feature of one detector, or null when it has no position or `include` leaves it out. */
  function toFeature(
    id: string,
    include: (d: TrafficState) => boolean = () => true,
  ): Feature<Point, DetectorProperties> | null {
    const d = detectors.get(id);
    return d && d.position !== null && include(d) ? detectorFeature(d) : null;
  }

  /** A reader of the detector ids changed since it last looked: the map layer applies only those. */
  const changes = (): ChangeReader => trackers.reader();

  /** Forgets every detector's state (a replay jumps to another instant). */
  function clear(): void {
    detectors.clear();
    trackers.changedAll();
    version.value++;
  }

  return {
    version,
    lastUpdatedAt,
    count,
    countsByClass,
    applyBatch,
    get,
    all,
    toFeatureCollection,
    toFeature,
    changes,
    clear,
  };
});

export type TrafficStore = ReturnType<typeof useTrafficStore>;
