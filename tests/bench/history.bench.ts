/**
 * History benchmark (part of `npm run bench`; alone: `npx tsx tests/bench/history.bench.ts`).
 *
 * Always on the embedded engine (PGlite), the slowest place the console runs: seeds 24 hours of
 * readings, one a minute, for every detector of the reference network (the simulators' traffic
 * model), runs the rollup job once (a whole day to catch up), then times the same series read from
 * the rollups and computed by scanning the raw rows, side by side, and checks they agree.
 * Options: --quick (6 hours), --hours 24, --every 60 (seconds between a detector's readings), --runs 3.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { HistoryBucket } from '../../protocol/index.js';
import { districtAt } from '../../server/src/geo/gazetteer.js';
import { createAnalysisRepository } from '../../server/src/modules/analysis/analysis.repository.js';
import { createRollupRepository } from '../../server/src/modules/history/rollup.repository.js';
import { createRollupService } from '../../server/src/modules/history/rollup.service.js';
import {
  createSeriesRepository,
  type BucketSpan,
  type DetectorSeries,
  type TrafficScope,
} from '../../server/src/modules/history/series.repository.js';
import { createTimescaleRepository } from '../../server/src/modules/history/timescale.repository.js';
import { createTrafficRepository, type ReadingRow } from '../../server/src/modules/traffic/traffic.repository.js';
import { openDatabase } from '../../server/src/platform/db/database.js';
import { createLogger } from '../../server/src/platform/log.js';
import { createTrafficModel } from '../../simulators/src/traffic.sim.js';

const out = (line = '') => process.stdout.write(`${line}\n`);
const MIN = 60_000;
const HOUR = 3_600_000;

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      hours: { type: 'string' },
      every: { type: 'string', default: '60' },
      runs: { type: 'string', default: '3' },
    },
  });
  const hours = Number(values.hours ?? (values.quick ? 6 : 24));
  const every = Number(values.every);
  const runs = Number(values.runs);
  if (!(hours > 0 && hours <= 24 * 7) || !(every >= 1) || !(runs >= 1))
    throw new Error('usage: history.bench.ts [--quick] [--hours 24] [--every 60] [--runs 3]');
  return { hours, every, runs };
}

/** The median wall time of `runs` calls, and the last answer. */
async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, value };
}

type Answer = HistoryBucket[] | DetectorSeries;
const isColumns = (v: Answer): v is DetectorSeries => v.length > 0 && 'detectorId' in v[0]!;
const points = (v: Answer) => (isColumns(v) ? v.reduce((n, d) => n + d.bucket.length, 0) : v.length);
/** Both answers hold the same buckets with the same values (float4 columns, sums in another order: 1e-5). */
function agree(a: Answer, b: Answer): boolean {
  const close = (p: number | null, q: number | null) =>
    p === q ||
    (p !== null && q !== null && Number.isNaN(p) && Number.isNaN(q)) ||
    (p !== null && q !== null && Math.abs(p - q) <= 1e-5 * Math.max(1, Math.abs(p)));
  const rows = (v: Answer): Array<Array<number | string | null>> =>
    isColumns(v)
      ? v.flatMap((d) =>
          [...d.bucket].map((at, i) => [
            d.detectorId,
            at,
            d.count[i]!,
            d.speedAvg[i]!,
            d.flowAvg[i]!,
            d.occupancyAvg[i]!,
          ]),
        )
      : v.map((x) => [x.at, x.count, x.speedAvg, x.flowAvg, x.occupancyAvg]);
  const [x, y] = [rows(a), rows(b)];
  return (
    x.length === y.length &&
    x.every((r, i) =>
      r.every((c, j) => (typeof c === 'number' || c === null ? close(c, y[i]![j] as number | null) : c === y[i]![j])),
    )
  );
}

