import type { CrimeDistrictTotal, Frame } from '../../../../protocol/index.js';
import { frameItems } from '../../realtime/handlers/frame.js';
import { useWallStore } from '../wall.store.js';
import type { WallEventHandler } from './types.js';

/** `wall:crime`: the districts whose 24-hour totals changed; a total of 0 takes the district off. */
export const wallCrime: WallEventHandler<'wall:crime'> = {
  event: 'wall:crime',
  handle: (frame: Frame<CrimeDistrictTotal>) => void useWallStore().applyCrime(frameItems(frame)),
};
