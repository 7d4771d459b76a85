import type { Map as MaplibreMap } from 'maplibre-gl';
import type { InjectionKey } from 'vue';
import type { DeviceFeed, DeviceState, TrafficState } from '../../protocol/index.js';
import { DEVICE_LAYER_IDS, LAYER_IDS } from './map/layer-ids.js';
import type { useConnectionStore } from './realtime/connection.store.js';
import type { DevicesStore } from './stores/devices.store.js';
import type { LayersStore, ToggleableLayer } from './stores/layers.store.js';
import type { useTrafficStore } from './stores/traffic.store.js';

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
  /** How many devices of a feed the console holds. */
  deviceCount(feed: DeviceFeed): number;
  device(feed: DeviceFeed, id: string): DeviceState | null;
  /** Device ids of a feed drawn in the current view (none while its layer is hidden). */
  renderedDeviceIds(feed: DeviceFeed): string[];
  /** Whether the layer panel shows a live layer. */
  layerVisible(layer: ToggleableLayer): boolean;
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
  layers: LayersStore;
}): DebugMapSlot {
  let map: MaplibreMap | null = null;
  const rendered = (layer: string, property: string): string[] => {
    if (!map || !map.getLayer(layer)) return [];
    const values = map.queryRenderedFeatures({ layers: [layer] }).map((f) => String(f.properties?.[property] ?? ''));
    return [...new Set(values)].sort();
  };
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
    renderedDetectorIds: () => rendered(LAYER_IDS.trafficDetectors, 'id'),
    renderedDistrictLabels: () => rendered(LAYER_IDS.districtLabels, 'name'),
    screenPoint: (lon, lat) => {
      if (!map) return null;
      const p = map.project([lon, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    deviceCount: (feed) => deps.devices.sizes[feed] ?? 0,
    device: (feed, id) => copy(deps.devices.get(feed, id) ?? null),
    renderedDeviceIds: (feed) => (DEVICE_LAYER_IDS[feed] ? rendered(DEVICE_LAYER_IDS[feed], 'id') : []),
    layerVisible: (layer) => deps.layers.visible[layer] === true,
  };
  Object.defineProperty(window, '__hanoi', { value: Object.freeze(handle), configurable: true });
  return { attachMap: (m) => void (map = m) };
}
