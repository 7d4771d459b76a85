/**
 * Polylines measured in metres, for things that move along the road network: where a unit is after
 * driving s metres, which way it faces, and the nearest point of a line to a place. Lines are the
 * gazetteer's schematic corridors, a few kilometres per segment, so a local flat projection per
 * segment is accurate to well under a metre.
 */
import type { LonLat } from '../../protocol/index.js';
import { distanceM } from '../../server/src/geo/gazetteer.js';

export interface Route {
  readonly points: readonly LonLat[];
  /** Distance from the start to each point, metres; cum[0] = 0. */
  readonly cum: readonly number[];
  readonly lengthM: number;
}

export interface RoutePoint {
  position: LonLat;
  /** Degrees clockwise from north, in the direction of increasing distance, 0 <= heading < 360. */
  heading: number;
}

const DEG = Math.PI / 180;
const M_PER_DEG_LAT = 111_195;

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export function routeOf(points: readonly LonLat[]): Route {
  if (points.length < 2) throw new RangeError('a route needs at least two points');
  const cum = [0];
  for (let i = 1; i < points.length; i++) {
    cum.push((cum[i - 1] as number) + distanceM(points[i - 1] as LonLat, points[i] as LonLat));
  }
  return { points, cum, lengthM: cum[cum.length - 1] as number };
}

/** Compass bearing from a to b, degrees in [0, 360). */
export function bearing(a: LonLat, b: LonLat): number {
  const dx = (b[0] - a[0]) * Math.cos(((a[1] + b[1]) / 2) * DEG);
  const dy = b[1] - a[1];
  const deg = Math.atan2(dx, dy) / DEG;
  return Math.round(((deg % 360) + 360) % 360) % 360;
}

/** Straight-line interpolation between two points, f in [0, 1]. */
export const lerp = (a: LonLat, b: LonLat, f: number): LonLat => [
  round6(a[0] + (b[0] - a[0]) * f),
  round6(a[1] + (b[1] - a[1]) * f),
];

/** The point `s` metres from the start (clamped to the route) and the heading of its segment. */
export function pointAt(route: Route, s: number): RoutePoint {
  const at = Math.min(Math.max(s, 0), route.lengthM);
  // Binary search for the segment [i, i+1] that holds `at`.
  let lo = 0;
  let hi = route.points.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((route.cum[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  const a = route.points[lo] as LonLat;
  const b = route.points[lo + 1] as LonLat;
  const len = (route.cum[lo + 1] as number) - (route.cum[lo] as number);
  const f = len > 0 ? (at - (route.cum[lo] as number)) / len : 0;
  return { position: lerp(a, b, f), heading: bearing(a, b) };
}

/** The nearest point of the route to `p`: its distance along the route and how far off `p` lies, metres. */
export function project(route: Route, p: LonLat): { s: number; offM: number } {
  let best = { s: 0, offM: Infinity };
  for (let i = 0; i + 1 < route.points.length; i++) {
    const a = route.points[i] as LonLat;
    const b = route.points[i + 1] as LonLat;
    const kx = Math.cos(((a[1] + b[1]) / 2) * DEG) * M_PER_DEG_LAT;
    const [bx, by] = [(b[0] - a[0]) * kx, (b[1] - a[1]) * M_PER_DEG_LAT];
    const [px, py] = [(p[0] - a[0]) * kx, (p[1] - a[1]) * M_PER_DEG_LAT];
    const len2 = bx * bx + by * by;
    const t = len2 > 0 ? Math.min(1, Math.max(0, (px * bx + py * by) / len2)) : 0;
    const offM = Math.hypot(px - t * bx, py - t * by);
    if (offM < best.offM) {
      const segLen = (route.cum[i + 1] as number) - (route.cum[i] as number);
      best = { s: (route.cum[i] as number) + t * segLen, offM };
    }
  }
  return best;
}

/** The part of a route between distances s0 < s1, as a route of its own. */
export function subRoute(route: Route, s0: number, s1: number): Route {
  const inner = route.points.filter((_, i) => (route.cum[i] as number) > s0 && (route.cum[i] as number) < s1);
  return routeOf([pointAt(route, s0).position, ...inner, pointAt(route, s1).position]);
}
