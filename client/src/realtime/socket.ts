import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../protocol/index.js';

/** The console's socket, typed by the shared event maps. */
export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Creates (without connecting) the socket to the server at `url` (default: this page's origin,
 * at Socket.IO's default path). WebSocket only, as the server accepts: several server processes
 * need no sticky sessions; a proxy in front must pass WebSocket upgrades.
 */
export function createConsoleSocket(url?: string): ConsoleSocket {
  const opts = {
    autoConnect: false,
    transports: ['websocket'],
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 5_000,
    timeout: 10_000,
  };
  return url ? io(url, opts) : io(opts);
}

/** Handshake refusals that mean the session is over: Socket.IO does not retry them; sign in again. */
export const AUTH_ERRORS: ReadonlySet<string> = new Set(['unauthenticated', 'password_change_required']);
