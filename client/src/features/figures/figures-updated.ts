import type { FiguresState } from '../../../../protocol/index.js';
import type { ServerEventHandler } from '../../realtime/handlers/types.js';
import { useFiguresStore } from './figures.store.js';

/** `figures:updated`: a new sample of the figures at a glance (no sequence number: not resumed, re-subscribed). */
export const figuresUpdated: ServerEventHandler<'figures:updated'> = {
  event: 'figures:updated',
  handle(state: FiguresState) {
    if (state && typeof state.at === 'string' && state.current) useFiguresStore().applyUpdate(state);
    return 0;
  },
};
