import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '../../../../protocol/index.js';
import type { Authenticate } from '../http/session-auth.js';
import { sessionToken } from '../http/session-auth.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
/** A domain's socket commands: one file per domain, registered in one list in app.ts. */
export type SocketModule = (socket: IoSocket) => void;

export const userRoom = (userId: number): string => `user:${userId}`;
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

/**
 * The Socket.IO server; with a Redis URL, broadcasts cross server processes through Redis. Every
 * socket authenticates when it connects (the session cookie of its handshake) or is refused with
 * `unauthenticated`; it joins its user's and its session's rooms, so a logout or an administrator's
 * change reaches its sockets on any server.
 */
export async function createRealtime(opts: {
  http: HttpServer;
  redisUrl: string | undefined;
  authenticate: Authenticate;
  metrics: Metrics;
  log: Logger;
}): Promise<{ io: IoServer; register(modules: SocketModule[]): void; close(): Promise<void> }> {
  const log = opts.log.child({ scope: 'realtime' });
  // WebSocket only: no sticky sessions behind a load balancer, and no long-polling, whose response
  // engine.io 6.6 can write twice when a client drops mid-poll (an uncaught ERR_HTTP_HEADERS_SENT
  // that would end the process; seen when a browser test takes a console offline).
  const io: IoServer = new Server(opts.http, {
    serveClient: false,
    connectionStateRecovery: undefined,
    transports: ['websocket'],
  });
  io.use((socket, next) => {
    opts
      .authenticate(sessionToken(socket.handshake.headers.cookie))
      .then((auth) => {
        if (!auth) return next(new Error('unauthenticated'));
        if (auth.user.mustChangePassword) return next(new Error('password_change_required'));
        socket.data.user = auth.user;
        socket.data.sessionId = auth.sessionId;
        next();
      })
      .catch((err: Error) => {
        log.error({ err: err.message }, 'socket authentication failed');
        next(new Error('unavailable'));
      });
  });
  const redis: Array<{ close(): Promise<void> }> = [];
  if (opts.redisUrl) {
    const pub = createClient({ url: opts.redisUrl });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    redis.push(pub, sub);
    io.adapter(createAdapter(pub, sub));
    log.info({ redis: opts.redisUrl }, 'Socket.IO Redis adapter on');
  }
  const modules: SocketModule[] = [];
  io.on('connection', (socket) => {
    opts.metrics.socketsConnected.inc();
    socket.data.layers = [];
    void socket.join([userRoom(socket.data.user.id), sessionRoom(socket.data.sessionId)]);
    socket.on('disconnect', () => opts.metrics.socketsConnected.dec());
    for (const register of modules) register(socket);
  });
  return {
    io,
    register: (list) => void modules.push(...list),
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redis.map((c) => c.close().catch(() => undefined)));
    },
  };
}
