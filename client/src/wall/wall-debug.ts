import type { Map as MaplibreMap } from 'maplibre-gl';
import type { DistrictBacklog, WallIncident } from '../../../protocol/index.js';
import { WALL_LAYER_IDS } from './layers/wall-layer-ids.js';
import type { WallPanel } from './wall-cycle.js';
import type { useWallConnectionStore, WallStatus } from './wall-connection.store.js';
import type { WallStore } from './wall.store.js';

/**
 * `window.__hanoiWall`: a read-only window on the press wall, for the browser tests and for whoever
 * sets up a screen. Everything returns copies; nothing here can change state. It keeps no history of
 * what arrived (a wall runs for weeks): tests watch the socket's frames themselves.
 */
export interface WallDebugHandle {
  status(): WallStatus;
  /** How many snapshots the wall has taken (one per (re)connection). */
  snapshots(): number;
  panel(): WallPanel;
  /** When the panel on show came up (page clock, ms since the epoch). */
  panelSince(): number;
  mapReady(): boolean;
  detectorCount(): number;
  incidents(): WallIncident[];
  /** Incident ids drawn in the current view. */
  renderedIncidentIds(): string[];
  /** The 24-hour crime total the wall holds for a district (0 when none). */
  crimeTotal(districtCode: string): number;
  backlog(districtCode: string): DistrictBacklog | null;
  /** Whether the district choropleth is drawn, and for which panel. */
  choropleth(): 'crime' | 'backlog' | null;
}

declare global {
  interface Window {
    __hanoiWall?: WallDebugHandle;
  }
}

const copy = <T>(value: T): T => (value === undefined || value === null ? value : structuredClone(value));

/** Installs the handle; returns what removes it (the wall view unmounts). */
export function installWallDebugHandle(deps: {
  store: WallStore;
  connection: ReturnType<typeof useWallConnectionStore>;
  panel: () => WallPanel;
  panelSince: () => number;
  map: () => MaplibreMap | null;
}): () => void {
  const visible = (id: string) => {
    const map = deps.map();
    return Boolean(map?.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none');
  };
  const handle: WallDebugHandle = {
    status: () => deps.connection.status,
    snapshots: () => deps.connection.snapshots,
    panel: deps.panel,
    panelSince: deps.panelSince,
    mapReady: () => deps.map() !== null,
    detectorCount: () => deps.store.detectors().length,
    incidents: () => copy(deps.store.incidentList()),
    renderedIncidentIds: () => {
      const map = deps.map();
      if (!map?.getLayer(WALL_LAYER_IDS.incidents)) return [];
      const ids = map
        .queryRenderedFeatures({ layers: [WALL_LAYER_IDS.incidents] })
        .map((f) => String(f.properties?.id));
      return [...new Set(ids)].sort();
    },
    crimeTotal: (code) => deps.store.crimeTotal(code)?.total ?? 0,
    backlog: (code) => copy(deps.store.districtBacklog(code) ?? null),
    choropleth: () => {
      if (!visible(WALL_LAYER_IDS.districtFill)) return null;
      const panel = deps.panel();
      return panel === 'crime' || panel === 'backlog' ? panel : null;
    },
  };
  Object.defineProperty(window, '__hanoiWall', { value: Object.freeze(handle), configurable: true });
  return () => void delete window.__hanoiWall;
}
