import type { FeatureCollection, Polygon } from 'geojson';
import type { DistrictCellProperties } from '../../../../protocol/index.js';
import { backlogClass, type BacklogClass, type CommuneBacklog } from './backlog-classes.js';

/** A district's dossiers, summed over its communes' latest figures. */
export interface DistrictBacklogSums {
  districtCode: string;
  received: number;
  submittedOnline: number;
  overdue: number;
  communes: number;
  /** submittedOnline / received, or null when nothing was received. */
  onlineShare: number | null;
}

export function districtBacklogs(communes: Iterable<CommuneBacklog>): Map<string, DistrictBacklogSums> {
  const out = new Map<string, DistrictBacklogSums>();
  for (const c of communes) {
    if (!c.districtCode) continue;
    const d = out.get(c.districtCode) ?? {
      districtCode: c.districtCode,
      received: 0,
      submittedOnline: 0,
      overdue: 0,
      communes: 0,
      onlineShare: null,
    };
    d.received += c.received;
    d.submittedOnline += c.submittedOnline;
    d.overdue += c.overdue;
    d.communes += 1;
    d.onlineShare = d.received > 0 ? d.submittedOnline / d.received : null;
    out.set(c.districtCode, d);
  }
  return out;
}

export interface DistrictBacklogProperties {
  id: string;
  name: string;
  cls: BacklogClass;
  /** 0..1, or -1 when nothing was received (GeoJSON properties cannot hold null in expressions). */
  onlineShare: number;
  overdue: number;
}

/** The district cells with their sums, for the choropleth; districts without figures are left out. */
export function districtBacklogFeatures(
  cells: FeatureCollection<Polygon, DistrictCellProperties>,
  sums: ReadonlyMap<string, DistrictBacklogSums>,
  include: (districtCode: string) => boolean,
): FeatureCollection<Polygon, DistrictBacklogProperties> {
  return {
    type: 'FeatureCollection',
    features: cells.features.flatMap((cell) => {
      const d = sums.get(cell.properties.code);
      if (!d || !include(d.districtCode)) return [];
      return [
        {
          type: 'Feature',
          id: cell.id,
          geometry: cell.geometry,
          properties: {
            id: d.districtCode,
            name: cell.properties.name,
            cls: backlogClass(d),
            onlineShare: d.onlineShare ?? -1,
            overdue: d.overdue,
          },
        },
      ];
    }),
  };
}
