import { defineStore } from 'pinia';
import { reactive, readonly, shallowRef } from 'vue';
import { TOGGLEABLE_LAYERS, type ToggleableLayer } from '../../stores/layers.store.js';

/** An item the server's watchdog sent to say a device went silent: not news from the feed itself. */
const isNews = (item: unknown): boolean =>
  typeof item === 'object' && item !== null && !('silent' in item && item.silent === true);

/**
 * When each live layer's feed last brought news to this console (browser clock), fed by the
 * realtime handlers, and when the console first synchronised: what the layer panels' freshness
 * badges measure ages from (see freshness.ts for the thresholds).
 */
export const useFreshnessStore = defineStore('freshness', () => {
  const lastReceived = reactive(
    Object.fromEntries(TOGGLEABLE_LAYERS.map((l) => [l, null])) as Record<ToggleableLayer, number | null>,
  );
  const since = shallowRef<number | null>(null);

  /** A frame of `layer` arrived: it is news unless every item is a watchdog's "silent" flip. */
  function received(layer: ToggleableLayer, items: readonly unknown[], at = Date.now()): void {
    if (items.some(isNews)) lastReceived[layer] = at;
  }

  /** The first snapshot was applied: ages of feeds that have sent nothing since count from here. */
  function synchronised(at = Date.now()): void {
    if (since.value === null) since.value = at;
  }

  return { lastReceived: readonly(lastReceived), since: readonly(since), received, synchronised };
});

export type FreshnessStore = ReturnType<typeof useFreshnessStore>;
