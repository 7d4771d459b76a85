import { describe, expect, it } from 'vitest';
import { createSourceMirror, sameFeature, type KeyedFeature } from '../../client/src/map/feature-diff.js';

const unit = (id: string, lon: number, cls = 'available', heading = 90): KeyedFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, 21.03] },
  properties: { id, cls, kind: 'fire', heading } as KeyedFeature['properties'],
});

describe('source mirror (diffs for a GeoJSON source keyed by id)', () => {
  it('adds every feature the first time, then sends nothing while nothing changes', () => {
    const mirror = createSourceMirror();
    const all = [unit('a', 105.8), unit('b', 105.9)];
    expect(mirror.diffAll(all)).toEqual({ add: all });
    expect(mirror.size).toBe(2);
    expect(mirror.diffAll([unit('a', 105.8), unit('b', 105.9)])).toBeNull();
    expect(mirror.diff(['a', 'b'], (id) => unit(id, id === 'a' ? 105.8 : 105.9))).toBeNull();
  });

  it('sends a moved or restyled feature whole, as an add that replaces it', () => {
    const mirror = createSourceMirror();
    mirror.diffAll([unit('a', 105.8), unit('b', 105.9), unit('c', 106)]);
    const moved = unit('a', 105.81);
    const busy = unit('b', 105.9, 'en_route');
    const lookup = (id: string) => ({ a: moved, b: busy, c: unit('c', 106) })[id] ?? null;
    expect(mirror.diff(['a', 'b', 'c'], lookup)).toEqual({ add: [moved, busy] });
    // What it holds now is what was sent.
    expect(mirror.diff(['a', 'b'], lookup)).toBeNull();
  });

  it('removes a feature that is gone, unplaced or filtered out, and only once', () => {
    const mirror = createSourceMirror();
    mirror.diffAll([unit('a', 105.8), unit('b', 105.9)]);
    expect(mirror.diff(['b', 'x'], () => null)).toEqual({ remove: ['b'] });
    expect(mirror.diff(['b'], () => null)).toBeNull();
    expect(mirror.size).toBe(1);
  });

  it('looks only at the ids it is given', () => {
    const mirror = createSourceMirror();
    mirror.diffAll([unit('a', 105.8), unit('b', 105.9)]);
    const seen: string[] = [];
    mirror.diff(['b'], (id) => (seen.push(id), unit(id, 105.95)));
    expect(seen).toEqual(['b']);
  });

  it('with every feature (a filter changed): removes what is no longer listed, adds what is new', () => {
    const mirror = createSourceMirror();
    mirror.diffAll([unit('a', 105.8), unit('b', 105.9)]);
    const c = unit('c', 106);
    expect(mirror.diffAll([unit('b', 105.9), c])).toEqual({ remove: ['a'], add: [c] });
    expect(mirror.diffAll([])).toEqual({ remove: ['b', 'c'] });
    expect(mirror.size).toBe(0);
  });

  it('keeps the first of two features with the same id', () => {
    const mirror = createSourceMirror();
    const first = unit('a', 105.8);
    expect(mirror.diffAll([first, unit('a', 105.9)])).toEqual({ add: [first] });
  });
});

describe('sameFeature', () => {
  it('compares geometry and every property', () => {
    expect(sameFeature(unit('a', 105.8), unit('a', 105.8))).toBe(true);
    expect(sameFeature(unit('a', 105.8), unit('a', 105.8000001))).toBe(false);
    expect(sameFeature(unit('a', 105.8), unit('a', 105.8, 'available', 91))).toBe(false);
    const extra = unit('a', 105.8);
    (extra.properties as Record<string, unknown>).faults = 1;
    expect(sameFeature(unit('a', 105.8), extra)).toBe(false);
    expect(sameFeature(extra, unit('a', 105.8))).toBe(false);
  });

  it('compares other geometries by value', () => {
    const line = (y: number): KeyedFeature => ({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [105.8, 21],
          [105.9, y],
        ],
      },
      properties: { id: 'l' },
    });
    expect(sameFeature(line(21.1), line(21.1))).toBe(true);
    expect(sameFeature(line(21.1), line(21.2))).toBe(false);
  });
});
