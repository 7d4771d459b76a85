import type { HandoverNote } from '../../../../protocol/index.js';
import { useHandoverStore } from '../../features/dispatch/handover.store.js';
import type { ServerEventHandler } from './types.js';

/** `handover:created`: a new shift handover note, from any console. */
export const handoverCreated: ServerEventHandler<'handover:created'> = {
  event: 'handover:created',
  handle(note: HandoverNote) {
    useHandoverStore().received(note);
    return 0;
  },
};
