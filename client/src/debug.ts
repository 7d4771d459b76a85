import type { Map as MaplibreMap } from 'maplibre-gl';
import type { InjectionKey } from 'vue';
import {
  DEVICE_FEEDS,
  type AlarmState,
  type BacklogState,
  type CrimeState,
  type DeviceFeed,
  type DeviceState,
  type IncidentState,
  type TrafficState,
} from '../../protocol/index.js';
import type { AlertSoundState, AlertSoundStore } from './features/alerts/alert-sound.store.js';
import type { AlertsStore } from './features/alerts/alerts.store.js';
import type { CommuneBacklog } from './features/backlog/backlog-classes.js';
import type { FiguresDebug, FiguresStore } from './features/figures/figures.store.js';
import { DEVICE_LAYER_IDS, LAYER_IDS, LIVE_LAYER_IDS } from './map/layer-ids.js';
import { mapStats, type MapStats } from './map/source-stats.js';
import type { useConnectionStore } from './realtime/connection.store.js';
import type { AlarmsStore } from './stores/alarms.store.js';
import type { BacklogStore } from './stores/backlog.store.js';
import type { CrimeStore } from './stores/crime.store.js';
import type { DevicesStore } from './stores/devices.store.js';
import type { IncidentsStore } from './stores/incidents.store.js';
import type { LayersStore, ToggleableLayer } from './stores/layers.store.js';
import type { useTrafficStore } from './stores/traffic.store.js';

/** The event layers the debug handle can read objects of. */
export interface EventStates {
  incidents: IncidentState;
  alarms: AlarmState;
  crime: CrimeState;
  backlog: BacklogState;
}
export type EventLayer = keyof EventStates;

/**
 * `window.__hanoi`: a read-only window on the console's state, for the browser tests and for
 * support staff at an operator's desk. Everything returns copies; nothing here can change state.
 */
export interface ConsoleDebugHandle {
  status(): string;
  lastSeq(): number;
  resumeCount(): number;
  lastResume(): { since: number; head: number; pages: number; events: number } | null;
  detectorCount(): number;
  detector(id: string): TrafficState | null;
  mapReady(): boolean;
  /** Detector ids drawn in the current view. */
  renderedDetectorIds(): string[];
  /** District names drawn in the current view (after label collision). */
  renderedDistrictLabels(): string[];
  /** Where a [lon, lat] is drawn, in page pixels (to click a detector). */
  screenPoint(lon: number, lat: number): { x: number; y: number } | null;
  /** Where the map looks: its centre [lon, lat] and zoom (null before it has loaded). */
  mapView(): { center: [number, number]; zoom: number } | null;
  /** How many devices of a feed the console holds. */
  deviceCount(feed: DeviceFeed): number;
  device(feed: DeviceFeed, id: string): DeviceState | null;
  /** Device ids of a feed drawn in the current view (none while its layer is hidden). */
  renderedDeviceIds(feed: DeviceFeed): string[];
  /**
   * Ids drawn in the current view for any live layer (none while it is hidden): detector, device,
   * incident, alarm or crime-report ids, and for the backlog layer commune codes.
   */
  renderedIds(layer: ToggleableLayer): string[];
  /** The report counts of the crime clusters drawn in the current view. */
  renderedCrimeClusters(): number[];
  /** The units whose recommended route to the open incident is drawn in the current view. */
  renderedDispatchRoutes(): string[];
  /**
   * What one style layer draws in the current view: each feature's properties, and its paint and
   * layout as evaluated for that feature (colours as rgba() text, images by name).
   */
  renderedFeatures(styleLayer: string): Array<{ properties: Record<string, unknown>; style: Record<string, string> }>;
  /** How many objects an event layer's store holds (backlog: commune-and-sector figures). */
  eventCount(layer: EventLayer): number;
  /** Every object an event layer's store holds, newest state each. */
  eventItems<L extends EventLayer>(layer: L): EventStates[L][];
  /** One object of an event layer (backlog: `<communeCode>:<sector>`). */
  eventItem<L extends EventLayer>(layer: L, id: string): EventStates[L] | null;
  /** A commune's dossier figures summed over its sectors. */
  communeBacklog(code: string): CommuneBacklog | null;
  /** Whether the layer panel shows a live layer. */
  layerVisible(layer: ToggleableLayer): boolean;
  /** The alerts list's incident and alarm ids, in the order shown. */
  alertIds(): string[];
  /** What the alert sound is doing: the severity sounding, the mute, beeps played so far. */
  alertSound(): AlertSoundState;
  /** The figures at a glance the console holds: the newest, and how many samples it keeps. */
  figures(): FiguresDebug;
  /** Since the map loaded: frames it drew, and per GeoJSON source the applies and features sent. */
  mapStats(): MapStats | null;
  /**
   * Every object every layer's store holds, by layer, sorted by id (detectors, each device feed,
   * incidents, alarms, crime reports, dossier figures): what a replay must reproduce.
   */
  layerStates(): Record<string, Array<{ id: string; state: unknown }>>;
}

declare global {
  interface Window {
    __hanoi?: ConsoleDebugHandle;
  }
}

/** Lets the view hand its map to the debug handle once the map has loaded. */
export interface DebugMapSlot {
  attachMap(map: MaplibreMap | null): void;
}
export const debugMapSlotKey: InjectionKey<DebugMapSlot> = Symbol('debug-map-slot');

