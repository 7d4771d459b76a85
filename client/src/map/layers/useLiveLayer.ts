import type { GeoJSON } from 'geojson';
import type { GeoJSONSourceSpecification } from 'maplibre-gl';
import { onBeforeUnmount, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ToggleableLayer } from '../../stores/layers.store.js';
import { useApplyClock } from '../apply-clock.js';
import { useFeaturePopup, type PopupView } from '../feature-popup.js';
import { createSourceMirror, type KeyedFeature } from '../feature-diff.js';
import type { PopupFormat } from '../popup-dom.js';
import { useGeoJsonSource, type SlottedLayer } from '../useGeoJsonSource.js';
import { useLayerVisibility } from '../useLayerVisibility.js';
import { usePopupFormat } from '../usePopupFormat.js';

/**
 * A live layer's features keyed by their object's id: only the objects that changed since the last
 * redraw are looked at, and only the features that changed are sent to the map (a diff).
 */
export interface KeyedFeatures {
  /** The ids changed since the last call, or 'all' (the first call, a cleared store). */
  changes(): ReadonlySet<string> | 'all';
  /** The feature to draw for `id` now, or null (gone, without a position, left out by the filters). */
  feature(id: string): KeyedFeature | null;
  /** Every feature to draw now. */
  all(): Iterable<KeyedFeature>;
  /** What makes every feature to be looked at again (the filters): watched. */
  watchAll?: () => unknown;
  /** Stops tracking changes (the layer unmounts). */
  close(): void;
}

/**
 * What every live layer component does: a GeoJSON source with its style layers, redrawn on the
 * map's apply clock (together with every other live layer that changed, at most twice a second,
 * less often when the map paints slowly) whenever what `watchSource` reads changes, either whole
 * (`data`) or by the features that changed (`keyed`); the layer panel's visibility (a hidden layer
 * sends its source nothing and catches up when shown again); and, when given `popup`, the map's one
 * popup on its features, following their updates and the UI language.
 */
export function useLiveLayer(opts: {
  layer: ToggleableLayer;
  source: string;
  layers: SlottedLayer[];
  sourceOptions?: Omit<GeoJSONSourceSpecification, 'type' | 'data'>;
  /** What the layer's data depends on (a store's version, the geography): watched. */
  watchSource: () => unknown;
  /** The GeoJSON to draw, built on demand and sent whole... */
  data?(): GeoJSON;
  /** ...or the features keyed by id, of which only the changed ones are sent. */
  keyed?: KeyedFeatures;
  /** The style layers a click opens a popup on (default: all of them). */
  clickable?: readonly string[];
  /** The popup of feature `id`, or null once it is gone. */
  popup?(id: string, format: PopupFormat): PopupView | null;
  /** Which feature has the popup (null once closed), e.g. to ring it. */
  select?(id: string | null): void;
}) {
  const { locale } = useI18n();
  const format = usePopupFormat();
  const keyed = opts.keyed;
  const { map, setData, updateData } = useGeoJsonSource(opts.source, opts.layers, {
    ...opts.sourceOptions,
    ...(keyed ? { promoteId: 'id' } : {}),
  });
  const styleLayers = opts.layers.map((l) => l.layer.id);
  const render = opts.popup;

  const popup = render
    ? useFeaturePopup(map, {
        layers: opts.clickable ?? styleLayers,
        render: (id) => render(id, format),
        select: opts.select,
      })
    : { refresh: () => undefined, close: () => undefined };

  const mirror = createSourceMirror();
  /** Every feature has to be looked at again (the filters changed). */
  let whole = true;
  function apply(): void {
    if (keyed) {
      const changed = keyed.changes();
      const diff =
        changed === 'all' || whole ? mirror.diffAll(keyed.all()) : mirror.diff(changed, (id) => keyed.feature(id));
      whole = false;
      if (diff) updateData(diff);
    } else if (opts.data) setData(opts.data());
    popup.refresh();
  }

  /** Changes arrived while the layer was hidden: applied when it is shown again. */
  let behind = false;
  const shown = useLayerVisibility(map, opts.layer, styleLayers, {
    onShown: () => {
      if (!behind) return;
      behind = false;
      apply();
    },
    onHidden: popup.close,
  });
  const redraw = useApplyClock(map, () => {
    if (shown()) apply();
    else behind = true;
  });
  watch(opts.watchSource, () => redraw.schedule(), { immediate: true });
  if (keyed?.watchAll)
    watch(keyed.watchAll, () => {
      whole = true;
      redraw.schedule();
    });
  watch(locale, () => popup.refresh());
  onBeforeUnmount(() => keyed?.close());

  return { map, locale, format, refreshPopup: popup.refresh };
}
