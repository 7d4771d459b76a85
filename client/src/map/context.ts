import type { Map as MaplibreMap } from 'maplibre-gl';
import { inject, type InjectionKey, type ShallowRef } from 'vue';

/** MapView provides its map (non-reactive instance in a shallowRef) to the layer components in its slot. */
export const mapKey: InjectionKey<Readonly<ShallowRef<MaplibreMap | null>>> = Symbol('maplibre-map');

/** The loaded map, for a layer component inside <MapView> (which renders its slot only once loaded). */
export function useMap(): MaplibreMap {
  const map = inject(mapKey, null)?.value;
  if (!map) throw new Error('map layer components must be placed inside <MapView>');
  return map;
}
