import { can, fail, ok, WALL_ROOM, wallSubscribeRequestSchema } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import { answer } from '../../platform/realtime/answer.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';
import type { WallService } from './wall.service.js';

/** `wall:subscribe {}` (wall.view): join the `wall` room, then its snapshot. */
export function wallSocket(service: WallService, log: Logger): SocketModule {
  return (socket: IoSocket) => {
    socket.on('wall:subscribe', (req, ack) =>
      answer(ack, log, async () => {
        const { user } = socket.data;
        if (!can(user.role, 'wall.view')) return fail('forbidden', `The role ${user.role} may not see the wall.`);
        const parsed = wallSubscribeRequestSchema.safeParse(req ?? {});
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        // Join first, then read: an update committed in between arrives twice, never zero times.
        await socket.join(WALL_ROOM);
        return ok(await service.snapshot());
      }),
    );
  };
}
