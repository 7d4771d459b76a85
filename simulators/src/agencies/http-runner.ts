/**
 * Posts the agency models' reports to the server's HTTP feeds, as the 113/114/115 switchboards, the
 * police and the public-service systems would. Timer-driven: every tick advances the simulated clock
 * (wall time × speed from startAt), asks the models (and the scenario's script, if any) for the window
 * since the last tick, and queues the reports in time order; a few workers POST them with fetch.
 * Hotline calls and crime reports go one per request; the backlog figures of one simulated hour go
 * together, as JSON arrays of up to `backlogBatchSize` reports, as the communes' systems send them.
 * Stats count reports, not requests: a 2xx counts the reports it carried as sent; anything else, or a
 * network error, counts them as errors and is logged once per distinct failure.
 */
import { BACKLOG_BATCH_MAX, type BacklogSector } from '../../../protocol/index.js';
import { backlogReports } from './backlog.sim.js';
import { crimeReports, DEFAULT_CRIMES_PER_HOUR } from './crime.sim.js';
import { DEFAULT_CALLS_PER_HOUR, hotlineCalls } from './hotlines.sim.js';
import { DAY_MS } from './clock.js';

export type AgencyFeed = 'incidents' | 'crime' | 'backlog';

export interface AgencySimulatorLog {
  info(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
}

export interface AgencySimulatorOptions {
  /** The server's origin, e.g. `http://127.0.0.1:3000`; the feeds are under /api/v1/feeds/. */
  baseUrl: string;
  /** Sent as X-API-Key. */
  apiKey: string;
  seed: number;
  /** Simulated-time multiplier (60 = a simulated minute per second). Default 1. */
  speed?: number;
  /** Simulated time at the start. Default: now. */
  startAt?: Date;
  rates?: { hotlineCallsPerHour?: number; crimesPerHour?: number };
  /** Which communes and sectors report backlog figures; default all 584 communes × SIMULATED_SECTORS. */
  backlog?: { communes?: readonly string[]; sectors?: readonly BacklogSector[] };
  /** The most backlog reports of one hour per POST (a JSON array). Default 1,000; at most BACKLOG_BATCH_MAX. */
  backlogBatchSize?: number;
  /**
   * Extra reports for each simulated window [from, to), e.g. a scenario's scripted calls: merged into
   * the queue in time order with the models' reports (after them at the same instant) and posted one
   * per request, whichever `feeds` are on. `at` is the report's simulated time, ISO 8601.
   */
  scripted?: (from: Date, to: Date) => Array<{ feed: AgencyFeed; at: string; report: object }>;
  /** Default all three. */
  feeds?: AgencyFeed[];
  /** Timer period. Default 1000 ms. */
  tickMs?: number;
  /** Posts in flight at once. Default 4. */
  concurrency?: number;
  /** Reports waiting beyond this are dropped (counted, logged once). Default 20,000. */
  maxQueue?: number;
  log?: AgencySimulatorLog;
}

export interface AgencySimulatorStats {
  /** Reports answered with a 2xx. */
  sent: number;
  /** Reports answered otherwise, or not answered. */
  errors: number;
  /** Sent, per feed. */
  byFeed: Record<string, number>;
  /** Reports dropped because the queue was full (the server could not keep up with the speed). */
  dropped: number;
  /** Reports queued and not yet posted. */
  queued: number;
  simulatedTime: Date;
}

export interface RunningAgencySimulators {
  stop(): Promise<void>;
  stats(): AgencySimulatorStats;
}

interface Outgoing {
  feed: AgencyFeed;
  atMs: number;
  body: string;
  /** Reports in the body: 1, or the length of a backlog batch. */
  count: number;
}

const ALL_FEEDS: readonly AgencyFeed[] = ['incidents', 'crime', 'backlog'];
const POST_TIMEOUT_MS = 10_000;
const DEFAULT_BACKLOG_BATCH = 1000;
/** At most this much simulated time is generated per tick, so a stalled process catches up in steps. */
const MAX_WINDOW_MS = DAY_MS;

function validate(opts: AgencySimulatorOptions): void {
  const speed = opts.speed ?? 1;
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be > 0, got ${speed}`);
  if (!Number.isInteger(opts.seed)) throw new RangeError(`seed must be an integer, got ${opts.seed}`);
  if (!URL.canParse(opts.baseUrl)) throw new RangeError(`baseUrl is not a URL: ${opts.baseUrl}`);
  for (const feed of opts.feeds ?? []) if (!ALL_FEEDS.includes(feed)) throw new RangeError(`unknown feed: ${feed}`);
  const batch = opts.backlogBatchSize ?? DEFAULT_BACKLOG_BATCH;
  if (!Number.isInteger(batch) || batch < 1 || batch > BACKLOG_BATCH_MAX) {
    throw new RangeError(`backlogBatchSize must be an integer from 1 to ${BACKLOG_BATCH_MAX}, got ${batch}`);
  }
  // The models check their own options: an empty window throws for bad rates, communes or sectors.
  const none = { seed: opts.seed, from: new Date(0), to: new Date(0) };
  hotlineCalls({ ...none, callsPerHour: opts.rates?.hotlineCallsPerHour });
  crimeReports({ ...none, crimesPerHour: opts.rates?.crimesPerHour });
  backlogReports({ ...none, ...opts.backlog });
}

/** Why a post failed, in a form that is the same for every post failing the same way. */
async function failureOf(res: Response): Promise<{ key: string; detail: object }> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; fields?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : '';
  return { key: `${res.status}:${code}`, detail: { status: res.status, error } };
}

export async function startAgencySimulators(opts: AgencySimulatorOptions): Promise<RunningAgencySimulators> {
  validate(opts);
  const speed = opts.speed ?? 1;
  const feeds = new Set(opts.feeds ?? ALL_FEEDS);
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const maxQueue = opts.maxQueue ?? 20_000;
  const backlogBatch = opts.backlogBatchSize ?? DEFAULT_BACKLOG_BATCH;
  const log = opts.log;
  const warn = (obj: object, msg: string): void => (log?.warn ? log.warn(obj, msg) : log?.info(obj, msg));
  const base = opts.baseUrl.replace(/\/+$/, '');
  const simStart = (opts.startAt ?? new Date()).getTime();
  const wallStart = Date.now();
  const simNow = (): number => simStart + (Date.now() - wallStart) * speed;

  let cursor = simStart;
  let stopped = false;
  let sent = 0;
  let errors = 0;
  let dropped = 0;
  const byFeed: Record<string, number> = Object.fromEntries([...feeds].map((f) => [f, 0]));
  const queue: Outgoing[] = [];
  let head = 0;
  /** Reports in queue[head..]. */
  let queued = 0;
  const inFlight = new Set<Promise<void>>();
  const failures = new Set<string>();

  function fail(feed: AgencyFeed, count: number, key: string, detail: object): void {
    errors += count;
    const distinct = `${feed}:${key}`;
    if (failures.has(distinct)) return;
    failures.add(distinct);
    warn({ feed, ...detail }, 'agency feed post failed (logged once per kind of failure)');
  }

  async function post(item: Outgoing): Promise<void> {
    try {
      const res = await fetch(`${base}/api/v1/feeds/${item.feed}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': opts.apiKey },
        body: item.body,
        signal: AbortSignal.timeout(POST_TIMEOUT_MS),
      });
      if (res.ok) {
        await res.body?.cancel();
        sent += item.count;
        byFeed[item.feed] = (byFeed[item.feed] ?? 0) + item.count;
        return;
      }
      const { key, detail } = await failureOf(res);
      fail(item.feed, item.count, key, detail);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const reason = e.cause?.code ?? e.name;
      fail(item.feed, item.count, `network:${reason}`, { reason, message: e.message });
    }
  }

  function pump(): void {
    while (!stopped && inFlight.size < concurrency && head < queue.length) {
      const item = queue[head++] as Outgoing;
      queued -= item.count;
      const p = post(item).finally(() => {
        inFlight.delete(p);
        pump();
      });
      inFlight.add(p);
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
  }

  function enqueue(items: Outgoing[]): void {
    for (const item of items) {
      if (queued + item.count > maxQueue) {
        if (dropped === 0) warn({ maxQueue, speed }, 'agency simulators are behind: dropping reports');
        dropped += item.count;
        continue;
      }
      queue.push(item);
      queued += item.count;
    }
  }

  function generate(fromMs: number, toMs: number): Outgoing[] {
    const from = new Date(fromMs);
    const to = new Date(toMs);
    const seed = opts.seed;
    const out: Outgoing[] = [];
    const add = (feed: AgencyFeed, report: object, at: string): void => {
      out.push({ feed, atMs: Date.parse(at), body: JSON.stringify(report), count: 1 });
    };
    if (feeds.has('incidents')) {
      const callsPerHour = opts.rates?.hotlineCallsPerHour ?? DEFAULT_CALLS_PER_HOUR;
      for (const r of hotlineCalls({ seed, from, to, callsPerHour })) add('incidents', r, r.dateIssued);
    }
    if (feeds.has('crime')) {
      const crimesPerHour = opts.rates?.crimesPerHour ?? DEFAULT_CRIMES_PER_HOUR;
      for (const r of crimeReports({ seed, from, to, crimesPerHour })) add('crime', r, r.dateObserved);
    }
    if (feeds.has('backlog')) {
      // The model orders by hour: each hour's reports go in arrays of at most backlogBatch.
      const reports = backlogReports({ seed, from, to, ...opts.backlog });
      for (let start = 0; start < reports.length;) {
        const at = reports[start]!.dateObserved;
        let end = start + 1;
        while (end < reports.length && end - start < backlogBatch && reports[end]!.dateObserved === at) end += 1;
        const chunk = reports.slice(start, end);
        out.push({ feed: 'backlog', atMs: Date.parse(at), body: JSON.stringify(chunk), count: chunk.length });
        start = end;
      }
    }
    for (const s of opts.scripted?.(from, to) ?? []) {
      if (!ALL_FEEDS.includes(s.feed) || !Number.isFinite(Date.parse(s.at))) {
        fail(s.feed, 1, 'scripted:invalid', {
          at: s.at,
          message: 'a scripted report needs a known feed and an ISO time',
        });
      } else add(s.feed, s.report, s.at);
    }
    // Stable sort: same-time reports keep their feed's own order, scripted ones after the models'.
    return out.sort((a, b) => a.atMs - b.atMs);
  }

  function tick(): void {
    if (stopped) return;
    const now = simNow();
    if (now <= cursor) return;
    const until = Math.min(now, cursor + MAX_WINDOW_MS);
    enqueue(generate(cursor, until));
    cursor = until;
    pump();
  }

  const timer = setInterval(tick, opts.tickMs ?? 1000);
  log?.info(
    { baseUrl: base, feeds: [...feeds], seed: opts.seed, speed, startAt: new Date(simStart).toISOString() },
    'agency simulators started',
  );

  let stopping: Promise<void> | undefined;
  const stats = (): AgencySimulatorStats => ({
    sent,
    errors,
    byFeed: { ...byFeed },
    dropped,
    queued,
    simulatedTime: new Date(cursor),
  });
  return {
    stats,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearInterval(timer);
        await Promise.allSettled([...inFlight]);
        log?.info({ ...stats(), simulatedTime: new Date(cursor).toISOString() }, 'agency simulators stopped');
      })();
      return stopping;
    },
  };
}
