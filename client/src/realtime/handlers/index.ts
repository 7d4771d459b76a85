import { trafficUpdated } from './traffic-updated.js';
import type { AnyServerEventHandler } from './types.js';

/** Every server push the console listens to, one file each, in one visible list. */
export const serverEventHandlers: readonly AnyServerEventHandler[] = [trafficUpdated];

export type { AnyServerEventHandler, ServerEventHandler } from './types.js';
