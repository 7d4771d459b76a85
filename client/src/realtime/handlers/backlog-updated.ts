import type { BacklogState, Frame } from '../../../../protocol/index.js';
import { useFreshnessStore } from '../../features/freshness/freshness.store.js';
import { useBacklogStore } from '../../stores/backlog.store.js';
import { frameItems, maxSeq } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `backlog:updated`: the latest dossier figures of communes and sectors that moved forward. */
export const backlogUpdated: ServerEventHandler<'backlog:updated'> = {
  event: 'backlog:updated',
  handle(frame: Frame<BacklogState>) {
    const items = frameItems(frame);
    useBacklogStore().applyBatch(items);
    useFreshnessStore().received('backlog', items);
    return maxSeq(items);
  },
};
