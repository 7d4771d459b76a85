/**
 * The road graph for travel times, built once from the gazetteer's segments (pure: a test builds one
 * from five hand-made segments). Nodes are the segments' endpoints and the places where roads meet:
 *
 * - two corridors crossing between vertices meet there (the schematic network has no vertex at most
 *   intersections), so both segments are cut at the crossing;
 * - a corridor that ends within `snapM` (500 m) of another road (a T-junction drawn a little short) is joined
 *   to the nearest point of that road by a short link;
 * - points within `mergeM` of each other become one node.
 *
 * Every road is two-way. Edges keep the id of the segment they are a piece of, so the segment's
 * current speed applies to each piece.
 */
import type { CorridorKind, LonLat } from '../../../protocol/index.js';
import { along, crossing, metres, projectOnto } from './geometry.js';

export interface SegmentInput {
  readonly id: string;
  readonly corridorId: string;
  /** The corridor's name, for explanations. */
  readonly name: string;
  readonly kind: CorridorKind;
  readonly from: LonLat;
  readonly to: LonLat;
}

export interface GraphEdge {
  readonly a: number;
  readonly b: number;
  /** The road segment this edge is a piece of; null for a junction link. */
  readonly segmentId: string | null;
  readonly corridorId: string | null;
  readonly name: string;
  readonly kind: CorridorKind | 'link';
  readonly lengthM: number;
  /** The edge's end points: at node a, at node b. */
  readonly line: readonly [LonLat, LonLat];
}

export interface RoadGraph {
  readonly nodes: readonly LonLat[];
  readonly edges: readonly GraphEdge[];
  /** Edge indices at each node. */
  readonly adjacency: readonly (readonly number[])[];
}

export const GRAPH_DEFAULTS = {
  /** Points this close are one node (an intersection drawn twice). */
  mergeM: 50,
  /** A corridor ending this close to another road is joined to it (the schematic is off by up to ~500 m). */
  snapM: 500,
};

interface Cut {
  t: number;
  point: LonLat;
}

/** Corridor ends: endpoints that only one segment of their corridor touches. */
function corridorEnds(segments: readonly SegmentInput[]): Array<{ corridorId: string; point: LonLat }> {
  const seen = new Map<string, { corridorId: string; point: LonLat; count: number }>();
  for (const s of segments)
    for (const p of [s.from, s.to]) {
      const key = `${s.corridorId}|${p[0]},${p[1]}`;
      const known = seen.get(key);
      if (known) known.count++;
      else seen.set(key, { corridorId: s.corridorId, point: p, count: 1 });
    }
  return [...seen.values()].filter((e) => e.count === 1);
}

