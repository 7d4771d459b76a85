import { describe, expect, it } from 'vitest';
import {
  createSegmentDetectors,
  meanSpeed,
  segmentLine,
  segmentSpeeds,
} from '../../client/src/features/traffic/segment-speeds.js';
import type { TrafficState } from '../../protocol/index.js';

const detector = (detectorId: string, segmentId: string | null, speed: number | null): TrafficState => ({
  seq: 1,
  detectorId,
  segmentId,
  observedAt: '2026-11-27T08:00:00Z',
  intensity: null,
  speed,
  occupancy: null,
  position: [105.85, 21.03],
});

const road = { id: 'vd1:1', from: [105.859, 21.0092] as [number, number], to: [105.852, 21.0083] as [number, number] };

describe('road segments coloured by the speed of their detectors', () => {
  it('takes the mean of the detectors that report a speed, none when no detector does', () => {
    expect(meanSpeed([detector('a', 'vd1:1', 10), detector('b', 'vd1:1', 20), detector('c', 'vd1:1', null)])).toBe(15);
    expect(meanSpeed([detector('c', 'vd1:1', null), detector('d', 'vd1:1', Number.NaN)])).toBeNull();
    expect(meanSpeed([])).toBeNull();
  });

  it('gives each segment the mean of its own detectors (what the wall and the console colour by)', () => {
    const speeds = segmentSpeeds([
      detector('a', 'vd1:1', 8),
      detector('b', 'vd1:1', 12),
      detector('c', 'vd1:2', 50),
      detector('d', null, 3),
      detector('e', 'vd1:3', null),
    ]);
    expect(Object.fromEntries(speeds)).toEqual({ 'vd1:1': 10, 'vd1:2': 50 });
  });

  it('draws a segment as a line from its start to its end in the legend class of its speed, grey without data', () => {
    expect(segmentLine(road, 9.5)).toEqual({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [road.from, road.to] },
      properties: { id: 'vd1:1', cls: 'jam' },
    });
    expect([15, 30, 45, 120].map((s) => segmentLine(road, s).properties.cls)).toEqual([
      'slow',
      'moderate',
      'free',
      'free',
    ]);
    expect(segmentLine(road, null).properties.cls).toBe('unknown');
  });

  it('files each detector under its segment, and names the segments a change re-colours', () => {
    const on = createSegmentDetectors();
    on.reset([detector('a', 'vd1:1', 10), detector('b', 'vd1:1', 20), detector('c', null, 5)]);
    expect([...on.on('vd1:1')].sort()).toEqual(['a', 'b']);

    // A new reading: only its own segment.
    expect(on.update('a', detector('a', 'vd1:1', 12))).toEqual(['vd1:1']);
    // A detector moved to another segment: the one it joined and the one it left.
    expect(on.update('b', detector('b', 'vd1:2', 20))).toEqual(['vd1:2', 'vd1:1']);
    expect([...on.on('vd1:1')]).toEqual(['a']);
    expect([...on.on('vd1:2')]).toEqual(['b']);
    // Gone (a replay cleared it): the segment it was on.
    expect(on.update('a', undefined)).toEqual(['vd1:1']);
    expect(on.on('vd1:1').size).toBe(0);
    // On no segment at all: nothing to re-colour.
    expect(on.update('c', detector('c', null, 7))).toEqual([]);
    expect(on.update('z', undefined)).toEqual([]);

    on.reset([]);
    expect(on.on('vd1:2').size).toBe(0);
  });
});
