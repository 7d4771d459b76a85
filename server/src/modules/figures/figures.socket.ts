import { can, fail, FIGURES_ROOM, figuresRequestSchema, ok } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import { answer } from '../../platform/realtime/answer.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';
import type { FiguresService } from './figures.service.js';

/** `figures:subscribe` (console.view): join the `figures` room, then the figures now and their history. */
export function figuresSocket(service: FiguresService, log: Logger): SocketModule {
  return (socket: IoSocket) => {
    socket.on('figures:subscribe', (req, ack) =>
      answer(ack, log, async () => {
        if (!can(socket.data.user.role, 'console.view'))
          return fail('forbidden', `The role ${socket.data.user.role} may not see the figures.`);
        const parsed = figuresRequestSchema.safeParse(req ?? {});
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        // Join first, then read: a sample stored in between arrives twice, never zero times.
        await socket.join(FIGURES_ROOM);
        return ok(await service.snapshot(parsed.data.hours));
      }),
    );
  };
}
