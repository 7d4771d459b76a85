import type { Map as MaplibreMap } from 'maplibre-gl';
import { watch } from 'vue';
import { useLayersStore, type ToggleableLayer } from '../stores/layers.store.js';

/**
 * Shows or hides a live layer's style layers as the layer panel says (layout `visibility`: the
 * source and its data stay, so showing it again is instant). `onHidden` runs when it is hidden.
 */
export function useLayerVisibility(
  map: MaplibreMap,
  layer: ToggleableLayer,
  styleLayers: readonly string[],
  onHidden?: () => void,
): void {
  const layers = useLayersStore();
  watch(
    () => layers.visible[layer],
    (on) => {
      for (const id of styleLayers)
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
      if (!on) onHidden?.();
    },
    { immediate: true },
  );
}
