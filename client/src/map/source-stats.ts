import type { Map as MaplibreMap } from 'maplibre-gl';

/** What one GeoJSON source was sent since the map loaded. */
export interface SourceStats {
  /** Calls to setData or updateData. */
  applies: number;
  /** Features sent: every feature for setData, the added, updated and removed ones for updateData. */
  features: number;
}

/** Counters of a map, for the debug handle and the console benchmark. */
export interface MapStats {
  /** Frames the map drew (its `render` events). */
  repaints: number;
  /** Frames in which the map painted that the live layers' clock timed, and their total time (ms). */
  paintedFrames: number;
  paintMs: number;
  sources: Record<string, SourceStats>;
}

const byMap = new WeakMap<MaplibreMap, MapStats>();

/** The counters of `map`, counting from the first call. */
export function mapStats(map: MaplibreMap): MapStats {
  let stats = byMap.get(map);
  if (!stats) {
    const created: MapStats = { repaints: 0, paintedFrames: 0, paintMs: 0, sources: {} };
    map.on('render', () => void created.repaints++);
    byMap.set(map, created);
    stats = created;
  }
  return stats;
}

/** Counts one apply of `features` features to source `source`. */
export function countApply(map: MaplibreMap, source: string, features: number): void {
  const sources = mapStats(map).sources;
  const s = (sources[source] ??= { applies: 0, features: 0 });
  s.applies++;
  s.features += features;
}
