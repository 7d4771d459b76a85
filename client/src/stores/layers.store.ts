import { defineStore } from 'pinia';
import { reactive } from 'vue';
import type { Layer } from '../../../protocol/index.js';

/**
 * The live layers an operator can show or hide, in the layer panels' order: the road picture and
 * the devices, then what agencies report and the server raises (incidents, alarms, crime, dossiers).
 */
export const LAYER_GROUPS = {
  devices: ['traffic', 'signals', 'cameras', 'units', 'network'],
  events: ['incidents', 'alarms', 'crime', 'backlog'],
} as const satisfies Record<string, readonly Layer[]>;
export type LayerGroup = keyof typeof LAYER_GROUPS;

export const TOGGLEABLE_LAYERS = [...LAYER_GROUPS.devices, ...LAYER_GROUPS.events] as const;
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
