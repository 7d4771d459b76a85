import { describe, expect, it } from 'vitest';
import { parseTrafficTopic, trafficExample, trafficReadingSchema, trafficTopic } from '../../protocol/index.js';

const issuesOf = (value: unknown) => {
  const r = trafficReadingSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('traffic reading schema', () => {
  it('accepts the documented example', () => {
    expect(trafficReadingSchema.parse(trafficExample)).toEqual(trafficExample);
  });

  it('rejects a reading without dateObserved, naming the field', () => {
    const { dateObserved: _omit, ...rest } = trafficExample;
    expect(issuesOf(rest).join()).toMatch(/^dateObserved:/);
  });

  it('rejects a date without a time-zone offset', () => {
    expect(issuesOf({ ...trafficExample, dateObserved: '2026-11-27T08:15:00' }).join()).toMatch(/dateObserved/);
  });

  it('rejects a reading with no measurement at all', () => {
    expect(issuesOf({ dateObserved: trafficExample.dateObserved }).join()).toMatch(/at least one measurement/);
  });

  it('accepts a reading with a single measurement', () => {
    expect(issuesOf({ dateObserved: trafficExample.dateObserved, occupancy: 0.2 })).toEqual([]);
  });

  it('rejects a location outside Hanoi', () => {
    const saigon = { type: 'Point', coordinates: [106.7, 10.78] };
    expect(issuesOf({ ...trafficExample, location: saigon }).join()).toMatch(/location.coordinates: outside Hanoi/);
  });

  it('rejects impossible values with the offending field', () => {
    expect(issuesOf({ ...trafficExample, occupancy: 1.5 }).join()).toMatch(/^occupancy:/);
    expect(issuesOf({ ...trafficExample, averageVehicleSpeed: -3 }).join()).toMatch(/^averageVehicleSpeed:/);
    expect(issuesOf({ ...trafficExample, intensity: 'many' }).join()).toMatch(/^intensity:/);
  });
});

describe('traffic topics', () => {
  it('builds and parses hanoi/traffic/<detectorId>', () => {
    expect(trafficTopic('det-1')).toBe('hanoi/traffic/det-1');
    expect(parseTrafficTopic('hanoi/traffic/det-1')).toBe('det-1');
  });

  it('refuses topics of other feeds, other roots and sub-levels', () => {
    expect(parseTrafficTopic('hanoi/units/u1')).toBeNull();
    expect(parseTrafficTopic('other/traffic/det-1')).toBeNull();
    expect(parseTrafficTopic('hanoi/traffic/det-1/extra')).toBeNull();
    expect(parseTrafficTopic('hanoi/traffic/')).toBeNull();
  });
});
