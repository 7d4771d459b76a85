import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { isFinalStatus, type IncidentState } from '../../../protocol/index.js';
import {
  INCIDENT_SEVERITIES,
  SEVERITY_RANK,
  isDuplicate,
  type IncidentSeverity,
} from '../features/incidents/incident-classes.js';
import { createLiveCollection } from './live/live-collection.js';

/** What the incidents layer draws per incident (a point) and per duplicate (a line to its primary). */
export interface IncidentProperties {
  id: string;
  severity: IncidentSeverity;
  rank: number;
  status: IncidentState['status'];
  duplicate: boolean;
  approximate: boolean;
}
export interface IncidentLinkProperties {
  /** The duplicate's id. */
  id: string;
  primary: string;
}
export type IncidentFeatures = FeatureCollection<Point | LineString, IncidentProperties | IncidentLinkProperties>;

export interface IncidentCounts {
  /** Incidents that are not duplicates, per severity. */
  bySeverity: Record<IncidentSeverity, number>;
  duplicates: number;
}

/**
 * Open incidents from the hotlines and agencies, keyed by id; the newest state (highest seq) wins.
 * Reporters' personal data never reaches the console: the wire state has none.
 */
export const useIncidentsStore = defineStore('incidents', () => {
  const live = createLiveCollection<IncidentState>({
    keyOf: (s) => s.id,
    isNewer: (a, b) => a.seq > b.seq,
    // Closed, cancelled or marked a duplicate: off the map and the alerts (the server's snapshot leaves them out too).
    isGone: (s) => isFinalStatus(s.status),
  });

  const counts = computed<IncidentCounts>(() => {
    live.track();
    const bySeverity = Object.fromEntries(INCIDENT_SEVERITIES.map((s) => [s, 0])) as Record<IncidentSeverity, number>;
    let duplicates = 0;
    for (const s of live.items.values()) {
      if (isDuplicate(s)) duplicates++;
      else if (s.severity in bySeverity) bySeverity[s.severity]++;
    }
    return { bySeverity, duplicates };
  });

  /**
   * Placed incidents as points, and a line from each placed duplicate to its placed primary; only
   * those `include` keeps (the filters), all by default.
   */
  function toFeatureCollection(include: (s: IncidentState) => boolean = () => true): IncidentFeatures {
    const points: Feature<Point, IncidentProperties>[] = [];
    const links: Feature<LineString, IncidentLinkProperties>[] = [];
    for (const s of live.items.values()) {
      if (s.position === null || !include(s)) continue;
      points.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [s.position[0], s.position[1]] },
        properties: {
          id: s.id,
          severity: s.severity,
          rank: SEVERITY_RANK[s.severity] ?? 0,
          status: s.status,
          duplicate: isDuplicate(s),
          approximate: s.positionApproximate,
        },
      });
      const primary = s.duplicateOf === null ? undefined : live.items.get(s.duplicateOf);
      if (primary?.position && include(primary)) {
        links.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: [s.position, primary.position] },
          properties: { id: s.id, primary: primary.id },
        });
      }
    }
    return { type: 'FeatureCollection', features: [...links, ...points] };
  }

  return {
    version: live.version,
    lastUpdatedAt: live.lastUpdatedAt,
    size: live.size,
    counts,
    applyBatch: live.applyBatch,
    applySnapshot: live.applySnapshot,
    clear: live.clear,
    get: live.get,
    all: live.all,
    toFeatureCollection,
  };
});

export type IncidentsStore = ReturnType<typeof useIncidentsStore>;
