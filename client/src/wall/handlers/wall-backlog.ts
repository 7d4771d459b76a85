import type { DistrictBacklog, Frame } from '../../../../protocol/index.js';
import { frameItems } from '../../realtime/handlers/frame.js';
import { useWallStore } from '../wall.store.js';
import type { WallEventHandler } from './types.js';

/** `wall:backlog`: the districts whose summed dossier figures changed, each replacing its district's. */
export const wallBacklog: WallEventHandler<'wall:backlog'> = {
  event: 'wall:backlog',
  handle: (frame: Frame<DistrictBacklog>) => void useWallStore().applyBacklog(frameItems(frame)),
};
