import { describe, expect, it } from 'vitest';
import type { LonLat } from '../../protocol/index.js';
import { distanceM, segment, segments as gazetteerSegments } from '../../server/src/geo/gazetteer.js';
import { explainRoute, shortRoadName } from '../../server/src/routing/explain.js';
import { buildRoadGraph, components, type SegmentInput } from '../../server/src/routing/graph.js';
import { MinHeap } from '../../server/src/routing/heap.js';
import { FREE_FLOW_KMH, speedModel, speedsFromReadings } from '../../server/src/routing/speeds.js';
import { rankByTravelTime, routeFrom, travelTree } from '../../server/src/routing/travel.js';

/*
 * A small known network, about 2 km a side:
 *
 *   D ===== ring:1 ===== E          ring: an outer ring road (70 km/h free flow), A-D-E-B, 6.5 km
 *   ||                   ||
 * ring:0               ring:2
 *   ||                   ||
 *   A ----- short:0 ---- B ---- east:0 ---- C     short, east: streets (35 km/h); A-B is 2.1 km
 *                                           |
 *   F ============ south:0 ================ G     south: an artery (50 km/h); G-C a bridge
 *
 * The incident is at A. F lies 1.1 km south of A but has no road to it except round by G, C and B.
 */
const A: LonLat = [105.8, 21.0];
const B: LonLat = [105.82, 21.0];
const C: LonLat = [105.86, 21.0];
const D: LonLat = [105.8, 21.02];
const E: LonLat = [105.82, 21.02];
const F: LonLat = [105.8, 20.99];
const G: LonLat = [105.86, 20.99];
const seg = (id: string, kind: SegmentInput['kind'], name: string, from: LonLat, to: LonLat): SegmentInput => ({
  id,
  corridorId: id.split(':')[0]!,
  name,
  kind,
  from,
  to,
});
const FIVE_NODES: SegmentInput[] = [
  seg('short:0', 'street', 'Phố Ngắn', A, B),
  seg('ring:0', 'ring', 'Vành đai Ngoài (A – D – E – B)', A, D),
  seg('ring:1', 'ring', 'Vành đai Ngoài (A – D – E – B)', D, E),
  seg('ring:2', 'ring', 'Vành đai Ngoài (A – D – E – B)', E, B),
];
const SEVEN_NODES: SegmentInput[] = [
  ...FIVE_NODES,
  seg('east:0', 'street', 'Phố Đông', B, C),
  seg('south:0', 'artery', 'Đường Nam', F, G),
  seg('bridge:0', 'bridge', 'Cầu Thử', G, C),
];
const free = speedModel(new Map());
const jammed = (segmentId: string, kmh: number) => speedModel(new Map([[segmentId, kmh]]));
const near = (p: LonLat, dLon: number, dLat = 0): LonLat => [p[0] + dLon, p[1] + dLat];

describe('road graph', () => {
  it('joins corridors at shared endpoints: five nodes, four two-way edges', () => {
    const graph = buildRoadGraph(FIVE_NODES);
    expect(graph.nodes).toHaveLength(4);
    expect(graph.edges.map((e) => e.segmentId)).toEqual(['short:0', 'ring:0', 'ring:1', 'ring:2']);
    expect(new Set(components(graph)).size).toBe(1);
    // A's node has the street and the ring road.
    expect(graph.adjacency[graph.nodes.findIndex((n) => n[0] === A[0] && n[1] === A[1])]).toHaveLength(2);
  });

  it('merges endpoints within 50 m and cuts corridors where they cross between vertices', () => {
    const graph = buildRoadGraph([
      seg('x:0', 'street', 'X', [105.8, 21.0], [105.82, 21.0]),
      seg('y:0', 'street', 'Y', [105.81, 20.99], [105.81, 21.01]), // crosses x:0 in its middle
      seg('z:0', 'street', 'Z', [105.8203, 21.0], [105.84, 21.0]), // starts 31 m from x:0's end
    ]);
    expect(new Set(components(graph)).size).toBe(1);
    // x and y are cut in two at the crossing; z joins x's end.
    expect(graph.edges.filter((e) => e.segmentId === 'x:0')).toHaveLength(2);
    expect(graph.edges.filter((e) => e.segmentId === 'y:0')).toHaveLength(2);
    expect(graph.nodes).toHaveLength(6);
  });

  it('links a road that ends short of another (a T-junction drawn 300 m off)', () => {
    const graph = buildRoadGraph([
      seg('x:0', 'street', 'X', [105.8, 21.0], [105.82, 21.0]),
      seg('t:0', 'street', 'T', [105.81, 21.0027], [105.81, 21.02]),
    ]);
    expect(new Set(components(graph)).size).toBe(1);
    const link = graph.edges.find((e) => e.kind === 'link');
    expect(link?.lengthM).toBeGreaterThan(250);
    expect(link?.lengthM).toBeLessThan(350);
  });

  it('connects every road of the Hanoi gazetteer into one network', () => {
    const graph = buildRoadGraph(gazetteerSegments());
    expect(new Set(components(graph)).size).toBe(1);
    const covered = new Set(graph.edges.map((e) => e.segmentId));
    for (const s of gazetteerSegments()) expect(covered.has(s.id), s.id).toBe(true);
  });
});

