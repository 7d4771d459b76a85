import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { FilterSpecification } from 'maplibre-gl';
import { computed, onBeforeUnmount, shallowRef } from 'vue';
import type { CrimeDetail } from '../../../../protocol/index.js';
import { ApiError, send } from '../../api/http.js';
import { useGeoJsonSource } from '../useGeoJsonSource.js';

/** The exact-location marker's source and style layers (drawn in the top slot, over the clusters). */
export const CRIME_EXACT_SOURCE = 'crime-exact';
export const CRIME_EXACT_LAYERS = {
  link: 'crime-exact-link',
  ring: 'crime-exact-ring',
  dot: 'crime-exact-dot',
} as const;
/** Unlike every crime colour (rose, amber, violet): this place is the real one. */
export const CRIME_EXACT_COLOUR = '#00e5ff';

/** Why the detail could not be shown, as the crime texts name it (`crime.exact.error.<code>`). */
export const EXACT_ERRORS = ['unauthenticated', 'forbidden', 'not_found', 'offline', 'other'] as const;
export type ExactError = (typeof EXACT_ERRORS)[number];

/** The server's refusal (401, 403, 404), a server out of reach (`offline`), or anything else. */
export function exactError(err: unknown): ExactError {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'unauthenticated';
    if (err.status === 403) return 'forbidden';
    if (err.status === 404) return 'not_found';
    return err.status === 502 || err.status === 503 || err.status === 504 ? 'offline' : 'other';
  }
  // fetch rejects with a TypeError when the request never got an answer.
  return err instanceof TypeError ? 'offline' : 'other';
}

/** `GET /api/v1/crime/<id>` (crime.exact): the report's exact place, address and description; the read is audited. */
export const fetchCrimeDetail = (id: string): Promise<CrimeDetail> =>
  send<CrimeDetail>('GET', `/api/v1/crime/${encodeURIComponent(id)}`);

/** What the popup of report `id` shows of its detail. */
export type ExactView =
  | { id: string; phase: 'loading' }
  | { id: string; phase: 'shown'; detail: CrimeDetail }
  | { id: string; phase: 'failed'; error: ExactError };

/** The marker: a ring on the exact place, a dot in it, and a dashed line from the generalised dot. */
export function exactFeatures(detail: CrimeDetail, generalised: [number, number] | null): FeatureCollection {
  const features: Feature<Geometry, { id: string; kind: string }>[] = [];
  if (generalised)
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [generalised, detail.position] },
      properties: { id: detail.id, kind: 'link' },
    });
  features.push({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: detail.position },
    properties: { id: detail.id, kind: 'place' },
  });
  return { type: 'FeatureCollection', features };
}

const kindIs = (kind: 'link' | 'place'): FilterSpecification => ['==', ['get', 'kind'], kind];

/**
 * For the crime layer (inside <MapView>): a report's exact place on demand, for roles with
 * crime.exact. `show` fetches the detail (each read is recorded in the audit log on the server) and
 * draws it as a small GeoJSON source of its own; it stays only while that report's popup is open
 * (`select` with another id or null clears it), so an exact place is never left on the map.
 */
export function useCrimeExact(opts: { generalised(id: string): [number, number] | null }) {
  const { map, setData } = useGeoJsonSource(CRIME_EXACT_SOURCE, [
    {
      slot: 'top',
      layer: {
        id: CRIME_EXACT_LAYERS.link,
        type: 'line',
        source: CRIME_EXACT_SOURCE,
        filter: kindIs('link'),
        paint: { 'line-color': CRIME_EXACT_COLOUR, 'line-width': 1.5, 'line-dasharray': [2, 2], 'line-opacity': 0.8 },
      },
    },
    {
      slot: 'top',
      layer: {
        id: CRIME_EXACT_LAYERS.ring,
        type: 'circle',
        source: CRIME_EXACT_SOURCE,
        filter: kindIs('place'),
        paint: {
          'circle-radius': 15,
          'circle-color': CRIME_EXACT_COLOUR,
          'circle-opacity': 0.12,
          'circle-stroke-color': CRIME_EXACT_COLOUR,
          'circle-stroke-width': 2.5,
        },
      },
    },
    {
      slot: 'top',
      layer: {
        id: CRIME_EXACT_LAYERS.dot,
        type: 'circle',
        source: CRIME_EXACT_SOURCE,
        filter: kindIs('place'),
        paint: {
          'circle-radius': 5,
          'circle-color': CRIME_EXACT_COLOUR,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
    },
  ]);
  const view = shallowRef<ExactView | null>(null);
  let selected: string | null = null;

  function clear(): void {
    view.value = null;
    setData({ type: 'FeatureCollection', features: [] });
  }

  /** The report whose popup is open (null: none); another report's detail is dropped. */
  function select(id: string | null): void {
    selected = id;
    if (view.value && view.value.id !== id) clear();
  }

  async function show(id: string): Promise<void> {
    if (view.value?.id === id && view.value.phase !== 'failed') return;
    view.value = { id, phase: 'loading' };
    try {
      const detail = await fetchCrimeDetail(id);
      if (selected !== id || view.value?.id !== id) return; // closed or moved on meanwhile
      view.value = { id, phase: 'shown', detail };
      setData(exactFeatures(detail, opts.generalised(id)));
      if (!map.getBounds().contains(detail.position)) map.easeTo({ center: detail.position, duration: 600 });
    } catch (err) {
      if (selected === id && view.value?.id === id) view.value = { id, phase: 'failed', error: exactError(err) };
    }
  }

  onBeforeUnmount(() => {
    selected = null;
  });

  return { view: computed(() => view.value), select, show, clear };
}

export type CrimeExact = ReturnType<typeof useCrimeExact>;
