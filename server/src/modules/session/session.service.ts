import type { Layer, ResumeRequest, ResumeResult, SnapshotResult } from '../../../../protocol/index.js';
import { HistoryResetError } from '../../platform/errors.js';
import type { TrafficService } from '../traffic/traffic.service.js';

const DEFAULT_PAGE = 2000;

/** What a console needs when it (re)connects: current state, or every event it missed. */
export function createSessionService(deps: { traffic: TrafficService }) {
  return {
    async snapshot(layers: Layer[]): Promise<SnapshotResult> {
      // Read the head first: anything newer than it reaches the console in a frame or a resume.
      const head = await deps.traffic.head();
      return { head, traffic: layers.includes('traffic') ? await deps.traffic.snapshot() : [] };
    },

    async resume(req: ResumeRequest): Promise<ResumeResult> {
      const limit = req.limit ?? DEFAULT_PAGE;
      if (req.since > (await deps.traffic.head())) {
        throw new HistoryResetError('The history is older than this console: take a fresh snapshot.');
      }
      const traffic = req.layers.includes('traffic') ? await deps.traffic.since(req.since, limit + 1) : [];
      const hasMore = traffic.length > limit;
      const page = traffic.slice(0, limit);
      return {
        events: page.map((data) => ({ feed: 'traffic' as const, seq: data.seq, data })),
        head: page.length > 0 ? page[page.length - 1]!.seq : req.since,
        hasMore,
      };
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