describe('travel times', () => {
  const graph = buildRoadGraph(FIVE_NODES);
  const fromB = near(B, 0.0005); // 52 m east of B

  it('takes the short street while it flows', () => {
    const plan = routeFrom(travelTree(graph, A, free), fromB)!;
    expect(plan.segmentIds).toEqual(['short:0']);
    const streetS = distanceM(A, B) / (FREE_FLOW_KMH.street / 3.6);
    expect(plan.etaSeconds).toBeGreaterThan(streetS);
    expect(plan.etaSeconds).toBeLessThan(streetS + 15); // plus 52 m at the access speed
    expect(plan.coordinates[0]).toEqual(fromB);
    expect(plan.coordinates.at(-1)).toEqual(A);
  });

  it('goes round by the ring road when the street is jammed, though it is three times as long', () => {
    const plan = routeFrom(travelTree(graph, A, jammed('short:0', 6)), fromB)!;
    expect(plan.segmentIds).toEqual(['ring:2', 'ring:1', 'ring:0']);
    expect(plan.distanceM).toBeGreaterThan(3 * distanceM(A, B));
    const ringS = plan.steps.filter((s) => s.segmentId).reduce((t, s) => t + s.lengthM, 0) / (70 / 3.6);
    expect(plan.etaSeconds).toBeCloseTo(ringS + 52 / (20 / 3.6), -1);
    // It passes D and E.
    for (const corner of [D, E]) expect(plan.coordinates).toContainEqual(corner);
  });

  it('keeps a jam slow but finite: a stopped road is taken at the floor speed', () => {
    const onlyRoad = buildRoadGraph([FIVE_NODES[0]!]);
    const plan = routeFrom(travelTree(onlyRoad, A, jammed('short:0', 0)), fromB)!;
    expect(plan.segmentIds).toEqual(['short:0']);
    expect(plan.etaSeconds).toBeCloseTo(distanceM(A, B) / (5 / 3.6) + 52 / (20 / 3.6), -1);
  });

  it('drives along the one road when unit and incident are on it', () => {
    const plan = routeFrom(travelTree(graph, near(A, 0.005), free), near(A, 0.015))!;
    expect(plan.segmentIds).toEqual(['short:0']);
    expect(plan.distanceM).toBeCloseTo(distanceM(near(A, 0.005), near(A, 0.015)), -1);
  });

  it('names the roads, the jam on the way and the straight-line distance', () => {
    const midStreet = near(A, 0.01); // on the jammed street itself, 1 km from A
    const plan = routeFrom(travelTree(graph, A, jammed('short:0', 8)), midStreet)!;
    const why = explainRoute(plan, { label: () => ({ vi: 'Phố Ngắn đoạn qua Ba Đình', en: 'Pho Ngan, Ba Dinh' }) });
    expect(why.via).toEqual(['Phố Ngắn']);
    expect(why.congestion).toMatchObject({ segmentId: 'short:0', kmh: 8 });
    expect(why.vi).toContain('ùn tắc 8 km/h trên Phố Ngắn đoạn qua Ba Đình');
    expect(why.vi).toContain('đường chim bay 1,0 km');
    expect(why.en).toContain('congestion 8 km/h on Pho Ngan, Ba Dinh');
    expect(shortRoadName('Vành đai 2 (Minh Khai – Đại La – Trường Chinh)')).toBe('Vành đai 2');
  });
});

