import type { DeviceFeed, DeviceState } from '../../../../protocol/index.js';
import { useFiltersStore } from '../../features/filters/filters.store.js';
import { useDevicesStore } from '../../stores/devices.store.js';
import type { PopupFormat } from '../popup-dom.js';
import type { SlottedLayer } from '../useGeoJsonSource.js';
import { useLiveLayer } from './useLiveLayer.js';

/** A device layer redraws at most this often, however many frames arrive. */
export const DEVICE_REDRAW_MS = 500;

/**
 * What the four device layer components share: a GeoJSON source with their style layers, redrawn
 * from the devices store (throttled) when their feed changes; the layer panel's visibility; a popup
 * on click that follows the device's updates and the UI language.
 */
export function useDeviceLayer<F extends DeviceFeed>(opts: {
  feed: F;
  source: string;
  layers: SlottedLayer[];
  /** The style layers a click opens a popup on (default: all of them). */
  clickable?: readonly string[];
  popup(state: DeviceState<F>, format: PopupFormat): HTMLElement;
  redrawMs?: number;
}) {
  const devices = useDevicesStore();
  const filters = useFiltersStore();
  return useLiveLayer({
    layer: opts.feed,
    source: opts.source,
    layers: opts.layers,
    clickable: opts.clickable,
    watchSource: () => [devices.versions[opts.feed], filters.include],
    data: () => devices.toFeatureCollection(opts.feed, filters.include.device),
    popup(id, format) {
      const state = devices.get(opts.feed, id);
      return state ? { content: opts.popup(state, format), at: state.position } : null;
    },
    redrawMs: opts.redrawMs ?? DEVICE_REDRAW_MS,
  });
}
