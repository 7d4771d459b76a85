/**
 * Hanoi's 2016 gazetteer: 30 districts, 584 communes, a schematic road network and schematic district
 * cells. The data files are written by `npx tsx scripts/build-gazetteer.ts` and committed; this module
 * only loads them once and answers pure lookups. Everything it returns is frozen.
 */
import type {
  Confidence,
  CorridorKind,
  DistrictType,
  LandmarkKind,
  LonLat,
  RolloutPhase,
} from '../../../protocol/index.js';
import communeData from './data/communes.json' with { type: 'json' };
import cellData from './data/district-cells.json' with { type: 'json' };
import districtData from './data/districts.json' with { type: 'json' };
import networkData from './data/network.json' with { type: 'json' };

/** Map attribution for the network's hospital points, which come from OpenStreetMap (ODbL). */
export const ATTRIBUTION = '© OpenStreetMap contributors';

export type { Confidence, CorridorKind, DistrictType, LandmarkKind, RolloutPhase };
export type CommuneType = 'phuong' | 'xa' | 'thi_tran';
export type Bbox = readonly [west: number, south: number, east: number, north: number];

export interface District {
  /** GSO district code, 3 digits ("002"). */
  readonly code: string;
  /** Vietnamese name, NFC ("Hoàn Kiếm"). */
  readonly name: string;
  /** With its type ("Quận Hoàn Kiếm"). */
  readonly fullName: string;
  readonly nameEn: string;
  readonly type: DistrictType;
  /** Where to put its label or marker: a point well inside the real district. */
  readonly label: LonLat;
  readonly centroid: LonLat;
  readonly bbox: Bbox;
  /** Approximate, for display. */
  readonly areaKm2: number;
  /** 2019 census. */
  readonly population: number;
  readonly communeCount: number;
  readonly phase: RolloutPhase;
}

export interface Commune {
  /** GSO commune code, 5 digits. */
  readonly code: string;
  readonly name: string;
  /** With its type ("Phường Phúc Xá"). */
  readonly fullName: string;
  readonly type: CommuneType;
  readonly districtCode: string;
  readonly phase: RolloutPhase;
}

interface NetworkLine {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string;
  readonly confidence: Confidence;
  readonly coordinates: LonLat[];
  readonly note?: string;
}

/** A road line of the schematic network: ring road, artery, expressway, street or bridge. */
export interface Corridor extends NetworkLine {
  readonly kind: CorridorKind;
  /** The river a bridge crosses. */
  readonly crosses?: string;
  readonly lengthM: number;
}

/** The stretch of a corridor between two consecutive vertices: what a traffic detector reports on. */
export interface RoadSegment {
  /** `<corridorId>:<index>`, index from 0 in the corridor's direction. */
  readonly id: string;
  readonly corridorId: string;
  readonly index: number;
  /** The corridor's Vietnamese name. */
  readonly name: string;
  readonly from: LonLat;
  readonly to: LonLat;
  readonly midpoint: LonLat;
  readonly lengthM: number;
  readonly kind: CorridorKind;
}

export type River = NetworkLine;

export interface Lake {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string;
  readonly confidence: Confidence;
  /** GeoJSON polygon rings: the outer ring first, closed. */
  readonly rings: LonLat[][];
}

export interface Landmark {
  readonly id: string;
  readonly kind: LandmarkKind;
  readonly name: string;
  readonly nameEn: string;
  readonly confidence: Confidence;
  readonly point: LonLat;
  readonly districtCode?: string;
}

/** A schematic district cell (not a real boundary): GeoJSON polygon rings, outer ring first. */
export interface DistrictCell {
  readonly code: string;
  readonly rings: LonLat[][];
}

// ---------------------------------------------------------------------------------------------
// Loading (once, at import)

interface NetworkFeature {
  id: string;
  kind: string;
  name: string;
  nameEn: string;
  confidence: Confidence;
  districtCode?: string;
  crosses?: string;
  note?: string;
  geometry:
    | { type: 'Point'; coordinates: LonLat }
    | { type: 'LineString'; coordinates: LonLat[] }
    | { type: 'Polygon'; coordinates: LonLat[][] };
}

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

