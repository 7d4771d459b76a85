import {
  can,
  fail,
  ok,
  updateIncidentRequestSchema,
  watchIncidentRequestSchema,
  type Ack,
  type IncidentConflictDetails,
} from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import { answer } from '../../platform/realtime/answer.js';
import type { IoSocket, SocketModule } from '../../platform/realtime/io.js';
import type { LifecycleService } from './lifecycle.service.js';
import { incidentOfRoom, incidentRoom, type PresenceService } from './presence.service.js';

/** How many incidents one socket may have open at a time. */
export const MAX_WATCHED = 20;

const viewDenied = (socket: IoSocket): Ack<never> | undefined =>
  can(socket.data.user.role, 'console.view')
    ? undefined
    : fail('forbidden', `The role ${socket.data.user.role} may not open incidents.`);

/**
 * `incidents:update` (the lifecycle: permissions per change, see protocol/lifecycle.ts) and
 * `incidents:watch` / `incidents:unwatch` (console.view: who has an incident open).
 */
export function incidentsSocket(
  deps: { lifecycle: LifecycleService; presence: PresenceService; exists(id: string): Promise<boolean> },
  log: Logger,
): SocketModule {
  return (socket: IoSocket) => {
    const watching = () => [...socket.rooms].map(incidentOfRoom).filter((id): id is string => id !== undefined);

    socket.on('incidents:update', (req, ack) =>
      answer(ack, log, async () => {
        const { user } = socket.data;
        if (!can(user.role, 'alerts.acknowledge') && !can(user.role, 'incidents.dispatch'))
          return fail('forbidden', `The role ${user.role} may not change incidents.`);
        const parsed = updateIncidentRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        const outcome = await deps.lifecycle.update(parsed.data, user);
        if (outcome.kind === 'conflict') {
          const details: IncidentConflictDetails = { current: outcome.current };
          return fail(
            'conflict',
            `${parsed.data.id} was changed meanwhile: it is at version ${outcome.current.version}, not ${parsed.data.version}.`,
            details,
          );
        }
        return ok(outcome.kind === 'updated' ? outcome.after : outcome.state);
      }),
    );

    socket.on('incidents:watch', (req, ack) =>
      answer(ack, log, async () => {
        const refused = viewDenied(socket);
        if (refused) return refused;
        const parsed = watchIncidentRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        const { id } = parsed.data;
        if (!(await deps.exists(id))) return fail('not_found', `There is no incident ${id}.`);
        const open = watching();
        if (!open.includes(id) && open.length >= MAX_WATCHED)
          return fail('too_many', `Close an incident first: at most ${MAX_WATCHED} may be open at a time.`);
        await socket.join(incidentRoom(id));
        return ok(await deps.presence.changed(id));
      }),
    );

    socket.on('incidents:unwatch', (req, ack) =>
      answer(ack, log, async () => {
        const refused = viewDenied(socket);
        if (refused) return refused;
        const parsed = watchIncidentRequestSchema.safeParse(req);
        if (!parsed.success) return fail('invalid_request', parsed.error.issues[0]!.message);
        await socket.leave(incidentRoom(parsed.data.id));
        return ok(await deps.presence.changed(parsed.data.id));
      }),
    );

    // A socket leaves its rooms when it disconnects: tell the others who no longer has them open.
    let watched: string[] = [];
    socket.on('disconnecting', () => {
      watched = watching();
    });
    socket.on('disconnect', () => {
      for (const id of watched) deps.presence.changed(id).catch(() => undefined);
    });
  };
}
