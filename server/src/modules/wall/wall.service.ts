import {
  WALL_ROOM,
  type CrimeDistrictTotal,
  type DistrictBacklog,
  type TrafficState,
  type WallSnapshot,
} from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import type { Broadcaster } from '../../platform/realtime/broadcaster.js';
import type { WallRepository } from './wall.repository.js';

/** Crime on the wall: reports observed in the last 24 hours. */
export const WALL_CRIME_HOURS = 24;

export interface WallOptions {
  /** District sums are recomputed at most once per this many ms (default 250). */
  debounceMs?: number;
  /** Every district's crime totals are recomputed this often, as reports age out of the window (default 60 s). */
  refreshEveryMs?: number;
}

/**
 * Collects keys and runs `work` on them at most once per `delayMs`, never two runs at a time; keys
 * added while a run is under way wait for the next one.
 */
function coalesce(work: (keys: string[] | null) => Promise<void>, delayMs: number, log: Logger) {
  const pending = new Set<string>();
  let all = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const arm = () => {
    if (timer || running || stopped || (!all && pending.size === 0)) return;
    timer = setTimeout(fire, delayMs);
    timer.unref();
  };
  const fire = () => {
    timer = undefined;
    const keys = all ? null : [...pending];
    pending.clear();
    all = false;
    running = work(keys)
      .catch((err: Error) => log.error({ err: err.message }, 'wall recompute failed'))
      .finally(() => {
        running = undefined;
        arm();
      });
  };
  return {
    add(keys: Iterable<string | null>) {
      for (const k of keys) if (k !== null) pending.add(k);
      arm();
    },
    addAll() {
      all = true;
      arm();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The press wall's data: a snapshot of public projections, and district sums (crime over the last
 * 24 hours, the backlog) recomputed from the database for the districts that changed and published
 * to the `wall` room when they differ from what was last published.
 */
export function createWallService(
  deps: {
    repo: WallRepository;
    traffic: () => Promise<TrafficState[]>;
    /** The plain frame broadcaster (not the wall's decorator). */
    broadcaster: Broadcaster;
    log: Logger;
  } & WallOptions,
) {
  const log = deps.log.child({ scope: 'wall' });
  const published = { crime: new Map<string, string>(), backlog: new Map<string, string>() };

  /** Items whose value changed since last published (all of `asked`, with `empty` for those now absent). */
  function changed<T extends { districtCode: string }>(
    cache: Map<string, string>,
    asked: string[] | null,
    items: T[],
    empty?: (districtCode: string) => T,
  ): T[] {
    const byDistrict = new Map(items.map((i) => [i.districtCode, i]));
    if (empty) for (const d of asked ?? cache.keys()) if (!byDistrict.has(d)) byDistrict.set(d, empty(d));
    const out: T[] = [];
    for (const [d, item] of byDistrict) {
      const json = JSON.stringify(item);
      if (cache.get(d) === json) continue;
      cache.set(d, json);
      out.push(item);
    }
    return out;
  }

  const crime = coalesce(
    async (districts) => {
      const totals = await deps.repo.crimeTotals(WALL_CRIME_HOURS, districts);
      const items = changed<CrimeDistrictTotal>(published.crime, districts, totals, (districtCode) => ({
        districtCode,
        total: 0,
        byCategory: {},
      }));
      deps.broadcaster.publish(WALL_ROOM, 'wall:crime', items);
    },
    deps.debounceMs ?? 250,
    log,
  );
  const backlog = coalesce(
    async (districts) => {
      const sums = await deps.repo.backlogTotals(districts);
      deps.broadcaster.publish(WALL_ROOM, 'wall:backlog', changed<DistrictBacklog>(published.backlog, districts, sums));
    },
    deps.debounceMs ?? 250,
    log,
  );
  const refresh = setInterval(() => crime.addAll(), deps.refreshEveryMs ?? 60_000);
  refresh.unref();

  return {
    async snapshot(): Promise<WallSnapshot> {
      const [traffic, incidents, crimeTotals, backlogSums] = await Promise.all([
        deps.traffic(),
        deps.repo.openIncidents(),
        deps.repo.crimeTotals(WALL_CRIME_HOURS, null),
        deps.repo.backlogTotals(null),
      ]);
      return { traffic, incidents, crime: crimeTotals, backlog: backlogSums };
    },
    /** Crime reports of these districts were stored or changed. */
    crimeChanged: (districts: Iterable<string | null>) => crime.add(districts),
    /** Backlog figures of these districts moved forward. */
    backlogChanged: (districts: Iterable<string | null>) => backlog.add(districts),
    async stop() {
      clearInterval(refresh);
      await Promise.all([crime.stop(), backlog.stop()]);
    },
  };
}

export type WallService = ReturnType<typeof createWallService>;
