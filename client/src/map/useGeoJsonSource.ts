import type { GeoJSON } from 'geojson';
import type { GeoJSONSource, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import { onBeforeUnmount } from 'vue';
import { useMap } from './context.js';
import { slotAnchor, type MapSlot } from './style.js';

/** A style layer of this source, placed in one of the map's slots. */
export type SlottedLayer = { slot: MapSlot; layer: LayerSpecification };

const EMPTY: GeoJSON = { type: 'FeatureCollection', features: [] };

/**
 * For renderless layer components: adds a GeoJSON source and its layers once (empty), removes them
 * on unmount, and returns `setData`, the only way the component changes what the map draws.
 */
export function useGeoJsonSource(
  id: string,
  layers: SlottedLayer[],
  options: Omit<GeoJSONSourceSpecification, 'type' | 'data'> = {},
) {
  const map = useMap();
  map.addSource(id, { ...options, type: 'geojson', data: EMPTY });
  for (const { slot, layer } of layers) map.addLayer(layer, slotAnchor(slot));

  onBeforeUnmount(() => {
    // MapView removes the whole map first when it unmounts; then there is nothing left to clean.
    if (!map.style) return;
    for (const { layer } of layers) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
    if (map.getSource(id)) map.removeSource(id);
  });

  return {
    map,
    setData(data: GeoJSON): void {
      map.getSource<GeoJSONSource>(id)?.setData(data);
    },
  };
}
