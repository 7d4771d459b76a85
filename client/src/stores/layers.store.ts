import { defineStore } from 'pinia';
import { reactive } from 'vue';
import type { Layer } from '../../../protocol/index.js';

/** The live layers an operator can show or hide, in the layer panel's order. */
export const TOGGLEABLE_LAYERS = [
  'traffic',
  'signals',
  'cameras',
  'units',
  'network',
] as const satisfies readonly Layer[];
export type ToggleableLayer = (typeof TOGGLEABLE_LAYERS)[number];

/**
 * Which live layers are drawn. Hiding a layer only hides its map layers: its data keeps flowing
 * into the stores, so showing it again is instant and up to date. Every layer starts visible (a
 * new shift never inherits a hidden layer from the last one).
 */
export const useLayersStore = defineStore('layers', () => {
  const visible = reactive(
    Object.fromEntries(TOGGLEABLE_LAYERS.map((l) => [l, true])) as Record<ToggleableLayer, boolean>,
  );

  function setVisible(layer: ToggleableLayer, on: boolean): void {
    visible[layer] = on;
  }

  function toggle(layer: ToggleableLayer): void {
    visible[layer] = !visible[layer];
  }

  return { visible, setVisible, toggle };
});

export type LayersStore = ReturnType<typeof useLayersStore>;
