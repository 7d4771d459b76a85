import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DeviceFeed } from '../../../../protocol/index.js';
import { LAYER_GROUPS, type LayerGroup, type ToggleableLayer } from '../../stores/layers.store.js';
import { DEVICE_CLASSES, DEVICE_COLOURS } from '../devices/device-classes.js';
import { useFilteredLayersStore } from '../filters/filtered-layers.store.js';
import { SPEED_CLASSES, SPEED_COLOURS } from '../traffic/speed.js';
import { useEventLegends } from './event-legends.js';

/** How a legend row's swatch is drawn, to look like the map's marker. */
export type Swatch =
  | 'dot'
  | 'signal'
  | 'square'
  | 'square-crossed'
  | 'unit'
  | 'node'
  | 'node-down'
  | 'diamond'
  | 'diamond-small'
  | 'alarm-congestion'
  | 'alarm-signal_fault'
  | 'alarm-camera_offline'
  | 'alarm-node_offline'
  | 'bubble'
  | 'badge';

export interface LegendRow {
  key: string;
  label: string;
  colour: string;
  count: number;
  swatch: Swatch;
  /** A picture drawn like the map's marker (a data: URL), shown instead of the swatch. */
  image?: string;
  /** A small heading above this row: it starts a second way of counting the same objects. */
  heading?: string;
}

export interface LayerLegend {
  layer: ToggleableLayer;
  title: string;
  /** What the layer's total counts: objects held (for backlog: communes with figures). */
  total: number;
  rows: LegendRow[];
  /** Short lines under the rows: how to read the markers, totals of another kind. */
  notes?: string[];
}

const DEVICE_SWATCH: { [F in DeviceFeed]: (cls: string) => Swatch } = {
  signals: () => 'signal',
  cameras: (cls) => (cls === 'online' ? 'square' : 'square-crossed'),
  units: () => 'unit',
  network: (cls) => (cls === 'down' ? 'node-down' : 'node'),
};

/** The legend of every live layer of a panel's group, in the panel's order, with live counts per class (as filtered). */
export function useLayerLegends(group: LayerGroup): ComputedRef<LayerLegend[]> {
  const { t } = useI18n();
  const { traffic, devices } = useFilteredLayersStore();
  const events = useEventLegends();

  const trafficLegend = (): LayerLegend => ({
    layer: 'traffic',
    title: t('layers.name.traffic'),
    total: traffic.count,
    rows: SPEED_CLASSES.map((cls) => ({
      key: cls,
      label: t(`traffic.class.${cls}`),
      colour: SPEED_COLOURS[cls],
      count: traffic.countsByClass[cls],
      swatch: 'dot',
    })),
    // The rows count the detectors (the dots); the segments' lines take the same colours.
    notes: [t('traffic.segments')],
  });

  const deviceLegend = (feed: DeviceFeed): LayerLegend => {
    const counts = devices.counts[feed] as Record<string, number>;
    const colours = DEVICE_COLOURS[feed] as Record<string, string>;
    return {
      layer: feed,
      title: t(`layers.name.${feed}`),
      total: devices.sizes[feed],
      rows: DEVICE_CLASSES[feed].map((cls: string) => ({
        key: cls,
        label: t(`${feed}.class.${cls}`),
        colour: colours[cls] ?? '#64748b',
        count: counts[cls] ?? 0,
        swatch: DEVICE_SWATCH[feed](cls),
      })),
    };
  };

  const legendOf = (layer: ToggleableLayer): LayerLegend => {
    switch (layer) {
      case 'traffic':
        return trafficLegend();
      case 'incidents':
      case 'alarms':
      case 'crime':
      case 'backlog':
        return events[layer]();
      default:
        return deviceLegend(layer);
    }
  };

  return computed(() => LAYER_GROUPS[group].map(legendOf));
}
