import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { advanceCursor, createReplayBuffer, type ReplaySpeed, type TimedEvent } from './replay-buffer.js';

/** How often the replay clock moves the cursor and applies what happened meanwhile. */
export const REPLAY_TICK_MS = 250;
/** A cursor this close to now has caught up with the present. */
export const CAUGHT_UP_MS = 2_000;
/** Replay time fetched per request: a minute of the past per unit of speed, at least two. */
const windowMs = (speed: number) => Math.max(2, speed) * 60_000;

/**
 * What the replay needs of the rest of the console, given once (main.ts; fakes in tests): the
 * history API (the state of every layer as of an instant; the events of a window in time order)
 * and the live stores (show a state, apply events, pause the live feed, go back to it).
 */
export interface ReplayDeps<S, E> {
  stateAt(at: number): Promise<S>;
  events(from: number, to: number): Promise<TimedEvent<E>[]>;
  /** Clears the stores and puts this state in them. */
  show(state: S): void;
  apply(events: E[]): void;
  /** Stops applying live frames (replay) or takes the live state again (back to live). */
  setLive(live: boolean): Promise<void>;
  now(): number;
}

export type ReplayError = 'unavailable' | 'other';

/**
 * Time travel: the console's layers as they were at any past instant, then moving forward at 1x to
 * 60x (pause, step), and back to live without a reload. While replaying, live frames are not
 * applied (the map shows the past), alert sounds are silent and commands are off; going back takes
 * a fresh live snapshot. The cursor is the replayed instant (epoch ms).
 */
export const useReplayStore = defineStore('replay', () => {
  let deps: ReplayDeps<unknown, unknown> | null = null;
  const mode = shallowRef<'live' | 'replay'>('live');
  const cursor = shallowRef<number | null>(null);
  const speed = shallowRef<ReplaySpeed>(10);
  const playing = shallowRef(false);
  const loading = shallowRef(false);
  const error = shallowRef<ReplayError | null>(null);
  const replaying = computed(() => mode.value === 'replay');

  const buffer = createReplayBuffer<unknown>(0);
  let ticker: ReturnType<typeof setInterval> | undefined;
  let lastTick = 0;
  let fetching: Promise<void> | null = null;
  /** Bumped on every jump and on going live: answers for an older position are dropped. */
  let generation = 0;

  function configure<S, E>(d: ReplayDeps<S, E>): void {
    deps = d as ReplayDeps<unknown, unknown>;
  }
  const need = (): ReplayDeps<unknown, unknown> => {
    if (!deps) throw new Error('replay is not configured');
    return deps;
  };

  function fetchAhead(): void {
    const d = need();
    if (fetching || cursor.value === null) return;
    if (buffer.loadedUntil - cursor.value > windowMs(speed.value) / 2) return;
    const from = buffer.loadedUntil;
    if (from >= d.now()) return;
    const to = Math.min(d.now(), from + windowMs(speed.value));
    const gen = generation;
    fetching = d
      .events(from, to)
      .then((events) => {
        if (gen === generation) buffer.add(events, to);
      })
      .catch(() => {
        if (gen === generation) error.value = 'unavailable';
      })
      .finally(() => {
        if (gen === generation) fetching = null;
      });
  }

  function tick(): void {
    const d = need();
    const now = d.now();
    const elapsed = now - lastTick;
    lastTick = now;
    if (!playing.value || cursor.value === null) return;
    // Never run ahead of what is fetched: wait for the window instead of skipping events.
    const next = Math.min(advanceCursor(cursor.value, elapsed, speed.value, now), buffer.loadedUntil);
    cursor.value = Math.max(cursor.value, next);
    const due = buffer.take(cursor.value);
    if (due.length > 0) d.apply(due);
    // Caught up with the present: the replay stops here (live is one press away).
    if (now - cursor.value <= CAUGHT_UP_MS) playing.value = false;
    fetchAhead();
  }

  /** Shows the layers as they were at `at` (epoch ms); starts replaying from there, paused unless `play`. */
  async function seek(at: number, play = playing.value): Promise<boolean> {
    const d = need();
    const target = Math.min(at, d.now());
    const gen = ++generation;
    fetching = null;
    loading.value = true;
    error.value = null;
    try {
      if (mode.value === 'live') {
        await d.setLive(false);
        mode.value = 'replay';
      }
      const state = await d.stateAt(target);
      if (gen !== generation) return false;
      d.show(state);
      buffer.reset(target);
      cursor.value = target;
      playing.value = play;
      lastTick = d.now();
      clearInterval(ticker);
      ticker = setInterval(tick, REPLAY_TICK_MS);
      fetchAhead();
      return true;
    } catch {
      if (gen === generation) error.value = 'unavailable';
      return false;
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  /** Moves the cursor by `deltaMs` (back or forward): shows the state at that instant. */
  const step = (deltaMs: number): Promise<boolean> =>
    cursor.value === null ? Promise.resolve(false) : seek(cursor.value + deltaMs, false);

  function play(): void {
    if (mode.value !== 'replay') return;
    lastTick = need().now();
    playing.value = true;
  }
  function pause(): void {
    playing.value = false;
  }
  function setSpeed(s: ReplaySpeed): void {
    speed.value = s;
  }

  /** Back to the live console: the replay stops and the live state is taken again. */
  async function backToLive(): Promise<void> {
    if (mode.value === 'live') return;
    generation++;
    clearInterval(ticker);
    playing.value = false;
    fetching = null;
    buffer.reset(0);
    cursor.value = null;
    error.value = null;
    mode.value = 'live';
    await need().setLive(true);
  }

  return {
    mode,
    replaying,
    cursor,
    speed,
    playing,
    loading,
    error,
    configure,
    seek,
    step,
    play,
    pause,
    setSpeed,
    backToLive,
    /** For tests: one clock tick now. */
    tick,
  };
});

export type ReplayStore = ReturnType<typeof useReplayStore>;
