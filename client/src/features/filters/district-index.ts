import type { FeatureCollection, Polygon } from 'geojson';
import type { LonLat } from '../../../../protocol/index.js';

/** Past this many remembered positions the memo starts over (units move; detectors do not). */
const MEMO_LIMIT = 20_000;

/** Even-odd ray casting over one ring. */
function inRing(x: number, y: number, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Which district's schematic cell holds a point: the client twin of the server's `districtAt`
 * (server/src/geo/gazetteer.ts), over the cells of GET /api/v1/geo/districts. Null outside them.
 * Answers are remembered per position, since the filters ask again on every redraw.
 */
export function createDistrictIndex(
  cells: FeatureCollection<Polygon, { code: string }>,
): (position: LonLat) => string | null {
  const index = cells.features.map((f) => {
    const outer = f.geometry.coordinates[0] ?? [];
    const xs = outer.map((p) => p[0]!);
    const ys = outer.map((p) => p[1]!);
    return {
      code: f.properties.code,
      box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const,
      rings: f.geometry.coordinates,
    };
  });
  const memo = new Map<string, string | null>();
  return ([x, y]) => {
    const key = `${x},${y}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let found: string | null = null;
    for (const { code, box, rings } of index) {
      if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) continue;
      if (inRing(x, y, rings[0] ?? []) && !rings.slice(1).some((hole) => inRing(x, y, hole))) {
        found = code;
        break;
      }
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, found);
    return found;
  };
}
