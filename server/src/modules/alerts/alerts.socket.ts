import { acknowledgeRequestSchema, can, fail, ok } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import { answer } from '../../platform/realtime/answer.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';
import type { AlertsService } from './alerts.service.js';

/** `alerts:acknowledge {kind, id}`: for roles with alerts.acknowledge; others are refused and nothing changes. */
export function alertsSocket(service: AlertsService, log: Logger): SocketModule {
  return (socket: IoSocket) => {
    socket.on('alerts:acknowledge', (req, ack) =>
      answer(ack, log, async () => {
        const { user } = socket.data;
        if (!can(user.role, 'alerts.acknowledge'))
          return fail('forbidden', `The role ${user.role} may not acknowledge alerts.`);
        const parsed = acknowledgeRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        return ok(await service.acknowledge(parsed.data.kind, parsed.data.id, user));
      }),
    );
  };
}
