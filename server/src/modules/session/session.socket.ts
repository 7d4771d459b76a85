import { fail, layerRoom, ok, resumeRequestSchema, subscribeRequestSchema } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import { answer } from '../../platform/realtime/answer.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';
import type { SessionService } from './session.service.js';

/** `layers:subscribe` and `session:resume`: join layer rooms, then the state or what was missed. */
export function sessionSocket(service: SessionService, log: Logger): SocketModule {
  return (socket: IoSocket) => {
    socket.on('layers:subscribe', (req, ack) =>
      answer(ack, log, async () => {
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
        const parsed = resumeRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        await socket.join(parsed.data.layers.map(layerRoom));
        socket.data.layers = parsed.data.layers;
        return ok(await service.resume(parsed.data));
      }),
    );
  };
}
