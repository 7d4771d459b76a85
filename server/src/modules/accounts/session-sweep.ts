import type { Logger } from '../../platform/log.js';
import { sessionRoom, userRoom, type IoServer } from '../../platform/realtime/io.js';
import type { AccountsService } from './accounts.service.js';

/**
 * Keeps open sockets in step with their accounts. A logout or an administrator's change on this
 * server (or any server, through the Redis adapter) ends the affected sockets at once; the sweep
 * catches what happened elsewhere (the admin command, an expired session, another server without
 * Redis) within `everyMs`. An ended socket reconnects as whoever its cookie now says, or not at all.
 */
export function startSessionSweep(deps: {
  io: IoServer;
  accounts: AccountsService;
  everyMs: number;
  log: Logger;
}): () => void {
  const { io, accounts, log } = deps;
  accounts.onEvent((e) => {
    const room = e.kind === 'session-ended' ? sessionRoom(e.sessionId) : userRoom(e.userId);
    io.in(room).disconnectSockets(true);
  });

  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const sockets = [...io.of('/').sockets.values()];
    accounts
      .liveSessions([...new Set(sockets.map((s) => s.data.sessionId))])
      .then((live) => {
        for (const socket of sockets) {
          const role = live.get(socket.data.sessionId);
          if (role === socket.data.user.role) continue;
          log.info(
            { user: socket.data.user.username, role },
            role ? 'role changed: socket ends' : 'session ended: socket ends',
          );
          socket.disconnect(true);
        }
      })
      .catch((err: Error) => log.warn({ err: err.message }, 'session sweep failed'))
      .finally(() => (running = false));
  }, deps.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
