import { describe, expect, it } from 'vitest';
import {
  historyEventsQuerySchema,
  historySeriesQuerySchema,
  historyStateQuerySchema,
  type HistoryBucket,
  type SessionUser,
} from '../../protocol/index.js';
import type { CrimeRecord } from '../../server/src/modules/crime/crime.repository.js';
import type { HistoryRepository } from '../../server/src/modules/history/history.repository.js';
import { createHistoryService } from '../../server/src/modules/history/history.service.js';
import type { BucketSpan, SeriesRepository } from '../../server/src/modules/history/series.repository.js';

const crime = (id: string, districtCode: string, category: CrimeRecord['category']): CrimeRecord => ({
  seq: Number(id),
  id,
  category,
  status: 'reported',
  privacy: 'public',
  lon: 105.85231,
  lat: 21.02871,
  districtCode,
  dateObserved: '2026-11-27T01:00:00.000Z',
});
const user = (role: SessionUser['role']): SessionUser => ({
  id: 1,
  username: role,
  displayName: role,
  role,
  permissions: [],
  mustChangePassword: false,
});

/** A service over stub repositories that record which source each span was read from. */
function service(rolled: number) {
  const reads: string[] = [];
  const bucket = (at: Date, from: string): HistoryBucket => ({
    at: at.toISOString(),
    count: from === 'rollup' ? 1 : 2,
    speedAvg: null,
    speedMin: null,
    speedMax: null,
    flowAvg: null,
    occupancyAvg: null,
  });
  const record = (from: string) => async (_scope: unknown, span: BucketSpan) => {
    reads.push(`${from} ${span.from.toISOString()}..${span.to.toISOString()}`);
    return [bucket(span.from, from)];
  };
  const empty = async () => [];
  const repo = {
    crimesAt: async () => [crime('1', '001', 'theft'), crime('2', '001', 'fraud'), crime('3', '002', 'theft')],
    crimeEvents: async () => [{ at: new Date('2026-11-27T00:10:00Z'), state: crime('4', '001', 'theft') }],
    trafficEvents: async () => [{ at: new Date('2026-11-27T00:20:00Z'), state: { seq: 5 } }],
    ...Object.fromEntries(
      ['trafficAt', 'incidentsAt', 'alarmsAt', 'backlogAt', 'devicesAt'].map((name) => [name, empty]),
    ),
  } as unknown as HistoryRepository;
  const series = {
    trafficFromRollup: record('rollup'),
    trafficFromRaw: record('raw'),
  } as unknown as SeriesRepository;
  const svc = createHistoryService({
    repo,
    series,
    rollups: { rolledUntil: async () => rolled, devicesRolledUntil: async () => rolled },
    segmentExists: () => true,
    districtExists: () => true,
    districtLabel: () => [105.8, 21.0],
  });
  return { svc, reads };
}

