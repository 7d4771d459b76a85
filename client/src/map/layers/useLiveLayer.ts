import type { GeoJSON } from 'geojson';
import type { GeoJSONSourceSpecification } from 'maplibre-gl';
import { onBeforeUnmount, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ToggleableLayer } from '../../stores/layers.store.js';
import { useFeaturePopup, type PopupView } from '../feature-popup.js';
import type { PopupFormat } from '../popup-dom.js';
import { createThrottle } from '../throttle.js';
import { useGeoJsonSource, type SlottedLayer } from '../useGeoJsonSource.js';
import { useLayerVisibility } from '../useLayerVisibility.js';
import { usePopupFormat } from '../usePopupFormat.js';

/** A live layer redraws at most this often, however many frames arrive. */
export const LIVE_REDRAW_MS = 500;

/**
 * What every live layer component does: a GeoJSON source with its style layers, redrawn (throttled)
 * whatever `watchSource` reads changes; the layer panel's visibility (hides the style layers, the
 * data keeps flowing); and, when given `popup`, the map's one popup on its features, following their
 * updates and the UI language.
 */
export function useLiveLayer(opts: {
  layer: ToggleableLayer;
  source: string;
  layers: SlottedLayer[];
  sourceOptions?: Omit<GeoJSONSourceSpecification, 'type' | 'data'>;
  /** What the layer's data depends on (a store's version, the geography): watched. */
  watchSource: () => unknown;
  /** The GeoJSON to draw, built on demand. */
  data(): GeoJSON;
  /** The style layers a click opens a popup on (default: all of them). */
  clickable?: readonly string[];
  /** The popup of feature `id`, or null once it is gone. */
  popup?(id: string, format: PopupFormat): PopupView | null;
  /** Which feature has the popup (null once closed), e.g. to ring it. */
  select?(id: string | null): void;
  redrawMs?: number;
}) {
  const { locale } = useI18n();
  const format = usePopupFormat();
  const { map, setData } = useGeoJsonSource(opts.source, opts.layers, opts.sourceOptions);
  const styleLayers = opts.layers.map((l) => l.layer.id);
  const render = opts.popup;

  const popup = render
    ? useFeaturePopup(map, {
        layers: opts.clickable ?? styleLayers,
        render: (id) => render(id, format),
        select: opts.select,
      })
    : { refresh: () => undefined, close: () => undefined };

  const redraw = createThrottle(() => {
    setData(opts.data());
    popup.refresh();
  }, opts.redrawMs ?? LIVE_REDRAW_MS);
  watch(opts.watchSource, () => redraw.schedule(), { immediate: true });
  watch(locale, () => popup.refresh());
  useLayerVisibility(map, opts.layer, styleLayers, popup.close);
  onBeforeUnmount(() => redraw.cancel());

  return { map, locale, format, refreshPopup: popup.refresh };
}