describe('ranking units by travel time', () => {
  const graph = buildRoadGraph(SEVEN_NODES);
  const units = [
    { id: 'east', position: near(B, 0.0005) }, // 2.1 km in a straight line, the street to A
    { id: 'north', position: near(D, 0, 0.0005) }, // 2.3 km, the ring road straight down to A
    { id: 'south', position: near(F, 0.0005) }, // 1.1 km, but no road to A except round by G, C, B
  ];
  const ids = (ranked: ReturnType<typeof rankByTravelTime<(typeof units)[number]>>) => ranked.map((r) => r.origin.id);

  it('ranks by time on the roads, not by straight-line distance', () => {
    const ranked = rankByTravelTime(travelTree(graph, A, free), units);
    expect(ids(ranked)).toEqual(['north', 'east', 'south']);
    expect(ranked.map((r) => r.straightLineRank)).toEqual([3, 2, 1]);
    const south = ranked[2]!;
    expect(south.plan.straightLineM).toBeLessThan(1200);
    expect(south.plan.segmentIds).toEqual(['south:0', 'bridge:0', 'east:0', 'short:0']);
    expect(explainRoute(south.plan, south).vi).toContain('(thứ 1 theo đường chim bay)');
  });

  it('reorders the units when the speeds change', () => {
    const ranked = rankByTravelTime(travelTree(graph, A, jammed('ring:0', 7)), units);
    expect(ids(ranked)).toEqual(['east', 'north', 'south']);
    // The northern unit now goes round: E, B and the street.
    expect(ranked[1]!.plan.segmentIds).toEqual(['ring:1', 'ring:2', 'short:0']);
  });

  it('leaves out a unit the roads cannot reach', () => {
    const islands = buildRoadGraph([...FIVE_NODES, seg('island:0', 'street', 'Đảo', [105.9, 21.1], [105.92, 21.1])]);
    const ranked = rankByTravelTime(travelTree(islands, A, free), [
      ...units.slice(0, 2),
      { id: 'island', position: [105.91, 21.1] },
    ]);
    expect(ids(ranked)).toEqual(['north', 'east']);
  });
});

describe('on the Hanoi network', () => {
  const graph = buildRoadGraph(gazetteerSegments());
  const crash = segment('vd2_south_west:2')!; // Trường Chinh, Ring Road 2
  const target: LonLat = crash.midpoint;
  const from = segment('vd2_south_west:4')!.midpoint;

  it('follows Ring Road 2 while it flows and leaves it when a stretch on the way is jammed', () => {
    const flowing = routeFrom(travelTree(graph, target, free), from)!;
    expect(flowing.segmentIds).toContain('vd2_south_west:3');
    const jam = routeFrom(travelTree(graph, target, jammed('vd2_south_west:3', 5)), from)!;
    expect(jam.segmentIds).not.toContain('vd2_south_west:3');
    expect(jam.etaSeconds).toBeGreaterThan(flowing.etaSeconds);
  });
});

describe('current speeds', () => {
  const reading = (detectorId: string, segmentId: string | null, speed: number | null, minutesAgo: number) => ({
    seq: 1,
    detectorId,
    segmentId,
    observedAt: new Date(Date.parse('2026-11-27T08:30:00+07:00') - minutesAgo * 60_000).toISOString(),
    intensity: null,
    speed,
    occupancy: null,
    position: null,
  });

  it('averages the latest readings per segment and leaves out stale ones and those without a speed', () => {
    const speeds = speedsFromReadings([
      reading('d1', 'x:0', 10, 0),
      reading('d2', 'x:0', 20, 5),
      reading('d3', 'x:0', 90, 40), // 40 minutes behind the newest reading
      reading('d4', 'y:0', null, 0),
      reading('d5', null, 30, 0),
    ]);
    expect(speeds).toEqual(new Map([['x:0', 15]]));
  });

  it('takes a segment without readings at the free-flow speed of its road class', () => {
    const graph = buildRoadGraph(FIVE_NODES);
    const ring = graph.edges.find((e) => e.segmentId === 'ring:0')!;
    expect(free.edge(ring)).toEqual({ kmh: FREE_FLOW_KMH.outer_ring, observed: false });
    expect(jammed('ring:0', 2).edge(ring)).toEqual({ kmh: 5, observed: true });
  });
});

describe('min-heap', () => {
  it('pops in priority order, duplicates included', () => {
    const heap = new MinHeap();
    const priorities = [5, 3, 9, 1, 3, 7, 0, 12, 4, 4];
    priorities.forEach((p, i) => heap.push(i, p));
    const out: number[] = [];
    for (let top = heap.pop(); top; top = heap.pop()) out.push(top.priority);
    expect(out).toEqual([...priorities].sort((a, b) => a - b));
    expect(heap.size).toBe(0);
  });
});
