import type { AnyWallEventHandler } from './types.js';
import { wallBacklog } from './wall-backlog.js';
import { wallCrime } from './wall-crime.js';
import { wallIncidents } from './wall-incidents.js';
import { wallTraffic } from './wall-traffic.js';

/** Every push the press wall listens to, one file each, in one visible list. */
export const wallEventHandlers: readonly AnyWallEventHandler[] = [wallTraffic, wallIncidents, wallCrime, wallBacklog];

export type { AnyWallEventHandler, WallEvent, WallEventHandler } from './types.js';
