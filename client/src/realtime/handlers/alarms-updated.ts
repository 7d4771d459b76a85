import type { AlarmState, Frame } from '../../../../protocol/index.js';
import { useFreshnessStore } from '../../features/freshness/freshness.store.js';
import { useAlarmsStore } from '../../stores/alarms.store.js';
import { frameItems, maxSeq } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `alarms:updated`: alarms raised from the feeds, and cleared ones (sent once more, then gone). */
export const alarmsUpdated: ServerEventHandler<'alarms:updated'> = {
  event: 'alarms:updated',
  handle(frame: Frame<AlarmState>) {
    const items = frameItems(frame);
    useAlarmsStore().applyBatch(items);
    useFreshnessStore().received('alarms', items);
    return maxSeq(items);
  },
};