describe('history service', () => {
  it('gives crime as generalised points to roles with crime.points, and only district totals to others', async () => {
    const { svc } = service(0);
    const q = historyStateQuerySchema.parse({ at: '2026-11-27T08:00:00+07:00', layers: 'crime' });
    const viewer = await svc.state(q, user('viewer'));
    expect(viewer.crime.map((c) => [c.id, c.position, c.precision])).toEqual([
      ['1', [105.852, 21.029], '100m'],
      ['2', [105.852, 21.029], '100m'],
      ['3', [105.852, 21.029], '100m'],
    ]);
    expect(viewer.crimeTotals).toBeNull();
    // The press has no console.view (the route refuses it): the rule underneath still never gives points.
    const press = await svc.state(q, user('press'));
    expect(press.crime).toEqual([]);
    expect(press.crimeTotals).toEqual([
      { districtCode: '001', total: 2, byCategory: { theft: 1, fraud: 1 } },
      { districtCode: '002', total: 1, byCategory: { theft: 1 } },
    ]);
    const events = historyEventsQuerySchema.parse({
      from: '2026-11-27T07:00:00+07:00',
      to: '2026-11-27T08:00:00+07:00',
      layers: 'traffic,crime',
    });
    expect((await svc.events(events, user('press'))).layers).toEqual(['traffic']);
    // Each event with the instant it happened (what a replay plays it at).
    expect((await svc.events(events, user('viewer'))).events.map((e) => [e.feed, e.at])).toEqual([
      ['crime', '2026-11-27T00:10:00.000Z'],
      ['traffic', '2026-11-27T00:20:00.000Z'],
    ]);
  });

  it('reads whole buckets from the rollups where they are complete and from raw rows after, or for short windows', async () => {
    const at = (hhmm: string) => Date.parse(`2026-11-27T${hhmm}:00Z`);
    const ask = async (rolled: number, from: string, to: string, bucket: '1m' | '1h' | 'auto' = 'auto') => {
      const { svc, reads } = service(rolled);
      const q = historySeriesQuerySchema.parse({ kind: 'segment', id: 's:1', from, to, bucket });
      const s = await svc.series(q);
      return { source: s.source, bucket: s.bucket, reads, from: s.from, to: s.to };
    };
    // 02:00-05:00 in minutes, rolled up to 04:30: rollups, then raw from the edge.
    expect(await ask(at('04:30'), '2026-11-27T02:00:30Z', '2026-11-27T05:00:00Z')).toEqual({
      source: 'rollup+raw',
      bucket: '1m',
      from: '2026-11-27T02:00:00.000Z',
      to: '2026-11-27T05:00:00.000Z',
      reads: [
        'rollup 2026-11-27T02:00:00.000Z..2026-11-27T04:30:00.000Z',
        'raw 2026-11-27T04:30:00.000Z..2026-11-27T05:00:00.000Z',
      ],
    });
    expect((await ask(at('06:00'), '2026-11-27T02:00:00Z', '2026-11-27T05:00:00Z')).source).toBe('rollup');
    expect((await ask(at('06:00'), '2026-11-27T04:00:00Z', '2026-11-27T05:00:00Z')).source).toBe('raw');
    expect((await ask(-Infinity, '2026-11-27T00:00:00Z', '2026-11-27T05:00:00Z')).source).toBe('raw');
    // Over six hours, hours; the partial last hour is a whole bucket.
    expect(await ask(Infinity, '2026-11-26T00:00:00Z', '2026-11-27T04:10:00Z')).toMatchObject({
      bucket: '1h',
      source: 'rollup',
      to: '2026-11-27T05:00:00.000Z',
    });
  });

  it('checks the query: instants with an offset, an ordered window, at most 10,080 buckets, known layers', () => {
    const bad = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) =>
      expect(schema.safeParse(v).success, JSON.stringify(v)).toBe(false);
    const window = { from: '2026-11-27T07:00:00+07:00', to: '2026-11-27T08:00:00+07:00' };
    bad(historySeriesQuerySchema, { kind: 'segment', id: 'x', from: '2026-11-27T07:00:00', to: window.to });
    bad(historySeriesQuerySchema, { kind: 'segment', id: 'x', from: window.to, to: window.from });
    bad(historySeriesQuerySchema, { kind: 'segment', id: 'x', ...window, bucket: '5m' });
    bad(historySeriesQuerySchema, { kind: 'road', id: 'x', ...window });
    bad(historySeriesQuerySchema, {
      kind: 'segment',
      id: 'x',
      from: '2026-11-20T00:00:00Z',
      to: '2026-11-27T00:01:00Z',
      bucket: '1m',
    });
    bad(historyStateQuerySchema, { at: 'yesterday' });
    bad(historyStateQuerySchema, { at: window.to, layers: 'traffic,weather' });
    bad(historyEventsQuerySchema, { from: '2026-11-25T00:00:00Z', to: window.to });
    bad(historyEventsQuerySchema, { ...window, limit: '6000' });
    expect(historyStateQuerySchema.parse({ at: window.to }).layers).toHaveLength(9);
    expect(historyEventsQuerySchema.parse({ ...window, after: '12', limit: '50' })).toMatchObject({
      after: 12,
      limit: 50,
    });
  });
});
