import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';
import type {
  DistrictCellProperties,
  DistrictLabelProperties,
  NetworkProperties,
  RoadSegmentInfo,
} from '../../../protocol/geo.api.js';
import { getJsonWithRetry } from './http.js';

export type { DistrictCellProperties, DistrictLabelProperties, NetworkProperties, RoadSegmentInfo };

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
};
