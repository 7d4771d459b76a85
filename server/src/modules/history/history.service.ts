import {
  BUCKET_MS,
  can,
  DEVICE_FEEDS,
  HISTORY_AUTO_MINUTES_UP_TO_MS,
  layerSchema,
  type CrimeDistrictTotal,
  type CrimeState,
  type DeviceFeed,
  type TimedFeedEvent,
  type HistoryBucket,
  type HistoryBucketSize,
  type HistoryEvents,
  type HistoryEventsQuery,
  type HistorySeries,
  type HistorySeriesQuery,
  type HistoryState,
  type HistoryStateQuery,
  type Layer,
  type SessionUser,
} from '../../../../protocol/index.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import type { CrimeRecord } from '../crime/crime.repository.js';
import { generalise } from '../crime/crime.service.js';
import type { EventWindow, HistoryRepository, Timed } from './history.repository.js';
import type { RollupService } from './rollup.service.js';
import type { BucketSpan, EventFeed, SeriesRepository, TrafficScope } from './series.repository.js';

/** Minute buckets of windows up to this long come from the raw rows (as fresh as stored). */
export const RAW_WINDOW_MS = 3_600_000;

/** Where a series' buckets come from: the rollups, raw rows, or the rollups then raw rows. */
export type SeriesSource = HistorySeries['source'];

/**
 * Which rows answer a span of whole buckets when the rollups hold everything before `rolled`: the
 * rollups before `cut` and raw rows from it (short minute windows always from raw rows). `cut` is
 * within [from, to]: `from` when only raw rows answer, `to` when only the rollups do.
 */
export function sourcesOf(
  span: { size: string; from: Date; to: Date },
  rolled: number,
): { source: SeriesSource; cut: Date } {
  const short = span.size === '1m' && span.to.getTime() - span.from.getTime() <= RAW_WINDOW_MS;
  if (short || rolled <= span.from.getTime()) return { source: 'raw', cut: span.from };
  if (rolled >= span.to.getTime()) return { source: 'rollup', cut: span.to };
  return { source: 'rollup+raw', cut: new Date(rolled) };
}

const isDeviceFeed = (layer: Layer): layer is DeviceFeed => (DEVICE_FEEDS as readonly string[]).includes(layer);
/** Crime reports one by one (generalised) for roles that may see them so; district totals otherwise. */
const seesCrimePoints = (user: SessionUser) => can(user.role, 'crime.points') || can(user.role, 'crime.exact');

function crimeTotals(records: CrimeRecord[]): CrimeDistrictTotal[] {
  const byDistrict = new Map<string, CrimeDistrictTotal>();
  for (const r of records) {
    if (!r.districtCode) continue;
    const t = byDistrict.get(r.districtCode) ?? { districtCode: r.districtCode, total: 0, byCategory: {} };
    t.total += 1;
    t.byCategory[r.category] = (t.byCategory[r.category] ?? 0) + 1;
    byDistrict.set(r.districtCode, t);
  }
  return [...byDistrict.values()].sort((a, b) => a.districtCode.localeCompare(b.districtCode));
}

/**
 * History for the console: bucketed series (rollups where they are complete, raw rows for short
 * windows and the newest buckets), the state of every object as of an instant, and the events after
 * it for a replay. Crime as generalised points only for roles allowed to see points; totals otherwise.
 */
