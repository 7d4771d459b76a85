import type { Feature, FeatureCollection, Point } from 'geojson';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import type { CrimeState } from '../../../protocol/index.js';
import { CRIME_GROUPS, crimeGroup, isOpenCrime, type CrimeGroup } from '../features/crime/crime-classes.js';
import { createLiveCollection } from './live/live-collection.js';

/** What the crime layer draws per report: only the generalised position the server sends. */
export interface CrimeProperties {
  id: string;
  group: CrimeGroup;
  open: boolean;
  /** Heat-map weight: 1 for an open report, 0.5 for a solved or closed one. */
  weight: number;
}

/**
 * Crime reports of the last 30 days, keyed by id, as consoles may see them: category, status and a
 * position generalised by the report's privacy level. No exact place, description or person.
 */
export const useCrimeStore = defineStore('crime', () => {
  const live = createLiveCollection<CrimeState>({ keyOf: (c) => c.id, isNewer: (a, b) => a.seq > b.seq });

  const countsByGroup = computed(() => {
    live.track();
    const counts = Object.fromEntries(CRIME_GROUPS.map((g) => [g, 0])) as Record<CrimeGroup, number>;
    for (const c of live.items.values()) counts[crimeGroup(c)]++;
    return counts;
  });

  /** Reports per district code (reports without a district are not counted here). */
  const countsByDistrict = computed(() => {
    live.track();
    const counts = new Map<string, number>();
    for (const c of live.items.values()) {
      if (c.districtCode) counts.set(c.districtCode, (counts.get(c.districtCode) ?? 0) + 1);
    }
    return counts;
  });

  /** The placed reports `include` keeps (the filters; all by default), as GeoJSON points. */
  function toFeatureCollection(
    include: (c: CrimeState) => boolean = () => true,
  ): FeatureCollection<Point, CrimeProperties> {
    const features: Feature<Point, CrimeProperties>[] = [];
    for (const c of live.items.values()) {
      if (c.position === null || !include(c)) continue;
      const open = isOpenCrime(c);
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.position[0], c.position[1]] },
        properties: { id: c.id, group: crimeGroup(c), open, weight: open ? 1 : 0.5 },
      });
    }
    return { type: 'FeatureCollection', features };
  }

  return {
    version: live.version,
    lastUpdatedAt: live.lastUpdatedAt,
    size: live.size,
    countsByGroup,
    countsByDistrict,
    applyBatch: live.applyBatch,
    applySnapshot: live.applySnapshot,
    clear: live.clear,
    get: live.get,
    all: live.all,
    toFeatureCollection,
  };
});

export type CrimeStore = ReturnType<typeof useCrimeStore>;
