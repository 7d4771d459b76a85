/**
 * Travel times to one target over the road graph. One Dijkstra runs outward from the target (roads
 * are two-way, so the time from a node to the target equals the time from the target to the node);
 * then each origin (a unit) is joined to the road and reads its time off the tree, so ranking every
 * unit costs one search.
 *
 * A point joins the road at the nearest few edges: an access leg at the slow urban speed to the
 * edge, then the part of the edge to either of its nodes at the edge's speed.
 */
import type { LonLat } from '../../../protocol/index.js';
import { metres } from './geometry.js';
import { nearestEdges, type Attachment, type GraphEdge, type RoadGraph } from './graph.js';
import { MinHeap } from './heap.js';
import { secondsFor, type SpeedModel } from './speeds.js';

export const TRAVEL_DEFAULTS = {
  /** Edges a point may join the road at: the nearest few, no more than attachSlackM further than the nearest. */
  attachK: 3,
  attachSlackM: 250,
  /** Closer than this, a unit may drive straight there on local streets. */
  directMaxM: 500,
};

/** One stretch of a route: a piece of one road segment, or an access leg (segmentId null). */
export interface RouteStep {
  segmentId: string | null;
  corridorId: string | null;
  /** The corridor's name; empty for an access leg. */
  name: string;
  lengthM: number;
  seconds: number;
  kmh: number;
  /** The speed comes from detector readings (not the free-flow default). */
  observed: boolean;
}

export interface RoutePlan {
  etaSeconds: number;
  distanceM: number;
  straightLineM: number;
  /** From the origin to the target, along the roads. */
  coordinates: LonLat[];
  /** The road segments driven, in order. */
  segmentIds: string[];
  steps: RouteStep[];
}

export interface TravelTree {
  readonly target: LonLat;
  /** Seconds from each node to the target (Infinity when unreachable). */
  readonly seconds: Float64Array;
  /** The edge each node takes towards the target; -1 where the node leaves the road for the target. */
  readonly next: Int32Array;
  /** For a node that leaves the road: which of the target's attachments it uses. */
  readonly exit: Int32Array;
  readonly attachments: readonly Attachment[];
  readonly graph: RoadGraph;
  readonly speeds: SpeedModel;
  readonly opts: typeof TRAVEL_DEFAULTS;
}

const edgeSeconds = (speeds: SpeedModel, e: GraphEdge, fraction = 1) =>
  secondsFor(e.lengthM * fraction, speeds.edge(e).kmh);
/** The fraction of an edge between an attachment and one of the edge's nodes. */
const partTo = (e: GraphEdge, at: Attachment, node: number) => (node === e.a ? at.t : 1 - at.t);
const endAt = (e: GraphEdge, node: number): LonLat => (node === e.a ? e.line[0] : e.line[1]);

export function travelTree(
  graph: RoadGraph,
  target: LonLat,
  speeds: SpeedModel,
  options: Partial<typeof TRAVEL_DEFAULTS> = {},
): TravelTree {
  const opts = { ...TRAVEL_DEFAULTS, ...options };
  const n = graph.nodes.length;
  const seconds = new Float64Array(n).fill(Infinity);
  const next = new Int32Array(n).fill(-1);
  const exit = new Int32Array(n).fill(-1);
  const settled = new Uint8Array(n);
  const heap = new MinHeap();
  const attachments = nearestEdges(graph, target, opts.attachK, opts.attachSlackM);

  attachments.forEach((at, j) => {
    const e = graph.edges[at.edge] as GraphEdge;
    for (const node of [e.a, e.b]) {
      const s = speeds.accessSeconds(at.offM) + edgeSeconds(speeds, e, partTo(e, at, node));
      if (s < (seconds[node] as number)) {
        seconds[node] = s;
        next[node] = -1;
        exit[node] = j;
        heap.push(node, s);
      }
    }
  });
  for (let top = heap.pop(); top; top = heap.pop()) {
    const u = top.item;
    if (settled[u]) continue;
    settled[u] = 1;
    for (const ei of graph.adjacency[u] as number[]) {
      const e = graph.edges[ei] as GraphEdge;
      const v = e.a === u ? e.b : e.a;
      const s = top.priority + edgeSeconds(speeds, e);
      if (s < (seconds[v] as number)) {
        seconds[v] = s;
        next[v] = ei;
        exit[v] = -1;
        heap.push(v, s);
      }
    }
  }
  return { target, seconds, next, exit, attachments, graph, speeds, opts };
}

function step(tree: TravelTree, e: GraphEdge, fraction: number): RouteStep {
  const { kmh, observed } = tree.speeds.edge(e);
  const lengthM = e.lengthM * fraction;
  return {
    segmentId: e.segmentId,
    corridorId: e.corridorId,
    name: e.name,
    lengthM,
    seconds: secondsFor(lengthM, kmh),
    kmh,
    observed,
  };
}

function accessStep(tree: TravelTree, lengthM: number): RouteStep {
  const seconds = tree.speeds.accessSeconds(lengthM);
  const kmh = seconds > 0 ? (lengthM / seconds) * 3.6 : 0;
  return { segmentId: null, corridorId: null, name: '', lengthM, seconds, kmh, observed: false };
}

