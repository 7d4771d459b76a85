import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { ageParts, FRESHNESS_RULES, freshnessOf } from '../../client/src/features/freshness/freshness.js';
import { useFreshnessStore } from '../../client/src/features/freshness/freshness.store.js';
import { en } from '../../client/src/i18n/en.js';
import { datetimeFormats, numberFormats } from '../../client/src/i18n/formats.js';
import { vi as viMessages } from '../../client/src/i18n/vi.js';
import { applySnapshot } from '../../client/src/realtime/feeds.js';
import { serverEventHandlers } from '../../client/src/realtime/handlers/index.js';
import type { DeviceState, SnapshotResult, TrafficState } from '../../protocol/index.js';

const handle = (event: string, frame: unknown): number => {
  const h = serverEventHandlers.find((x) => x.event === event)!;
  return (h.handle as (f: unknown) => number)(frame);
};

const unit = (id: string, seq: number, silent = false): DeviceState<'units'> => ({
  feed: 'units',
  seq,
  deviceId: id,
  observedAt: '2026-11-27T08:00:00Z',
  position: [105.85, 21.03],
  silent,
  report: {
    dateObserved: '2026-11-27T08:00:00Z',
    location: { type: 'Point', coordinates: [105.85, 21.03] },
    kind: 'police',
    status: 'available',
  } as DeviceState<'units'>['report'],
});
const reading = (id: string, seq: number): TrafficState => ({
  seq,
  detectorId: id,
  segmentId: null,
  observedAt: '2026-11-27T08:00:00Z',
  intensity: 900,
  speed: 32,
  occupancy: 0.3,
  position: [105.85, 21.03],
});

describe('how fresh a layer is', () => {
  const T0 = Date.parse('2026-11-27T08:00:00Z');

  it('marks a periodic feed stale once it is quiet past its threshold, counting from its last news', () => {
    const units = FRESHNESS_RULES.units;
    expect(units.staleAfterMs).toBe(15_000);
    expect(freshnessOf(units, T0, T0 - 60_000, T0 + 15_000)).toEqual({ lastAt: T0, ageMs: 15_000, stale: false });
    expect(freshnessOf(units, T0, T0 - 60_000, T0 + 15_001).stale).toBe(true);
    expect(FRESHNESS_RULES.traffic.staleAfterMs).toBe(60_000);
    expect(freshnessOf(FRESHNESS_RULES.traffic, T0, null, T0 + 59_000).stale).toBe(false);
  });

  it('counts from when the console synchronised for a feed that has sent nothing since', () => {
    expect(freshnessOf(FRESHNESS_RULES.signals, null, T0, T0 + 61_000)).toEqual({
      lastAt: null,
      ageMs: 61_000,
      stale: true,
    });
    expect(freshnessOf(FRESHNESS_RULES.signals, null, null, T0).ageMs).toBeNull();
  });

  it('never marks incidents, alarms or crime stale, and dossier figures only after an hour', () => {
    const day = 24 * 3_600_000;
    for (const layer of ['incidents', 'alarms', 'crime'] as const) {
      expect(freshnessOf(FRESHNESS_RULES[layer], T0, T0, T0 + day).stale, layer).toBe(false);
    }
    expect(freshnessOf(FRESHNESS_RULES.backlog, T0, T0, T0 + 59 * 60_000).stale).toBe(false);
    expect(freshnessOf(FRESHNESS_RULES.backlog, T0, T0, T0 + 61 * 60_000).stale).toBe(true);
  });

  it('says an age in seconds, minutes, or hours and minutes', () => {
    expect(ageParts(42_500)).toEqual({ unit: 'seconds', value: 42, minutes: 0 });
    expect(ageParts(3 * 60_000 + 5_000)).toEqual({ unit: 'minutes', value: 3, minutes: 0 });
    expect(ageParts(65 * 60_000)).toEqual({ unit: 'hours', value: 1, minutes: 5 });
  });
});

describe('when each feed last brought news', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('is stamped by the realtime handlers, per layer', () => {
    const freshness = useFreshnessStore();
    expect(freshness.lastReceived.units).toBeNull();
    const before = Date.now();
    handle('units:updated', { items: [unit('pol-1', 1)] });
    handle('traffic:updated', { items: [reading('det-1', 2)] });
    expect(freshness.lastReceived.units).toBeGreaterThanOrEqual(before);
    expect(freshness.lastReceived.traffic).toBeGreaterThanOrEqual(before);
    expect(freshness.lastReceived.signals).toBeNull();
  });

  it('does not count a frame of watchdog "silent" flips, or an empty frame, as news', () => {
    const freshness = useFreshnessStore();
    handle('units:updated', { items: [unit('pol-1', 3, true), unit('pol-2', 4, true)] });
    handle('units:updated', { items: [] });
    handle('units:updated', undefined);
    expect(freshness.lastReceived.units).toBeNull();
    handle('units:updated', { items: [unit('pol-1', 5, true), unit('pol-3', 6)] });
    expect(freshness.lastReceived.units).not.toBeNull();
  });

  it('notes the first synchronisation, and keeps it across later snapshots', () => {
    const freshness = useFreshnessStore();
    const empty: SnapshotResult = {
      head: 1,
      traffic: [],
      signals: [],
      cameras: [],
      units: [],
      network: [],
      incidents: [],
      alarms: [],
      crime: [],
      backlog: [],
    };
    expect(freshness.since).toBeNull();
    applySnapshot(empty);
    const first = freshness.since;
    expect(first).not.toBeNull();
    freshness.synchronised(first! + 60_000);
    applySnapshot({ ...empty, head: 2 });
    expect(freshness.since).toBe(first);
  });
});

describe('the console texts and formats', () => {
  const strings = (value: unknown, path = ''): Array<[string, string]> =>
    typeof value === 'string'
      ? [[path, value]]
      : value && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k))
        : [];

  it('keeps every Vietnamese and English text in NFC', () => {
    for (const [path, text] of [...strings(viMessages), ...strings(en)]) {
      expect(text.normalize('NFC'), path).toBe(text);
    }
  });

  it('names the new tools in both languages', () => {
    expect(viMessages.filters.district).toBe('Quận/huyện');
    expect(viMessages.search.type).toMatchObject({
      quan: 'Quận',
      phuong: 'Phường',
      thi_tran: 'Thị trấn',
      road: 'Đường',
    });
    expect(en.filters.district).toBe('District');
    expect(en.search.type.road).toBe('Road');
  });

  it('groups numbers the Vietnamese way and writes times in Hanoi time', () => {
    const integer = new Intl.NumberFormat('vi-VN', numberFormats['vi-VN'].integer);
    expect(integer.format(1234)).toBe('1.234');
    expect(integer.format(2278456)).toBe('2.278.456');
    const short = new Intl.DateTimeFormat('vi-VN', datetimeFormats['vi-VN'].short);
    // 01:05 UTC is 08:05 in Hanoi, whatever the machine's zone.
    expect(short.format(new Date('2026-11-27T01:05:00Z'))).toBe('08:05');
    const full = new Intl.DateTimeFormat('vi-VN', datetimeFormats['vi-VN'].full);
    expect(full.format(new Date('2026-11-27T17:30:00Z'))).toBe('00:30:00 28/11/2026');
  });
});
