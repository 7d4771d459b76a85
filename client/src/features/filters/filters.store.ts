import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import { useGeoStore } from '../../stores/geo.store.js';
import { useReplayStore } from '../replay/replay.store.js';
import { createDistrictIndex } from './district-index.js';
import {
  createLayerPredicates,
  isFiltering,
  type CrimeCategory,
  type FilterCriteria,
  type IncidentCategory,
  type LayerPredicates,
  type TimeWindow,
} from './filter-logic.js';

/** While a time window is set, it slides forward this often (objects age out of it). */
export const WINDOW_TICK_MS = 30_000;

function toggled<T>(set: ReadonlySet<T>, item: T): ReadonlySet<T> {
  const next = new Set(set);
  if (!next.delete(item)) next.add(item);
  return next;
}

/**
 * What the map shows: districts, a time window, incident and crime categories. Applied in the
 * browser to what the stores hold, when the layers build their GeoJSON and the legends count; the
 * stores themselves keep everything. Not remembered: a new shift starts with the whole city.
 */
export const useFiltersStore = defineStore('filters', () => {
  const geo = useGeoStore();
  const districts = shallowRef<ReadonlySet<string>>(new Set());
  const timeWindow = shallowRef<TimeWindow>('all');
  const incidentCategories = shallowRef<ReadonlySet<IncidentCategory>>(new Set());
  const crimeCategories = shallowRef<ReadonlySet<CrimeCategory>>(new Set());
  const now = shallowRef(Date.now());
  const replay = useReplayStore();

  let tick: ReturnType<typeof setInterval> | undefined;
  watch(
    timeWindow,
    (w) => {
      clearInterval(tick);
      tick = undefined;
      now.value = Date.now();
      if (w !== 'all') tick = setInterval(() => (now.value = Date.now()), WINDOW_TICK_MS);
    },
    { flush: 'sync' },
  );

  const criteria = computed<FilterCriteria>(() => ({
    districts: districts.value,
    window: timeWindow.value,
    incidentCategories: incidentCategories.value,
    crimeCategories: crimeCategories.value,
  }));
  const active = computed(() => isFiltering(criteria.value));

  const districtAt = computed(() => (geo.districts ? createDistrictIndex(geo.districts) : () => null));

  /**
   * The predicates of the current choice. A new object whenever the choice, the window's end or the
   * geography changes: layers and legends watch it.
   */
  // A replay's window ends at the replayed instant, not at the clock.
  const include = computed<LayerPredicates>(() =>
    createLayerPredicates(criteria.value, { now: replay.cursor ?? now.value, districtAt: districtAt.value }),
  );

  return {
    districts,
    timeWindow,
    incidentCategories,
    crimeCategories,
    active,
    include,
    setDistricts: (codes: Iterable<string>) => void (districts.value = new Set(codes)),
    toggleDistrict: (code: string) => void (districts.value = toggled(districts.value, code)),
    setTimeWindow: (w: TimeWindow) => void (timeWindow.value = w),
    setIncidentCategories: (list: Iterable<IncidentCategory>) => void (incidentCategories.value = new Set(list)),
    toggleIncidentCategory: (c: IncidentCategory) =>
      void (incidentCategories.value = toggled(incidentCategories.value, c)),
    setCrimeCategories: (list: Iterable<CrimeCategory>) => void (crimeCategories.value = new Set(list)),
    toggleCrimeCategory: (c: CrimeCategory) => void (crimeCategories.value = toggled(crimeCategories.value, c)),
    reset(): void {
      districts.value = new Set();
      timeWindow.value = 'all';
      incidentCategories.value = new Set();
      crimeCategories.value = new Set();
    },
  };
});

export type FiltersStore = ReturnType<typeof useFiltersStore>;
