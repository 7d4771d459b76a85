import type { Feature, FeatureCollection, Point } from 'geojson';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { BACKLOG_SECTORS, type BacklogState, type LonLat } from '../../../protocol/index.js';
import {
  BACKLOG_CLASSES,
  backlogClass,
  communeBacklogs,
  type BacklogClass,
  type CommuneBacklog,
} from '../features/backlog/backlog-classes.js';
import { createLiveCollection } from './live/live-collection.js';

/** What the backlog layer draws per commune, at its anchor. */
export interface CommuneBacklogProperties {
  /** The GSO commune code. */
  id: string;
  cls: BacklogClass;
  overdue: number;
  received: number;
}

/** The newer figures of a commune and sector: a later observation, or the same one stored again later. */
const isNewerBacklog = (a: BacklogState, b: BacklogState): boolean =>
  a.dateObserved > b.dateObserved || (a.dateObserved === b.dateObserved && a.seq > b.seq);

/**
 * The latest dossier figures per commune and sector (`<communeCode>:<sector>`), and their sums per
 * commune: what the backlog layer draws and the legend counts.
 */
export const useBacklogStore = defineStore('backlog', () => {
  const live = createLiveCollection<BacklogState>({ keyOf: (b) => b.id, isNewer: isNewerBacklog });

  const communes = computed<ReadonlyMap<string, CommuneBacklog>>(() => {
    live.track();
    return communeBacklogs(live.items.values(), BACKLOG_SECTORS);
  });

  /** Communes per class (at or above the online target, below it, nothing received). */
  const countsByClass = computed(() => {
    const counts = Object.fromEntries(BACKLOG_CLASSES.map((c) => [c, 0])) as Record<BacklogClass, number>;
    for (const c of communes.value.values()) counts[backlogClass(c)]++;
    return counts;
  });

  const totals = computed(() => {
    let overdue = 0;
    let communesWithOverdue = 0;
    for (const c of communes.value.values()) {
      overdue += c.overdue;
      if (c.overdue > 0) communesWithOverdue++;
    }
    return { overdue, communesWithOverdue };
  });

  const commune = (code: string): CommuneBacklog | undefined => communes.value.get(code);

  /** One point per commune whose anchor is known and that `include` keeps (the filters; all by default). */
  function toFeatureCollection(
    anchorOf: (code: string) => LonLat | undefined,
    include: (c: CommuneBacklog) => boolean = () => true,
  ) {
    const features: Feature<Point, CommuneBacklogProperties>[] = [];
    for (const c of communes.value.values()) {
      const at = anchorOf(c.communeCode);
      if (!at || !include(c)) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [at[0], at[1]] },
        properties: { id: c.communeCode, cls: backlogClass(c), overdue: c.overdue, received: c.received },
      });
    }
    return { type: 'FeatureCollection', features } satisfies FeatureCollection<Point, CommuneBacklogProperties>;
  }

  return {
    version: live.version,
    lastUpdatedAt: live.lastUpdatedAt,
    size: live.size,
    communes,
    countsByClass,
    totals,
    commune,
    applyBatch: live.applyBatch,
    applySnapshot: live.applySnapshot,
    clear: live.clear,
    get: live.get,
    all: live.all,
    toFeatureCollection,
  };
});

export type BacklogStore = ReturnType<typeof useBacklogStore>;