export function buildRoadGraph(
  segments: readonly SegmentInput[],
  opts: Partial<typeof GRAPH_DEFAULTS> = {},
): RoadGraph {
  const { mergeM, snapM } = { ...GRAPH_DEFAULTS, ...opts };
  const cuts: Cut[][] = segments.map((s) => [
    { t: 0, point: s.from },
    { t: 1, point: s.to },
  ]);
  const links: Array<readonly [LonLat, LonLat]> = [];

  for (let i = 0; i < segments.length; i++) {
    const si = segments[i] as SegmentInput;
    for (let j = i + 1; j < segments.length; j++) {
      const sj = segments[j] as SegmentInput;
      if (si.corridorId === sj.corridorId) continue;
      const c = crossing(si.from, si.to, sj.from, sj.to);
      if (!c) continue;
      const point = along(si.from, si.to, c.t);
      (cuts[i] as Cut[]).push({ t: c.t, point });
      (cuts[j] as Cut[]).push({ t: c.u, point });
    }
  }

  for (const end of corridorEnds(segments)) {
    let best: { index: number; t: number; offM: number } | undefined;
    segments.forEach((s, index) => {
      if (s.corridorId === end.corridorId) return;
      const p = projectOnto(end.point, s.from, s.to);
      if (p.offM <= snapM && (!best || p.offM < best.offM)) best = { index, ...p };
    });
    if (!best) continue;
    const s = segments[best.index] as SegmentInput;
    const point = along(s.from, s.to, best.t);
    (cuts[best.index] as Cut[]).push({ t: best.t, point });
    if (best.offM > mergeM) links.push([end.point, point]);
  }

  // Nodes: every distinct cut point, then points within mergeM joined (union-find).
  const points: LonLat[] = [];
  const indexOf = new Map<string, number>();
  const pointIndex = (p: LonLat): number => {
    const key = `${p[0]},${p[1]}`;
    let i = indexOf.get(key);
    if (i === undefined) {
      i = points.push(p) - 1;
      indexOf.set(key, i);
    }
    return i;
  };
  for (const list of cuts) for (const c of list) pointIndex(c.point);
  const parent = points.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++)
      if (metres(points[i] as LonLat, points[j] as LonLat) <= mergeM) {
        const [ri, rj] = [root(i), root(j)];
        if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
      }
  const nodeOfRoot = new Map<number, number>();
  const nodes: LonLat[] = [];
  const nodeOf = (p: LonLat): number => {
    const r = root(pointIndex(p));
    let n = nodeOfRoot.get(r);
    if (n === undefined) {
      n = nodes.push(points[r] as LonLat) - 1;
      nodeOfRoot.set(r, n);
    }
    return n;
  };

  const edges: GraphEdge[] = [];
  segments.forEach((s, i) => {
    const sorted = (cuts[i] as Cut[]).sort((x, y) => x.t - y.t);
    for (let k = 0; k + 1 < sorted.length; k++) {
      const [from, to] = [sorted[k] as Cut, sorted[k + 1] as Cut];
      const [a, b] = [nodeOf(from.point), nodeOf(to.point)];
      if (a === b) continue;
      edges.push({
        a,
        b,
        segmentId: s.id,
        corridorId: s.corridorId,
        name: s.name,
        kind: s.kind,
        lengthM: metres(from.point, to.point),
        line: [from.point, to.point],
      });
    }
  });
  for (const [p, q] of links) {
    const [a, b] = [nodeOf(p), nodeOf(q)];
    if (a !== b)
      edges.push({
        a,
        b,
        segmentId: null,
        corridorId: null,
        name: '',
        kind: 'link',
        lengthM: metres(p, q),
        line: [p, q],
      });
  }

  const adjacency: number[][] = nodes.map(() => []);
  edges.forEach((e, i) => {
    (adjacency[e.a] as number[]).push(i);
    (adjacency[e.b] as number[]).push(i);
  });
  return { nodes, edges, adjacency };
}

/** Where a point meets the road: the edge, the fraction along it from node a, and how far off it is. */
export interface Attachment {
  edge: number;
  t: number;
  offM: number;
  point: LonLat;
}

/**
 * The `k` edges nearest a point, nearest first, among those at most `slackM` further off than the
 * nearest (a unit on one road does not cut across a kilometre of blocks to reach another). Junction
 * links are not roads to stop on.
 */
export function nearestEdges(graph: RoadGraph, p: LonLat, k: number, slackM = Infinity): Attachment[] {
  const found: Attachment[] = [];
  graph.edges.forEach((e, edge) => {
    if (e.kind === 'link') return;
    const { t, offM } = projectOnto(p, e.line[0], e.line[1]);
    found.push({ edge, t, offM, point: along(e.line[0], e.line[1], t) });
  });
  found.sort((x, y) => x.offM - y.offM);
  const within = (found[0]?.offM ?? 0) + slackM;
  return found.slice(0, k).filter((a) => a.offM <= within);
}

/** For each node, its connected component: the smallest node index in it. */
export function components(graph: RoadGraph): number[] {
  const comp = graph.nodes.map(() => -1);
  for (let start = 0; start < graph.nodes.length; start++) {
    if (comp[start] !== -1) continue;
    const stack = [start];
    comp[start] = start;
    while (stack.length > 0) {
      const n = stack.pop() as number;
      for (const ei of graph.adjacency[n] as number[]) {
        const e = graph.edges[ei] as GraphEdge;
        const other = e.a === n ? e.b : e.a;
        if (comp[other] === -1) {
          comp[other] = start;
          stack.push(other);
        }
      }
    }
  }
  return comp;
}
