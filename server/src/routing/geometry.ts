/**
 * Flat-earth helpers for a city: a local equirectangular projection is accurate to well under a
 * metre over the few kilometres of one road segment.
 */
import type { LonLat } from '../../../protocol/index.js';

const DEG = Math.PI / 180;
const M_PER_DEG_LAT = 111_195;

/** Metres between two points (equirectangular). */
export function metres(a: LonLat, b: LonLat): number {
  const kx = Math.cos(((a[1] + b[1]) / 2) * DEG) * M_PER_DEG_LAT;
  return Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * M_PER_DEG_LAT);
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The point a fraction `t` of the way from a to b. */
export const along = (a: LonLat, b: LonLat, t: number): LonLat => [
  round6(a[0] + (b[0] - a[0]) * t),
  round6(a[1] + (b[1] - a[1]) * t),
];

/** Where `p` projects onto the segment a-b: the fraction along it (clamped to 0..1) and how far off `p` lies. */
export function projectOnto(p: LonLat, a: LonLat, b: LonLat): { t: number; offM: number } {
  const kx = Math.cos(((a[1] + b[1]) / 2) * DEG) * M_PER_DEG_LAT;
  const [bx, by] = [(b[0] - a[0]) * kx, (b[1] - a[1]) * M_PER_DEG_LAT];
  const [px, py] = [(p[0] - a[0]) * kx, (p[1] - a[1]) * M_PER_DEG_LAT];
  const len2 = bx * bx + by * by;
  const t = len2 > 0 ? Math.min(1, Math.max(0, (px * bx + py * by) / len2)) : 0;
  return { t, offM: Math.hypot(px - t * bx, py - t * by) };
}

/** Where segments a-b and c-d cross: the fractions along each, or null when they don't. */
export function crossing(a: LonLat, b: LonLat, c: LonLat, d: LonLat): { t: number; u: number } | null {
  const kx = Math.cos(((a[1] + c[1]) / 2) * DEG) * M_PER_DEG_LAT;
  const xy = (p: LonLat): [number, number] => [(p[0] - a[0]) * kx, (p[1] - a[1]) * M_PER_DEG_LAT];
  const [bx, by] = xy(b);
  const [cx, cy] = xy(c);
  const [dx, dy] = xy(d);
  const [sx, sy] = [dx - cx, dy - cy];
  const den = bx * sy - by * sx;
  if (Math.abs(den) < 1e-9) return null; // parallel
  const t = (cx * sy - cy * sx) / den;
  const u = (cx * by - cy * bx) / den;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? { t, u } : null;
}
