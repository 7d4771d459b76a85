import { defineStore } from 'pinia';
import { computed, reactive } from 'vue';
import { DEVICE_FEEDS, type AlarmState, type DeviceFeed } from '../../../../protocol/index.js';
import { useAlarmLocator } from '../../map/layers/alarm-locator.js';
import { useAlarmsStore } from '../../stores/alarms.store.js';
import { useBacklogStore } from '../../stores/backlog.store.js';
import { useCrimeStore } from '../../stores/crime.store.js';
import { useDevicesStore, type DeviceCounts } from '../../stores/devices.store.js';
import { useIncidentsStore } from '../../stores/incidents.store.js';
import { useTrafficStore } from '../../stores/traffic.store.js';
import { DEVICE_CLASSES } from '../devices/device-classes.js';
import { SPEED_CLASSES } from '../traffic/speed.js';
import { countAlarms, countBacklog, countCrime, countFeatures, countIncidents } from './filtered-counts.js';
import { useFiltersStore } from './filters.store.js';

/**
 * What the legends count: the live layers as the filters leave them, in the shape of the stores'
 * own counts (so a legend reads either). Without a filter that narrows a layer, the store's own
 * counts are passed through and nothing is counted twice.
 */
export const useFilteredLayersStore = defineStore('filtered-layers', () => {
  const filters = useFiltersStore();
  const trafficStore = useTrafficStore();
  const devicesStore = useDevicesStore();
  const incidentsStore = useIncidentsStore();
  const alarmsStore = useAlarmsStore();
  const crimeStore = useCrimeStore();
  const backlogStore = useBacklogStore();
  const locate = useAlarmLocator();

  /** Traffic, devices and communes are only narrowed by district. */
  const byPlace = computed(() => filters.districts.size > 0);

  const trafficView = computed(() => {
    if (!byPlace.value) return { count: trafficStore.count, countsByClass: trafficStore.countsByClass };
    void trafficStore.version;
    const { size, counts } = countFeatures(
      SPEED_CLASSES,
      trafficStore.toFeatureCollection(filters.include.traffic).features,
    );
    return { count: size, countsByClass: counts };
  });

  const deviceView = <F extends DeviceFeed>(feed: F) =>
    computed(() => {
      if (!byPlace.value) return { size: devicesStore.sizes[feed], counts: devicesStore.counts[feed] };
      void devicesStore.versions[feed];
      const fc = devicesStore.toFeatureCollection(feed, filters.include.device);
      const { size, counts } = countFeatures(DEVICE_CLASSES[feed], fc.features);
      return { size, counts: counts as DeviceCounts[F] };
    });
  const deviceViews = {
    signals: deviceView('signals'),
    cameras: deviceView('cameras'),
    units: deviceView('units'),
    network: deviceView('network'),
  };

  const incidentsView = computed(() => {
    if (!filters.active) return { size: incidentsStore.size, counts: incidentsStore.counts };
    return countIncidents(incidentsStore.all().filter(filters.include.incident));
  });

  const alarmsKept = computed<AlarmState[]>(() => {
    const all = alarmsStore.all();
    if (!filters.active) return all;
    const include = filters.include;
    return all.filter((a) => include.alarm(a, locate(a)));
  });
  const alarmsView = computed(() =>
    filters.active ? countAlarms(alarmsKept.value) : { size: alarmsStore.size, countsByKind: alarmsStore.countsByKind },
  );

  const crimeView = computed(() => {
    if (!filters.active)
      return {
        size: crimeStore.size,
        countsByGroup: crimeStore.countsByGroup,
        countsByDistrict: crimeStore.countsByDistrict,
      };
    return countCrime(crimeStore.all().filter(filters.include.crime));
  });

  const backlogView = computed(() => {
    if (!byPlace.value)
      return {
        communes: backlogStore.communes,
        countsByClass: backlogStore.countsByClass,
        totals: backlogStore.totals,
      };
    const include = filters.include;
    return countBacklog([...backlogStore.communes.values()].filter((c) => include.commune(c.districtCode)));
  });

  return {
    traffic: reactive({
      count: computed(() => trafficView.value.count),
      countsByClass: computed(() => trafficView.value.countsByClass),
    }),
    devices: reactive({
      sizes: computed(
        () => Object.fromEntries(DEVICE_FEEDS.map((f) => [f, deviceViews[f].value.size])) as Record<DeviceFeed, number>,
      ),
      counts: reactive({
        signals: computed(() => deviceViews.signals.value.counts),
        cameras: computed(() => deviceViews.cameras.value.counts),
        units: computed(() => deviceViews.units.value.counts),
        network: computed(() => deviceViews.network.value.counts),
      }) as DeviceCounts,
    }),
    incidents: reactive({
      size: computed(() => incidentsView.value.size),
      counts: computed(() => incidentsView.value.counts),
    }),
    alarms: reactive({
      size: computed(() => alarmsView.value.size),
      countsByKind: computed(() => alarmsView.value.countsByKind),
      all: () => alarmsKept.value,
    }),
    crime: reactive({
      size: computed(() => crimeView.value.size),
      countsByGroup: computed(() => crimeView.value.countsByGroup),
      countsByDistrict: computed(() => crimeView.value.countsByDistrict),
    }),
    backlog: reactive({
      communes: computed(() => backlogView.value.communes),
      countsByClass: computed(() => backlogView.value.countsByClass),
      totals: computed(() => backlogView.value.totals),
    }),
  };
});
