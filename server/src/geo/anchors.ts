import type { LonLat } from '../../../protocol/index.js';
import { communes, district, districtCells, inPolygon } from './gazetteer.js';

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * A schematic point for each of the 584 communes, inside its district's schematic cell: the
 * district's communes, in code order, on a sunflower spiral around the district's label point,
 * each pulled towards the label until it falls inside the cell. Real commune boundaries are not
 * part of the gazetteer; this only keeps a district's nodes apart on the map.
 */
function computeAnchors(): Map<string, LonLat> {
  const anchors = new Map<string, LonLat>();
  const byDistrict = new Map<string, string[]>();
  for (const c of communes()) byDistrict.set(c.districtCode, [...(byDistrict.get(c.districtCode) ?? []), c.code]);
  const cells = new Map(districtCells().map((c) => [c.code, c.rings]));
  for (const [code, members] of byDistrict) {
    const d = district(code);
    const rings = cells.get(code);
    if (!d || !rings) continue;
    const xs = rings[0]!.map((p) => p[0]);
    const ys = rings[0]!.map((p) => p[1]);
    const radius = 0.45 * Math.min(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    members.sort().forEach((commune, i) => {
      const r = radius * Math.sqrt((i + 0.5) / members.length);
      const a = i * GOLDEN_ANGLE;
      let pull = 1;
      let point: LonLat = d.label;
      for (; pull > 0.05; pull *= 0.8) {
        const candidate: LonLat = [d.label[0] + r * pull * Math.cos(a), d.label[1] + r * pull * Math.sin(a)];
        if (inPolygon(candidate, rings)) {
          point = candidate;
          break;
        }
      }
      anchors.set(commune, [Number(point[0].toFixed(5)), Number(point[1].toFixed(5))]);
    });
  }
  return anchors;
}

let anchors: Map<string, LonLat> | undefined;

/** The schematic point of a commune (GSO code), or undefined for a code that is not a Hanoi commune. */
export function communeAnchor(code: string): LonLat | undefined {
  anchors ??= computeAnchors();
  return anchors.get(code);
}

/** The commune whose anchor is nearest to a point inside the point's district (schematic). */
export function nearestCommune(point: LonLat, districtCode: string): string | undefined {
  let best: { code: string; d: number } | undefined;
  for (const c of communes()) {
    if (c.districtCode !== districtCode) continue;
    const a = communeAnchor(c.code);
    if (!a) continue;
    const d = (a[0] - point[0]) ** 2 + (a[1] - point[1]) ** 2;
    if (!best || d < best.d) best = { code: c.code, d };
  }
  return best?.code;
}
