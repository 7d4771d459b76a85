import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTrafficStore } from '../../client/src/stores/traffic.store.js';
import type { LonLat, TrafficState } from '../../protocol/index.js';

const HOAN_KIEM: LonLat = [105.8542, 21.0285];
const CAU_GIAY: LonLat = [105.8011, 21.0362];

const reading = (
  detectorId: string,
  seq: number,
  observedAt: string,
  speed: number | null,
  position: LonLat | null = HOAN_KIEM,
): TrafficState => ({
  seq,
  detectorId,
  segmentId: null,
  observedAt: `2026-11-27T${observedAt}Z`,
  intensity: null,
  speed,
  occupancy: null,
  position,
});

describe('traffic store', () => {
  let traffic: ReturnType<typeof useTrafficStore>;

  beforeEach(() => {
    setActivePinia(createPinia());
    traffic = useTrafficStore();
  });

  it('merges a burst by detector, keeping the newest observation of each, in any order', () => {
    const changed = traffic.applyBatch([
      reading('d1', 3, '01:00:30', 20),
      reading('d2', 1, '01:00:00', 50),
      reading('d1', 1, '01:00:10', 48),
      reading('d1', 2, '01:00:50', 9),
      reading('d2', 4, '01:00:00', 51), // same observation time, stored later: it wins
      reading('d1', 5, '01:00:20', 33),
    ]);

    expect(traffic.count).toBe(2);
    expect(traffic.get('d1')).toMatchObject({ seq: 2, speed: 9 });
    expect(traffic.get('d2')).toMatchObject({ seq: 4, speed: 51 });
    expect(changed).toBe(4); // d1 at seq 3 then 2; d2 at seq 1 then 4
  });

  it('ignores a later batch that only carries older observations, and tells the views nothing changed', () => {
    traffic.applyBatch([reading('d1', 7, '01:05:00', 40)]);
    const version = traffic.version;
    const updatedAt = traffic.lastUpdatedAt;

    expect(traffic.applyBatch([reading('d1', 8, '01:04:00', 5), reading('d1', 6, '01:05:00', 6)])).toBe(0);
    expect(traffic.get('d1')?.speed).toBe(40);
    expect(traffic.version).toBe(version);
    expect(traffic.lastUpdatedAt).toBe(updatedAt);
  });

  it('bumps its version once per batch, not once per reading', () => {
    const before = traffic.version;
    traffic.applyBatch([
      reading('d1', 1, '01:00:00', 40),
      reading('d2', 2, '01:00:00', 40),
      reading('d3', 3, '01:00:00', 40),
    ]);

    expect(traffic.version).toBe(before + 1);
    expect(traffic.lastUpdatedAt).toBeInstanceOf(Date);
  });

  it('keeps drawing a detector where it registered when a reading arrives without a location', () => {
    traffic.applyBatch([reading('d1', 1, '01:00:00', 40, CAU_GIAY)]);
    traffic.applyBatch([reading('d1', 2, '01:01:00', 12, null)]);

    expect(traffic.get('d1')).toMatchObject({ speed: 12, position: CAU_GIAY });
    expect(traffic.toFeatureCollection().features[0]?.geometry.coordinates).toEqual(CAU_GIAY);
  });

  it('draws one point per placed detector, coloured by speed class, and leaves unplaced ones off the map', () => {
    traffic.applyBatch([
      reading('jam', 1, '01:00:00', 8, HOAN_KIEM),
      reading('slow', 2, '01:00:00', 22, CAU_GIAY),
      reading('moderate', 3, '01:00:00', 30, HOAN_KIEM),
      reading('free', 4, '01:00:00', 62, CAU_GIAY),
      reading('silent', 5, '01:00:00', null, HOAN_KIEM),
      reading('nowhere', 6, '01:00:00', 40, null),
    ]);
    traffic.applyBatch([reading('free', 7, '01:02:00', 14)]); // moves it to another class: one feature still

    const fc = traffic.toFeatureCollection();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(5);
    const byId = Object.fromEntries(fc.features.map((f) => [f.properties.id, f]));
    expect(Object.keys(byId).sort()).toEqual(['free', 'jam', 'moderate', 'silent', 'slow']);
    expect(byId.jam).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: HOAN_KIEM },
      properties: { id: 'jam', cls: 'jam', speed: 8 },
    });
    expect(byId.slow?.properties.cls).toBe('slow');
    expect(byId.moderate?.properties.cls).toBe('moderate');
    expect(byId.free?.properties).toEqual({ id: 'free', cls: 'jam', speed: 14 });
    expect(byId.silent?.properties).toEqual({ id: 'silent', cls: 'unknown', speed: null });
    expect(traffic.count).toBe(6);
  });

  it('counts detectors per speed class for the legend, placed or not', () => {
    traffic.applyBatch([
      reading('a', 1, '01:00:00', 5),
      reading('b', 2, '01:00:00', 14.9),
      reading('c', 3, '01:00:00', 15),
      reading('d', 4, '01:00:00', 45, null),
      reading('e', 5, '01:00:00', null),
    ]);

    expect(traffic.countsByClass).toEqual({ jam: 2, slow: 1, moderate: 0, free: 1, unknown: 1 });
  });
});
