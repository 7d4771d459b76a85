import type { FiguresSnapshot, FiguresState } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import { figuresFromCounts } from './figures.counts.js';
import type { FiguresRepository } from './figures.repository.js';

/** Samples are kept this long, then deleted by the sampler. */
export const FIGURES_RETENTION_DAYS = 7;

/**
 * The figures at a glance: a sample every `everyMs`, stored and pushed to the consoles that follow
 * them, and on demand the figures now with their recent history. With several servers each samples,
 * but a sample is stored (and pushed) only when none was taken in the last half period.
 */
export function createFiguresService(deps: {
  repo: FiguresRepository;
  everyMs: number;
  /** Sends a new sample to the consoles that follow the figures. */
  publish: (state: FiguresState) => void;
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'figures' });

  /** Takes, stores and pushes one sample; null when another server took this period's. */
  async function sample(): Promise<FiguresState | null> {
    const s = await deps.repo.sample(deps.everyMs / 2000, FIGURES_RETENTION_DAYS);
    if (s.expired > 0) log.debug({ expired: s.expired }, 'old figure samples deleted');
    if (!s.stored) return null;
    const state: FiguresState = { at: s.at.toISOString(), current: figuresFromCounts(s.counts), everyMs: deps.everyMs };
    deps.publish(state);
    return state;
  }

  return {
    sample,

    /** The figures now, and the samples of the last `hours`, oldest first. */
    async snapshot(hours: number): Promise<FiguresSnapshot> {
      const s = await deps.repo.snapshot(hours * 3600);
      return {
        at: s.at.toISOString(),
        current: figuresFromCounts(s.counts),
        everyMs: deps.everyMs,
        history: s.history.map((h) => ({ at: h.at.toISOString(), figures: figuresFromCounts(h.counts) })),
      };
    },

    /** Samples every `everyMs` (a slow sample is not overlapped); returns a stop function. */
    start(): () => void {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        sample()
          .catch((err: Error) => log.error({ err: err.message }, 'figures sample failed'))
          .finally(() => (running = false));
      }, deps.everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type FiguresService = ReturnType<typeof createFiguresService>;
