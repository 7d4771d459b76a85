import type { IncidentPresence } from '../../../../protocol/index.js';
import { useDispatchStore } from '../../features/dispatch/dispatch.store.js';
import type { ServerEventHandler } from './types.js';

/** `incidents:presence`: who has an incident open; the dispatch panel shows it for its incident. */
export const incidentsPresence: ServerEventHandler<'incidents:presence'> = {
  event: 'incidents:presence',
  handle(presence: IncidentPresence) {
    useDispatchStore().presenceChanged(presence);
    return 0;
  },
};
