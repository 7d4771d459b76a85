import type { Frame, TrafficState } from '../../../../protocol/index.js';
import { frameItems } from '../../realtime/handlers/frame.js';
import { useWallStore } from '../wall.store.js';
import type { WallEventHandler } from './types.js';

/** `wall:traffic`: detector states, as on the console, merged by detector (the newer observation wins). */
export const wallTraffic: WallEventHandler<'wall:traffic'> = {
  event: 'wall:traffic',
  handle: (frame: Frame<TrafficState>) => void useWallStore().applyTraffic(frameItems(frame)),
};
