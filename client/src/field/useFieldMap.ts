import * as L from 'leaflet';
import { markRaw, onBeforeUnmount, onMounted, shallowRef, watch, type ShallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { LonLat } from '../../../protocol/index.js';
import { useAlarmLocator } from '../map/layers/alarm-locator.js';
import { createThrottle } from '../map/throttle.js';
import { usePopupFormat } from '../map/usePopupFormat.js';
import { useAlarmsStore } from '../stores/alarms.store.js';
import { useDevicesStore } from '../stores/devices.store.js';
import { useGeoStore } from '../stores/geo.store.js';
import { useIncidentsStore } from '../stores/incidents.store.js';
import { useLayersStore } from '../stores/layers.store.js';
import { useTrafficStore } from '../stores/traffic.store.js';
import { drawDistrictLabels, drawDistricts, drawNetwork } from './base-layers.js';
import { installFieldDebugHandle } from './field-debug.js';
import { alarmSpecs, detectorSpecs, FIELD_LAYERS, incidentSpecs, unitSpecs, type FieldLayer } from './field-layers.js';
import { createFieldMap, toLatLng, type FieldMap } from './field-map.js';
import { createMarkerLayer, type MarkerLayer, type MarkerSpec } from './marker-layer.js';
import { objectPopup, type PopupLayer } from './object-popups.js';

/** A live layer is redrawn at most this often (a few times a second), however many frames arrive. */
export const FIELD_REDRAW_MS = 400;
/** How close a tapped incident is shown. */
export const FOCUS_ZOOM = 15;

/**
 * The field view's map: the Leaflet instance (non-reactive), the geography under it, and the live
 * layers fed from the console's stores (the one live connection fills them; nothing here opens a
 * socket). Each layer redraws, throttled, when its store's version changes, merging by id.
 */
export function useFieldMap(container: Readonly<ShallowRef<HTMLElement | null>>, onIncidentTap: (id: string) => void) {
  const traffic = useTrafficStore();
  const devices = useDevicesStore();
  const alarms = useAlarmsStore();
  const incidents = useIncidentsStore();
  const geo = useGeoStore();
  const layers = useLayersStore();
  const locate = useAlarmLocator();
  const format = usePopupFormat();
  const { locale } = useI18n();

  const ready = shallowRef(false);
  const zoom = shallowRef(0);
  const selected = shallowRef<string | null>(null);
  let fm: FieldMap | null = null;
  let labels: ReturnType<typeof drawDistrictLabels> | null = null;
  const base = { districts: 0, roads: 0 };
  let live: Record<FieldLayer, MarkerLayer> | null = null;
  let ring: L.CircleMarker | null = null;
  let popup: { layer: PopupLayer; id: string; view: L.Popup } | null = null;
  const stops: Array<() => void> = [];

  function openPopup(layer: PopupLayer, id: string): void {
    if (!fm) return;
    const view = L.popup({ className: 'field-popup', maxWidth: 340, minWidth: 220, autoPanPadding: [24, 24] });
    popup = { layer, id, view };
    view.on('remove', () => {
      if (popup?.view === view) popup = null;
    });
    if (!refreshPopup()) popup = null;
    else view.openOn(fm.map);
  }

  /** Rebuilds the open popup (new data, new language); closes it once its object is gone. */
  function refreshPopup(): boolean {
    if (!popup || !fm) return false;
    const content = objectPopup(popup.layer, popup.id, format, {
      traffic,
      devices,
      alarms,
      geo,
      locate,
      locale: locale.value,
    });
    if (!content?.at) {
      popup.view.close();
      return false;
    }
    popup.view.setLatLng(toLatLng(content.at)).setContent(content.content);
    return true;
  }

  /** Keeps the layers in their drawing order after `layer` (re)gained markers drawn on top. */
  function restack(layer: FieldLayer): void {
    if (!live) return;
    for (const above of FIELD_LAYERS.slice(FIELD_LAYERS.indexOf(layer) + 1)) live[above].raise();
    ring?.bringToFront();
  }

  function drawRing(): void {
    if (!fm || !ring) return;
    const s = selected.value ? incidents.get(selected.value) : undefined;
    if (s?.position && layers.visible.incidents) {
      ring.setLatLng(toLatLng(s.position));
      if (!fm.map.hasLayer(ring)) ring.addTo(fm.map);
      ring.bringToFront();
    } else ring.removeFrom(fm.map);
  }

  const specs: Record<FieldLayer, () => Iterable<MarkerSpec>> = {
    traffic: () => detectorSpecs(traffic, zoom.value),
    alarms: () => alarmSpecs(alarms, locate),
    units: () => unitSpecs(devices),
    incidents: () => incidentSpecs(incidents.all()),
  };
  const sources: Record<FieldLayer, () => unknown> = {
    traffic: () => [traffic.version, zoom.value],
    // An alarm without a position of its own follows its source, so the sources' changes count too.
    alarms: () => [
      alarms.version,
      geo.segments,
      devices.versions.signals,
      devices.versions.cameras,
      devices.versions.network,
    ],
    units: () => devices.versions.units,
    incidents: () => [incidents.version, selected.value],
  };

  function startLive(map: FieldMap): void {
    const tap = (layer: FieldLayer) => (id: string) =>
      layer === 'incidents' ? onIncidentTap(id) : openPopup(layer, id);
    live = Object.fromEntries(FIELD_LAYERS.map((l) => [l, createMarkerLayer(map.renderers.live, tap(l))])) as Record<
      FieldLayer,
      MarkerLayer
    >;
    ring = L.circleMarker([0, 0], {
      renderer: map.renderers.live,
      pane: 'field-live',
      interactive: false,
      radius: 20,
      color: '#ffffff',
      weight: 3,
      dashArray: '6 5',
      fill: false,
    });
    for (const layer of FIELD_LAYERS) {
      const markers = live[layer];
      const redraw = createThrottle(() => {
        if (markers.sync(specs[layer]()) > 0) restack(layer);
        if (layer === 'incidents') drawRing();
        if (popup?.layer === layer) refreshPopup();
      }, FIELD_REDRAW_MS);
      stops.push(
        watch(sources[layer], () => redraw.schedule(), { immediate: true }),
        () => redraw.cancel(),
        watch(
          () => layers.visible[layer],
          (on) => {
            markers.show(map.map, on);
            if (on) restack(layer);
            if (layer === 'incidents') drawRing();
            if (!on && popup?.layer === layer) popup.view.close();
          },
          { immediate: true },
        ),
      );
    }
  }

  function startBase(map: FieldMap): void {
    stops.push(
      watch(
        () => geo.districts,
        (fc) => {
          if (!fc) return;
          drawDistricts(map, fc);
          base.districts = fc.features.length;
        },
        { immediate: true },
      ),
      watch(
        () => geo.network,
        (fc) => {
          if (fc) base.roads = drawNetwork(map, fc).roads;
        },
        { immediate: true },
      ),
      watch(
        () => geo.districtLabels,
        (fc) => {
          if (fc) labels = drawDistrictLabels(map, fc, locale.value);
        },
        { immediate: true },
      ),
      watch(locale, (l) => {
        labels?.setLocale(l);
        refreshPopup();
      }),
    );
  }

  /** Shows an incident: centred and closer, ringed on the map. Without a position it is only selected. */
  function focusIncident(id: string | null): void {
    selected.value = id;
    popup?.view.close();
    const s = id ? incidents.get(id) : undefined;
    if (fm && s?.position) fm.map.setView(toLatLng(s.position), Math.max(fm.map.getZoom(), FOCUS_ZOOM));
    drawRing();
  }

  onMounted(() => {
    if (!container.value) return;
    const map = createFieldMap(container.value);
    fm = { map: markRaw(map.map), renderers: map.renderers };
    zoom.value = map.map.getZoom();
    map.map.on('zoomend', () => (zoom.value = map.map.getZoom()));
    // The drawer opening or the tablet turning changes the map's size: keep its centre.
    const resize = new ResizeObserver(() => map.map.invalidateSize());
    resize.observe(container.value);
    stops.push(() => resize.disconnect());
    startBase(fm);
    startLive(fm);
    stops.push(
      installFieldDebugHandle({
        map: map.map,
        live: live!,
        base: () => ({ ...base, labels: labels?.shown() ?? [] }),
        selected: () => selected.value,
      }),
    );
    ready.value = true;
  });

  onBeforeUnmount(() => {
    for (const stop of stops.splice(0)) stop();
    fm?.map.remove();
    fm = null;
    live = null;
  });

  return {
    ready,
    selected,
    focusIncident,
    zoomIn: () => fm?.map.zoomIn(),
    zoomOut: () => fm?.map.zoomOut(),
    /** Centres the selected incident again (after the user panned away). */
    recentre: (at: LonLat) => fm?.map.setView(toLatLng(at), Math.max(fm.map.getZoom(), FOCUS_ZOOM)),
  };
}
