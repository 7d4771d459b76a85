import { figuresUpdated } from '../../features/figures/figures-updated.js';
import { alarmsUpdated } from './alarms-updated.js';
import { backlogUpdated } from './backlog-updated.js';
import { camerasUpdated } from './cameras-updated.js';
import { crimeUpdated } from './crime-updated.js';
import { handoverCreated } from './handover-created.js';
import { incidentsPresence } from './incidents-presence.js';
import { incidentsUpdated } from './incidents-updated.js';
import { networkUpdated } from './network-updated.js';
import { signalsUpdated } from './signals-updated.js';
import { trafficUpdated } from './traffic-updated.js';
import type { AnyServerEventHandler } from './types.js';
import { unitsUpdated } from './units-updated.js';

/** Every server push the console listens to, one file each, in one visible list. */
export const serverEventHandlers: readonly AnyServerEventHandler[] = [
  trafficUpdated,
  signalsUpdated,
  camerasUpdated,
  unitsUpdated,
  networkUpdated,
  incidentsUpdated,
  alarmsUpdated,
  crimeUpdated,
  backlogUpdated,
  figuresUpdated,
  incidentsPresence,
  handoverCreated,
];

export type { AnyServerEventHandler, ServerEventHandler } from './types.js';
