import type { Frame, TrafficState } from '../../../../protocol/index.js';
import { useTrafficStore } from '../../stores/traffic.store.js';
import type { ServerEventHandler } from './types.js';

/** `traffic:updated`: a frame of detector states, already merged by id on the server. */
export const trafficUpdated: ServerEventHandler<'traffic:updated'> = {
  event: 'traffic:updated',
  handle(frame: Frame<TrafficState>) {
    const items = Array.isArray(frame?.items) ? frame.items : [];
    useTrafficStore().applyBatch(items);
    return maxSeq(items);
  },
};

function maxSeq(items: readonly { seq: number }[]): number {
  let max = 0;
  for (const item of items) if (item.seq > max) max = item.seq;
  return max;
}
