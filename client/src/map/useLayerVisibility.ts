import type { Map as MaplibreMap } from 'maplibre-gl';
import { watch } from 'vue';
import { useLayersStore, type ToggleableLayer } from '../stores/layers.store.js';

/**
 * Shows or hides a live layer's style layers as the layer panel says (layout `visibility`: the
 * source stays, so showing it again is instant). `onShown` runs just before the layer is shown
 * (to bring its source up to date), `onHidden` once it is hidden. Returns whether it is shown now.
 */
export function useLayerVisibility(
  map: MaplibreMap,
  layer: ToggleableLayer,
  styleLayers: readonly string[],
  hooks: { onShown?: () => void; onHidden?: () => void } = {},
): () => boolean {
  const layers = useLayersStore();
  watch(
    () => layers.visible[layer],
    (on, was) => {
      if (on && was === false) hooks.onShown?.();
      for (const id of styleLayers)
        if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
      if (!on) hooks.onHidden?.();
    },
    { immediate: true },
  );
  return () => layers.visible[layer] === true;
}
