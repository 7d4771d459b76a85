import { describe, expect, it } from 'vitest';
import { createChangeTrackers } from '../../client/src/stores/live/change-tracker.js';
import { createDeviceCollection } from '../../client/src/stores/devices/device-collection.js';
import type { DeviceState } from '../../protocol/index.js';

describe('change trackers (which ids changed since a reader last looked)', () => {
  it('answers all first, then the ids changed since the last look, each once', () => {
    const trackers = createChangeTrackers();
    const reader = trackers.reader();
    trackers.changed('a');
    expect(reader.take()).toBe('all');
    expect([...(reader.take() as Set<string>)]).toEqual([]);
    trackers.changed('a');
    trackers.changed('b');
    trackers.changed('a');
    expect([...(reader.take() as Set<string>)]).toEqual(['a', 'b']);
    expect([...(reader.take() as Set<string>)]).toEqual([]);
  });

  it('keeps readers apart, and answers all to every reader after everything changed', () => {
    const trackers = createChangeTrackers();
    const one = trackers.reader();
    const two = trackers.reader();
    one.take();
    two.take();
    trackers.changed('a');
    expect([...(one.take() as Set<string>)]).toEqual(['a']);
    trackers.changed('b');
    expect([...(two.take() as Set<string>)]).toEqual(['a', 'b']);
    trackers.changedAll();
    expect(one.take()).toBe('all');
    expect(two.take()).toBe('all');
  });

  it('forgets a closed reader', () => {
    const trackers = createChangeTrackers();
    const reader = trackers.reader();
    reader.take();
    reader.close();
    trackers.changed('a');
    expect([...(reader.take() as Set<string>)]).toEqual([]);
  });
});

describe('device collection changes', () => {
  const unit = (deviceId: string, seq: number): DeviceState<'units'> => ({
    feed: 'units',
    seq,
    deviceId,
    observedAt: `2026-11-27T10:00:${String(seq).padStart(2, '0')}Z`,
    position: [105.85, 21.03],
    silent: false,
    report: {
      dateObserved: `2026-11-27T10:00:${String(seq).padStart(2, '0')}Z`,
      location: { type: 'Point', coordinates: [105.85, 21.03] },
      kind: 'fire',
      status: 'available',
    },
  });

  it('reports the devices a merge changed, not the ones an older state left alone', () => {
    const units = createDeviceCollection<'units'>();
    const reader = units.changes();
    units.merge([unit('u1', 5), unit('u2', 5)]);
    expect(reader.take()).toBe('all');
    units.merge([unit('u1', 6), unit('u2', 4)]);
    expect([...(reader.take() as Set<string>)]).toEqual(['u1']);
    units.clear();
    expect(reader.take()).toBe('all');
  });
});
