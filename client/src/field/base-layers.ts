import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import * as L from 'leaflet';
import type { DistrictCellProperties, DistrictLabelProperties } from '../../../protocol/geo.api.js';
import { PALETTE } from '../map/style.js';
import type { NetworkFeatures } from '../stores/geo.store.js';
import { toLatLng, type FieldMap } from './field-map.js';

/**
 * The static picture under the live objects, from the geo store's GeoJSON: the 30 district cells,
 * water and the road corridors as Leaflet vector layers on their own canvases, and the district
 * names as 30 small labels. Nothing here reacts to a tap.
 */

const DISTRICT_FILL: Record<DistrictCellProperties['type'], string> = {
  quan: PALETTE.districtUrban,
  thi_xa: PALETTE.districtTown,
  huyen: PALETTE.districtRural,
};

const ROAD_KINDS = ['street', 'artery', 'ring', 'expressway', 'bridge'] as const;
type RoadKind = (typeof ROAD_KINDS)[number];
/** Line widths at zoom 11 and 15 (pixels); Leaflet widths do not scale with the zoom by themselves. */
const ROAD_WIDTH: Record<RoadKind, [number, number]> = {
  street: [0.8, 3],
  artery: [1.2, 5],
  ring: [1.8, 7],
  expressway: [2.2, 9],
  bridge: [2.2, 9],
};
const isRoad = (kind: string): kind is RoadKind => (ROAD_KINDS as readonly string[]).includes(kind);

/** A width between its zoom-11 and zoom-15 values, growing like the console's roads do. */
function widthAt(zoom: number, [z11, z15]: [number, number]): number {
  const t = Math.min(1, Math.max(0, (zoom - 11) / 4));
  return z11 * (z15 / z11) ** t;
}

export function drawDistricts(fm: FieldMap, fc: FeatureCollection<Polygon, DistrictCellProperties>): L.GeoJSON {
  return L.geoJSON(fc, {
    pane: 'field-areas',
    interactive: false,
    style: (f) => ({
      renderer: fm.renderers.areas,
      fillColor: DISTRICT_FILL[(f?.properties as DistrictCellProperties | undefined)?.type ?? 'huyen'],
      fillOpacity: 1,
      color: PALETTE.districtOutline,
      weight: 1,
    }),
  }).addTo(fm.map);
}

/** Water and road corridors; landmarks (points) are left out of the field view. Roads widen with the zoom. */
export function drawNetwork(fm: FieldMap, fc: NetworkFeatures): { layer: L.GeoJSON; roads: number } {
  let roads = 0;
  const layer = L.geoJSON(fc, {
    pane: 'field-roads',
    interactive: false,
    filter: (f) => {
      const kind = f.properties?.kind as string;
      const keep = f.geometry.type !== 'Point' && (kind === 'river' || kind === 'lake' || isRoad(kind));
      if (keep && isRoad(kind)) roads++;
      return keep;
    },
    style: (f) => {
      const kind = (f?.properties?.kind as string) ?? 'street';
      if (kind === 'lake')
        return { renderer: fm.renderers.roads, stroke: false, fillColor: PALETTE.waterFill, fillOpacity: 1 };
      if (kind === 'river') return { renderer: fm.renderers.roads, color: PALETTE.water, weight: 4, opacity: 1 };
      const road = isRoad(kind) ? kind : 'street';
      return {
        renderer: fm.renderers.roads,
        color: PALETTE.road[road],
        weight: widthAt(fm.map.getZoom(), ROAD_WIDTH[road]),
        opacity: 0.85,
        lineCap: 'round',
        lineJoin: 'round',
      };
    },
  }).addTo(fm.map);
  // Draw the bigger roads above the streets.
  layer.eachLayer((l) => {
    const kind = ((l as L.Path & { feature?: Feature }).feature?.properties?.kind as string) ?? '';
    if (kind === 'ring' || kind === 'expressway' || kind === 'bridge') (l as L.Path).bringToFront();
  });
  const restyle = () =>
    layer.eachLayer((l) => {
      const kind = ((l as L.Path & { feature?: Feature }).feature?.properties?.kind as string) ?? '';
      if (kind === 'river') (l as L.Path).setStyle({ weight: widthAt(fm.map.getZoom(), [3, 28]) });
      else if (isRoad(kind)) (l as L.Path).setStyle({ weight: widthAt(fm.map.getZoom(), ROAD_WIDTH[kind]) });
    });
  restyle();
  fm.map.on('zoomend', restyle);
  layer.on('remove', () => fm.map.off('zoomend', restyle));
  return { layer, roads };
}

/** Whether two screen boxes overlap, with a few pixels of air. */
const overlaps = (a: DOMRect, b: DOMRect, air = 4): boolean =>
  a.left < b.right + air && b.left < a.right + air && a.top < b.bottom + air && b.top < a.bottom + air;

/**
 * District names, as text (never HTML), in the UI language. Where names would cover each other (the
 * small central districts at city scale), the one listed first wins and the other waits for a
 * closer zoom.
 */
export function drawDistrictLabels(
  fm: FieldMap,
  fc: FeatureCollection<Point, DistrictLabelProperties>,
  locale: string,
): { layer: L.LayerGroup; setLocale(locale: string): void; shown(): string[] } {
  const layer = L.layerGroup().addTo(fm.map);
  const nodes: Array<{ node: HTMLElement; props: DistrictLabelProperties }> = [];
  for (const f of fc.features) {
    const node = document.createElement('span');
    node.className = 'field-district-label';
    nodes.push({ node, props: f.properties });
    L.tooltip({
      permanent: true,
      direction: 'center',
      pane: 'field-labels',
      className: 'field-district-tooltip',
      interactive: false,
    })
      .setLatLng(toLatLng(f.geometry.coordinates as [number, number]))
      .setContent(node)
      .addTo(layer);
  }
  const declutter = () => {
    const placed: DOMRect[] = [];
    for (const { node } of nodes) {
      const box = node.getBoundingClientRect();
      const free = !placed.some((p) => overlaps(p, box));
      node.style.visibility = free ? '' : 'hidden';
      if (free) placed.push(box);
    }
  };
  const setLocale = (l: string) => {
    for (const { node, props } of nodes)
      node.textContent = l.startsWith('vi') ? props.name : props.nameEn || props.name;
    declutter();
  };
  setLocale(locale);
  fm.map.on('zoomend', declutter);
  layer.on('remove', () => fm.map.off('zoomend', declutter));
  const shown = () =>
    nodes.filter(({ node }) => node.style.visibility !== 'hidden').map(({ node }) => node.textContent ?? '');
  return { layer, setLocale, shown };
}
