import type { ExpressionSpecification } from 'maplibre-gl';
import { MAP_FONT } from '../fonts.js';
import { nameExpression } from '../localized-name.js';
import { PALETTE } from '../style.js';
import type { SlottedLayer } from '../useGeoJsonSource.js';

export const NETWORK_SOURCE = 'network';
export const NETWORK_LABEL_LAYERS = [
  'network-road-labels',
  'network-place-labels',
  'network-lake-labels',
  'network-river-labels',
];

const kindIs = (...kinds: string[]): ExpressionSpecification => ['match', ['get', 'kind'], kinds, true, false];
const byKind = (values: Record<string, number | string>, fallback: number | string): ExpressionSpecification =>
  ['match', ['get', 'kind'], ...Object.entries(values).flat(), fallback] as unknown as ExpressionSpecification;
const zoomed = (z9: number, z15: number): ExpressionSpecification => [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  9,
  z9,
  15,
  z15,
];

const ROADS = ['expressway', 'ring', 'bridge', 'artery', 'street'];
const PLACES = ['hospital', 'police', 'transport', 'landmark', 'government'];

/** Names of water: one label inside a lake, repeated along a river. */
function waterLabel(id: string, kind: 'lake' | 'river', placement: 'point' | 'line', locale: string): SlottedLayer {
  return {
    slot: 'minor-labels',
    layer: {
      id,
      type: 'symbol',
      source: NETWORK_SOURCE,
      filter: kindIs(kind),
      minzoom: 10,
      layout: {
        'text-field': nameExpression(locale, 'label'),
        'text-font': MAP_FONT,
        'text-size': 12,
        'text-letter-spacing': 0.08,
        'symbol-placement': placement,
        'symbol-spacing': 500,
      },
      paint: { 'text-color': '#7fb2e8', 'text-halo-color': PALETTE.halo, 'text-halo-width': 1.2 },
    },
  };
}

/** Style layers of GET /api/v1/geo/network: water, road corridors by kind, places, their names. */
export function networkLayers(locale: string): SlottedLayer[] {
  const source = NETWORK_SOURCE;
  return [
    {
      slot: 'water',
      layer: {
        id: 'network-lake',
        type: 'fill',
        source,
        filter: kindIs('lake'),
        paint: { 'fill-color': PALETTE.waterFill },
      },
    },
    {
      slot: 'water',
      layer: {
        id: 'network-rivers',
        type: 'line',
        source,
        filter: kindIs('river'),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': PALETTE.water, 'line-width': zoomed(3, 28) },
      },
    },
    {
      slot: 'roads',
      layer: {
        id: 'network-roads',
        type: 'line',
        source,
        filter: ['all', ['==', ['geometry-type'], 'LineString'], kindIs(...ROADS)],
        layout: {
          'line-cap': 'round',
          'line-join': 'round',
          'line-sort-key': byKind({ street: 1, artery: 2, ring: 3, expressway: 4, bridge: 5 }, 0),
        },
        paint: {
          'line-color': byKind(PALETTE.road, PALETTE.road.street),
          'line-width': [
            'interpolate',
            ['exponential', 1.6],
            ['zoom'],
            9,
            byKind({ expressway: 1.6, bridge: 1.6, ring: 1.3, artery: 0.9 }, 0.6),
            15,
            byKind({ expressway: 9, bridge: 9, ring: 7, artery: 5 }, 3),
          ],
          'line-opacity': 0.85,
        },
      },
    },
    {
      slot: 'roads',
      layer: {
        id: 'network-places',
        type: 'circle',
        source,
        filter: ['all', ['==', ['geometry-type'], 'Point'], kindIs(...PLACES)],
        minzoom: 10.5,
        paint: {
          'circle-radius': zoomed(2, 6),
          'circle-color': byKind(PALETTE.landmark, PALETTE.landmark.landmark),
          'circle-opacity': 0.55,
          'circle-stroke-color': PALETTE.background,
          'circle-stroke-width': 1,
        },
      },
    },
    waterLabel('network-lake-labels', 'lake', 'point', locale),
    waterLabel('network-river-labels', 'river', 'line', locale),
    {
      slot: 'minor-labels',
      layer: {
        id: 'network-road-labels',
        type: 'symbol',
        source,
        filter: ['all', ['==', ['geometry-type'], 'LineString'], kindIs('expressway', 'ring', 'bridge', 'artery')],
        minzoom: 12.5,
        layout: {
          'symbol-placement': 'line',
          'text-field': nameExpression(locale, 'label'),
          'text-font': MAP_FONT,
          'text-size': 11,
          'symbol-spacing': 400,
        },
        paint: { 'text-color': PALETTE.labelMuted, 'text-halo-color': PALETTE.halo, 'text-halo-width': 1.4 },
      },
    },
    {
      slot: 'minor-labels',
      layer: {
        id: 'network-place-labels',
        type: 'symbol',
        source,
        filter: ['all', ['==', ['geometry-type'], 'Point'], kindIs(...PLACES)],
        minzoom: 13.5,
        layout: {
          'text-field': nameExpression(locale, 'label'),
          'text-font': MAP_FONT,
          'text-size': 11,
          'text-anchor': 'left',
          'text-offset': [0.8, 0],
          'text-max-width': 12,
          'text-optional': true,
        },
        paint: { 'text-color': PALETTE.labelMuted, 'text-halo-color': PALETTE.halo, 'text-halo-width': 1.2 },
      },
    },
  ];
}
