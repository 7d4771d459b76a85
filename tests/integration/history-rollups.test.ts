import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backlogExample, crimeExample, type HistoryBucket, type HistorySeries } from '../../protocol/index.js';
import { districtAt } from '../../server/src/geo/gazetteer.js';
import { createDevicesRepository } from '../../server/src/modules/devices/devices.repository.js';
import { createRollupRepository } from '../../server/src/modules/history/rollup.repository.js';
import { createRollupService, type HistoryPolicy } from '../../server/src/modules/history/rollup.service.js';
import {
  COMPRESSION,
  createTimescaleRepository,
  timescaleStatements,
} from '../../server/src/modules/history/timescale.repository.js';
import { createTrafficRepository, type ReadingRow } from '../../server/src/modules/traffic/traffic.repository.js';
import { createLogger } from '../../server/src/platform/log.js';
import { createSignalsModel } from '../../simulators/src/signals.sim.js';
import { createTrafficModel } from '../../simulators/src/traffic.sim.js';
import { signIn } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL', embedded: false }] : []),
  { name: 'the embedded engine', embedded: true },
];
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** "Now" for the job: 10:00 in Hanoi. The history is the three hours before, and what comes after. */
const NOW = Date.UTC(2026, 10, 27, 3, 0, 0);
const LATE_S = 120;
const POLICY: HistoryPolicy = { rawDays: 14, minuteDays: 90, hourDays: 730, lateSeconds: LATE_S };
const log = createLogger('silent');
const KEY = 'a-test-key-of-enough-length';

// Twelve detectors of the reference network spread over districts; one reading every 20 s each, a
// speed missing from every seventh reading (the rollups count what each reading carried).
const model = createTrafficModel({ seed: 2016 });
const detectors = model.detectors.filter((_, i) => i % 13 === 0).slice(0, 12);
const districtOf = new Map(detectors.map((d) => [d.id, districtAt(d.position)?.code ?? null]));
function readings(fromMs: number, toMs: number, stepMs = 20_000): ReadingRow[] {
  const rows: ReadingRow[] = [];
  for (let t = fromMs; t < toMs; t += stepMs)
    detectors.forEach((d, i) => {
      const r = model.reading(d.id, new Date(t + i * 500)).reading;
      const n = rows.length;
      rows.push({
        detectorId: d.id,
        observedAt: new Date(t + i * 500).toISOString(),
        segmentId: d.segmentId,
        intensity: r.intensity ?? null,
        speed: n % 7 === 3 ? null : (r.averageVehicleSpeed ?? null),
        occupancy: r.occupancy ?? null,
        position: d.position,
      });
    });
  return rows;
}

interface Agg {
  count: number;
  speedN: number;
  speedSum: number;
  speedMin: number | null;
  speedMax: number | null;
  flowN: number;
  flowSum: number;
  occN: number;
  occSum: number;
  detectors: Set<string>;
}
/** What a rollup row must hold: the aggregates of the raw rows, computed here. */
function aggregate(rows: ReadingRow[], key: (r: ReadingRow) => string | null): Map<string, Agg> {
  const out = new Map<string, Agg>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const a = out.get(k) ?? {
      ...{ count: 0, speedN: 0, speedSum: 0, speedMin: null, speedMax: null },
      ...{ flowN: 0, flowSum: 0, occN: 0, occSum: 0, detectors: new Set<string>() },
    };
    a.count += 1;
    a.detectors.add(r.detectorId);
    if (r.speed !== null) {
      a.speedN += 1;
      a.speedSum += r.speed;
      a.speedMin = Math.min(a.speedMin ?? Infinity, r.speed);
      a.speedMax = Math.max(a.speedMax ?? -Infinity, r.speed);
    }
    if (r.intensity !== null) [a.flowN, a.flowSum] = [a.flowN + 1, a.flowSum + r.intensity];
    if (r.occupancy !== null) [a.occN, a.occSum] = [a.occN + 1, a.occSum + r.occupancy];
    out.set(k, a);
  }
  return out;
}
const bucketOf = (iso: string, size: number) => new Date(Math.floor(Date.parse(iso) / size) * size).toISOString();
const closed = (rows: ReadingRow[], until: number) => rows.filter((r) => Date.parse(r.observedAt) < until);

