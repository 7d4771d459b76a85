import { can, HANDOVER_ROOM } from '../../../../protocol/index.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';

/**
 * A console (console.view) joins the `handover` room, where new handover notes are pushed, when it
 * takes its live layers (`layers:subscribe`, `session:resume`): a wall screen signed in with a
 * console account (`wall:subscribe` only) gets no internal notes.
 */
export function handoverSocket(): SocketModule {
  return (socket: IoSocket) => {
    const join = () => {
      if (can(socket.data.user.role, 'console.view')) void socket.join(HANDOVER_ROOM);
    };
    socket.on('layers:subscribe', join);
    socket.on('session:resume', join);
  };
}
