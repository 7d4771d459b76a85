import type { IncidentPresence, PresenceUser } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';

const ROOM_PREFIX = 'incident:';
/** The Socket.IO room of the sockets that have an incident open (`incidents:watch`). */
export const incidentRoom = (id: string): string => `${ROOM_PREFIX}${id}`;
export const incidentOfRoom = (room: string): string | undefined =>
  room.startsWith(ROOM_PREFIX) ? room.slice(ROOM_PREFIX.length) : undefined;

/**
 * Who has an incident open. The sockets themselves are the state: each watching socket is in the
 * incident's room, and leaves it when it unwatches or disconnects. `members` reads a room through
 * the Socket.IO adapter (`fetchSockets`), which with the Redis adapter asks every server, so presence
 * holds across servers. After a change the users are read again and published when they differ from
 * what this server last published; recomputations of one incident run one at a time.
 */
export function createPresenceService(deps: {
  members(room: string): Promise<PresenceUser[]>;
  publish(presence: IncidentPresence): void;
  log: Logger;
}) {
  const published = new Map<string, string>();
  const queues = new Map<string, Promise<IncidentPresence>>();

  async function recompute(id: string): Promise<IncidentPresence> {
    const byUser = new Map<number, PresenceUser>();
    for (const u of await deps.members(incidentRoom(id))) byUser.set(u.id, u);
    const users = [...byUser.values()].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id - b.id);
    const presence: IncidentPresence = { id, users };
    const key = JSON.stringify(users);
    if (key !== (published.get(id) ?? '[]')) deps.publish(presence);
    if (users.length > 0) published.set(id, key);
    else published.delete(id);
    return presence;
  }

  return {
    /** Reads who has `id` open now, pushes it when it changed, and answers it. */
    changed(id: string): Promise<IncidentPresence> {
      const previous = queues.get(id);
      const run = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(() => recompute(id));
      queues.set(id, run);
      const forget = () => {
        if (queues.get(id) === run) queues.delete(id);
      };
      run.then(forget, (err: Error) => {
        forget();
        deps.log.warn({ id, err: err.message }, 'presence not updated');
      });
      return run;
    },
  };
}

export type PresenceService = ReturnType<typeof createPresenceService>;