describe.each(modes)('history rollups and retention on $name', ({ embedded }) => {
  let server: TestServer;
  let cookie: string;
  const stored: ReadingRow[] = [];
  const job = (policy: HistoryPolicy = POLICY) =>
    createRollupService({
      repo: createRollupRepository(server.sql),
      timescale: createTimescaleRepository(server.sql),
      districtOf: (p) => districtAt(p)?.code ?? null,
      policy,
      log,
    });
  const q = async (sql: string, params: unknown[] = []) => (await server.sql.query(sql, params)).rows;
  async function store(rows: ReadingRow[]) {
    const repo = createTrafficRepository(server.sql);
    for (let i = 0; i < rows.length; i += 1000) await repo.storeBatch(rows.slice(i, i + 1000));
    stored.push(...rows);
  }

  /** Every rollup row of a table, keyed `<key>|<bucket>`. */
  async function table(name: string, key: string) {
    const rows = await q(`SELECT * FROM ${name} ORDER BY ${key}, bucket`);
    return new Map(rows.map((r) => [`${r[key]}|${new Date(r.bucket).toISOString()}`, r]));
  }
  function expectEqual(actual: Map<string, Record<string, unknown>>, expected: Map<string, Agg>, what: string) {
    expect([...actual.keys()].sort(), what).toEqual([...expected.keys()].sort());
    for (const [k, e] of expected) {
      const a = actual.get(k)!;
      expect(Number(a.readings), `${what} ${k} readings`).toBe(e.count);
      expect(Number(a.speed_n), `${what} ${k} speed_n`).toBe(e.speedN);
      expect(Number(a.speed_sum ?? 0), `${what} ${k} speed_sum`).toBeCloseTo(e.speedSum, 3);
      expect(a.speed_min === null ? null : Number(a.speed_min)).toBeCloseTo(e.speedMin ?? NaN, 4);
      expect(a.speed_max === null ? null : Number(a.speed_max)).toBeCloseTo(e.speedMax ?? NaN, 4);
      expect(Number(a.flow_sum ?? 0) / Number(a.flow_n), `${what} ${k} flow`).toBeCloseTo(e.flowSum / e.flowN, 6);
      expect(Number(a.occ_sum ?? 0) / Number(a.occ_n), `${what} ${k} occupancy`).toBeCloseTo(e.occSum / e.occN, 6);
      if ('detectors' in a) expect(Number(a.detectors), `${what} ${k} detectors`).toBe(e.detectors.size);
    }
  }
  /** All four traffic rollups against the raw rows of the buckets closed at `now`. */
  async function expectRollupsOfRaw(now: number) {
    const until = Math.floor((now - LATE_S * 1000) / MIN) * MIN;
    const rows = closed(stored, until);
    const hourRows = closed(stored, Math.floor(until / HOUR) * HOUR);
    const perDetector = (size: number) => (r: ReadingRow) => `${r.detectorId}|${bucketOf(r.observedAt, size)}`;
    const perDistrict = (size: number) => (r: ReadingRow) =>
      districtOf.get(r.detectorId) ? `${districtOf.get(r.detectorId)}|${bucketOf(r.observedAt, size)}` : null;
    expectEqual(await table('traffic_1m', 'detector_id'), aggregate(rows, perDetector(MIN)), 'traffic_1m');
    expectEqual(await table('traffic_1h', 'detector_id'), aggregate(hourRows, perDetector(HOUR)), 'traffic_1h');
    expectEqual(await table('traffic_district_1m', 'district_code'), aggregate(rows, perDistrict(MIN)), 'district 1m');
    expectEqual(
      await table('traffic_district_1h', 'district_code'),
      aggregate(hourRows, perDistrict(HOUR)),
      'district 1h',
    );
  }

  beforeAll(async () => {
    // The server's own job stays out of the way (first run in an hour); the tests run theirs.
    server = await startTestServer({
      embedded,
      overrides: { history: { ...POLICY, rollupEveryMs: 3_600_000 }, feedApiKeys: [{ agency: 'police', key: KEY }] },
    });
    cookie = await signIn(server.url, 'demo-viewer');
    await store(readings(NOW - 3 * HOUR, NOW + 10 * MIN));
    // Signal controllers' reports, every 30 s, for the device-feed rollups.
    const signals = createSignalsModel({ seed: 2016 });
    const devices = createDevicesRepository(server.sql);
    for (let t = NOW - 3 * HOUR; t < NOW; t += 30_000)
      await devices.storeBatch(
        'signals',
        signals.devices.slice(0, 5).map((d) => {
          const { report } = signals.report(d.id, new Date(t));
          return { deviceId: d.id, observedAt: report.dateObserved, report, position: null, expectedIntervalS: 60 };
        }),
      );
  });
  afterAll(async () => server?.close());

  it('rolls up every closed minute and hour, per detector and district, equal to aggregates of the raw rows', async () => {
    expect(new Set(districtOf.values()).size).toBeGreaterThan(3);
    const run = await job().runOnce({ now: new Date(NOW), retention: false });
    expect(run.storage).toBe('plain');
    expect(run.minutes.traffic).toBe(3 * 60 - LATE_S / 60);
    expect(run.hours.traffic).toBe(2); // 07:00 and 08:00 in Hanoi; 09:00 is still open
    await expectRollupsOfRaw(NOW);
    // Device feeds: five signals every 30 s is ten reports a minute, 600 an hour.
    const feed = await q(`SELECT bucket, reports FROM device_feed_1m WHERE feed = 'signals' ORDER BY bucket`);
    expect(feed).toHaveLength(3 * 60 - LATE_S / 60);
    expect(feed.every((r) => Number(r.reports) === 10)).toBe(true);
    const hours = await q(`SELECT reports FROM device_feed_1h WHERE feed = 'signals'`);
    expect(hours.map((r) => Number(r.reports))).toEqual([600, 600]);
  });

  it('is incremental and idempotent: a second run changes nothing, a late reading rolls up its own bucket again', async () => {
    const before = await q('SELECT * FROM traffic_1m ORDER BY detector_id, bucket');
    const again = await job().runOnce({ now: new Date(NOW), retention: false });
    expect(again.minutes).toEqual({ traffic: 0, devices: 0 });
    expect(await q('SELECT * FROM traffic_1m ORDER BY detector_id, bucket')).toEqual(before);

    // A reading arrives two hours late (its minute and hour were closed and rolled up), and time moves on 5 minutes.
    const late = readings(NOW - 2 * HOUR + 17_000, NOW - 2 * HOUR + 18_000).slice(0, 1);
    await store(late);
    const next = await job().runOnce({ now: new Date(NOW + 5 * MIN), retention: false });
    expect(next.minutes.traffic).toBe(1 + 5);
    expect(next.hours.traffic).toBe(2); // the late reading's hour, and 09:00 now closed
    await expectRollupsOfRaw(NOW + 5 * MIN);
    expect((await job().runOnce({ now: new Date(NOW + 5 * MIN), retention: false })).minutes.traffic).toBe(0);
  });

  it('catches up after downtime: every bucket closed while it was not running', async () => {
    // Three hours stored while the job did not run (a server down, readings buffered by the broker).
    await store(readings(NOW + 10 * MIN, NOW + 3 * HOUR));
    const run = await job().runOnce({ now: new Date(NOW + 3 * HOUR + 30_000), retention: false });
    expect(run.minutes.traffic).toBe(3 * 60 - 5);
    expect(run.hours.traffic).toBe(2);
    await expectRollupsOfRaw(NOW + 3 * HOUR + 30_000);
  });

  it('answers series from the rollups, from raw rows for short windows, and both at the rollups edge', async () => {
    const district = [...districtOf.values()].find((d) => d !== null)!;
    const inDistrict = (r: ReadingRow) => districtOf.get(r.detectorId) === district;
    const series = async (from: number, to: number, bucket: string) => {
      const params = new URLSearchParams({ kind: 'district', id: district, from: new Date(from).toISOString() });
      params.set('to', new Date(to).toISOString());
      params.set('bucket', bucket);
      const res = await fetch(`${server.url}/api/v1/history/series?${params}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      return (await res.json()) as HistorySeries;
    };
    const expected = (from: number, to: number, size: number): HistoryBucket[] =>
      [
        ...aggregate(
          stored.filter((r) => inDistrict(r) && Date.parse(r.observedAt) >= from && Date.parse(r.observedAt) < to),
          (r) => bucketOf(r.observedAt, size),
        ),
      ]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([at, a]) => ({
          at,
          count: a.count,
          speedAvg: a.speedN ? a.speedSum / a.speedN : null,
          speedMin: a.speedMin,
          speedMax: a.speedMax,
          flowAvg: a.flowSum / a.flowN,
          occupancyAvg: a.occSum / a.occN,
        }));
    const same = (s: HistorySeries, e: HistoryBucket[]) => {
      expect(s.buckets.map((b) => [b.at, b.count])).toEqual(e.map((b) => [b.at, b.count]));
      s.buckets.forEach((b, i) => {
        for (const k of ['speedAvg', 'speedMin', 'speedMax', 'flowAvg', 'occupancyAvg'] as const)
          expect(b[k], `${b.at} ${k}`).toBeCloseTo(e[i]![k]!, 4);
      });
    };
    const rolled = NOW + 3 * HOUR; // the last run rolled up the minutes before 12:58 and the hours before 12:00
    const old = await series(NOW - 3 * HOUR, NOW - HOUR, '1m');
    expect(old.source).toBe('rollup');
    same(old, expected(NOW - 3 * HOUR, NOW - HOUR, MIN));
    const short = await series(NOW, NOW + 30 * MIN, '1m');
    expect(short.source).toBe('raw');
    same(short, expected(NOW, NOW + 30 * MIN, MIN));
    const edge = await series(rolled - 2 * HOUR, rolled + 10 * MIN, '1m');
    expect(edge.source).toBe('rollup+raw');
    same(edge, expected(rolled - 2 * HOUR, rolled + 10 * MIN, MIN));
    const hourly = await series(NOW - 4 * HOUR, rolled, 'auto');
    expect([hourly.bucket, hourly.source]).toEqual(['1h', 'rollup+raw']);
    same(hourly, expected(NOW - 4 * HOUR, rolled, HOUR));
  });

  it('takes the TimescaleDB path only where the extension is reachable, and says so', async () => {
    // The continuous aggregates carry the rollup tables' names, so the same queries read either.
    const statements = timescaleStatements(POLICY, true).join('\n');
    for (const name of ['traffic_1m', 'traffic_1h', 'device_feed_1m', 'device_feed_1h'])
      expect(statements).toMatch(new RegExp(`CREATE MATERIALIZED VIEW IF NOT EXISTS ${name}\\s`));
    for (const name of ['traffic_district_1m', 'traffic_district_1h'])
      expect(statements).toContain(`CREATE OR REPLACE VIEW ${name} AS`);
    expect(statements).toMatch(/add_retention_policy\('traffic_readings', INTERVAL '1209600 seconds'/);

    const timescale = createTimescaleRepository(server.sql);
    const rollups = job();
    const storage = await rollups.prepare();
    if (!(await timescale.available())) {
      console.log(`TimescaleDB not reachable: skipped the hypertable path (${embedded ? 'embedded' : 'PostgreSQL'})`);
      expect(storage).toBe('plain');
      expect(await timescale.installed()).toBe(false);
      const kinds = await q(`SELECT relname, relkind FROM pg_class WHERE relname IN ('traffic_1m', 'traffic_1h')`);
      expect(kinds.map((k) => k.relkind)).toEqual(['r', 'r']);
      return;
    }
    expect(storage).toBe('timescaledb');
    const { aggregates, jobs } = await timescale.describe();
    expect(aggregates).toEqual(expect.arrayContaining(['traffic_1m', 'traffic_1h', 'device_feed_1m']));
    expect(jobs.join(' ')).toMatch(/policy_retention/);
    // Every hypertable is compressed, the event histories and dossier reports too.
    for (const { table } of COMPRESSION) expect(jobs).toContain(`policy_compression:${table}`);
    const hypertables = await q(`SELECT hypertable_name FROM timescaledb_information.hypertables`);
    expect(hypertables.map((h) => h.hypertable_name)).toEqual(
      expect.arrayContaining(['traffic_readings', 'device_reports', ...COMPRESSION.map((c) => c.table)]),
    );
  });

  it('deletes only what is past its retention, and keeps the last state of each object before the cutoff', async () => {
    const policy: HistoryPolicy = { rawDays: 1 / 24, minuteDays: 2 / 24, hourDays: 4 / 24, lateSeconds: LATE_S };
    const now = NOW + 3 * HOUR + 30 * MIN;
    const count = async (t: string, col: string, cutoff: number) => {
      const [r] = await q(`SELECT count(*) FILTER (WHERE ${col} < $1) AS old, count(*) AS all FROM ${t}`, [
        new Date(cutoff),
      ]);
      return { old: Number(r.old), all: Number(r.all) };
    };
    const rawCut = Math.floor((now - policy.rawDays * DAY) / HOUR) * HOUR;
    const minuteCut = Math.floor((now - policy.minuteDays * DAY) / HOUR) * HOUR;
    const hourCut = Math.floor((now - policy.hourDays * DAY) / HOUR) * HOUR;
    await job(policy).runOnce({ now: new Date(now), retention: false }); // rolls up first: counted below
    const raw = await count('traffic_readings', 'observed_at', rawCut);
    const minutes = await count('traffic_1m', 'bucket', minuteCut);
    const hours = await count('traffic_1h', 'bucket', hourCut);
    expect(raw.old).toBeGreaterThan(0);
    expect(minutes.old).toBeGreaterThan(0);
    expect(hours.old).toBeGreaterThan(0);

    const run = await job(policy).runOnce({ now: new Date(now), retention: true });
    expect(run.deleted).toMatchObject({ traffic_readings: raw.old, traffic_1m: minutes.old, traffic_1h: hours.old });
    expect(await count('traffic_readings', 'observed_at', rawCut)).toEqual({ old: 0, all: raw.all - raw.old });
    expect(await count('traffic_1m', 'bucket', minuteCut)).toEqual({ old: 0, all: minutes.all - minutes.old });
    expect(await count('traffic_1h', 'bucket', hourCut)).toEqual({ old: 0, all: hours.all - hours.old });
    // Nothing newer than a cutoff went: what is left equals the aggregates of the raw rows kept.
    const kept = stored.filter((r) => Date.parse(r.observedAt) >= rawCut);
    expect(Number((await q('SELECT count(*) AS n FROM traffic_readings'))[0].n)).toBe(kept.length);
  });

  it('trims the crime and dossier histories to the last state of each before the cutoff', async () => {
    const post = (feed: string, body: unknown) =>
      fetch(`${server.url}/api/v1/feeds/${feed}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify(body),
      });
    const long = new Date(Date.now() - 10 * DAY).toISOString();
    // One report that changed since (two states), one that never did.
    for (const body of [
      { ...crimeExample, externalId: 'trim-1', dateObserved: long, status: 'reported' },
      { ...crimeExample, externalId: 'trim-1', dateObserved: long, status: 'investigating' },
      { ...crimeExample, externalId: 'trim-2', dateObserved: long },
    ])
      expect((await post('crime', body)).status).toBe(202);
    for (const hoursAgo of [30, 20, 10])
      expect(
        (
          await post('backlog', {
            ...backlogExample,
            dateObserved: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
          })
        ).status,
      ).toBe(202);
    const crimes = async () =>
      (
        await q(`SELECT h.status FROM crime_history h JOIN crimes c ON c.id = h.crime_id ORDER BY c.external_id, h.seq`)
      ).map((r) => r.status);
    expect(await crimes()).toEqual(['reported', 'investigating', 'reported']);
    const dossiers = async () => Number((await q('SELECT count(*) AS n FROM backlog_reports'))[0].n);
    expect(await dossiers()).toBe(3);

    // A cutoff one hour from now: every state above is older; the last one of each stays.
    const policy: HistoryPolicy = { rawDays: 1 / 24, minuteDays: 1 / 24, hourDays: 1 / 24, lateSeconds: LATE_S };
    const run = await job(policy).runOnce({ now: new Date(Date.now() + 2 * HOUR), retention: true });
    expect(run.deleted).toMatchObject({ crime_history: 1, backlog_reports: 2 });
    expect(await crimes()).toEqual(['investigating', 'reported']);
    expect(await dossiers()).toBe(1);
  });
});
