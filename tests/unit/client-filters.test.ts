import type { FeatureCollection, Polygon } from 'geojson';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DistrictCellProperties } from '../../client/src/api/geo.js';
import { createDistrictIndex } from '../../client/src/features/filters/district-index.js';
import {
  createLayerPredicates,
  NO_FILTER,
  SHOW_ALL,
  type FilterCriteria,
} from '../../client/src/features/filters/filter-logic.js';
import { useFilteredLayersStore } from '../../client/src/features/filters/filtered-layers.store.js';
import { useFiltersStore, WINDOW_TICK_MS } from '../../client/src/features/filters/filters.store.js';
import { useAlarmsStore } from '../../client/src/stores/alarms.store.js';
import { useBacklogStore } from '../../client/src/stores/backlog.store.js';
import { useCrimeStore } from '../../client/src/stores/crime.store.js';
import { useDevicesStore } from '../../client/src/stores/devices.store.js';
import { useGeoStore } from '../../client/src/stores/geo.store.js';
import { useIncidentsStore } from '../../client/src/stores/incidents.store.js';
import { useTrafficStore } from '../../client/src/stores/traffic.store.js';
import type {
  AlarmState,
  BacklogState,
  CrimeState,
  DeviceState,
  IncidentState,
  LonLat,
  TrafficState,
} from '../../protocol/index.js';
import { districtAt, districts } from '../../server/src/geo/gazetteer.js';
import { districtCellsGeoJSON } from '../../server/src/geo/geo.geojson.js';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const code = (name: string) => districts().find((d) => d.name === name)!.code;
const labelOf = (name: string) => districts().find((d) => d.name === name)!.label as LonLat;
const HOAN_KIEM = code('Hoàn Kiếm');
const CAU_GIAY = code('Cầu Giấy');
const cells = () =>
  JSON.parse(JSON.stringify(districtCellsGeoJSON())) as FeatureCollection<Polygon, DistrictCellProperties>;

const incident = (id: string, over: Partial<IncidentState> = {}): IncidentState =>
  ({
    seq: 1,
    id,
    agency: 'police',
    externalId: id,
    category: 'traffic',
    subCategory: null,
    severity: 'high',
    status: 'new',
    description: 'Va chạm',
    alertSource: '113',
    position: labelOf('Hoàn Kiếm'),
    positionApproximate: false,
    address: null,
    districtCode: HOAN_KIEM,
    dateIssued: ago(10),
    receivedAt: ago(10),
    duplicateOf: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  }) as IncidentState;

const crime = (id: string, over: Partial<CrimeState> = {}): CrimeState => ({
  seq: 2,
  id,
  category: 'theft',
  status: 'reported',
  privacy: 'public',
  districtCode: CAU_GIAY,
  position: labelOf('Cầu Giấy'),
  precision: '100m',
  dateObserved: ago(30),
  ...over,
});

const alarm = (id: string, over: Partial<AlarmState> = {}): AlarmState =>
  ({
    seq: 3,
    id,
    kind: 'signal_fault',
    severity: 'medium',
    source: { feed: 'signals', id: 'sig-1' },
    position: labelOf('Hoàn Kiếm'),
    details: {},
    raisedAt: ago(5),
    clearedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  }) as AlarmState;

const detector = (id: string, position: LonLat | null, speed = 40): TrafficState => ({
  seq: 4,
  detectorId: id,
  segmentId: null,
  observedAt: ago(0),
  intensity: 600,
  speed,
  occupancy: 0.2,
  position,
});

const camera = (id: string, position: LonLat): DeviceState<'cameras'> => ({
  feed: 'cameras',
  seq: 5,
  deviceId: id,
  observedAt: ago(0),
  position,
  silent: false,
  report: { dateObserved: ago(0), status: 'online', countPeriodSeconds: 60 } as DeviceState<'cameras'>['report'],
});

const figures = (communeCode: string, districtCode: string, overdue: number): BacklogState => ({
  seq: 6,
  id: `${communeCode}:justice`,
  communeCode,
  districtCode,
  sector: 'justice',
  dateObserved: ago(60),
  received: 10,
  inProgress: 2,
  resolved: 8,
  overdue,
  submittedOnline: 8,
});

const criteria = (over: Partial<FilterCriteria>): FilterCriteria => ({ ...NO_FILTER, ...over });
const districtOfPoint = createDistrictIndex(cells());
const ctx = { now: NOW, districtAt: districtOfPoint };

