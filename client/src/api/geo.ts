import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';
import type {
  DistrictCellProperties,
  DistrictLabelProperties,
  NetworkProperties,
  RoadSegmentInfo,
} from '../../../protocol/geo.api.js';
import { getJsonWithRetry } from './http.js';

export type { DistrictCellProperties, DistrictLabelProperties, NetworkProperties, RoadSegmentInfo };

/** One entry of `GET /api/v1/geo/communes` (the 584 communes of 2016); only what the console reads. */
export interface CommuneInfo {
  /** GSO commune code, 5 digits. */
  code: string;
  name: string;
  /** With its type: "Phường Phúc Xá". */
  fullName: string;
  districtCode: string;
}

type Collection<G extends LineString | Point | Polygon, P> = FeatureCollection<G, P>;

export const geoApi = {
  districts: (signal: AbortSignal, onError?: (err: Error) => void) =>
    getJsonWithRetry<Collection<Polygon, DistrictCellProperties>>('/api/v1/geo/districts', signal, onError),
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
  communes: (signal: AbortSignal, onError?: (err: Error) => void) =>
    getJsonWithRetry<CommuneInfo[]>('/api/v1/geo/communes', signal, onError),
};
