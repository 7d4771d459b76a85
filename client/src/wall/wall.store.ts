import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import {
  isNewerTrafficState,
  type CrimeDistrictTotal,
  type DistrictBacklog,
  type TrafficState,
  type WallIncident,
  type WallSnapshot,
} from '../../../protocol/index.js';
import { backlogSummary, crimeSummary, incidentSummary, trafficSummary } from './wall-figures.js';

/**
 * Statuses after which an incident is over and leaves the wall: closed, and, with the incident
 * lifecycle, cancelled or marked a duplicate (its FINAL_STATUSES). Compared as text, so the wall
 * takes them off whichever statuses the server's vocabulary has.
 */
const OVER: ReadonlySet<string> = new Set(['closed', 'cancelled', 'duplicate']);

/** One part of the wall's state; each has its own version so a view redraws only what changed. */
export type WallPart = 'traffic' | 'incidents' | 'crime' | 'backlog';

/**
 * The press wall's live state, all of it the server's public projection (protocol/wall.ts): traffic
 * by detector, open incidents by id, crime and the backlog by district. Plain (non-reactive) maps,
 * with one version bump per part per snapshot or frame, as the console's stores do.
 */
export const useWallStore = defineStore('wall', () => {
  const traffic = new Map<string, TrafficState>();
  const incidents = new Map<string, WallIncident>();
  const crime = new Map<string, CrimeDistrictTotal>();
  const backlog = new Map<string, DistrictBacklog>();
  const versions = {
    traffic: shallowRef(0),
    incidents: shallowRef(0),
    crime: shallowRef(0),
    backlog: shallowRef(0),
  } satisfies Record<WallPart, unknown>;
  /** When the wall last received a change (browser clock). */
  const lastUpdatedAt = shallowRef<Date | null>(null);

  function bump(part: WallPart, changed: number): number {
    if (changed > 0) {
      versions[part].value++;
      lastUpdatedAt.value = new Date();
    }
    return changed;
  }

  function mergeTraffic(items: readonly TrafficState[]): number {
    let changed = 0;
    for (const item of items) {
      const held = traffic.get(item.detectorId);
      if (held !== undefined && !isNewerTrafficState(item, held)) continue;
      // A reading without a location keeps the position the detector registered with.
      traffic.set(item.detectorId, item.position === null && held ? { ...item, position: held.position } : item);
      changed++;
    }
    return changed;
  }

  function mergeIncidents(items: readonly WallIncident[]): number {
    let changed = 0;
    for (const item of items) {
      const held = incidents.get(item.id);
      if (held !== undefined && held.seq >= item.seq) continue;
      // The wall shows open incidents only: one that says it is over leaves.
      if (OVER.has(item.status)) {
        if (incidents.delete(item.id)) changed++;
        continue;
      }
      incidents.set(item.id, item);
      changed++;
    }
    return changed;
  }

  /** District sums: the latest one replaces the district's; a crime total of 0 removes it. */
  function mergeByDistrict<T extends { districtCode: string }>(
    target: Map<string, T>,
    items: readonly T[],
    empty: (item: T) => boolean = () => false,
  ): number {
    for (const item of items) {
      if (empty(item)) target.delete(item.districtCode);
      else target.set(item.districtCode, item);
    }
    return items.length;
  }
  const noCrime = (c: CrimeDistrictTotal) => c.total <= 0;

  /** A (re)subscription's snapshot: it replaces everything held. */
  function replace(snapshot: WallSnapshot): void {
    traffic.clear();
    incidents.clear();
    crime.clear();
    backlog.clear();
    mergeTraffic(snapshot.traffic ?? []);
    mergeIncidents(snapshot.incidents ?? []);
    mergeByDistrict(crime, snapshot.crime ?? [], noCrime);
    mergeByDistrict(backlog, snapshot.backlog ?? []);
    for (const part of ['traffic', 'incidents', 'crime', 'backlog'] as const) bump(part, 1);
  }

  const track = (part: WallPart) => void versions[part].value;

  return {
    versions,
    lastUpdatedAt,
    replace,
    applyTraffic: (items: readonly TrafficState[]) => bump('traffic', mergeTraffic(items)),
    applyIncidents: (items: readonly WallIncident[]) => bump('incidents', mergeIncidents(items)),
    applyCrime: (items: readonly CrimeDistrictTotal[]) => bump('crime', mergeByDistrict(crime, items, noCrime)),
    applyBacklog: (items: readonly DistrictBacklog[]) => bump('backlog', mergeByDistrict(backlog, items)),
    /** Reactive reads of the held state (each tracks its part's version). */
    detectors(): TrafficState[] {
      track('traffic');
      return [...traffic.values()];
    },
    incidentList(): WallIncident[] {
      track('incidents');
      return [...incidents.values()];
    },
    crimeTotal(districtCode: string): CrimeDistrictTotal | undefined {
      track('crime');
      return crime.get(districtCode);
    },
    districtBacklog(districtCode: string): DistrictBacklog | undefined {
      track('backlog');
      return backlog.get(districtCode);
    },
    trafficNow: computed(() => {
      track('traffic');
      return trafficSummary(traffic.values());
    }),
    incidentsNow: computed(() => {
      track('incidents');
      return incidentSummary(incidents.values());
    }),
    crimeNow: computed(() => {
      track('crime');
      return crimeSummary(crime.values());
    }),
    backlogNow: computed(() => {
      track('backlog');
      return backlogSummary(backlog.values());
    }),
  };
});

export type WallStore = ReturnType<typeof useWallStore>;
