import type { AlarmState, Frame } from '../../../../protocol/index.js';
import { useAlarmsStore } from '../../stores/alarms.store.js';
import { frameItems, maxSeq } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `alarms:updated`: alarms raised from the feeds, and cleared ones (sent once more, then gone). */
export const alarmsUpdated: ServerEventHandler<'alarms:updated'> = {
  event: 'alarms:updated',
  handle(frame: Frame<AlarmState>) {
    const items = frameItems(frame);
    useAlarmsStore().applyBatch(items);
    return maxSeq(items);
  },
};
