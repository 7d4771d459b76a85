import type {
  AlarmState,
  CrimeState,
  DeviceState,
  IncidentState,
  LonLat,
  TrafficState,
} from '../../../../protocol/index.js';

/** How far back the event layers look: the last 1, 6 or 24 hours, or everything the console holds. */
export const TIME_WINDOWS = ['1h', '6h', '24h', 'all'] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];
export const WINDOW_MS: Record<TimeWindow, number | null> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  all: null,
};

export type IncidentCategory = IncidentState['category'];
export type CrimeCategory = CrimeState['category'];

// A record, so that a category added to the protocol fails to compile until it is listed here.
const CRIME_CATEGORY_SET: Record<CrimeCategory, true> = {
  theft: true,
  robbery: true,
  burglary: true,
  assault: true,
  fraud: true,
  drugs: true,
  vandalism: true,
  public_order: true,
  other: true,
};
export const CRIME_CATEGORIES = Object.keys(CRIME_CATEGORY_SET) as CrimeCategory[];

/** What the operator chose. An empty set means "all" (no district, no category left out). */
export interface FilterCriteria {
  districts: ReadonlySet<string>;
  window: TimeWindow;
  incidentCategories: ReadonlySet<IncidentCategory>;
  crimeCategories: ReadonlySet<CrimeCategory>;
}

export const NO_FILTER: FilterCriteria = {
  districts: new Set(),
  window: 'all',
  incidentCategories: new Set(),
  crimeCategories: new Set(),
};

export const isFiltering = (c: FilterCriteria): boolean =>
  c.districts.size > 0 || c.window !== 'all' || c.incidentCategories.size > 0 || c.crimeCategories.size > 0;

/**
 * Whether an object of each live layer is shown. The district applies to every layer (traffic and
 * devices by the district their position falls in); the time window to the event layers (incidents
 * by when the centre received them, crime by when the offence happened, alarms by when raised); the
 * categories to incidents and crime.
 */
export interface LayerPredicates {
  readonly active: boolean;
  /** Any object placed at `position` (null: not placed, so in no district). */
  place(position: LonLat | null): boolean;
  traffic(d: TrafficState): boolean;
  device(s: DeviceState): boolean;
  incident(s: IncidentState): boolean;
  crime(c: CrimeState): boolean;
  /** An alarm, drawn at `at` (its own position or its source's). */
  alarm(a: AlarmState, at: LonLat | null): boolean;
  /** A commune's figures (backlog), by the commune's district. */
  commune(districtCode: string | null): boolean;
}

export interface FilterContext {
  /** Milliseconds since the epoch: the end of the time window. */
  now: number;
  /** The district whose cell holds a point, or null outside every cell (or before the geography loaded). */
  districtAt(position: LonLat): string | null;
}

const yes = () => true;
export const SHOW_ALL: LayerPredicates = {
  active: false,
  place: yes,
  traffic: yes,
  device: yes,
  incident: yes,
  crime: yes,
  alarm: yes,
  commune: yes,
};

export function createLayerPredicates(c: FilterCriteria, ctx: FilterContext): LayerPredicates {
  if (!isFiltering(c)) return SHOW_ALL;
  const byDistrict = c.districts.size > 0;
  const windowMs = WINDOW_MS[c.window];
  const since = windowMs === null ? null : ctx.now - windowMs;

  const inDistrict = (code: string | null): boolean => !byDistrict || (code !== null && c.districts.has(code));
  const place = (p: LonLat | null): boolean => !byDistrict || (p !== null && inDistrict(ctx.districtAt(p)));
  /** Within the window; a time that does not parse is left out while a window is set. */
  const recent = (iso: string): boolean => since === null || Date.parse(iso) >= since;
  const districtOf = (code: string | null, p: LonLat | null): string | null =>
    code ?? (p === null ? null : ctx.districtAt(p));

  return {
    active: true,
    place,
    traffic: (d) => place(d.position),
    device: (s) => place(s.position),
    incident: (s) =>
      recent(s.receivedAt) &&
      (c.incidentCategories.size === 0 || c.incidentCategories.has(s.category)) &&
      (!byDistrict || inDistrict(districtOf(s.districtCode, s.position))),
    crime: (s) =>
      recent(s.dateObserved) &&
      (c.crimeCategories.size === 0 || c.crimeCategories.has(s.category)) &&
      (!byDistrict || inDistrict(districtOf(s.districtCode, s.position))),
    alarm: (a, at) => recent(a.raisedAt) && place(at),
    commune: (code) => inDistrict(code),
  };
}
