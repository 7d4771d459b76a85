import type { Frame, IncidentState } from '../../../../protocol/index.js';
import { useFreshnessStore } from '../../features/freshness/freshness.store.js';
import { useIncidentsStore } from '../../stores/incidents.store.js';
import { frameItems, maxSeq } from './frame.js';
import type { ServerEventHandler } from './types.js';

/** `incidents:updated`: a frame of incidents reported by the hotlines and agencies (no reporter data). */
export const incidentsUpdated: ServerEventHandler<'incidents:updated'> = {
  event: 'incidents:updated',
  handle(frame: Frame<IncidentState>) {
    const items = frameItems(frame);
    useIncidentsStore().applyBatch(items);
    useFreshnessStore().received('incidents', items);
    return maxSeq(items);
  },
};
