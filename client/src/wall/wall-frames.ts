import type { FeatureCollection, Polygon } from 'geojson';
import type { WallPanel } from './wall-cycle.js';

export type Bounds = [[west: number, south: number], [east: number, north: number]];

/** The urban core, where the roads with detectors and most incidents are. */
export const URBAN: Bounds = [
  [105.74, 20.95],
  [105.92, 21.09],
];
/** All 30 districts. */
export const CITY: Bounds = [
  [105.3, 20.56],
  [106.02, 21.38],
];

/** The smallest box around the urban core and these points. */
export function around(points: Iterable<readonly [number, number]>): Bounds {
  let [[w, s], [e, n]] = URBAN;
  for (const [lon, lat] of points) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [
    [w, s],
    [e, n],
  ];
}

function* cellPoints(cells: FeatureCollection<Polygon, { code: string }>, codes: ReadonlySet<string>) {
  for (const f of cells.features) {
    if (!codes.has(f.properties.code)) continue;
    for (const ring of f.geometry.coordinates) for (const p of ring) if (p.length >= 2) yield [p[0]!, p[1]!] as const;
  }
}

/**
 * What the map frames for a panel: the urban core, widened to every open incident (incidents,
 * traffic) or to the cells of the crime table's districts (crime); the whole city for the dossiers
 * (every district has some).
 */
export function panelBounds(
  panel: WallPanel,
  data: {
    cells: FeatureCollection<Polygon, { code: string }> | null;
    crimeDistricts: readonly string[];
    incidentPositions: ReadonlyArray<readonly [number, number]>;
  },
): Bounds {
  if (panel === 'backlog') return CITY;
  if (panel === 'crime') return data.cells ? around(cellPoints(data.cells, new Set(data.crimeDistricts))) : URBAN;
  return around(data.incidentPositions);
}
