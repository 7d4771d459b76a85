import type { FeatureCollection, Point, Polygon } from 'geojson';
import type { LonLat } from '../../../../protocol/index.js';

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** Even-odd ray casting: whether a point lies inside polygon rings (outer ring first, holes after). */
function inPolygon([x, y]: LonLat, rings: readonly (readonly number[])[][]): boolean {
  const inRing = (ring: readonly (readonly number[])[]): boolean => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]!;
      const b = ring[j]!;
      if (a[1]! > y !== b[1]! > y && x < ((b[0]! - a[0]!) * (y - a[1]!)) / (b[1]! - a[1]!) + a[0]!) inside = !inside;
    }
    return inside;
  };
  return rings.length > 0 && inRing(rings[0]!) && !rings.slice(1).some(inRing);
}

/**
 * The schematic point of each commune, the same the server draws commune WAN nodes at
 * (server/src/geo/anchors.ts, checked by tests/unit/client-commune-anchors.test.ts): a district's
 * communes, in code order, on a sunflower spiral around the district's label point, each pulled
 * towards the label until it falls inside the district's schematic cell. Real commune boundaries
 * are not part of the gazetteer.
 */
export function computeCommuneAnchors(
  communes: Iterable<{ code: string; districtCode: string }>,
  cells: FeatureCollection<Polygon, { code: string }>,
  labels: FeatureCollection<Point, { code: string }>,
): Map<string, LonLat> {
  const anchors = new Map<string, LonLat>();
  const byDistrict = new Map<string, string[]>();
  for (const c of communes) byDistrict.set(c.districtCode, [...(byDistrict.get(c.districtCode) ?? []), c.code]);
  const rings = new Map(cells.features.map((f) => [f.properties.code, f.geometry.coordinates]));
  const labelAt = new Map(labels.features.map((f) => [f.properties.code, f.geometry.coordinates as LonLat]));
  for (const [code, members] of byDistrict) {
    const label = labelAt.get(code);
    const cell = rings.get(code);
    if (!label || !cell || cell.length === 0) continue;
    const xs = cell[0]!.map((p) => p[0]!);
    const ys = cell[0]!.map((p) => p[1]!);
    const radius = 0.45 * Math.min(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    members.sort().forEach((commune, i) => {
      const r = radius * Math.sqrt((i + 0.5) / members.length);
      const a = i * GOLDEN_ANGLE;
      let point: LonLat = label;
      for (let pull = 1; pull > 0.05; pull *= 0.8) {
        const candidate: LonLat = [label[0] + r * pull * Math.cos(a), label[1] + r * pull * Math.sin(a)];
        if (inPolygon(candidate, cell)) {
          point = candidate;
          break;
        }
      }
      anchors.set(commune, [Number(point[0].toFixed(5)), Number(point[1].toFixed(5))]);
    });
  }
  return anchors;
}
