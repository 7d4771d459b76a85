import * as L from 'leaflet';
import { HANOI_BOUNDS, type LonLat } from '../../../protocol/geo.js';

/**
 * The field view's Leaflet map: no tiles (the centre runs offline), only vector layers drawn on
 * canvases, so it works on tablets without WebGL. Each kind of drawing has its own pane and canvas,
 * so a live update (several a second) never repaints the district cells and the roads.
 */
export const FIELD_PANES = {
  /** District cells. */
  areas: 210,
  /** Rivers, West Lake and road corridors. */
  roads: 220,
  /** District names (30 small DOM labels, under the live objects). */
  labels: 300,
  /** Every live object, on one canvas so that a tap finds the topmost one. */
  live: 400,
} as const;

export interface FieldMap {
  map: L.Map;
  /** The canvas each pane draws on. */
  renderers: Record<'areas' | 'roads' | 'live', L.Canvas>;
}

export const FIELD_CENTER: LonLat = [105.85, 21.03];
export const FIELD_ZOOM = 11.5;
export const FIELD_MIN_ZOOM = 9;
export const FIELD_MAX_ZOOM = 17;

/** Leaflet takes [lat, lon]; the wire and the stores use [lon, lat]. */
export const toLatLng = ([lon, lat]: readonly [number, number]): L.LatLngTuple => [lat, lon];

export function createFieldMap(container: HTMLElement): FieldMap {
  const margin = 0.1;
  const map = L.map(container, {
    preferCanvas: true,
    center: toLatLng(FIELD_CENTER),
    zoom: FIELD_ZOOM,
    minZoom: FIELD_MIN_ZOOM,
    maxZoom: FIELD_MAX_ZOOM,
    zoomSnap: 0.5,
    zoomControl: false,
    attributionControl: false,
    maxBounds: L.latLngBounds(
      [HANOI_BOUNDS.minLat - margin, HANOI_BOUNDS.minLon - margin],
      [HANOI_BOUNDS.maxLat + margin, HANOI_BOUNDS.maxLon + margin],
    ),
    maxBoundsViscosity: 0.8,
    bounceAtZoomLimits: false,
    // A finger is not a mouse pointer: a little more slack before a tap becomes a drag.
    tapTolerance: 15,
  });
  for (const [name, zIndex] of Object.entries(FIELD_PANES)) {
    const pane = map.createPane(`field-${name}`);
    pane.style.zIndex = String(zIndex);
  }
  map.getPane('field-labels')!.style.pointerEvents = 'none';
  const renderers = {
    areas: L.canvas({ pane: 'field-areas' }),
    roads: L.canvas({ pane: 'field-roads' }),
    // Extra pixels around each live object that still count as a tap on it.
    live: L.canvas({ pane: 'field-live', tolerance: 6 }),
  };
  L.control.scale({ position: 'topleft', imperial: false }).addTo(map);
  return { map, renderers };
}
