/** One stored event of the past, with the instant it happened (epoch ms). */
export interface TimedEvent<E> {
  at: number;
  event: E;
}

/**
 * The events a replay has fetched ahead of its cursor, in time order: `take(until)` hands out those
 * up to an instant (each once); `loadedUntil` says how far ahead the fetched window reaches, so
 * the replay fetches the next window before the cursor gets there. Pure: no I/O, no clock.
 */
export interface ReplayBuffer<E> {
  /** Up to where (epoch ms, inclusive) events are fetched. */
  readonly loadedUntil: number;
  readonly size: number;
  /** Adds a fetched window (from the previous `loadedUntil`, exclusive, to `until`, inclusive). */
  add(events: readonly TimedEvent<E>[], until: number): void;
  /** Removes and returns, in time order, every event at or before `until`. */
  take(until: number): E[];
  /** Forgets everything: the next window starts at `from` (exclusive). */
  reset(from: number): void;
}

export function createReplayBuffer<E>(from: number): ReplayBuffer<E> {
  let items: TimedEvent<E>[] = [];
  let loadedUntil = from;
  return {
    get loadedUntil() {
      return loadedUntil;
    },
    get size() {
      return items.length;
    },
    add(events, until) {
      // A window may overlap what is held (a retry): keep each instant's events once, in order.
      const fresh = events.filter((e) => e.at > loadedUntil && e.at <= until);
      items = [...items, ...fresh].sort((a, b) => a.at - b.at);
      loadedUntil = Math.max(loadedUntil, until);
    },
    take(until) {
      let n = 0;
      while (n < items.length && items[n]!.at <= until) n++;
      const out = items.slice(0, n).map((e) => e.event);
      items = items.slice(n);
      return out;
    },
    reset(at) {
      items = [];
      loadedUntil = at;
    },
  };
}

/** Replay speeds offered: real time up to an hour a minute. */
export const REPLAY_SPEEDS = [1, 5, 10, 30, 60] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/** Where the cursor is after `elapsedMs` of wall time at `speed`, never past `limit` (now). */
export const advanceCursor = (cursor: number, elapsedMs: number, speed: number, limit: number): number =>
  Math.min(limit, cursor + Math.max(0, elapsedMs) * speed);
