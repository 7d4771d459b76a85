import { onBeforeUnmount, shallowRef, type Ref } from 'vue';
import type { LocationQuery } from 'vue-router';

/** The panels of the wall's band, in the order they cycle. */
export const WALL_PANELS = ['incidents', 'crime', 'backlog', 'traffic'] as const;
export type WallPanel = (typeof WALL_PANELS)[number];

/** Seconds each panel stays by default: long enough to read a table from across a room. */
export const DEFAULT_CYCLE_SECONDS = 15;
const MIN_CYCLE_SECONDS = 1;
const MAX_CYCLE_SECONDS = 3_600;

export interface WallOptions {
  /** Seconds per panel; 0 keeps the first panel (a screen that shows one panel only). */
  cycleSeconds: number;
  /** The panel shown first. */
  panel: WallPanel;
}

const first = (v: LocationQuery[string] | undefined): string | null =>
  Array.isArray(v) ? (v[0] ?? null) : (v ?? null);

/**
 * Options from the page address, for TV setups and tests: `?cycle=3` (seconds per panel, 0 to stay
 * on one) and `?panel=crime` (where to start). Anything else falls back to the defaults.
 */
export function wallOptions(query: LocationQuery): WallOptions {
  const cycle = Number(first(query.cycle) ?? Number.NaN);
  const panel = first(query.panel);
  return {
    cycleSeconds:
      Number.isFinite(cycle) && cycle >= 0
        ? cycle === 0
          ? 0
          : Math.min(Math.max(cycle, MIN_CYCLE_SECONDS), MAX_CYCLE_SECONDS)
        : DEFAULT_CYCLE_SECONDS,
    panel: (WALL_PANELS as readonly string[]).includes(panel ?? '') ? (panel as WallPanel) : WALL_PANELS[0],
  };
}

/**
 * The panel on show, moving to the next every `cycleSeconds` while the calling component is
 * mounted; `since` is when it came up (for the progress bar).
 */
export function useWallCycle(opts: WallOptions): { panel: Readonly<Ref<WallPanel>>; since: Readonly<Ref<number>> } {
  const panel = shallowRef<WallPanel>(opts.panel);
  const since = shallowRef(Date.now());
  if (opts.cycleSeconds > 0) {
    const timer = setInterval(() => {
      panel.value = WALL_PANELS[(WALL_PANELS.indexOf(panel.value) + 1) % WALL_PANELS.length]!;
      since.value = Date.now();
    }, opts.cycleSeconds * 1_000);
    onBeforeUnmount(() => clearInterval(timer));
  }
  return { panel, since };
}
