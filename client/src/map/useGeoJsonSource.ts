import type { GeoJSON } from 'geojson';
import type { GeoJSONSource, GeoJSONSourceDiff, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import { onBeforeUnmount } from 'vue';
import { useMap } from './context.js';
import { countApply } from './source-stats.js';
import { slotAnchor, type MapSlot } from './style.js';

/** A style layer of this source, placed in one of the map's slots. */
export type SlottedLayer = { slot: MapSlot; layer: LayerSpecification };

const EMPTY: GeoJSON = { type: 'FeatureCollection', features: [] };

const featureCount = (data: GeoJSON): number =>
  data.type === 'FeatureCollection' ? data.features.length : data.type === 'Feature' ? 1 : 0;
const diffSize = (diff: GeoJSONSourceDiff): number =>
  (diff.add?.length ?? 0) + (diff.update?.length ?? 0) + (diff.remove?.length ?? 0);

/**
 * For renderless layer components: adds a GeoJSON source and its layers once (empty), removes them
 * on unmount, and returns `setData` (the whole data) and `updateData` (a diff by feature id, for a
 * source whose features carry ids, e.g. with `promoteId`), the only ways the component changes what
 * the map draws.
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

  const source = () => map.getSource<GeoJSONSource>(id);
  return {
    map,
    setData(data: GeoJSON): void {
      const s = source();
      if (!s) return;
      void s.setData(data);
      countApply(map, id, featureCount(data));
    },
    updateData(diff: GeoJSONSourceDiff): void {
      const s = source();
      if (!s) return;
      void s.updateData(diff);
      countApply(map, id, diffSize(diff));
    },
  };
}