export function createHistoryService(deps: {
  repo: HistoryRepository;
  series: SeriesRepository;
  rollups: Pick<RollupService, 'rolledUntil' | 'devicesRolledUntil'>;
  segmentExists: (id: string) => boolean;
  districtExists: (code: string) => boolean;
  districtLabel: (code: string) => [number, number] | undefined;
}) {
  const toCrime = (c: CrimeRecord): CrimeState => generalise(c, deps.districtLabel);

  /** Rollups before `rolled`, raw rows from there: which ran, and the buckets in order. */
  async function split(
    span: BucketSpan,
    rolled: number,
    fromRollup: (s: BucketSpan) => Promise<HistoryBucket[]>,
    fromRaw: (s: BucketSpan) => Promise<HistoryBucket[]>,
  ): Promise<Pick<HistorySeries, 'source' | 'buckets'>> {
    const { source, cut } = sourcesOf(span, rolled);
    if (source === 'raw') return { source, buckets: await fromRaw(span) };
    if (source === 'rollup') return { source, buckets: await fromRollup(span) };
    const head = await fromRollup({ ...span, to: cut });
    const tail = await fromRaw({ ...span, from: cut });
    return { source, buckets: [...head, ...tail] };
  }

  async function trafficScope(q: HistorySeriesQuery): Promise<TrafficScope | null> {
    switch (q.kind) {
      case 'segment':
        if (!deps.segmentExists(q.id)) throw new NotFoundError(`There is no road segment ${q.id}.`);
        return { kind: 'segment', id: q.id };
      case 'district':
        if (!deps.districtExists(q.id)) throw new NotFoundError(`There is no district ${q.id}.`);
        return { kind: 'district', id: q.id };
      case 'detector':
        if (!(await deps.repo.detectorExists(q.id))) throw new NotFoundError(`There is no detector ${q.id}.`);
        return { kind: 'detector', id: q.id };
      case 'feed':
        return q.id === 'traffic' ? { kind: 'city' } : null;
    }
  }

  async function layerEvents(layer: Layer, w: EventWindow): Promise<TimedFeedEvent[]> {
    const wrap = <T extends { seq: number }>(items: Timed<T>[]) =>
      items.map(
        ({ at, state: data }) =>
          ({ feed: layer, seq: data.seq, at: at.toISOString(), data }) as unknown as TimedFeedEvent,
      );
    if (isDeviceFeed(layer)) return wrap(await deps.repo.deviceEvents(layer, w));
    switch (layer) {
      case 'traffic':
        return wrap(await deps.repo.trafficEvents(w));
      case 'incidents':
        return wrap(await deps.repo.incidentEvents(w));
      case 'alarms':
        return wrap(await deps.repo.alarmEvents(w));
      case 'crime':
        return wrap((await deps.repo.crimeEvents(w)).map(({ at, state }) => ({ at, state: toCrime(state) })));
      case 'backlog':
        return wrap(await deps.repo.backlogEvents(w));
    }
    return [];
  }

  return {
    async series(q: HistorySeriesQuery): Promise<HistorySeries> {
      const from = Date.parse(q.from);
      const to = Date.parse(q.to);
      const size: HistoryBucketSize =
        q.bucket !== 'auto' ? q.bucket : to - from <= HISTORY_AUTO_MINUTES_UP_TO_MS ? '1m' : '1h';
      const ms = BUCKET_MS[size];
      // Whole buckets: the one `from` falls in, to the one `to` falls in.
      const span: BucketSpan = {
        size,
        from: new Date(Math.floor(from / ms) * ms),
        to: new Date(Math.ceil(to / ms) * ms),
      };
      const answer = (r: Pick<HistorySeries, 'source' | 'buckets'>): HistorySeries => ({
        kind: q.kind,
        id: q.id,
        bucket: size,
        from: span.from.toISOString(),
        to: span.to.toISOString(),
        ...r,
      });

      const scope = await trafficScope(q);
      if (scope)
        return answer(
          await split(
            span,
            await deps.rollups.rolledUntil(size),
            (s) => deps.series.trafficFromRollup(scope, s),
            (s) => deps.series.trafficFromRaw(scope, s),
          ),
        );
      const layer = layerSchema.safeParse(q.id);
      if (!layer.success)
        throw new ValidationError('invalid query', { id: [`for kind=feed, one of ${layerSchema.options.join(', ')}`] });
      const feed = layer.data;
      if (isDeviceFeed(feed))
        return answer(
          await split(
            span,
            await deps.rollups.devicesRolledUntil(size),
            (s) => deps.series.deviceReports(feed, s, 'rollup'),
            (s) => deps.series.deviceReports(feed, s, 'raw'),
          ),
        );
      return answer({ source: 'raw', buckets: await deps.series.eventCounts(feed as EventFeed, span) });
    },

    async state(q: HistoryStateQuery, user: SessionUser): Promise<HistoryState> {
      const at = new Date(q.at);
      const asked = (layer: Layer) => q.layers.includes(layer);
      const state: HistoryState = {
        at: at.toISOString(),
        head: 0,
        traffic: asked('traffic') ? await deps.repo.trafficAt(at) : [],
        signals: asked('signals') ? await deps.repo.devicesAt('signals', at) : [],
        cameras: asked('cameras') ? await deps.repo.devicesAt('cameras', at) : [],
        units: asked('units') ? await deps.repo.devicesAt('units', at) : [],
        network: asked('network') ? await deps.repo.devicesAt('network', at) : [],
        incidents: asked('incidents') ? await deps.repo.incidentsAt(at) : [],
        alarms: asked('alarms') ? await deps.repo.alarmsAt(at) : [],
        crime: [],
        backlog: asked('backlog') ? await deps.repo.backlogAt(at) : [],
        crimeTotals: null,
      };
      if (asked('crime')) {
        const records = await deps.repo.crimesAt(at);
        if (seesCrimePoints(user)) state.crime = records.map(toCrime);
        else state.crimeTotals = crimeTotals(records);
      }
      const seqs = layerSchema.options.flatMap((l) => (state[l] as Array<{ seq: number }>).map((i) => i.seq));
      state.head = seqs.reduce((a, b) => Math.max(a, b), 0);
      return state;
    },

    /**
     * Every asked layer's events of the window after `after`, merged in sequence order and cut at
     * `limit`: the next page starts after the returned head, so nothing is skipped or repeated.
     */
    async events(q: HistoryEventsQuery, user: SessionUser): Promise<HistoryEvents> {
      const layers = q.layers.filter((l) => l !== 'crime' || seesCrimePoints(user));
      const w: EventWindow = { from: new Date(q.from), to: new Date(q.to), after: q.after, limit: q.limit + 1 };
      const fetched: TimedFeedEvent[] = [];
      for (const layer of layers) fetched.push(...(await layerEvents(layer, w)));
      fetched.sort((a, b) => a.seq - b.seq);
      const page = fetched.slice(0, q.limit);
      return {
        events: page,
        head: page.length > 0 ? page[page.length - 1]!.seq : q.after,
        hasMore: fetched.length > q.limit,
        layers,
      };
    },
  };
}

export type HistoryService = ReturnType<typeof createHistoryService>;
