import type { DeviceFeed, DeviceState } from '../../../../protocol/index.js';
import { useFiltersStore } from '../../features/filters/filters.store.js';
import { useDevicesStore } from '../../stores/devices.store.js';
import type { PopupFormat } from '../popup-dom.js';
import type { SlottedLayer } from '../useGeoJsonSource.js';
import { useLiveLayer } from './useLiveLayer.js';

/**
 * What the four device layer components share: a GeoJSON source with their style layers, sent the
 * devices that changed (on the map's apply clock, as a diff by device id) when their feed changes, every device
 * again when the filters change; the layer panel's visibility; a popup on click that follows the
 * device's updates and the UI language.
 */
export function useDeviceLayer<F extends DeviceFeed>(opts: {
  feed: F;
  source: string;
  layers: SlottedLayer[];
  /** The style layers a click opens a popup on (default: all of them). */
  clickable?: readonly string[];
  popup(state: DeviceState<F>, format: PopupFormat): HTMLElement;
}) {
  const devices = useDevicesStore();
  const filters = useFiltersStore();
  const changes = devices.changes(opts.feed);
  return useLiveLayer({
    layer: opts.feed,
    source: opts.source,
    layers: opts.layers,
    clickable: opts.clickable,
    watchSource: () => devices.versions[opts.feed],
    keyed: {
      changes: () => changes.take(),
      feature: (id) => devices.toFeature(opts.feed, id, filters.include.device),
      all: () => devices.toFeatureCollection(opts.feed, filters.include.device).features,
      watchAll: () => filters.include,
      close: () => changes.close(),
    },
    popup(id, format) {
      const state = devices.get(opts.feed, id);
      return state ? { content: opts.popup(state, format), at: state.position } : null;
    },
  });
}
