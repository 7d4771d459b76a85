import { onBeforeUnmount, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DeviceFeed, DeviceState } from '../../../../protocol/index.js';
import { useDevicesStore } from '../../stores/devices.store.js';
import { useFeaturePopup } from '../feature-popup.js';
import type { PopupFormat } from '../popup-dom.js';
import { createThrottle } from '../throttle.js';
import { usePopupFormat } from '../usePopupFormat.js';
import { useGeoJsonSource, type SlottedLayer } from '../useGeoJsonSource.js';
import { useLayerVisibility } from '../useLayerVisibility.js';

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
  const { locale } = useI18n();
  const format = usePopupFormat();
  const { map, setData } = useGeoJsonSource(opts.source, opts.layers);
  const styleLayers = opts.layers.map((l) => l.layer.id);

  const popup = useFeaturePopup(map, {
    layers: opts.clickable ?? styleLayers,
    render(id) {
      const state = devices.get(opts.feed, id);
      return state ? { content: opts.popup(state, format), at: state.position } : null;
    },
  });

  const redraw = createThrottle(() => {
    setData(devices.toFeatureCollection(opts.feed));
    popup.refresh();
  }, opts.redrawMs ?? DEVICE_REDRAW_MS);
  watch(
    () => devices.versions[opts.feed],
    () => redraw.schedule(),
    { immediate: true },
  );
  watch(locale, () => popup.refresh());
  useLayerVisibility(map, opts.feed, styleLayers, popup.close);
  onBeforeUnmount(() => redraw.cancel());

  return { map, locale, refreshPopup: popup.refresh };
}
