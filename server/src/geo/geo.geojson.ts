/**
 * GeoJSON FeatureCollections for the console map, built from the gazetteer. Pure: same data in, same
 * collections out; geo.routes.ts computes them once.
 */
import type {
  DistrictCellProperties,
  DistrictLabelProperties,
  LonLat,
  NetworkKind,
  NetworkProperties,
} from '../../../protocol/index.js';
import {
  ATTRIBUTION,
  type Confidence,
  corridors,
  district,
  districtCells,
  districts,
  lakes,
  landmarks,
  rivers,
} from './gazetteer.js';

// Minimal GeoJSON (RFC 7946) types: only what these builders produce.
export interface PointGeometry {
  type: 'Point';
  coordinates: LonLat;
}
export interface LineStringGeometry {
  type: 'LineString';
  coordinates: LonLat[];
}
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: LonLat[][];
}
export type Geometry = PointGeometry | LineStringGeometry | PolygonGeometry;
export interface Feature<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'Feature';
  geometry: G;
  properties: P;
}
export interface FeatureCollection<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
  /** Foreign member: text the map must show while these features are displayed. */
  attribution?: string;
}

const feature = <G extends Geometry, P>(geometry: G, properties: P): Feature<G, P> => ({
  type: 'Feature',
  geometry,
  properties,
});
/** Fresh, mutable coordinate arrays: the gazetteer's own are frozen. */
const copyLine = (line: readonly LonLat[]): LonLat[] => line.map(([lon, lat]) => [lon, lat]);

/** One Polygon per district: its schematic cell. */
export function districtCellsGeoJSON(): FeatureCollection<PolygonGeometry, DistrictCellProperties> {
  return {
    type: 'FeatureCollection',
    features: districtCells().flatMap((cell) => {
      const d = district(cell.code);
      if (!d) return [];
      const { code, name, nameEn, type, population, phase, communeCount } = d;
      const properties: DistrictCellProperties = {
        code,
        name,
        nameEn,
        type,
        population,
        phase,
        communeCount,
        schematic: true,
      };
      return [feature({ type: 'Polygon' as const, coordinates: cell.rings.map(copyLine) }, properties)];
    }),
  };
}

/** One Point per district, where its label goes. */
export function districtLabelsGeoJSON(): FeatureCollection<PointGeometry, DistrictLabelProperties> {
  return {
    type: 'FeatureCollection',
    features: districts().map(({ code, name, nameEn, label }) =>
      feature({ type: 'Point' as const, coordinates: [label[0], label[1]] as LonLat }, { code, name, nameEn }),
    ),
  };
}

/**
 * The schematic network, drawn bottom-up: the lake (Polygon, kind 'lake'), rivers (LineString, kind
 * 'river'), road corridors (LineString, kind ring/artery/expressway/street/bridge), then landmarks
 * (Point, kind landmark/government/transport/police/hospital).
 */
export function networkGeoJSON(): FeatureCollection<Geometry, NetworkProperties> {
  const props = (
    id: string,
    kind: NetworkKind,
    name: string,
    nameEn: string,
    confidence: Confidence,
  ): NetworkProperties => ({
    id,
    kind,
    name,
    nameEn,
    confidence,
  });
  const features: Feature<Geometry, NetworkProperties>[] = [
    ...lakes().map((l) =>
      feature(
        { type: 'Polygon' as const, coordinates: l.rings.map(copyLine) },
        props(l.id, 'lake', l.name, l.nameEn, l.confidence),
      ),
    ),
    ...rivers().map((r) =>
      feature(
        { type: 'LineString' as const, coordinates: copyLine(r.coordinates) },
        props(r.id, 'river', r.name, r.nameEn, r.confidence),
      ),
    ),
    ...corridors().map((c) =>
      feature(
        { type: 'LineString' as const, coordinates: copyLine(c.coordinates) },
        props(c.id, c.kind, c.name, c.nameEn, c.confidence),
      ),
    ),
    ...landmarks().map((m) =>
      feature(
        { type: 'Point' as const, coordinates: [m.point[0], m.point[1]] as LonLat },
        {
          ...props(m.id, m.kind, m.name, m.nameEn, m.confidence),
          ...(m.districtCode ? { districtCode: m.districtCode } : {}),
        },
      ),
    ),
  ];
  return { type: 'FeatureCollection', attribution: ATTRIBUTION, features };
}
