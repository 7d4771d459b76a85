import {
  fail,
  layerRoom,
  ok,
  resumeRequestSchema,
  subscribeRequestSchema,
  type Ack,
  type AckCallback,
} from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';
import type { SessionService } from './session.service.js';

/** Answers a command exactly once, whatever happens; an unexpected error becomes a generic ack. */
function answer<T>(ack: unknown, log: Logger, work: () => Promise<Ack<T>>): void {
  const reply: AckCallback<T> = typeof ack === 'function' ? (ack as AckCallback<T>) : () => undefined;
  work().then(reply, (err: Error) => {
    log.error({ err: err.message }, 'socket command failed');
    reply(fail('internal', 'The server could not complete this request.'));
  });
}

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
