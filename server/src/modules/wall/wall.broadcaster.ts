import { layerRoom, WALL_ROOM, type Layer } from '../../../../protocol/index.js';
import type { Broadcaster, FrameEvent, FrameItems } from '../../platform/realtime/broadcaster.js';
import { toWallIncident } from './wall.projection.js';
import type { WallService } from './wall.service.js';

const on = <K extends FrameEvent>(
  room: string,
  event: FrameEvent,
  items: unknown[],
  layer: Layer,
  k: K,
): items is FrameItems[K][] => room === layerRoom(layer) && event === k;

/**
 * The press wall's feed, as a decorator of the frame broadcaster the services are given: what they
 * publish to their layer rooms passes through unchanged and, projected, to the `wall` room. Traffic
 * as is, incidents without their internal fields, crime and the backlog as district sums recomputed
 * by the wall service (the items only say which districts changed).
 */
export function wallBroadcaster(
  inner: Broadcaster,
  wall: Pick<WallService, 'crimeChanged' | 'backlogChanged'>,
): Broadcaster {
  const publish = (room: string, event: FrameEvent, items: unknown[]): void => {
    inner.publish(room, event, items as never[]);
    if (items.length === 0) return;
    if (on(room, event, items, 'traffic', 'traffic:updated')) inner.publish(WALL_ROOM, 'wall:traffic', items);
    else if (on(room, event, items, 'incidents', 'incidents:updated'))
      inner.publish(WALL_ROOM, 'wall:incidents', items.map(toWallIncident));
    else if (on(room, event, items, 'crime', 'crime:updated')) wall.crimeChanged(items.map((c) => c.districtCode));
    else if (on(room, event, items, 'backlog', 'backlog:updated'))
      wall.backlogChanged(items.map((b) => b.districtCode));
  };
  return { ...inner, publish };
}
