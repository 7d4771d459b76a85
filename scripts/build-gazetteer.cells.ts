// Build-time geometry for scripts/build-gazetteer.ts: the schematic district cells.
//
// Outline: each district's bbox with its corners cut (an octagon: districts seldom fill their bbox
// corners), unioned, holes filled. Cell: the label point's Voronoi cell (d3-delaunay) ∩ outline ∩ its
// own bbox grown by BBOX_MARGIN, so a small district's cell does not reach across the river; each piece
// of outline that this leaves uncovered goes to the cell sharing the longest border with it. Coordinates
// are rounded to 5 decimals (about 1 m) after shared vertices are made common, so cells neither overlap
// nor leave slivers.
import { Delaunay } from 'd3-delaunay';
import polygonClipping, { type MultiPolygon, type Pair, type Polygon } from 'polygon-clipping';

export type { Pair };
export type Bbox = [west: number, south: number, east: number, north: number];
export interface CellSite {
  code: string;
  label: Pair;
  bbox: Bbox;
}
export interface Cell {
  code: string;
  polygon: Pair[][];
}

/** Share of a bbox's width/height cut off each corner to make the district's footprint an octagon. */
const CORNER_CUT = 0.3;
/** How far beyond its own bbox (share of width/height) a district's Voronoi cell may reach. */
const BBOX_MARGIN = 0.2;
const PRECISION = 1e5;

export const round = (x: number): number => Math.round(x * PRECISION) / PRECISION;
export const roundPair = ([lon, lat]: Pair): Pair => [round(lon), round(lat)];

const octagon = ([w, s, e, n]: Bbox): Polygon => {
  const [dx, dy] = [(e - w) * CORNER_CUT, (n - s) * CORNER_CUT];
  return [
    [
      [w + dx, s],
      [e - dx, s],
      [e, s + dy],
      [e, n - dy],
      [e - dx, n],
      [w + dx, n],
      [w, n - dy],
      [w, s + dy],
      [w + dx, s],
    ],
  ];
};
const grown = ([w, s, e, n]: Bbox): Polygon => {
  const [dx, dy] = [(e - w) * BBOX_MARGIN, (n - s) * BBOX_MARGIN];
  return [
    [
      [w - dx, s - dy],
      [e + dx, s - dy],
      [e + dx, n + dy],
      [w - dx, n + dy],
      [w - dx, s - dy],
    ],
  ];
};
const closeAndDedupe = (ring: Pair[]): Pair[] => {
  const out = ring
    .map(roundPair)
    .filter((p, i, all) => i === 0 || p[0] !== all[i - 1]?.[0] || p[1] !== all[i - 1]?.[1]);
  const [first, last] = [out[0], out[out.length - 1]];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push(first);
  return out;
};
const insideRing = ([x, y]: Pair, ring: Pair[]): boolean => {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Pair;
    const [xj, yj] = ring[j] as Pair;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
export const insidePolygon = (p: Pair, poly: Polygon): boolean =>
  insideRing(p, poly[0] ?? []) && !poly.slice(1).some((h) => insideRing(p, h));
const edges = (mp: MultiPolygon): [Pair, Pair][] =>
  mp.flat().flatMap((ring) => ring.slice(1).map((b, i) => [ring[i] as Pair, b] as [Pair, Pair]));
const ringArea = (ring: Pair[]): number =>
  Math.abs(edges([[ring]]).reduce((s, [[x, y], [nx, ny]]) => s + x * ny - nx * y, 0)) / 2;
const areaDeg2 = (mp: MultiPolygon): number =>
  mp.reduce((s, [outer, ...holes]) => s + ringArea(outer ?? []) - holes.reduce((h, r) => h + ringArea(r), 0), 0);
const onSegment = ([px, py]: Pair, [[ax, ay], [bx, by]]: [Pair, Pair]): boolean => {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy) < 1e-7;
};
/** Length of the border a gap piece shares with a cell. */
const sharedBorder = (piece: Polygon, cell: MultiPolygon): number => {
  const cellEdges = edges(cell);
  return edges([piece])
    .filter(([a, b]) => cellEdges.some((e) => onSegment([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], e)))
    .reduce((sum, [a, b]) => sum + Math.hypot(a[0] - b[0], a[1] - b[1]), 0);
};

/**
 * One cell per site, in site order. Every failed invariant (one part per cell, label inside, full
 * coverage of the outline, no overlap) is reported through `check`.
 */
export function schematicCells(sites: CellSite[], bounds: Bbox, check: (ok: boolean, message: string) => void): Cell[] {
  for (const d of sites)
    check(insidePolygon(d.label, octagon(d.bbox)), `${d.code}: label point outside its octagon footprint`);
  const outline: MultiPolygon = polygonClipping
    .union(octagon(sites[0]?.bbox ?? bounds), ...sites.slice(1).map((d) => octagon(d.bbox)))
    .map((poly) => [poly[0] ?? []]);
  const voronoi = Delaunay.from(sites.map((d) => d.label)).voronoi(bounds);
  const cores: MultiPolygon[] = sites.map((d, i) => {
    const raw = voronoi.cellPolygon(i) as Pair[] | null;
    return raw ? polygonClipping.intersection([closeAndDedupe(raw)], outline, grown(d.bbox)) : [];
  });
  const parts: MultiPolygon[] = cores.map((core) => [...core]);
  const gaps = polygonClipping.difference(outline, ...cores);
  for (const piece of gaps) {
    const borders = cores.map((core) => sharedBorder(piece, core));
    const best = borders.indexOf(Math.max(...borders));
    check((borders[best] ?? 0) > 0, 'a gap in the outline touches no cell');
    parts[best]?.push(piece);
  }
  const merged = sites.map((_, i) => {
    const [first, ...rest] = parts[i] ?? [];
    return first ? polygonClipping.union(first, ...rest) : [];
  });
  // Where one cell has a vertex on a neighbour's edge, give the neighbour that vertex too, so rounding
  // moves both alike and leaves neither a sliver of overlap nor a gap.
  const allVertices = merged.flatMap((mp) => mp.flat(2));
  const withJunctions = (ring: Pair[]): Pair[] =>
    ring.flatMap((a, i) => {
      const b = ring[i + 1];
      if (!b) return [a];
      const len2 = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2;
      const t = (p: Pair): number => ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / len2;
      const between = allVertices.filter((p) => onSegment(p, [a, b]) && t(p) > 1e-9 && t(p) < 1 - 1e-9);
      return [a, ...between.sort((p, q) => t(p) - t(q))];
    });
  const cells = sites.map((d, i) => {
    const mp = merged[i] ?? [];
    check(mp.length === 1, `${d.code}: schematic cell has ${mp.length} parts, expected 1`);
    const polygon = (mp[0] ?? []).map((ring) => closeAndDedupe(withJunctions(ring)));
    check(insidePolygon(d.label, polygon), `${d.code}: label point outside its own cell`);
    return { code: d.code, polygon };
  });
  const covered = areaDeg2(polygonClipping.union(cells[0]?.polygon ?? [], ...cells.slice(1).map((c) => c.polygon)));
  check(Math.abs(covered - areaDeg2(outline)) < 1e-6, 'the cells do not cover the outline');
  cells.forEach((a, i) =>
    cells.slice(i + 1).forEach((b) => {
      const overlap = areaDeg2(polygonClipping.intersection(a.polygon, b.polygon));
      check(overlap < 1e-9, `cells ${a.code} and ${b.code} overlap (${overlap.toExponential(2)} deg²)`);
    }),
  );
  return cells;
}
