import type { IncidentState, IncidentStatus } from '../../../../protocol/index.js';
import { DEVICE_COLOURS } from '../devices/device-classes.js';
import { isDuplicate } from './incident-classes.js';

/**
 * How far the response to an open incident has got, as the map marks it (its colour stays its
 * severity): new (white outline), acknowledged (plain), units dispatched or on their way, units on
 * scene, resolved (awaiting closure). Shared by the map, the legend and the counts.
 */
export const STATUS_GROUPS = ['new', 'acknowledged', 'responding', 'on_scene', 'resolved'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

/** The groups drawn with a badge at the incident's corner. */
export type BadgeGroup = Exclude<StatusGroup, 'new' | 'acknowledged'>;

/** The badge colours: the response units' colours for the same step (en route, on scene, free again). */
export const STATUS_BADGE_COLOURS: Record<BadgeGroup, string> = {
  responding: DEVICE_COLOURS.units.en_route,
  on_scene: DEVICE_COLOURS.units.on_scene,
  resolved: DEVICE_COLOURS.units.available,
};

/** The group of a status; null for the final ones (closed, cancelled, duplicate), which leave the map. */
export function statusGroup(status: IncidentStatus): StatusGroup | null {
  switch (status) {
    case 'new':
    case 'acknowledged':
    case 'on_scene':
    case 'resolved':
      return status;
    case 'dispatched':
    case 'en_route':
      return 'responding';
    default:
      return null;
  }
}

/** Open incidents per status group; a duplicate report is counted apart (it is the same event), as the severity rows do. */
export function countStatusGroups(items: Iterable<IncidentState>): Record<StatusGroup, number> {
  const counts = Object.fromEntries(STATUS_GROUPS.map((g) => [g, 0])) as Record<StatusGroup, number>;
  for (const s of items) {
    if (isDuplicate(s)) continue;
    const group = statusGroup(s.status);
    if (group) counts[group]++;
  }
  return counts;
}
