import { can, HANDOVER_ROOM } from '../../../../protocol/index.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';

/** Every console socket (console.view) is in the `handover` room, where new handover notes are pushed. */
export function handoverSocket(): SocketModule {
  return (socket: IoSocket) => {
    if (can(socket.data.user.role, 'console.view')) void socket.join(HANDOVER_ROOM);
  };
}
