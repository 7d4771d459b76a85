import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DeviceFeed } from '../../../../protocol/index.js';
import { useDevicesStore } from '../../stores/devices.store.js';
import { TOGGLEABLE_LAYERS, type ToggleableLayer } from '../../stores/layers.store.js';
import { useTrafficStore } from '../../stores/traffic.store.js';
import { DEVICE_CLASSES, DEVICE_COLOURS } from '../devices/device-classes.js';
import { SPEED_CLASSES, SPEED_COLOURS } from '../traffic/speed.js';

/** How a legend row's swatch is drawn, to look like the map's marker. */
export type Swatch = 'dot' | 'signal' | 'square' | 'square-crossed' | 'unit' | 'node' | 'node-down';

export interface LegendRow {
  key: string;
  label: string;
  colour: string;
  count: number;
  swatch: Swatch;
}

export interface LayerLegend {
  layer: ToggleableLayer;
  title: string;
  total: number;
  rows: LegendRow[];
}

const DEVICE_SWATCH: { [F in DeviceFeed]: (cls: string) => Swatch } = {
  signals: () => 'signal',
  cameras: (cls) => (cls === 'online' ? 'square' : 'square-crossed'),
  units: () => 'unit',
  network: (cls) => (cls === 'down' ? 'node-down' : 'node'),
};

/** The legend of every live layer, in the panel's order, with live counts per class. */
export function useLayerLegends(): ComputedRef<LayerLegend[]> {
  const { t } = useI18n();
  const traffic = useTrafficStore();
  const devices = useDevicesStore();

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

  return computed(() => TOGGLEABLE_LAYERS.map((l) => (l === 'traffic' ? trafficLegend() : deviceLegend(l))));
}
