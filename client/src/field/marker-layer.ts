import * as L from 'leaflet';

/** One live object as the field map draws it: where, and how (a circle on the live canvas). */
export interface MarkerSpec {
  id: string;
  lonLat: readonly [number, number];
  /** Radius in pixels. */
  radius: number;
  /** Fill colour, outline colour and width, opacities. */
  fillColor: string;
  fillOpacity: number;
  color: string;
  weight: number;
  opacity?: number;
}

/** The style part of a spec, to compare with what a marker already has. */
const styleKey = (s: MarkerSpec): string =>
  `${s.radius}|${s.fillColor}|${s.fillOpacity}|${s.color}|${s.weight}|${s.opacity ?? 1}`;

const pathStyle = ({ fillColor, fillOpacity, color, weight, opacity }: MarkerSpec): L.PathOptions => ({
  fillColor,
  fillOpacity,
  color,
  weight,
  opacity: opacity ?? 1,
});

/**
 * The circle markers of one live layer, keyed by object id, on the map's live canvas (never one DOM
 * element per object). `sync` merges a whole picture by id: a marker is moved or restyled only when
 * its object changed, created for a new object and removed for one that left. `show` adds or removes
 * the whole layer; its markers keep following the data while hidden.
 */
export function createMarkerLayer(renderer: L.Canvas, onTap?: (id: string) => void) {
  const group = L.featureGroup();
  const markers = new Map<string, { marker: L.CircleMarker; style: string; lon: number; lat: number }>();

  /** Returns how many markers were added (the caller restacks the layers above when any were). */
  function sync(specs: Iterable<MarkerSpec>): number {
    const seen = new Set<string>();
    let added = 0;
    for (const spec of specs) {
      seen.add(spec.id);
      const [lon, lat] = spec.lonLat;
      const style = styleKey(spec);
      const held = markers.get(spec.id);
      if (held) {
        if (held.lon !== lon || held.lat !== lat) {
          held.marker.setLatLng([lat, lon]);
          held.lon = lon;
          held.lat = lat;
        }
        if (held.style !== style) {
          held.marker.setStyle(pathStyle(spec));
          held.marker.setRadius(spec.radius);
          held.style = style;
        }
        continue;
      }
      const marker = L.circleMarker([lat, lon], {
        ...pathStyle(spec),
        radius: spec.radius,
        renderer,
        pane: 'field-live',
        interactive: onTap !== undefined,
        bubblingMouseEvents: false,
      });
      if (onTap) marker.on('click', () => onTap(spec.id));
      marker.addTo(group);
      markers.set(spec.id, { marker, style, lon, lat });
      added++;
    }
    for (const [id, held] of markers) {
      if (seen.has(id)) continue;
      group.removeLayer(held.marker);
      markers.delete(id);
    }
    return added;
  }

  /** Draws this layer above everything added before it on the same canvas. */
  function raise(): void {
    group.eachLayer((l) => (l as L.Path).bringToFront());
  }

  return {
    group,
    sync,
    raise,
    show(map: L.Map, on: boolean): void {
      if (on && !map.hasLayer(group)) group.addTo(map);
      else if (!on && map.hasLayer(group)) group.removeFrom(map);
    },
    /** How many markers are drawn now (0 while the layer is hidden). */
    drawn(map: L.Map): number {
      return map.hasLayer(group) ? group.getLayers().length : 0;
    },
    ids(map: L.Map): string[] {
      return map.hasLayer(group) ? [...markers.keys()].sort() : [];
    },
    /** Whether every marker draws on `renderer` (a canvas), none as a DOM element. */
    onCanvas: (): boolean => [...markers.values()].every(({ marker }) => marker.options.renderer instanceof L.Canvas),
  };
}

export type MarkerLayer = ReturnType<typeof createMarkerLayer>;