describe('the filter predicates', () => {
  it('shows everything when nothing is chosen', () => {
    expect(createLayerPredicates(NO_FILTER, ctx)).toBe(SHOW_ALL);
    expect(SHOW_ALL.place(null)).toBe(true);
  });

  it('keeps incidents and crime of the chosen districts, by their district or else their position', () => {
    const p = createLayerPredicates(criteria({ districts: new Set([HOAN_KIEM]) }), ctx);
    expect(p.incident(incident('in'))).toBe(true);
    expect(p.incident(incident('placed', { districtCode: null }))).toBe(true);
    expect(p.incident(incident('elsewhere', { districtCode: CAU_GIAY, position: labelOf('Cầu Giấy') }))).toBe(false);
    expect(p.incident(incident('nowhere', { districtCode: null, position: null }))).toBe(false);
    expect(p.crime(crime('cg'))).toBe(false);
    expect(p.crime(crime('hk', { districtCode: HOAN_KIEM }))).toBe(true);
  });

  it('keeps traffic, devices and alarms by the district their position falls in', () => {
    const p = createLayerPredicates(criteria({ districts: new Set([CAU_GIAY]) }), ctx);
    expect(p.traffic(detector('d1', labelOf('Cầu Giấy')))).toBe(true);
    expect(p.traffic(detector('d2', labelOf('Hoàn Kiếm')))).toBe(false);
    expect(p.traffic(detector('d3', null))).toBe(false);
    expect(p.device(camera('c1', labelOf('Cầu Giấy')))).toBe(true);
    expect(p.alarm(alarm('a1'), labelOf('Hoàn Kiếm'))).toBe(false);
    expect(p.alarm(alarm('a2', { position: null }), labelOf('Cầu Giấy'))).toBe(true);
    expect(p.commune(CAU_GIAY)).toBe(true);
    expect(p.commune(null)).toBe(false);
  });

  it('keeps what happened within the time window: incidents by receipt, crime by offence, alarms by raising', () => {
    const hour = createLayerPredicates(criteria({ window: '1h' }), ctx);
    expect(hour.incident(incident('recent', { receivedAt: ago(59) }))).toBe(true);
    expect(hour.incident(incident('old', { receivedAt: ago(61) }))).toBe(false);
    expect(hour.crime(crime('recent', { dateObserved: ago(30) }))).toBe(true);
    expect(hour.crime(crime('old', { dateObserved: ago(120) }))).toBe(false);
    expect(hour.alarm(alarm('old', { raisedAt: ago(90) }), labelOf('Hoàn Kiếm'))).toBe(false);
    // The time window does not touch the live picture.
    expect(hour.traffic(detector('d', null))).toBe(true);
    const day = createLayerPredicates(criteria({ window: '24h' }), ctx);
    expect(day.incident(incident('old', { receivedAt: ago(61) }))).toBe(true);
    expect(day.crime(crime('yesterday', { dateObserved: ago(25 * 60) }))).toBe(false);
  });

  it('keeps the chosen incident and crime categories, each list on its own layer', () => {
    const p = createLayerPredicates(criteria({ incidentCategories: new Set(['fire']) }), ctx);
    expect(p.incident(incident('fire', { category: 'fire' }))).toBe(true);
    expect(p.incident(incident('crash', { category: 'traffic' }))).toBe(false);
    expect(p.crime(crime('theft'))).toBe(true);
    const q = createLayerPredicates(criteria({ crimeCategories: new Set(['robbery', 'assault']) }), ctx);
    expect(q.crime(crime('theft'))).toBe(false);
    expect(q.crime(crime('robbery', { category: 'robbery' }))).toBe(true);
    expect(q.incident(incident('crash'))).toBe(true);
  });
});

describe('the client district index', () => {
  it('agrees with the server on which district cell holds a point, across the city', () => {
    for (const d of districts()) expect(districtOfPoint(d.label), d.name).toBe(d.code);
    for (let lon = 105.3; lon <= 106.0; lon += 0.037) {
      for (let lat = 20.6; lat <= 21.38; lat += 0.031) {
        expect(districtOfPoint([lon, lat]), `${lon},${lat}`).toBe(districtAt([lon, lat])?.code ?? null);
      }
    }
  });
});

