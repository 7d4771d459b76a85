import type * as L from 'leaflet';
import { FIELD_LAYERS, type FieldLayer } from './field-layers.js';
import type { MarkerLayer } from './marker-layer.js';

/**
 * `window.__hanoiField`: a read-only window on the field view's Leaflet map, for the browser tests
 * and support staff, as `window.__hanoi` is for the console. Everything returns copies.
 */
export interface FieldDebugHandle {
  /** Whether this browser offers WebGL at all (the field view does not need it). */
  webgl(): boolean;
  /** Live objects drawn per layer, read from the Leaflet layers (0 while a layer is hidden). */
  drawn(): Record<FieldLayer, number>;
  drawnIds(layer: FieldLayer): string[];
  /** Whether every live object is drawn on a canvas renderer (no DOM element per object). */
  onCanvas(): boolean;
  /** Leaflet DOM markers on the map (there should be none). */
  domMarkers(): number;
  /** The geography drawn: district cells, road corridors, district names shown now. */
  base(): { districts: number; roads: number; labels: string[] };
  /** The map's centre [lon, lat] and zoom. */
  view(): { center: [number, number]; zoom: number };
  /** The incident shown in the drawer, if any. */
  selectedIncident(): string | null;
  /** Where a [lon, lat] is on the page, in CSS pixels (to tap an object). */
  screenPoint(lon: number, lat: number): { x: number; y: number };
}

declare global {
  interface Window {
    __hanoiField?: FieldDebugHandle;
  }
}

function hasWebgl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

/** Installs the handle; returns its removal (the view unmounts). */
export function installFieldDebugHandle(deps: {
  map: L.Map;
  live: Record<FieldLayer, MarkerLayer>;
  base(): { districts: number; roads: number; labels: string[] };
  selected(): string | null;
}): () => void {
  const { map, live } = deps;
  const handle: FieldDebugHandle = {
    webgl: hasWebgl,
    drawn: () => Object.fromEntries(FIELD_LAYERS.map((l) => [l, live[l].drawn(map)])) as Record<FieldLayer, number>,
    drawnIds: (layer) => live[layer]?.ids(map) ?? [],
    onCanvas: () => FIELD_LAYERS.every((l) => live[l].onCanvas()),
    domMarkers: () => map.getContainer().querySelectorAll('.leaflet-marker-icon').length,
    base: () => structuredClone(deps.base()),
    view: () => {
      const c = map.getCenter();
      return { center: [c.lng, c.lat], zoom: map.getZoom() };
    },
    selectedIncident: deps.selected,
    screenPoint: (lon, lat) => {
      const p = map.latLngToContainerPoint([lat, lon]);
      const box = map.getContainer().getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
  };
  Object.defineProperty(window, '__hanoiField', { value: Object.freeze(handle), configurable: true });
  return () => {
    if (window.__hanoiField === handle) delete window.__hanoiField;
  };
}