const EARTH_RADIUS_M = 6_371_008.8;
/** Great-circle distance in metres. */
export function distanceM([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

const CORRIDOR_KINDS: ReadonlySet<string> = new Set<CorridorKind>(['ring', 'artery', 'expressway', 'street', 'bridge']);
const LANDMARK_KINDS: ReadonlySet<string> = new Set<LandmarkKind>([
  'landmark',
  'government',
  'transport',
  'police',
  'hospital',
]);
const features = networkData.features as unknown as NetworkFeature[];
const lineOf = (f: NetworkFeature, coordinates: LonLat[]): NetworkLine => ({
  id: f.id,
  name: f.name,
  nameEn: f.nameEn,
  confidence: f.confidence,
  coordinates,
  ...(f.note === undefined ? {} : { note: f.note }),
});

const DISTRICTS: readonly District[] = deepFreeze(districtData as unknown as District[]);
const COMMUNES: readonly Commune[] = deepFreeze(communeData as unknown as Commune[]);
const CELLS: readonly DistrictCell[] = deepFreeze(
  cellData.map((c) => ({ code: c.code, rings: c.polygon as LonLat[][] })),
);

const SEGMENTS: RoadSegment[] = [];
const CORRIDORS: readonly Corridor[] = deepFreeze(
  features.flatMap((f): Corridor[] => {
    if (f.geometry.type !== 'LineString' || !CORRIDOR_KINDS.has(f.kind)) return [];
    const kind = f.kind as CorridorKind;
    const coordinates = f.geometry.coordinates;
    let lengthM = 0;
    coordinates.slice(1).forEach((to, index) => {
      const from = coordinates[index] as LonLat;
      const segmentM = distanceM(from, to);
      lengthM += segmentM;
      const midpoint: LonLat = [round6((from[0] + to[0]) / 2), round6((from[1] + to[1]) / 2)];
      SEGMENTS.push({
        id: `${f.id}:${index}`,
        corridorId: f.id,
        index,
        name: f.name,
        from,
        to,
        midpoint,
        lengthM: Math.round(segmentM),
        kind,
      });
    });
    return [
      {
        ...lineOf(f, coordinates),
        kind,
        ...(f.crosses === undefined ? {} : { crosses: f.crosses }),
        lengthM: Math.round(lengthM),
      },
    ];
  }),
);
deepFreeze(SEGMENTS);
function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const RIVERS: readonly River[] = deepFreeze(
  features.flatMap((f) =>
    f.kind === 'river' && f.geometry.type === 'LineString' ? [lineOf(f, f.geometry.coordinates)] : [],
  ),
);
const LAKES: readonly Lake[] = deepFreeze(
  features.flatMap((f): Lake[] =>
    f.kind === 'lake' && f.geometry.type === 'Polygon'
      ? [{ id: f.id, name: f.name, nameEn: f.nameEn, confidence: f.confidence, rings: f.geometry.coordinates }]
      : [],
  ),
);
const LANDMARKS: readonly Landmark[] = deepFreeze(
  features.flatMap((f): Landmark[] =>
    LANDMARK_KINDS.has(f.kind) && f.geometry.type === 'Point'
      ? [
          {
            id: f.id,
            kind: f.kind as LandmarkKind,
            name: f.name,
            nameEn: f.nameEn,
            confidence: f.confidence,
            point: f.geometry.coordinates,
            ...(f.districtCode === undefined ? {} : { districtCode: f.districtCode }),
          },
        ]
      : [],
  ),
);

const districtByCode = new Map(DISTRICTS.map((d) => [d.code, d]));
const segmentById = new Map(SEGMENTS.map((s) => [s.id, s]));
const communesByDistrict = new Map<string, Commune[]>();
for (const c of COMMUNES)
  communesByDistrict.set(c.districtCode, [...(communesByDistrict.get(c.districtCode) ?? []), c]);

// ---------------------------------------------------------------------------------------------
// Lookups. Lists are fresh arrays of frozen objects: sort or filter them freely.

export const districts = (): District[] => [...DISTRICTS];
export const district = (code: string): District | undefined => districtByCode.get(code);
export const communes = (): Commune[] => [...COMMUNES];
export const communesOf = (districtCode: string): Commune[] => [...(communesByDistrict.get(districtCode) ?? [])];
/** Road lines only (ring roads, arteries, expressways, streets, bridges), not rivers. */
export const corridors = (): Corridor[] => [...CORRIDORS];
export const corridor = (id: string): Corridor | undefined => CORRIDORS.find((c) => c.id === id);
/** Every corridor cut into segments between consecutive vertices, in corridor order. */
export const segments = (): RoadSegment[] => [...SEGMENTS];
export const segment = (id: string): RoadSegment | undefined => segmentById.get(id);
export const rivers = (): River[] => [...RIVERS];
export const lakes = (): Lake[] => [...LAKES];
export const landmarks = (): Landmark[] => [...LANDMARKS];
/** The schematic district cells, one per district, in district order. */
export const districtCells = (): DistrictCell[] => [...CELLS];

/** Even-odd ray casting over [x0, y0, x1, y1, ...]. */
function inRing(x: number, y: number, ring: ArrayLike<number>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    const [xi, yi, xj, yj] = [ring[i] as number, ring[i + 1] as number, ring[j] as number, ring[j + 1] as number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const inRings = (x: number, y: number, rings: readonly ArrayLike<number>[]): boolean =>
  rings.length > 0 && inRing(x, y, rings[0] as ArrayLike<number>) && !rings.slice(1).some((h) => inRing(x, y, h));

/** Whether a point lies inside polygon rings (outer ring first, holes after). */
export function inPolygon([x, y]: LonLat, rings: readonly (readonly LonLat[])[]): boolean {
  const inLonLatRing = (ring: readonly LonLat[]): boolean => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [a, b] = [ring[i] as LonLat, ring[j] as LonLat];
      if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
    }
    return inside;
  };
  return rings.length > 0 && inLonLatRing(rings[0] as LonLat[]) && !rings.slice(1).some(inLonLatRing);
}

// districtAt runs for every simulated position: flat, unfrozen copies with a bbox to skip most cells.
const CELL_INDEX = CELLS.map((c) => {
  const outer = c.rings[0] ?? [];
  const [lons, lats] = [outer.map((p) => p[0]), outer.map((p) => p[1])];
  const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)] as const;
  return { code: c.code, box, rings: c.rings.map((ring) => Float64Array.from(ring.flat())) };
});

/** The district whose schematic cell holds the point; undefined outside Hanoi's schematic outline. */
export function districtAt([x, y]: LonLat): District | undefined {
  for (const { code, box, rings } of CELL_INDEX) {
    if (x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3] && inRings(x, y, rings))
      return districtByCode.get(code);
  }
  return undefined;
}
