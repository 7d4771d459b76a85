import {
  assignRequestSchema,
  can,
  fail,
  ok,
  recommendRequestSchema,
  setUnitStatusRequestSchema,
} from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import { answer } from '../../platform/realtime/answer.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';
import type { UnitOrdersService } from './unit-orders.service.js';
import type { UnitsService } from './units.service.js';

/**
 * `units:recommend {incidentId | point, kind?, limit?}` (console.view), `units:assign {incidentId,
 * unitId}` and `units:setStatus {unitId, status}` (incidents.dispatch: dispatchers, supervisors,
 * administrators; others are refused and nothing is recorded or sent).
 */
export function unitsSocket(
  service: UnitsService,
  orders: Pick<UnitOrdersService, 'setStatus'>,
  log: Logger,
): SocketModule {
  return (socket: IoSocket) => {
    socket.on('units:recommend', (req, ack) =>
      answer(ack, log, async () => {
        const { user } = socket.data;
        if (!can(user.role, 'console.view')) return fail('forbidden', `The role ${user.role} may not see units.`);
        const parsed = recommendRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        return ok(await service.recommend(parsed.data));
      }),
    );
    socket.on('units:assign', (req, ack) =>
      answer(ack, log, async () => {
        const { user } = socket.data;
        if (!can(user.role, 'incidents.dispatch'))
          return fail('forbidden', `The role ${user.role} may not dispatch units.`);
        const parsed = assignRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        return ok(await service.assign(parsed.data, user));
      }),
    );
    socket.on('units:setStatus', (req, ack) =>
      answer(ack, log, async () => {
        const { user } = socket.data;
        if (!can(user.role, 'incidents.dispatch'))
          return fail('forbidden', `The role ${user.role} may not change a unit's status.`);
        const parsed = setUnitStatusRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        return ok(await orders.setStatus(parsed.data, user));
      }),
    );
  };
}
