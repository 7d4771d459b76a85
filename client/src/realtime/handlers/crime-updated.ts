import type { CrimeState, Frame } from '../../../../protocol/index.js';
import { useFreshnessStore } from '../../features/freshness/freshness.store.js';
import { useCrimeStore } from '../../stores/crime.store.js';
import { frameItems, maxSeq } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `crime:updated`: crime reports, new or with a new status, at a generalised position. */
export const crimeUpdated: ServerEventHandler<'crime:updated'> = {
  event: 'crime:updated',
  handle(frame: Frame<CrimeState>) {
    const items = frameItems(frame);
    useCrimeStore().applyBatch(items);
    useFreshnessStore().received('crime', items);
    return maxSeq(items);
  },
};