const copy = <T>(value: T): T => (value === undefined || value === null ? value : structuredClone(value));

export function installDebugHandle(deps: {
  connection: ReturnType<typeof useConnectionStore>;
  traffic: ReturnType<typeof useTrafficStore>;
  devices: DevicesStore;
  incidents: IncidentsStore;
  alarms: AlarmsStore;
  crime: CrimeStore;
  backlog: BacklogStore;
  layers: LayersStore;
  alerts: AlertsStore;
  alertSound: AlertSoundStore;
  figures: FiguresStore;
}): DebugMapSlot {
  let map: MaplibreMap | null = null;
  const rendered = (layers: readonly string[], property: string): string[] => {
    const present = map ? layers.filter((id) => map!.getLayer(id)) : [];
    if (!map || present.length === 0) return [];
    const values = map.queryRenderedFeatures({ layers: present }).map((f) => String(f.properties?.[property] ?? ''));
    return [...new Set(values)].sort();
  };
  const events = { incidents: deps.incidents, alarms: deps.alarms, crime: deps.crime, backlog: deps.backlog };
  const handle: ConsoleDebugHandle = {
    status: () => deps.connection.status,
    lastSeq: () => deps.connection.lastSeq,
    resumeCount: () => deps.connection.resumeCount,
    lastResume: () => {
      const r = deps.connection.lastResume;
      return r ? { since: r.since, head: r.head, pages: r.pages, events: r.events } : null;
    },
    detectorCount: () => deps.traffic.count,
    detector: (id) => copy(deps.traffic.get(id) ?? null),
    mapReady: () => map !== null,
    renderedDetectorIds: () => rendered([LAYER_IDS.trafficDetectors], 'id'),
    renderedDistrictLabels: () => rendered([LAYER_IDS.districtLabels], 'name'),
    screenPoint: (lon, lat) => {
      if (!map) return null;
      const p = map.project([lon, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    mapView: () => {
      if (!map) return null;
      const { lng, lat } = map.getCenter();
      return { center: [lng, lat], zoom: map.getZoom() };
    },
    deviceCount: (feed) => deps.devices.sizes[feed] ?? 0,
    device: (feed, id) => copy(deps.devices.get(feed, id) ?? null),
    renderedDeviceIds: (feed) => (DEVICE_LAYER_IDS[feed] ? rendered(DEVICE_LAYER_IDS[feed], 'id') : []),
    renderedIds: (layer) => (LIVE_LAYER_IDS[layer] ? rendered(LIVE_LAYER_IDS[layer], 'id') : []),
    renderedCrimeClusters: () =>
      map?.getLayer(LAYER_IDS.crimeClusters)
        ? map.queryRenderedFeatures({ layers: [LAYER_IDS.crimeClusters] }).map((f) => Number(f.properties?.point_count))
        : [],
    renderedDispatchRoutes: () => rendered([LAYER_IDS.dispatchRoute], 'unitId'),
    renderedFeatures: (styleLayer) =>
      map?.getLayer(styleLayer)
        ? map.queryRenderedFeatures({ layers: [styleLayer] }).map((f) => ({
            properties: copy({ ...f.properties }),
            style: Object.fromEntries(
              Object.entries({ ...f.layer.paint, ...f.layer.layout }).map(([k, v]) => [k, String(v)]),
            ),
          }))
        : [],
    eventCount: (layer) => events[layer]?.size ?? 0,
    eventItems: <L extends EventLayer>(layer: L) => copy((events[layer]?.all() ?? []) as EventStates[L][]),
    eventItem: <L extends EventLayer>(layer: L, id: string) =>
      copy((events[layer]?.get(id) as EventStates[L] | undefined) ?? null),
    communeBacklog: (code) => copy(deps.backlog.commune(code) ?? null),
    layerVisible: (layer) => deps.layers.visible[layer] === true,
    alertIds: () => deps.alerts.items.map((a) => a.id),
    alertSound: () => ({ ...deps.alertSound.state }),
    figures: () => copy(deps.figures.debugView()),
    mapStats: () => (map ? copy(mapStats(map)) : null),
    layerStates: () => {
      const byId = <T>(items: Array<[string, T]>) =>
        items.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, state]) => ({ id, state: copy(state) }));
      const out: Record<string, Array<{ id: string; state: unknown }>> = {
        traffic: byId(deps.traffic.all().map((d) => [d.detectorId, d])),
      };
      for (const feed of DEVICE_FEEDS) out[feed] = byId(deps.devices.all(feed).map((d) => [d.deviceId, d]));
      out.incidents = byId(deps.incidents.all().map((i) => [i.id, i]));
      out.alarms = byId(deps.alarms.all().map((a) => [a.id, a]));
      out.crime = byId(deps.crime.all().map((c) => [c.id, c]));
      out.backlog = byId(deps.backlog.all().map((b) => [`${b.communeCode}:${b.sector}`, b]));
      return out;
    },
  };
  Object.defineProperty(window, '__hanoi', { value: Object.freeze(handle), configurable: true });
  return {
    attachMap: (m) => {
      map = m;
      // Count from the map's first frame, not from the first question.
      if (m) mapStats(m);
    },
  };
}
