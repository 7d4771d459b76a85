import type { HistoryBucketSize } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import type { RollupRepository, RollupSource } from './rollup.repository.js';
import type { TimescalePolicy, TimescaleRepository } from './timescale.repository.js';

/** Where the rollups and retention live: the job's tables, or TimescaleDB's aggregates and policies. */
export type HistoryStorage = 'plain' | 'timescaledb';

export type HistoryPolicy = TimescalePolicy;

export interface RollupRun {
  storage: HistoryStorage;
  /** False when another server ran the job this period. */
  ran: boolean;
  /** 1-minute and 1-hour buckets computed (again), per source; empty on TimescaleDB. */
  minutes: Partial<Record<RollupSource, number>>;
  hours: Partial<Record<RollupSource, number>>;
  /** Rows deleted per table, when retention ran (at most once an hour). */
  deleted: Record<string, number> | null;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const floorTo = (ms: number, size: number) => Math.floor(ms / size) * size;
const SOURCES: RollupSource[] = ['traffic', 'devices'];

/** Buckets cut into runs spanning at most `span` ms, so one statement never covers a long stretch. */
function runs(buckets: Date[], span: number): Date[][] {
  const out: Date[][] = [];
  for (const b of buckets) {
    const last = out[out.length - 1];
    if (last && b.getTime() - last[0]!.getTime() < span) last.push(b);
    else out.push([b]);
  }
  return out;
}

/**
 * The rollup and retention job. On plain PostgreSQL and the embedded engine: incremental (only the
 * closed buckets with rows stored since the last run, or closed since then; late rows roll their
 * bucket up again), idempotent (upserts of whole buckets), and it catches up after downtime (the
 * watermarks are in the database). With TimescaleDB, continuous aggregates and policies do this; the
 * job then only places detectors in districts and trims the event histories.
 */
export function createRollupService(deps: {
  repo: RollupRepository;
  timescale: TimescaleRepository;
  districtOf: (point: [number, number]) => string | null;
  policy: HistoryPolicy;
  log: Logger;
}) {
  const { repo, policy } = deps;
  const log = deps.log.child({ scope: 'history' });
  let storage: HistoryStorage = 'plain';
  let retainedAt = -Infinity;

  async function placeDetectors(): Promise<void> {
    const unplaced = await repo.unplacedDetectors();
    await repo.placeDetectors(unplaced.map((d) => ({ id: d.id, districtCode: deps.districtOf(d.position) })));
  }

  async function rollup(source: RollupSource, now: number): Promise<{ minutes: number; hours: number }> {
    const closedUntil = new Date(floorTo(now - policy.lateSeconds * 1000, MINUTE));
    const rawFloor = new Date(floorTo(now - policy.rawDays * DAY, HOUR));
    const minuteFloor = floorTo(now - policy.minuteDays * DAY, HOUR);
    const state = await repo.state(source);
    // Read before the rows: anything stored after it is rolled up (again) next time.
    const head = await repo.head(source);
    if (state.closedUntil && closedUntil <= state.closedUntil && head <= state.lastSeq) return { minutes: 0, hours: 0 };

    const minutes = await repo.dirtyMinutes(source, {
      lastSeq: state.lastSeq,
      previous: state.closedUntil,
      closedUntil,
      floor: rawFloor,
    });
    for (const run of runs(minutes, HOUR)) await repo.rollupMinutes(source, run);

    // Hours closed since the last run, and closed hours whose minutes were computed again.
    const hourClosed = floorTo(closedUntil.getTime(), HOUR);
    const since = Math.max(state.closedUntil ? floorTo(state.closedUntil.getTime(), HOUR) : -Infinity, minuteFloor);
    const hours = new Map<number, Date>();
    for (const m of minutes) {
      const h = floorTo(m.getTime(), HOUR);
      if (h < hourClosed && h >= minuteFloor) hours.set(h, new Date(h));
    }
    if (since < hourClosed)
      for (const h of await repo.hoursWithMinutes(source, new Date(since), new Date(hourClosed)))
        hours.set(h.getTime(), h);
    const sorted = [...hours.values()].sort((a, b) => a.getTime() - b.getTime());
    for (const run of runs(sorted, DAY)) await repo.rollupHours(source, run);

    await repo.saveState(source, { lastSeq: head, closedUntil });
    return { minutes: minutes.length, hours: sorted.length };
  }

  async function retain(now: number): Promise<Record<string, number>> {
    const hoursCutoff = new Date(floorTo(now - policy.hourDays * DAY, HOUR));
    const deleted =
      storage === 'plain'
        ? await repo.deleteExpired({
            raw: new Date(floorTo(now - policy.rawDays * DAY, HOUR)),
            minutes: new Date(floorTo(now - policy.minuteDays * DAY, HOUR)),
            hours: hoursCutoff,
          })
        : {};
    return { ...deleted, ...(await repo.deleteSuperseded(hoursCutoff)) };
  }

  return {
    storage: () => storage,

    /**
     * TimescaleDB when the extension is installed and its set-up succeeds (all or nothing); the plain
     * path otherwise. Says which in the log.
     */
    async prepare(): Promise<HistoryStorage> {
      if (await deps.timescale.installed()) {
        try {
          const { created } = await deps.timescale.setUp(policy);
          storage = 'timescaledb';
          const { aggregates, jobs } = await deps.timescale.describe();
          log.info({ aggregates, jobs }, 'history: TimescaleDB continuous aggregates and policies');
          if (created)
            void deps.timescale
              .refreshAll()
              .then(() => log.info('history: continuous aggregates materialised'))
              .catch((err: Error) => log.warn({ err: err.message }, 'history: first refresh failed'));
          return storage;
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'history: TimescaleDB set-up failed; rollup job on plain tables');
        }
      }
      storage = 'plain';
      log.info(
        { rawDays: policy.rawDays, minuteDays: policy.minuteDays, hourDays: policy.hourDays },
        'history: rollup and retention job on plain tables (date_bin)',
      );
      return storage;
    },

    /** The end of what the 1-minute or 1-hour rollups hold (TimescaleDB's aggregates: everything). */
    async rolledUntil(size: HistoryBucketSize): Promise<number> {
      if (storage === 'timescaledb') return Infinity;
      const { closedUntil } = await repo.state('traffic');
      if (!closedUntil) return -Infinity;
      return size === '1m' ? closedUntil.getTime() : floorTo(closedUntil.getTime(), HOUR);
    },

    /** Same for the device feeds' report counts. */
    async devicesRolledUntil(size: HistoryBucketSize): Promise<number> {
      if (storage === 'timescaledb') return Infinity;
      const { closedUntil } = await repo.state('devices');
      if (!closedUntil) return -Infinity;
      return size === '1m' ? closedUntil.getTime() : floorTo(closedUntil.getTime(), HOUR);
    },

    /**
     * One run: place new detectors in districts, roll up (plain path), and at most once an hour (or
     * when `retention` is forced) delete what is past its retention.
     */
    async runOnce(opts: { now?: Date; retention?: boolean; turnSeconds?: number } = {}): Promise<RollupRun> {
      const now = (opts.now ?? new Date()).getTime();
      const run: RollupRun = { storage, ran: false, minutes: {}, hours: {}, deleted: null };
      if (opts.turnSeconds !== undefined && !(await repo.takeTurn(opts.turnSeconds))) return run;
      run.ran = true;
      await placeDetectors();
      if (storage === 'plain')
        for (const source of SOURCES) {
          const done = await rollup(source, now);
          run.minutes[source] = done.minutes;
          run.hours[source] = done.hours;
        }
      const retention = opts.retention ?? now - retainedAt >= HOUR;
      if (retention) {
        run.deleted = await retain(now);
        retainedAt = now;
      }
      // After a catch-up or retention, the planner's statistics (PGlite gathers none by itself).
      const computed = Object.values(run.minutes).reduce((a, b) => a + (b ?? 0), 0);
      if (storage === 'plain' && (retention || computed > 60)) await repo.analyze();
      return run;
    },

    /** Runs every `everyMs` (a slow run is not overlapped); returns a stop function. */
    start(everyMs: number): () => void {
      let running = false;
      const tick = () => {
        if (running) return;
        running = true;
        this.runOnce({ turnSeconds: everyMs / 2000 })
          .then((r) => {
            if (r.ran) log.debug({ minutes: r.minutes, hours: r.hours, deleted: r.deleted }, 'history: rollup run');
          })
          .catch((err: Error) => log.error({ err: err.message }, 'history: rollup run failed'))
          .finally(() => (running = false));
      };
      const timer = setInterval(tick, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type RollupService = ReturnType<typeof createRollupService>;
