import type { FeedEvent, Layer, ResumeRequest, ResumeResult, SnapshotResult } from '../../../../protocol/index.js';
import { HistoryResetError } from '../../platform/errors.js';

const DEFAULT_PAGE = 2000;

/** What a (re)connecting console needs from one layer's feed. */
export interface LiveSource {
  layer: Layer;
  /** Highest committed sequence number this source has handed out (0 when none). */
  head(): Promise<number>;
  /** The current state of every object of the layer. */
  snapshot(): Promise<FeedEvent['data'][]>;
  /** Events after `since`, in sequence order, at most `limit`. */
  since(since: number, limit: number): Promise<FeedEvent[]>;
}

type DataOf<L extends Layer> = Extract<FeedEvent, { feed: L }>['data'];

/**
 * A layer's LiveSource from its queries: the current state, and what changed after a sequence
 * number. Every item carries its own `seq`.
 */
export function liveSource<L extends Layer>(
  layer: L,
  q: {
    head(): Promise<number>;
    snapshot(): Promise<DataOf<L>[]>;
    since(since: number, limit: number): Promise<DataOf<L>[]>;
  },
): LiveSource {
  return {
    layer,
    head: q.head,
    snapshot: q.snapshot,
    since: async (seq, limit) =>
      (await q.since(seq, limit)).map((data) => ({ feed: layer, seq: data.seq, data }) as FeedEvent),
  };
}

/** What a console needs when it (re)connects: current state, or every event it missed. */
export function createSessionService(deps: { sources: LiveSource[] }) {
  const sourcesFor = (layers: Layer[]) => deps.sources.filter((s) => layers.includes(s.layer));
  const head = async () => Math.max(0, ...(await Promise.all(deps.sources.map((s) => s.head()))));

  return {
    async snapshot(layers: Layer[]): Promise<SnapshotResult> {
      // Read the head first: anything newer than it reaches the console in a frame or a resume.
      const result = { head: await head() } as SnapshotResult;
      for (const source of deps.sources) {
        (result as Record<Layer, unknown>)[source.layer] = layers.includes(source.layer) ? await source.snapshot() : [];
      }
      return result;
    },

    /**
     * Every layer's events after `since`, merged in sequence order and cut at `limit`: the next page
     * starts after the returned head, so nothing is skipped and nothing repeats.
     */
    async resume(req: ResumeRequest): Promise<ResumeResult> {
      const limit = req.limit ?? DEFAULT_PAGE;
      if (req.since > (await head())) {
        throw new HistoryResetError('The history is older than this console: take a fresh snapshot.');
      }
      const fetched = await Promise.all(sourcesFor(req.layers).map((s) => s.since(req.since, limit + 1)));
      const merged = fetched.flat().sort((a, b) => a.seq - b.seq);
      const page = merged.slice(0, limit);
      return {
        events: page,
        head: page.length > 0 ? page[page.length - 1]!.seq : req.since,
        hasMore: merged.length > limit,
      };
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