async function main(): Promise<void> {
  const opts = options();
  const log = createLogger('warn');
  const dataDir = await mkdtemp(join(tmpdir(), 'hanoi-history-bench-'));
  const db = await openDatabase({ url: undefined, dataDir, embeddedPort: 0, log });
  try {
    const model = createTrafficModel({ seed: 2016 });
    const end = Date.UTC(2026, 10, 27, 17, 0, 0); // midnight in Hanoi: the whole day before
    const start = end - opts.hours * HOUR;
    const perDetector = Math.floor((opts.hours * HOUR) / (opts.every * 1000));
    out(
      `history bench: embedded engine (PGlite), ${model.detectors.length} detectors, ${opts.hours} h, ` +
        `a reading every ${opts.every} s each (${perDetector * model.detectors.length} readings)`,
    );

    // Seed through the traffic repository, as the pipeline stores them (5,000 a statement).
    const traffic = createTrafficRepository(db.pool);
    let t = performance.now();
    let batch: ReadingRow[] = [];
    for (let at = start; at < end; at += opts.every * 1000)
      for (const m of model.readings(new Date(at))) {
        const r = m.reading;
        batch.push({
          detectorId: m.detectorId,
          observedAt: new Date(at).toISOString(),
          segmentId: r.refRoadSegment ?? null,
          intensity: r.intensity ?? null,
          speed: r.averageVehicleSpeed ?? null,
          occupancy: r.occupancy ?? null,
          position: r.location ? [r.location.coordinates[0], r.location.coordinates[1]] : null,
        });
        if (batch.length === 5000) [batch] = [[], await traffic.storeBatch(batch)];
      }
    if (batch.length > 0) await traffic.storeBatch(batch);
    out(`  seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const rollups = createRollupService({
      repo: createRollupRepository(db.pool),
      timescale: createTimescaleRepository(db.pool),
      districtOf: (p) => districtAt(p)?.code ?? null,
      policy: { rawDays: 14, minuteDays: 90, hourDays: 730, lateSeconds: 120 },
      log,
    });
    await rollups.prepare();
    t = performance.now();
    const first = await rollups.runOnce({ now: new Date(end + 3 * MIN), retention: false });
    out(
      `  rollup job, catching up the whole window: ${((performance.now() - t) / 1000).toFixed(1)} s ` +
        `(${first.minutes.traffic} minutes, ${first.hours.traffic} hours)`,
    );
    // The steady state: one more minute of readings, one run a minute later.
    await traffic.storeBatch(
      model.readings(new Date(end)).map((m) => ({
        detectorId: m.detectorId,
        observedAt: m.reading.dateObserved,
        segmentId: m.reading.refRoadSegment ?? null,
        intensity: m.reading.intensity ?? null,
        speed: m.reading.averageVehicleSpeed ?? null,
        occupancy: m.reading.occupancy ?? null,
        position: null,
      })),
    );
    t = performance.now();
    const next = await rollups.runOnce({ now: new Date(end + 4 * MIN), retention: false });
    out(`  rollup job, one minute later: ${(performance.now() - t).toFixed(0)} ms (${next.minutes.traffic} minute)`);
    out();

    const series = createSeriesRepository(db.pool);
    const minutes: BucketSpan = { size: '1m', from: new Date(start), to: new Date(end) };
    const hours: BucketSpan = { ...minutes, size: '1h' };
    const district = districtAt(model.detectors[0]!.position)!.code;
    const segment: TrafficScope = { kind: 'segment', id: model.detectors[0]!.segmentId };
    const rows: Array<
      [string, () => Promise<HistoryBucket[] | DetectorSeries>, () => Promise<HistoryBucket[] | DetectorSeries>]
    > = [
      [
        `${opts.hours} h of 1-minute buckets, every detector`,
        () => series.everyDetectorFromRollup(minutes),
        () => series.everyDetectorFromRaw(minutes),
      ],
      [
        `${opts.hours} h of 1-hour buckets, every detector`,
        () => series.everyDetectorFromRollup(hours),
        () => series.everyDetectorFromRaw(hours),
      ],
      [
        `${opts.hours} h of 1-minute buckets, district ${district}`,
        () => series.trafficFromRollup({ kind: 'district', id: district }, minutes),
        () => series.trafficFromRaw({ kind: 'district', id: district }, minutes),
      ],
      [
        `${opts.hours} h of 1-minute buckets, the city`,
        () => series.trafficFromRollup({ kind: 'city' }, minutes),
        () => series.trafficFromRaw({ kind: 'city' }, minutes),
      ],
      [
        `${opts.hours} h of 1-minute buckets, segment ${segment.id}`,
        () => series.trafficFromRollup(segment, minutes),
        () => series.trafficFromRaw(segment, minutes),
      ],
    ];
    const table: string[][] = [['series', 'points', 'rollup ms', 'raw scan ms', 'speed-up', 'same']];
    for (const [name, rollup, raw] of rows) {
      const a = await timed(opts.runs, rollup);
      const b = await timed(opts.runs, raw);
      table.push([
        name,
        String(points(a.value)),
        a.ms.toFixed(0),
        b.ms.toFixed(0),
        `${(b.ms / a.ms).toFixed(1)}x`,
        agree(a.value, b.value) ? 'yes' : 'NO',
      ]);
    }
    // The analysis panel's congestion by corridor, a day of minute buckets: the same corridor
    // figures from the rollups (cut at the window's end) and from the raw rows (cut at its start).
    const analysis = createAnalysisRepository(db.pool);
    const fromRollup = await timed(opts.runs, () =>
      analysis.corridorBuckets(minutes.from, minutes.to, minutes.to, '1m'),
    );
    const fromRaw = await timed(opts.runs, () =>
      analysis.corridorBuckets(minutes.from, minutes.from, minutes.to, '1m'),
    );
    const sameCorridors =
      fromRollup.value.length === fromRaw.value.length &&
      fromRollup.value.every((r, i) => {
        const q = fromRaw.value[i]!;
        return (
          r.corridorId === q.corridorId &&
          r.bucket.getTime() === q.bucket.getTime() &&
          r.speedN === q.speedN &&
          r.detectors === q.detectors &&
          r.congested === q.congested &&
          Math.abs(r.speedSum - q.speedSum) <= 1e-6 * Math.max(1, Math.abs(r.speedSum))
        );
      });
    table.push([
      `${opts.hours} h of 1-minute buckets by corridor (analysis)`,
      String(fromRollup.value.length),
      fromRollup.ms.toFixed(0),
      fromRaw.ms.toFixed(0),
      `${(fromRaw.ms / fromRollup.ms).toFixed(1)}x`,
      sameCorridors ? 'yes' : 'NO',
    ]);
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    for (const [i, r] of table.entries()) {
      out(r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
      if (i === 0) out(widths.map((w) => '-'.repeat(w)).join('  '));
    }
    out();
    out(
      `median of ${opts.runs} runs each, through the pg driver on the engine's socket (rows to JS objects included);`,
    );
    out(
      'rollup: traffic_1m / traffic_1h / traffic_district_*; raw scan: date_bin over traffic_readings; same: both agree.',
    );
    if (table.slice(1).some((r) => r[5] !== 'yes')) throw new Error('rollup and raw answers differ');
  } finally {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
