import type { Feature, FeatureCollection, Point } from 'geojson';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import type { AlarmKind, AlarmState, LonLat } from '../../../protocol/index.js';
import { isAcknowledged } from '../features/acknowledgement.js';
import { ALARM_KINDS, ALARM_SEVERITY_RANK } from '../features/alarms/alarm-classes.js';
import { createLiveCollection } from './live/live-collection.js';

/** What the alarms layer draws per open alarm. */
export interface AlarmProperties {
  id: string;
  kind: AlarmKind;
  severity: AlarmState['severity'];
  rank: number;
  /** An operator has acknowledged it: drawn fainter. */
  acknowledged: boolean;
}

/** Where an alarm is drawn: its own position, else its source's (the layer resolves that). */
export type AlarmLocator = (alarm: AlarmState) => LonLat | null;

/**
 * Open alarms, keyed by id. A cleared alarm arrives once more with `clearedAt` set: it leaves the
 * store then, and an older state of it (a late frame) does not bring it back.
 */
export const useAlarmsStore = defineStore('alarms', () => {
  const live = createLiveCollection<AlarmState>({
    keyOf: (a) => a.id,
    isNewer: (a, b) => a.seq > b.seq,
    isGone: (a) => a.clearedAt !== null,
  });

  const countsByKind = computed(() => {
    live.track();
    const counts = Object.fromEntries(ALARM_KINDS.map((k) => [k, 0])) as Record<AlarmKind, number>;
    for (const a of live.items.values()) if (a.kind in counts) counts[a.kind]++;
    return counts;
  });

  /** The alarms that can be placed and `include` keeps (the filters; all by default), as GeoJSON points. */
  function toFeatureCollection(
    locate: AlarmLocator,
    include: (a: AlarmState, at: LonLat) => boolean = () => true,
  ): FeatureCollection<Point, AlarmProperties> {
    const features: Feature<Point, AlarmProperties>[] = [];
    for (const a of live.items.values()) {
      const at = locate(a);
      if (!at || !include(a, at)) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [at[0], at[1]] },
        properties: {
          id: a.id,
          kind: a.kind,
          severity: a.severity,
          rank: ALARM_SEVERITY_RANK[a.severity] ?? 0,
          acknowledged: isAcknowledged(a),
        },
      });
    }
    return { type: 'FeatureCollection', features };
  }

  return {
    version: live.version,
    lastUpdatedAt: live.lastUpdatedAt,
    size: live.size,
    countsByKind,
    applyBatch: live.applyBatch,
    applySnapshot: live.applySnapshot,
    clear: live.clear,
    get: live.get,
    all: live.all,
    toFeatureCollection,
  };
});

export type AlarmsStore = ReturnType<typeof useAlarmsStore>;
