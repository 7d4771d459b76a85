import type { Feature, Geometry } from 'geojson';
import type { GeoJSONSourceDiff } from 'maplibre-gl';

/** A feature of a live layer: its object's id in the `id` property (the source's `promoteId`). */
export type KeyedFeature = Feature<Geometry, { id: string }>;

/**
 * What a GeoJSON source holds, feature by feature, on the console's side: given the features a
 * layer should draw now, it answers only what changed (a diff for MapLibre's `updateData`), so the
 * map's worker re-tiles only those features and a batch that changes nothing visible sends nothing.
 * After each call the mirror holds what the source holds once the diff is applied.
 */
export interface SourceMirror {
  readonly size: number;
  /**
   * The changes for the objects `ids` (what else is held stays): `lookup` gives the feature to draw
   * for an id now, or null for none (gone, without a position, left out by the filters).
   */
  diff(ids: Iterable<string>, lookup: (id: string) => KeyedFeature | null): GeoJSONSourceDiff | null;
  /** The changes that make the source hold exactly `features` (anything else held is removed). */
  diffAll(features: Iterable<KeyedFeature>): GeoJSONSourceDiff | null;
}

type Properties = Record<string, unknown>;
/** A diff being built: changed features are sent whole (see `change`). */
type Changes = { add: KeyedFeature[]; remove: string[] };

const sameValue = (a: unknown, b: unknown): boolean =>
  Object.is(a, b) ||
  (typeof a === 'object' &&
    typeof b === 'object' &&
    a !== null &&
    b !== null &&
    JSON.stringify(a) === JSON.stringify(b));

function sameGeometry(a: Geometry, b: Geometry): boolean {
  if (a.type === 'Point' && b.type === 'Point') {
    const [p, q] = [a.coordinates, b.coordinates];
    return p.length === q.length && p.every((v, i) => v === q[i]);
  }
  return a.type === b.type && JSON.stringify(a) === JSON.stringify(b);
}

/** Whether features `a` and `b` draw the same: same geometry, same properties. */
export function sameFeature(a: KeyedFeature, b: KeyedFeature): boolean {
  if (!sameGeometry(a.geometry, b.geometry)) return false;
  const p = a.properties as Properties;
  const q = b.properties as Properties;
  const keys = Object.keys(p);
  return keys.length === Object.keys(q).length && keys.every((key) => key in q && sameValue(p[key], q[key]));
}

export function createSourceMirror(): SourceMirror {
  const held = new Map<string, KeyedFeature>();

  /** Adds to `diff` what drawing `next` for `id` changes, and holds it. */
  function change(diff: Changes, id: string, next: KeyedFeature | null): void {
    const before = held.get(id);
    if (!next) {
      if (before) {
        diff.remove.push(id);
        held.delete(id);
      }
      return;
    }
    if (before && sameFeature(before, next)) return;
    // A changed feature is sent whole, as an add that replaces it: MapLibre's worker applies a
    // batch of those in one pass, where each `update` entry costs a pass over the whole source.
    diff.add.push(next);
    held.set(id, next);
  }

  const finish = (diff: Changes): GeoJSONSourceDiff | null => {
    const out: GeoJSONSourceDiff = {};
    if (diff.remove.length > 0) out.remove = diff.remove;
    if (diff.add.length > 0) out.add = diff.add;
    return out.remove || out.add ? out : null;
  };

  return {
    get size() {
      return held.size;
    },
    diff(ids, lookup) {
      const diff: Changes = { add: [], remove: [] };
      for (const id of ids) change(diff, id, lookup(id));
      return finish(diff);
    },
    diffAll(features) {
      const diff: Changes = { add: [], remove: [] };
      const seen = new Set<string>();
      for (const feature of features) {
        const id = feature.properties.id;
        if (seen.has(id)) continue;
        seen.add(id);
        change(diff, id, feature);
      }
      for (const id of [...held.keys()]) if (!seen.has(id)) change(diff, id, null);
      return finish(diff);
    },
  };
}