/** Steps of one segment in a row become one; legs under a metre are dropped. */
function compact(steps: RouteStep[]): RouteStep[] {
  const out: RouteStep[] = [];
  for (const s of steps) {
    if (s.lengthM < 1) continue;
    const last = out[out.length - 1];
    if (last && last.segmentId !== null && last.segmentId === s.segmentId) {
      last.lengthM += s.lengthM;
      last.seconds += s.seconds;
    } else out.push({ ...s });
  }
  return out;
}

function plan(tree: TravelTree, origin: LonLat, steps: RouteStep[], coordinates: LonLat[]): RoutePlan {
  const kept = compact(steps);
  const line = coordinates.filter(
    (p, i) => i === 0 || p[0] !== coordinates[i - 1]![0] || p[1] !== coordinates[i - 1]![1],
  );
  const segmentIds: string[] = [];
  for (const s of kept)
    if (s.segmentId && segmentIds[segmentIds.length - 1] !== s.segmentId) segmentIds.push(s.segmentId);
  return {
    etaSeconds: Math.round(kept.reduce((t, s) => t + s.seconds, 0)),
    distanceM: Math.round(kept.reduce((t, s) => t + s.lengthM, 0)),
    straightLineM: Math.round(metres(origin, tree.target)),
    coordinates: line,
    segmentIds,
    steps: kept,
  };
}

/** The fastest way from `origin` to the tree's target, or null when the road network cannot reach it. */
export function routeFrom(tree: TravelTree, origin: LonLat): RoutePlan | null {
  const { graph, speeds, target } = tree;
  const straightM = metres(origin, target);
  let best: { seconds: number; build: () => RoutePlan } | undefined;
  const consider = (seconds: number, build: () => RoutePlan) => {
    if (Number.isFinite(seconds) && (!best || seconds < best.seconds)) best = { seconds, build };
  };

  if (straightM <= tree.opts.directMaxM)
    consider(speeds.accessSeconds(straightM), () =>
      plan(tree, origin, [accessStep(tree, straightM)], [origin, target]),
    );

  for (const from of nearestEdges(graph, origin, tree.opts.attachK, tree.opts.attachSlackM)) {
    const e = graph.edges[from.edge] as GraphEdge;
    const access = speeds.accessSeconds(from.offM);
    // Origin and target on the same edge: drive along it.
    tree.attachments.forEach((to) => {
      if (to.edge !== from.edge) return;
      const fraction = Math.abs(to.t - from.t);
      consider(access + edgeSeconds(speeds, e, fraction) + speeds.accessSeconds(to.offM), () =>
        plan(
          tree,
          origin,
          [accessStep(tree, from.offM), step(tree, e, fraction), accessStep(tree, to.offM)],
          [origin, from.point, to.point, target],
        ),
      );
    });
    for (const node of [e.a, e.b]) {
      const fraction = partTo(e, from, node);
      consider(access + edgeSeconds(speeds, e, fraction) + (tree.seconds[node] as number), () => {
        const steps = [accessStep(tree, from.offM), step(tree, e, fraction)];
        const coordinates: LonLat[] = [origin, from.point, endAt(e, node)];
        let at = node;
        for (let guard = 0; tree.next[at] !== -1 && guard <= graph.edges.length; guard++) {
          const edge = graph.edges[tree.next[at] as number] as GraphEdge;
          steps.push(step(tree, edge, 1));
          const other = edge.a === at ? edge.b : edge.a;
          coordinates.push(endAt(edge, at), endAt(edge, other));
          at = other;
        }
        const to = tree.attachments[tree.exit[at] as number] as Attachment;
        const last = graph.edges[to.edge] as GraphEdge;
        steps.push(step(tree, last, partTo(last, to, at)), accessStep(tree, to.offM));
        coordinates.push(endAt(last, at), to.point, target);
        return plan(tree, origin, steps, coordinates);
      });
    }
  }
  return best ? best.build() : null;
}

export interface Ranked<T> {
  origin: T;
  plan: RoutePlan;
  /** 1 = fastest. */
  rank: number;
  /** The rank the origin would have by straight-line distance alone (1 = nearest). */
  straightLineRank: number;
}

/** Origins ranked by travel time to the tree's target (ties: the nearer first); unreachable ones left out. */
export function rankByTravelTime<T extends { position: LonLat }>(tree: TravelTree, origins: readonly T[]): Ranked<T>[] {
  const planned = origins.flatMap((origin) => {
    const p = routeFrom(tree, origin.position);
    return p ? [{ origin, plan: p }] : [];
  });
  const byLine = [...planned].sort((a, b) => a.plan.straightLineM - b.plan.straightLineM);
  return planned
    .sort((a, b) => a.plan.etaSeconds - b.plan.etaSeconds || a.plan.straightLineM - b.plan.straightLineM)
    .map((r, i) => ({ ...r, rank: i + 1, straightLineRank: byLine.indexOf(r) + 1 }));
}
