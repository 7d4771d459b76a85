/** A live layer's source is sent its changes at most this often (twice a second)... */
export const APPLY_MIN_MS = 500;
/** ...and at least this often while changes wait, however slowly the map paints. */
export const APPLY_MAX_MS = 2500;
/**
 * The share of the time the map's slow frames may take: when painting is slow (software WebGL,
 * a weak GPU), changes are applied less often, so that the map stays responsive in between.
 */
export const PAINT_BUDGET = 0.3;
/** A frame that takes longer than this is slow; only the time beyond it counts against the budget. */
export const FRAME_MS = 1000 / 60;

export interface PacerOptions {
  minMs: number;
  maxMs: number;
  budget: number;
}

/**
 * When the live layers may next apply their changes to the map (pure; times in ms on any clock).
 * Each apply makes the map repaint; the time its frames take beyond a normal frame, since the last
 * apply, has to fit in `budget` of the interval: next apply = last + slow paint / budget, within
 * [minMs, maxMs]. With a GPU that is `minMs`; with a repaint of 300 ms, about 1 s per repaint.
 */
export function createApplyPacer(
  opts: PacerOptions = { minMs: APPLY_MIN_MS, maxMs: APPLY_MAX_MS, budget: PAINT_BUDGET },
) {
  let last = Number.NEGATIVE_INFINITY;
  let slowMs = 0;
  return {
    /** A frame in which the map painted took `frameMs`. */
    painted(frameMs: number): void {
      slowMs += Math.max(0, frameMs - FRAME_MS);
    },
    /** When the next apply may run. */
    dueAt(): number {
      return last + Math.min(opts.maxMs, Math.max(opts.minMs, slowMs / opts.budget));
    },
    /** An apply ran at `now`. */
    applied(now: number): void {
      last = now;
      slowMs = 0;
    },
  };
}

export type ApplyPacer = ReturnType<typeof createApplyPacer>;
