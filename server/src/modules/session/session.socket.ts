import {
  can,
  fail,
  layerRoom,
  ok,
  resumeRequestSchema,
  subscribeRequestSchema,
  type Ack,
} from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import { answer } from '../../platform/realtime/answer.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';
import type { SessionService } from './session.service.js';

/** The live layers are for roles with console.view (the press wall gets its own projection). */
const denied = (socket: IoSocket): Ack<never> | undefined =>
  can(socket.data.user.role, 'console.view')
    ? undefined
    : fail('forbidden', `The role ${socket.data.user.role} may not see the live layers.`);

/** `layers:subscribe` and `session:resume`: join layer rooms, then the state or what was missed. */
export function sessionSocket(service: SessionService, log: Logger): SocketModule {
  return (socket: IoSocket) => {
    socket.on('layers:subscribe', (req, ack) =>
      answer(ack, log, async () => {
        const refused = denied(socket);
        if (refused) return refused;
        const parsed = subscribeRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        // Join first, then read: an update committed in between arrives twice, never zero times.
        await socket.join(parsed.data.layers.map(layerRoom));
        socket.data.layers = parsed.data.layers;
        return ok(await service.snapshot(parsed.data.layers));
      }),
    );
    socket.on('session:resume', (req, ack) =>
      answer(ack, log, async () => {
        const refused = denied(socket);
        if (refused) return refused;
        const parsed = resumeRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        await socket.join(parsed.data.layers.map(layerRoom));
        socket.data.layers = parsed.data.layers;
        return ok(await service.resume(parsed.data));
      }),
    );
  };
}
