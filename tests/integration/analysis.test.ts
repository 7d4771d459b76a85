import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ONLINE_TARGET,
  type BacklogReport,
  type BacklogServiceLevels,
  type CongestionByCorridor,
  type CrimeByDistrict,
  type CrimeReport,
  type IncidentHotspots,
  type IncidentReport,
  type Role,
} from '../../protocol/index.js';
import { communesOf, districtAt, segments } from '../../server/src/geo/gazetteer.js';
import { createRollupRepository } from '../../server/src/modules/history/rollup.repository.js';
import { createRollupService } from '../../server/src/modules/history/rollup.service.js';
import { createTimescaleRepository } from '../../server/src/modules/history/timescale.repository.js';
import { createTrafficRepository, type ReadingRow } from '../../server/src/modules/traffic/traffic.repository.js';
import { createLogger } from '../../server/src/platform/log.js';
import { signIn } from '../helpers/clients.js';
import { demoAccount } from '../helpers/roles.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The analysis API (GET /api/v1/analysis/...) over a history this test stored itself, so every figure
 * it answers is known: hot spots per district and Hanoi hour, congestion per corridor from the
 * rollups and the raw rows, crime per district with or without categories, dossiers against 70%,
 * and the CSV and GeoJSON exports of the same answers.
 */
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL', embedded: false }] : []),
  { name: 'the embedded engine', embedded: true },
];
const MIN = 60_000;
const HOUR = 3_600_000;
/** "Now": 10:00 on 27 November 2026 in Hanoi (03:00 UTC). The history is the day before it. */
const NOW = Date.UTC(2026, 10, 27, 3, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
type LonLat = [number, number];
const KEY = 'analysis-test-key-of-enough-length';
const HOAN_KIEM_POINT: LonLat = [105.8522, 21.0287];
const HOAN_KIEM_POINT_2: LonLat = [105.848, 21.0335];
const BA_DINH_POINT: LonLat = [105.8342, 21.0355];

// Two corridors' first segments; three detectors with speeds chosen so that the congestion index is known.
const [segA, segB] = (() => {
  const firsts = segments().filter((s) => s.index === 0);
  return [firsts[0]!, firsts.find((s) => s.corridorId !== firsts[0]!.corridorId)!];
})();
const DETECTORS = [
  { id: 'an-a-slow', seg: segA, speed: (_t: number) => 10 },
  { id: 'an-a-fast', seg: segA, speed: (_t: number) => 40 },
  // Free at 30 km/h until an hour and a half before now, then crawling at 12.
  { id: 'an-b', seg: segB, speed: (t: number) => (t < NOW - 90 * MIN ? 30 : 12) },
];
function readings(from: number, to: number): ReadingRow[] {
  const rows: ReadingRow[] = [];
  for (let t = from; t < to; t += MIN)
    DETECTORS.forEach((d, i) =>
      rows.push({
        detectorId: d.id,
        observedAt: iso(t + i * 1000),
        segmentId: d.seg.id,
        intensity: 900,
        // Every tenth reading of the fast detector carries no speed: it counts for nothing.
        speed: d.id === 'an-a-fast' && (t / MIN) % 10 === 0 ? null : d.speed(t),
        occupancy: 0.2,
        position: d.seg.midpoint,
      }),
    );
  return rows;
}

/** What the congestion view must say, computed here from the raw rows: per corridor and bucket. */
function expectedCongestion(rows: ReadingRow[], bucketOf: (ms: number) => number) {
  const perDetector = new Map<string, { corridor: string; bucket: number; sum: number; n: number }>();
  for (const r of rows) {
    if (r.speed === null) continue;
    const bucket = bucketOf(Date.parse(r.observedAt));
    const key = `${r.detectorId}|${bucket}`;
    const d = perDetector.get(key) ?? { corridor: r.segmentId!.split(':')[0]!, bucket, sum: 0, n: 0 };
    d.sum += r.speed;
    d.n += 1;
    perDetector.set(key, d);
  }
  const out = new Map<string, { sum: number; n: number; detectors: number; congested: number }>();
  for (const d of perDetector.values()) {
    const key = `${d.corridor}|${iso(d.bucket)}`;
    const c = out.get(key) ?? { sum: 0, n: 0, detectors: 0, congested: 0 };
    c.sum += d.sum;
    c.n += d.n;
    c.detectors += 1;
    if (d.sum / d.n < 15) c.congested += 1;
    out.set(key, c);
  }
  return out;
}

describe.each(modes)('the analysis API on $name', ({ embedded }) => {
  let server: TestServer;
  const cookies = new Map<Role, string>();
  const stored: ReadingRow[] = [];

  const ask = (path: string, role: Role | null, params: Record<string, string>) =>
    fetch(`${server.url}/api/v1/analysis/${path}?${new URLSearchParams(params)}`, {
      headers: role ? { cookie: cookies.get(role)! } : {},
    });
  async function answer<T>(path: string, role: Role, params: Record<string, string>): Promise<T> {
    const res = await ask(path, role, params);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as T;
  }
  const day = { from: iso(NOW - 24 * HOUR), to: iso(NOW) };

  const post = async (feed: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(202);
  };
  const incident = (n: number, at: number, category: IncidentReport['category'], where: LonLat): IncidentReport => ({
    externalId: `an-incident-${n}`,
    dateIssued: iso(at),
    category,
    severity: 'medium',
    description: 'Sự việc để kiểm thử phân tích.',
    alertSource: '113',
    location: { type: 'Point', coordinates: where },
  });
  const crime = (n: number, at: number, category: CrimeReport['category'], where: LonLat): CrimeReport => ({
    externalId: `an-crime-${n}`,
    dateObserved: iso(at),
    category,
    status: 'reported',
    privacy: 'restricted',
    location: { type: 'Point', coordinates: where },
  });
  const dossiers = (commune: string, at: number, received: number, online: number, overdue: number): BacklogReport => ({
    dateObserved: iso(at),
    communeCode: commune,
    sector: 'social',
    received,
    inProgress: received - overdue,
    resolved: 0,
    overdue,
    submittedOnline: online,
  });
  const hoanKiemCommune = communesOf('002')[0]!.code;

  beforeAll(async () => {
    // The server's own rollup job stays out of the way; the test runs it at the instant it chooses.
    server = await startTestServer({
      embedded,
      overrides: {
        history: { rawDays: 14, minuteDays: 90, hourDays: 730, lateSeconds: 120, rollupEveryMs: 3_600_000 },
        feedApiKeys: [{ agency: 'analysis', key: KEY }],
      },
    });
    for (const role of ['dispatcher', 'press'] as const) cookies.set(role, await signIn(server.url, demoAccount(role)));

    // Incidents: two in Hoàn Kiếm at 08:15 and 08:40 Hanoi time, one in Ba Đình at 23:30 the night
    // before (16:30 UTC), a second call about the first one (a duplicate), one too old for the window.
    await post('incidents', incident(1, NOW - 105 * MIN, 'traffic', HOAN_KIEM_POINT));
    await post('incidents', incident(2, NOW - 80 * MIN, 'fire', HOAN_KIEM_POINT_2));
    await post('incidents', incident(3, NOW - 10.5 * HOUR, 'traffic', BA_DINH_POINT));
    await post('incidents', incident(4, NOW - 100 * MIN, 'traffic', HOAN_KIEM_POINT));
    await post('incidents', incident(5, NOW - 30 * HOUR, 'traffic', BA_DINH_POINT));
    // Crime: two thefts in Hoàn Kiếm, a fraud in Ba Đình; one from the day before.
    await post('crime', crime(1, NOW - 2 * HOUR, 'theft', HOAN_KIEM_POINT));
    await post('crime', crime(2, NOW - 3 * HOUR, 'theft', HOAN_KIEM_POINT_2));
    await post('crime', crime(3, NOW - 5 * HOUR, 'fraud', BA_DINH_POINT));
    await post('crime', crime(4, NOW - 26 * HOUR, 'fraud', BA_DINH_POINT));
    // Dossiers: Phúc Xá (Ba Đình) reports twice in the 08:00 hour (the later figures count), a
    // Hoàn Kiếm ward once, both again in the 09:00 hour.
    await post('backlog', [
      dossiers('00001', NOW - 110 * MIN, 40, 20, 3),
      dossiers('00001', NOW - 70 * MIN, 44, 24, 4),
      dossiers(hoanKiemCommune, NOW - 90 * MIN, 10, 9, 0),
      dossiers('00001', NOW - 30 * MIN, 50, 36, 2),
      dossiers(hoanKiemCommune, NOW - 20 * MIN, 12, 10, 1),
    ]);

    // Three hours of readings; the rollups are then made as they were an hour ago.
    const rows = readings(NOW - 3 * HOUR, NOW);
    const traffic = createTrafficRepository(server.sql);
    for (let i = 0; i < rows.length; i += 500) await traffic.storeBatch(rows.slice(i, i + 500));
    stored.push(...rows);
    await createRollupService({
      repo: createRollupRepository(server.sql),
      timescale: createTimescaleRepository(server.sql),
      districtOf: (p) => districtAt(p)?.code ?? null,
      policy: { rawDays: 14, minuteDays: 90, hourDays: 730, lateSeconds: 120 },
      log: createLogger('silent'),
    }).runOnce({ now: new Date(NOW - HOUR), retention: false });
  });
  afterAll(async () => server?.close());

  it('counts incidents per district and Hanoi hour of day, leaving duplicates and older reports out', async () => {
    const hk = districtAt(HOAN_KIEM_POINT)!.code;
    const bd = districtAt(BA_DINH_POINT)!.code;
    expect([hk, bd]).toEqual(['002', '001']);
    const a = await answer<IncidentHotspots>('incidents', 'dispatcher', day);
    expect([a.from, a.to]).toEqual([day.from, day.to]);
    expect(a.total).toBe(3);
    expect(a.unplaced).toBe(0);
    const byCode = new Map(a.districts.map((d) => [d.districtCode, d]));
    expect([...byCode.keys()]).toEqual(['001', '002']);
    expect(byCode.get(hk)).toMatchObject({ total: 2, byCategory: { traffic: 1, fire: 1 } });
    expect(byCode.get(hk)!.byHour[8]).toBe(2);
    expect(byCode.get(bd)).toMatchObject({ total: 1, byCategory: { traffic: 1 } });
    // 16:30 UTC is 23:30 in Hanoi.
    expect(byCode.get(bd)!.byHour[23]).toBe(1);
    expect(byCode.get(bd)!.byHour.reduce((s, n) => s + n, 0)).toBe(1);
  });

  it('answers congestion per corridor from the rollups and the newest raw rows alike, equal to the raw rows', async () => {
    const hourOf = (ms: number) => Math.floor(ms / HOUR) * HOUR;
    const a = await answer<CongestionByCorridor>('congestion', 'press', {
      from: iso(NOW - 3 * HOUR),
      to: iso(NOW),
      bucket: '1h',
    });
    // The rollups hold the hours before 08:00 (the job ran at 09:00 with two minutes' grace).
    expect(a.source).toBe('rollup+raw');
    const expected = expectedCongestion(stored, hourOf);
    const got = new Map(
      a.corridors.flatMap((c) =>
        c.buckets.map((b): [string, (typeof c.buckets)[number]] => [`${c.corridorId}|${b.at}`, b]),
      ),
    );
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, e] of expected) {
      const b = got.get(k)!;
      expect(b.speedAvg, k).toBeCloseTo(e.sum / e.n, 6);
      expect([b.detectors, b.congested], k).toEqual([e.detectors, e.congested]);
    }
    const corridorA = a.corridors.find((c) => c.corridorId === segA.corridorId)!;
    const corridorB = a.corridors.find((c) => c.corridorId === segB.corridorId)!;
    expect(corridorA.name).toBe(segA.name);
    // One of the two detectors on A is always slow; B crawls only in the last hour (its mean in the
    // hour before is (30 + 12) / 2 = 21 km/h, not congested).
    expect(corridorA.buckets.map((b) => b.congestionIndex)).toEqual([0.5, 0.5, 0.5]);
    expect(corridorB.buckets.map((b) => b.congestionIndex)).toEqual([0, 0, 1]);
    expect(corridorB.congestionIndex).toBeCloseTo(1 / 3, 6);

    // Minutes wholly before the rollups' edge (in a window longer than the hour always read raw) come
    // from the rollups, and say the same.
    const minutes = await answer<CongestionByCorridor>('congestion', 'press', {
      from: iso(NOW - 3 * HOUR),
      to: iso(NOW - 90 * MIN),
      bucket: '1m',
    });
    expect(minutes.source).toBe('rollup');
    const perMinute = expectedCongestion(
      stored.filter((r) => Date.parse(r.observedAt) < NOW - 90 * MIN),
      (ms) => Math.floor(ms / MIN) * MIN,
    );
    expect(minutes.corridors.reduce((s, c) => s + c.buckets.length, 0)).toBe(perMinute.size);
    for (const c of minutes.corridors)
      for (const b of c.buckets) {
        const e = perMinute.get(`${c.corridorId}|${b.at}`)!;
        expect(b.speedAvg).toBeCloseTo(e.sum / e.n, 6);
      }
  });

  it('widens a window to whole buckets, days from Hanoi midnight', async () => {
    const odd = await answer<CongestionByCorridor>('congestion', 'press', {
      from: iso(NOW - 3 * HOUR + 17 * MIN),
      to: iso(NOW - HOUR - 5 * MIN),
      bucket: '1h',
    });
    expect([odd.from, odd.to]).toEqual([iso(NOW - 3 * HOUR), iso(NOW - HOUR)]);
    expect(odd.corridors[0]!.buckets.map((b) => b.at)).toEqual([iso(NOW - 3 * HOUR), iso(NOW - 2 * HOUR)]);

    const days = await answer<CongestionByCorridor>('congestion', 'press', {
      from: iso(NOW - 3 * HOUR),
      to: iso(NOW),
      bucket: '1d',
    });
    // 27 November in Hanoi: from 17:00 UTC on the 26th to 17:00 UTC on the 27th.
    expect([days.from, days.to]).toEqual(['2026-11-26T17:00:00.000Z', '2026-11-27T17:00:00.000Z']);
    const b = days.corridors.find((c) => c.corridorId === segB.corridorId)!.buckets;
    expect(b.map((x) => x.at)).toEqual(['2026-11-26T17:00:00.000Z']);
    const speeds = stored.filter((r) => r.detectorId === 'an-b').map((r) => r.speed!);
    expect(b[0]!.speedAvg).toBeCloseTo(speeds.reduce((s, v) => s + v, 0) / speeds.length, 6);
  });

  it('gives crime by category to roles that may see it and district totals only to the press', async () => {
    const detail = await answer<CrimeByDistrict>('crime', 'dispatcher', day);
    expect(detail.detail).toBe(true);
    expect(detail.total).toBe(3);
    expect(detail.districts).toEqual([
      { districtCode: '001', total: 1, byCategory: { fraud: 1 } },
      { districtCode: '002', total: 2, byCategory: { theft: 2 } },
    ]);
    const press = await answer<CrimeByDistrict>('crime', 'press', day);
    expect(press.detail).toBe(false);
    expect(press.districts).toEqual([
      { districtCode: '001', total: 1, byCategory: null },
      { districtCode: '002', total: 2, byCategory: null },
    ]);
    const csv = await (await ask('crime', 'press', { ...day, format: 'csv' })).text();
    expect(csv).not.toMatch(/theft|fraud/);
    expect(csv).toContain('002,Hoàn Kiếm,2');
  });

  it('shows dossiers per district and hour from each commune’s latest figures, against the 70% target', async () => {
    const a = await answer<BacklogServiceLevels>('backlog', 'dispatcher', {
      from: iso(NOW - 3 * HOUR),
      to: iso(NOW),
      bucket: '1h',
    });
    expect(a.target).toBe(ONLINE_TARGET);
    const byCode = new Map(a.districts.map((d) => [d.districtCode, d]));
    expect(byCode.get('001')!.buckets).toEqual([
      {
        at: iso(NOW - 2 * HOUR),
        received: 44,
        submittedOnline: 24,
        overdue: 4,
        onlineShare: 24 / 44,
        meetsTarget: false,
      },
      { at: iso(NOW - HOUR), received: 50, submittedOnline: 36, overdue: 2, onlineShare: 36 / 50, meetsTarget: true },
    ]);
    expect(byCode.get('002')!.latest).toEqual({
      at: iso(NOW - HOUR),
      received: 12,
      submittedOnline: 10,
      overdue: 1,
      onlineShare: 10 / 12,
      meetsTarget: true,
    });
  });

  it('exports a view as CSV a spreadsheet reads in Vietnamese, and as GeoJSON on the districts and corridors', async () => {
    const res = await ask('backlog', 'dispatcher', {
      from: iso(NOW - 3 * HOUR),
      to: iso(NOW),
      bucket: '1h',
      format: 'csv',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="hanoi-backlog-[\w.-]+\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe(
      'district_code,district_name,bucket_start,received,submitted_online,overdue,online_share,meets_target',
    );
    expect(lines).toContain(`001,Ba Đình,${iso(NOW - HOUR)},50,36,2,0.72,true`);
    expect(lines.join('\n').normalize('NFC')).toBe(lines.join('\n'));

    const hot = (await (await ask('incidents', 'dispatcher', { ...day, format: 'geojson' })).json()) as {
      type: string;
      features: Array<{
        geometry: { type: string };
        properties: { districtCode: string; name: string; total: number };
      }>;
    };
    expect(hot.type).toBe('FeatureCollection');
    expect(
      hot.features.map((f) => [f.geometry.type, f.properties.districtCode, f.properties.name, f.properties.total]),
    ).toEqual([
      ['Polygon', '001', 'Ba Đình', 1],
      ['Polygon', '002', 'Hoàn Kiếm', 2],
    ]);
    const roads = (await (
      await ask('congestion', 'press', { from: iso(NOW - 3 * HOUR), to: iso(NOW), format: 'geojson' })
    ).json()) as {
      features: Array<{ geometry: { type: string; coordinates: number[][] }; properties: { corridorId: string } }>;
    };
    expect(roads.features.map((f) => f.properties.corridorId).sort()).toEqual(
      [segA.corridorId, segB.corridorId].sort(),
    );
    for (const f of roads.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(f.geometry.coordinates.length).toBeGreaterThan(1);
    }
  });

  it('refuses a bad window with the reason, and a caller without a session', async () => {
    const reversed = await ask('incidents', 'dispatcher', { from: day.to, to: day.from });
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(await reversed.json())).toContain('`from` must be before `to`');
    const wide = await ask('backlog', 'dispatcher', { from: iso(NOW - 100 * 24 * HOUR), to: iso(NOW) });
    expect(wide.status).toBe(400);
    expect(JSON.stringify(await wide.json())).toContain('at most 92 days');
    const noOffset = await ask('crime', 'dispatcher', { from: '2026-11-26T10:00:00', to: day.to });
    expect(noOffset.status).toBe(400);
    expect((await ask('crime', null, day)).status).toBe(401);
  });
});
