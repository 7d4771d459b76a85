import type { LonLat } from './geo.js';

/** What `GET /api/v1/geo/*` returns: the feature properties of the console's base map. Types only. */

export type DistrictType = 'quan' | 'huyen' | 'thi_xa';
/** Rollout phase of online public services in 2016: 1 pilot (24 wards), 2 (144), 3 (139), 4 (277). */
export type RolloutPhase = 1 | 2 | 3 | 4;
/** H checked against boundaries, M within about 300-800 m, L rough (1 km+), OSM from OpenStreetMap. */
export type Confidence = 'H' | 'M' | 'L' | 'OSM';
export type CorridorKind = 'ring' | 'artery' | 'expressway' | 'street' | 'bridge';
export type LandmarkKind = 'landmark' | 'government' | 'transport' | 'police' | 'hospital';

/** `GET /api/v1/geo/districts`: one Polygon per district, a schematic cell (not a legal boundary). */
export interface DistrictCellProperties {
  code: string;
  name: string;
  nameEn: string;
  type: DistrictType;
  population: number;
  phase: RolloutPhase;
  communeCount: number;
  /** Always true: these cells are drawn from label points, not real boundaries. */
  schematic: true;
}

/** `GET /api/v1/geo/district-labels`: where each district's name goes. */
export interface DistrictLabelProperties {
  code: string;
  name: string;
  nameEn: string;
}

/** `GET /api/v1/geo/network`: road corridors, rivers, West Lake and landmarks. */
export type NetworkKind = CorridorKind | 'river' | 'lake' | LandmarkKind;
export interface NetworkProperties {
  id: string;
  kind: NetworkKind;
  name: string;
  nameEn: string;
  confidence: Confidence;
  /** Landmarks only, when known. */
  districtCode?: string;
}

/** `GET /api/v1/geo/segments`: the stretches of road detectors report on (`<corridorId>:<index>`). */
export interface RoadSegmentInfo {
  id: string;
  corridorId: string;
  index: number;
  /** The corridor's Vietnamese name. */
  name: string;
  from: LonLat;
  to: LonLat;
  midpoint: LonLat;
  lengthM: number;
  kind: CorridorKind;
}
