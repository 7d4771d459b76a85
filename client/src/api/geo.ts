import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';
import { getJsonWithRetry } from './http.js';

/** `GET /api/v1/geo/districts`: schematic cells of the 30 districts (not legal boundaries). */
export interface DistrictProperties {
  code: string;
  name: string;
  nameEn: string;
  type: 'quan' | 'huyen' | 'thi_xa' | string;
  population: number;
  phase: number;
  communeCount: number;
  schematic: true;
}

/** `GET /api/v1/geo/district-labels`: where each district's name goes. */
export interface DistrictLabelProperties {
  code: string;
  name: string;
  nameEn: string;
}

export type CorridorKind = 'ring' | 'artery' | 'expressway' | 'street' | 'bridge' | 'river';
export type PlaceKind = 'hospital' | 'police' | 'transport' | 'landmark' | 'government';

/** `GET /api/v1/geo/network`: road corridors and rivers, West Lake, landmarks. */
export interface NetworkProperties {
  id: string;
  kind: CorridorKind | PlaceKind | 'lake';
  name: string;
  nameEn: string;
  confidence?: string;
}

/** `GET /api/v1/geo/segments`: the stretches of road detectors report on (`<corridorId>:<index>`). */
export interface RoadSegmentInfo {
  id: string;
  corridorId: string;
  index: number;
  name: string;
  kind: CorridorKind;
  midpoint: [number, number];
}

type Collection<G extends LineString | Point | Polygon, P> = FeatureCollection<G, P>;

export const geoApi = {
  districts: (signal: AbortSignal, onError?: (err: Error) => void) =>
    getJsonWithRetry<Collection<Polygon, DistrictProperties>>('/api/v1/geo/districts', signal, onError),
  districtLabels: (signal: AbortSignal, onError?: (err: Error) => void) =>
    getJsonWithRetry<Collection<Point, DistrictLabelProperties>>('/api/v1/geo/district-labels', signal, onError),
  network: (signal: AbortSignal, onError?: (err: Error) => void) =>
    getJsonWithRetry<FeatureCollection<LineString | Point | Polygon, NetworkProperties>>(
      '/api/v1/geo/network',
      signal,
      onError,
    ),
  segments: (signal: AbortSignal, onError?: (err: Error) => void) =>
    getJsonWithRetry<RoadSegmentInfo[]>('/api/v1/geo/segments', signal, onError),
};
