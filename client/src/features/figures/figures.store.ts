import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { Figures, FiguresSample, FiguresSnapshot, FiguresState } from '../../../../protocol/index.js';

/** How much history the console asks for and keeps: the server's default, 2 hours. */
export const FIGURES_HOURS = 2;
/** A guard against a very fast sampler: the newest samples kept at most. */
export const MAX_SAMPLES = 5_000;

/**
 * Merges samples by time (a sample is a fact: the same `at` is the same sample), oldest first, and
 * keeps those within `hours` of the newest (server time, so the browser's clock does not matter).
 */
export function mergeSamples(
  held: readonly FiguresSample[],
  incoming: readonly FiguresSample[],
  hours = FIGURES_HOURS,
): FiguresSample[] {
  const byAt = new Map<number, FiguresSample>();
  for (const s of [...held, ...incoming]) byAt.set(Date.parse(s.at), s);
  const times = [...byAt.keys()].sort((a, b) => a - b);
  const newest = times.at(-1) ?? 0;
  const from = newest - hours * 3_600_000;
  return times
    .filter((t) => t >= from)
    .slice(-MAX_SAMPLES)
    .map((t) => byAt.get(t)!);
}

/** A plain view of the store, for the debug handle and the browser tests. */
export interface FiguresDebug {
  at: string | null;
  everyMs: number | null;
  current: Figures | null;
  /** Samples held for the charts. */
  samples: number;
  subscriptions: number;
  lastError: string | null;
}

/**
 * The figures at a glance: the newest figures and the samples of the last hours. Fed by the answer
 * of `figures:subscribe` (after every (re)connection) and by each `figures:updated`; both are merged
 * by time, so a sample that arrives twice, or a push that overtakes the answer, counts once.
 */
export const useFiguresStore = defineStore('figures', () => {
  const current = shallowRef<Figures | null>(null);
  const at = shallowRef<string | null>(null);
  const everyMs = shallowRef<number | null>(null);
  const history = shallowRef<readonly FiguresSample[]>([]);
  const subscriptions = shallowRef(0);
  const lastError = shallowRef<string | null>(null);

  /** The newest figures win, whichever way they came. */
  function takeCurrent(state: FiguresState): void {
    if (at.value !== null && Date.parse(state.at) < Date.parse(at.value)) return;
    current.value = state.current;
    at.value = state.at;
    everyMs.value = state.everyMs;
  }

  /** The answer of `figures:subscribe`: the figures now and the recent samples. */
  function applySnapshot(snapshot: FiguresSnapshot): void {
    history.value = mergeSamples(history.value, snapshot.history);
    takeCurrent(snapshot);
    subscriptions.value++;
    lastError.value = null;
  }

  /** `figures:updated`: a new sample, which is also the figures now. */
  function applyUpdate(state: FiguresState): void {
    history.value = mergeSamples(history.value, [{ at: state.at, figures: state.current }]);
    takeCurrent(state);
  }

  function failed(message: string): void {
    lastError.value = message;
  }

  /** What the debug handle shows (`window.__hanoi.figures()`). */
  function debugView(): FiguresDebug {
    return {
      at: at.value,
      everyMs: everyMs.value,
      current: current.value,
      samples: history.value.length,
      subscriptions: subscriptions.value,
      lastError: lastError.value,
    };
  }

  return {
    current: computed(() => current.value),
    at: computed(() => at.value),
    everyMs: computed(() => everyMs.value),
    history: computed(() => history.value),
    /** How many `figures:subscribe` answers were applied (one per (re)connection). */
    subscriptions: computed(() => subscriptions.value),
    lastError: computed(() => lastError.value),
    applySnapshot,
    applyUpdate,
    failed,
    debugView,
  };
});

export type FiguresStore = ReturnType<typeof useFiguresStore>;
