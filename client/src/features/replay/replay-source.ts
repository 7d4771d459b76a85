import type { FeedEvent, HistoryState, Layer } from '../../../../protocol/index.js';
import { fetchEventsPage, fetchStateAt } from '../../api/history.js';
import { applyFeedEvents, applySnapshot, clearLiveStores, CONSOLE_LAYERS } from '../../realtime/feeds.js';
import type { ReplayDeps } from './replay.store.js';
import type { TimedEvent } from './replay-buffer.js';

/** The most pages one window may take (a window is at most an hour of the past: ~20k readings). */
const MAX_PAGES_PER_WINDOW = 50;

/** What the replay needs from the history API and the live stores. */
export interface ReplaySourceDeps {
  /** Pauses the live layers (true) or takes the live state again (false): the connection store's setLivePaused. */
  setLivePaused(paused: boolean): Promise<void>;
  layers?: readonly Layer[];
  stateAt?: typeof fetchStateAt;
  eventsPage?: typeof fetchEventsPage;
  now?: () => number;
}

/**
 * The replay's source: the state of every console layer as of an instant from the history API, and
 * the events of a window page by page, each with the instant it happened; shown through the same
 * store merges as the live feed. Showing an instant empties the stores first (what they held is
 * another instant), and the state's items are taken whole: a replayed event is newer than the
 * state because it happened later, whatever its sequence number.
 */
export function createReplaySource(deps: ReplaySourceDeps): ReplayDeps<HistoryState, FeedEvent> {
  const layers = deps.layers ?? CONSOLE_LAYERS;
  const stateAt = deps.stateAt ?? fetchStateAt;
  const eventsPage = deps.eventsPage ?? fetchEventsPage;
  return {
    stateAt: (at) => stateAt(at, layers),
    async events(from, to) {
      const out: TimedEvent<FeedEvent>[] = [];
      let after = 0;
      for (let page = 0; page < MAX_PAGES_PER_WINDOW; page++) {
        const answer = await eventsPage(from, to, layers, after);
        for (const e of answer.events) out.push({ at: Date.parse(e.at), event: e });
        if (!answer.hasMore || answer.head <= after) break;
        after = answer.head;
      }
      return out;
    },
    show(state) {
      clearLiveStores();
      applySnapshot({ ...state, head: 0 });
    },
    apply: (events) => applyFeedEvents(events),
    async setLive(live) {
      // Back to live: the stores hold the past; the live snapshot fills them again.
      if (live) clearLiveStores();
      await deps.setLivePaused(!live);
    },
    now: deps.now ?? (() => Date.now()),
  };
}
