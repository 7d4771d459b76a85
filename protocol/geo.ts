/** Hanoi's bounds (all 30 districts, with a small margin), in WGS84. */
export const HANOI_BOUNDS = {
  minLon: 105.25,
  minLat: 20.5,
  maxLon: 106.05,
  maxLat: 21.42,
} as const;

export type LonLat = [lon: number, lat: number];

export function inHanoi([lon, lat]: LonLat): boolean {
  return (
    lon >= HANOI_BOUNDS.minLon && lon <= HANOI_BOUNDS.maxLon && lat >= HANOI_BOUNDS.minLat && lat <= HANOI_BOUNDS.maxLat
  );
}
