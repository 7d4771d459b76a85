import type { Frame, WallIncident } from '../../../../protocol/index.js';
import { frameItems } from '../../realtime/handlers/frame.js';
import { useWallStore } from '../wall.store.js';
import type { WallEventHandler } from './types.js';

/** `wall:incidents`: incidents without their internal fields, merged by id (the higher seq wins). */
export const wallIncidents: WallEventHandler<'wall:incidents'> = {
  event: 'wall:incidents',
  handle: (frame: Frame<WallIncident>) => void useWallStore().applyIncidents(frameItems(frame)),
};