describe('filtering the layers in the console', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(NOW);
    useGeoStore().districts = cells();
  });
  afterEach(() => vi.useRealTimers());

  it('feeds the map only what the district filter keeps, and the legend counts follow', () => {
    const incidents = useIncidentsStore();
    incidents.applyBatch([
      incident('INC-HK', { seq: 1 }),
      incident('INC-CG', { seq: 2, districtCode: CAU_GIAY, position: labelOf('Cầu Giấy'), severity: 'critical' }),
      incident('INC-DUP', { seq: 3, districtCode: CAU_GIAY, position: labelOf('Cầu Giấy'), duplicateOf: 'INC-HK' }),
    ]);
    useTrafficStore().applyBatch([
      detector('det-hk', labelOf('Hoàn Kiếm'), 10),
      detector('det-cg', labelOf('Cầu Giấy'), 50),
      detector('det-nowhere', null),
    ]);
    useDevicesStore().applyBatch('cameras', [
      camera('cam-hk', labelOf('Hoàn Kiếm')),
      camera('cam-cg', labelOf('Cầu Giấy')),
    ]);
    useBacklogStore().applyBatch([figures('00001', '001', 2), figures('00200', CAU_GIAY, 3)]);
    const filters = useFiltersStore();
    const view = useFilteredLayersStore();

    // No filter: the stores' own counts.
    expect(view.incidents.size).toBe(3);
    expect(view.traffic.count).toBe(3);
    expect(view.devices.sizes.cameras).toBe(2);

    filters.toggleDistrict(CAU_GIAY);
    const ids = (fc: { features: Array<{ geometry: { type: string }; properties: { id: string } }> }) =>
      fc.features.filter((f) => f.geometry.type === 'Point').map((f) => f.properties.id);
    expect(ids(incidents.toFeatureCollection(filters.include.incident))).toEqual(['INC-CG', 'INC-DUP']);
    // The duplicate's primary is filtered out: no line to it.
    expect(incidents.toFeatureCollection(filters.include.incident).features).toHaveLength(2);
    expect(view.incidents.size).toBe(2);
    expect(view.incidents.counts).toEqual({
      bySeverity: { informational: 0, low: 0, medium: 0, high: 0, critical: 1 },
      duplicates: 1,
    });
    expect(view.traffic.count).toBe(1);
    expect(view.traffic.countsByClass).toMatchObject({ free: 1, jam: 0 });
    expect(view.devices.sizes.cameras).toBe(1);
    expect(view.devices.counts.cameras.online).toBe(1);
    expect([...view.backlog.communes.keys()]).toEqual(['00200']);
    expect(view.backlog.totals).toEqual({ overdue: 3, communesWithOverdue: 1 });

    filters.toggleDistrict(HOAN_KIEM);
    expect(view.incidents.size).toBe(3);
    filters.reset();
    expect(filters.active).toBe(false);
    expect(view.traffic.count).toBe(3);
  });

  it('counts alarms and crime as the filters leave them, and the stores keep everything', () => {
    useAlarmsStore().applyBatch([alarm('ALM-1'), alarm('ALM-2', { raisedAt: ago(200), kind: 'congestion' })]);
    useCrimeStore().applyBatch([crime('CR-1'), crime('CR-2', { category: 'robbery', dateObserved: ago(400) })]);
    const filters = useFiltersStore();
    const view = useFilteredLayersStore();
    filters.setTimeWindow('1h');
    expect(view.alarms.size).toBe(1);
    expect(view.alarms.countsByKind).toMatchObject({ signal_fault: 1, congestion: 0 });
    expect(view.alarms.all().map((a) => a.id)).toEqual(['ALM-1']);
    expect(view.crime.size).toBe(1);
    expect(view.crime.countsByGroup).toEqual({ violent: 0, property: 1, other: 0 });
    expect(view.crime.countsByDistrict.get(CAU_GIAY)).toBe(1);
    filters.setTimeWindow('24h');
    filters.toggleCrimeCategory('robbery');
    expect(view.crime.size).toBe(1);
    expect(view.crime.countsByGroup.violent).toBe(1);
    expect(useCrimeStore().size).toBe(2);
    expect(useAlarmsStore().size).toBe(2);
  });

  it('slides the time window forward as time passes, so incidents age out of it', () => {
    useIncidentsStore().applyBatch([incident('INC-1', { receivedAt: ago(58) })]);
    const filters = useFiltersStore();
    const view = useFilteredLayersStore();
    filters.setTimeWindow('1h');
    expect(view.incidents.size).toBe(1);
    vi.advanceTimersByTime(WINDOW_TICK_MS * 5);
    expect(view.incidents.size).toBe(0);
    filters.setTimeWindow('6h');
    expect(view.incidents.size).toBe(1);
  });
});
