import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { Place } from './place-index.js';

/**
 * The place the operator last chose in the search box: the map (MapFocus.vue, inside MapView) flies
 * there and outlines it. `requests` counts the choices, so choosing the same place again flies again.
 */
export const useMapFocusStore = defineStore('map-focus', () => {
  const target = shallowRef<Place | null>(null);
  const requests = shallowRef(0);

  function focus(place: Place): void {
    target.value = place;
    requests.value++;
  }

  /** Removes the outline; the map stays where it is. */
  function clear(): void {
    target.value = null;
  }

  return { target, requests, focus, clear };
});
