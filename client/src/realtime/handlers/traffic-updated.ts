import type { Frame, TrafficState } from '../../../../protocol/index.js';
import { useFreshnessStore } from '../../features/freshness/freshness.store.js';
import { useTrafficStore } from '../../stores/traffic.store.js';
import { frameItems, maxSeq } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `traffic:updated`: a frame of detector states, already merged by id on the server. */
export const trafficUpdated: ServerEventHandler<'traffic:updated'> = {
  event: 'traffic:updated',
  handle(frame: Frame<TrafficState>) {
    const items = frameItems(frame);
    useTrafficStore().applyBatch(items);
    useFreshnessStore().received('traffic', items);
    return maxSeq(items);
  },
};
