import type { FeatureCollection, Polygon } from 'geojson';
import type { LonLat } from '../../../../protocol/index.js';

type Ring = readonly (readonly number[])[];

/** Even-odd ray casting on one ring. */
function inRing([x, y]: LonLat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a[1]! > y !== b[1]! > y && x < ((b[0]! - a[0]!) * (y - a[1]!)) / (b[1]! - a[1]!) + a[0]!) inside = !inside;
  }
  return inside;
}

/**
 * The district (its code) whose schematic cell holds a point, or null outside every cell. The cells
 * are the console's base map (GET /api/v1/geo/districts), not legal boundaries: near a border the
 * answer is the district drawn there.
 */
export function districtAt(point: LonLat, cells: FeatureCollection<Polygon, { code: string }>): string | null {
  for (const f of cells.features) {
    const [outer, ...holes] = f.geometry.coordinates;
    if (outer && inRing(point, outer) && !holes.some((h) => inRing(point, h))) return f.properties.code;
  }
  return null;
}
