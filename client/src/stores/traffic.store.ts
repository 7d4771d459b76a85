import type { Feature, FeatureCollection, Point } from 'geojson';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { isNewerTrafficState, type TrafficState } from '../../../protocol/traffic.state.js';
import { SPEED_CLASSES, speedClass, type SpeedClass } from '../features/traffic/speed.js';

/** What the traffic map layer draws per detector. */
export interface DetectorProperties {
  id: string;
  cls: SpeedClass;
  speed: number | null;
}

/**
 * Live state of the road-segment detectors, keyed by detector id.
 *
 * The map itself is not reactive (thousands of entries, several frames a second): a batch is merged
 * into it by id, and one `version` bump per batch tells the views that something changed.
 */
export const useTrafficStore = defineStore('traffic', () => {
  const detectors = new Map<string, TrafficState>();
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
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [d.position[0], d.position[1]] },
        properties: { id: d.detectorId, cls: speedClass(d.speed), speed: d.speed },
      });
    }
    return { type: 'FeatureCollection', features };
  }

  return { version, lastUpdatedAt, count, countsByClass, applyBatch, get, toFeatureCollection };
});

export type TrafficStore = ReturnType<typeof useTrafficStore>;
