import type { Map as MaplibreMap } from 'maplibre-gl';
import { onBeforeUnmount } from 'vue';
import { createApplyPacer, type ApplyPacer } from './apply-pacer.js';
import { mapStats } from './source-stats.js';

/** A live layer on the clock: `schedule` asks for its apply to run at the clock's next tick. */
export interface ClockMember {
  schedule(): void;
}

/**
 * One clock per map for the live layers' applies: whichever layers have changes apply them in the
 * same tick, so the map repaints once for all of them rather than once per layer, at most twice a
 * second and less often when the map paints slowly (see apply-pacer.ts). The clock times the frames
 * in which the map painted.
 */
class ApplyClock {
  private readonly due = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timing = false;

  constructor(
    map: MaplibreMap,
    private readonly pacer: ApplyPacer = createApplyPacer(),
  ) {
    const stats = mapStats(map);
    // The frame of a repaint runs from the map's render until the next frame starts.
    map.on('render', () => {
      if (this.timing) return;
      this.timing = true;
      const start = performance.now();
      requestAnimationFrame(() => {
        this.timing = false;
        const ms = performance.now() - start;
        this.pacer.painted(ms);
        stats.paintedFrames++;
        stats.paintMs += ms;
      });
    });
  }

  schedule(apply: () => void): void {
    this.due.add(apply);
    this.arm();
  }

  cancel(apply: () => void): void {
    this.due.delete(apply);
  }

  private arm(): void {
    if (this.timer !== undefined || this.due.size === 0) return;
    // Never at once: the layers that change in the same task tick together.
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.pacer.dueAt() - performance.now()));
  }

  private tick(): void {
    this.timer = undefined;
    const now = performance.now();
    // Slow frames since the timer was set may have pushed the next apply back.
    if (this.pacer.dueAt() > now + 1) return this.arm();
    this.pacer.applied(now);
    const applies = [...this.due];
    this.due.clear();
    for (const apply of applies) apply();
  }
}

const clocks = new WeakMap<MaplibreMap, ApplyClock>();

/** Puts a live layer's `apply` on the map's clock, for as long as the component is mounted. */
export function useApplyClock(map: MaplibreMap, apply: () => void): ClockMember {
  let clock = clocks.get(map);
  if (!clock) {
    clock = new ApplyClock(map);
    clocks.set(map, clock);
  }
  const c = clock;
  onBeforeUnmount(() => c.cancel(apply));
  return { schedule: () => c.schedule(apply) };
}
