import { randomUUID } from 'node:crypto';
import {
  ASSIGNMENT_PENDING_SECONDS,
  RECALL_STATUSES,
  recallsUnits,
  type RecallCommand,
  type SessionUser,
  type SetStatusCommand,
  type SetUnitStatusRequest,
  type SetUnitStatusResult,
  type UnitCommand,
} from '../../../../protocol/index.js';
import type { SequencedTransaction } from '../../platform/db/transaction.js';
import { NotFoundError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log.js';
import { SYSTEM_ACTOR, type AuditService, type OtherActor } from '../audit/audit.service.js';
import type { LifecycleService } from '../incidents/lifecycle.service.js';
import type { UnitsRepository } from './units.repository.js';
import { busyError, DispatchError, UnavailableCommandError } from './units.errors.js';
import { IN_FLIGHT_SECONDS, isBusy, type UnitsService } from './units.service.js';

type RecallStatus = RecallCommand['incidentStatus'];
/** Who ended the incident (and so recalled its units): a user, or the server finishing a recall at start. */
type RecallActor = SessionUser | OtherActor;

/**
 * Orders to units other than a dispatch: recalling the units of an incident that ended, and taking
 * an idle unit out of service or back. Each is audited in its own transaction, then commanded on
 * MQTT (QoS 1); the unit answers on its own feed, which is where the registry's status comes from.
 */
export function createUnitOrdersService(deps: {
  repo: Pick<UnitsRepository, 'openAssignment' | 'releaseIncidentAssignments' | 'unrecalledIncidents' | 'callSign'>;
  units: Pick<UnitsService, 'list'>;
  transaction: SequencedTransaction;
  audit: Pick<AuditService, 'record'>;
  sendCommand: (unitId: string, command: UnitCommand) => Promise<void>;
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'units' });
  const nameOf = (actor: RecallActor) => ('displayName' in actor ? actor.displayName : actor.username);

  /**
   * Every unit assigned to the incident and not yet released: released as recalled and audited
   * (`recall_unit`, one row per unit) in one transaction, then each sent a `recall` command. A
   * command the broker does not take is logged: the unit keeps its job on its own side only.
   * Answers the commands sent.
   */
  async function recall(incidentId: string, incidentStatus: RecallStatus, actor: RecallActor) {
    const issuedAt = new Date().toISOString();
    const commands = await deps.transaction(async (tx) => {
      const released = await deps.repo.releaseIncidentAssignments(tx, incidentId);
      const made: Array<{ unitId: string; command: RecallCommand }> = [];
      for (const { unitId, commandId } of released) {
        const command: RecallCommand = {
          commandId: randomUUID(),
          type: 'recall',
          incidentId,
          incidentStatus,
          issuedAt,
          issuedBy: nameOf(actor),
        };
        await deps.audit.record(tx, {
          user: actor,
          action: 'recall_unit',
          target: { kind: 'incident', id: incidentId },
          before: { unitId, assignment: commandId, released: false },
          after: {
            unitId,
            callSign: (await deps.repo.callSign(unitId, tx)) ?? unitId,
            commandId: command.commandId,
            incidentStatus,
            released: true,
          },
        });
        made.push({ unitId, command });
      }
      return made;
    });
    for (const { unitId, command } of commands) {
      try {
        await deps.sendCommand(unitId, command);
        log.info({ unit: unitId, incident: incidentId, commandId: command.commandId }, 'unit recalled');
      } catch (err) {
        log.error({ err: (err as Error).message, unit: unitId, incident: incidentId }, 'recall not sent');
      }
    }
    return commands;
  }

  return {
    recall,

    /**
     * At start: the units of incidents that ended while their recall was left unfinished (the server
     * stopped in between) are recalled now, by the server.
     */
    async recallUnfinished(): Promise<number> {
      let recalled = 0;
      for (const { incidentId, status } of await deps.repo.unrecalledIncidents(RECALL_STATUSES))
        recalled += (await recall(incidentId, status as RecallStatus, SYSTEM_ACTOR)).length;
      if (recalled > 0) log.warn({ recalled }, 'units of ended incidents recalled at start');
      return recalled;
    },

    /**
     * `units:setStatus`: an idle unit out of service, or back in service. Refused for a unit on a job
     * (`unit_busy`) or that is silent or never heard from (`unit_unavailable`). Audited
     * (`set_unit_status`, the unit's status before and the one ordered), then commanded; the
     * registry's status follows the unit's next report.
     */
    async setStatus(req: SetUnitStatusRequest, user: SessionUser): Promise<SetUnitStatusResult> {
      const unit = (await deps.units.list()).find((u) => u.id === req.unitId);
      if (!unit) throw new NotFoundError(`There is no unit ${req.unitId}.`);
      if (isBusy(unit)) throw busyError(unit, unit.incidentId);
      if (unit.silent || unit.status === null)
        throw new DispatchError(
          'unit_unavailable',
          `${unit.callSign} is ${unit.silent ? 'silent' : 'not reporting'}: it cannot take the order.`,
        );
      const command: SetStatusCommand = {
        commandId: randomUUID(),
        type: 'set_status',
        status: req.status,
        issuedAt: new Date().toISOString(),
        issuedBy: user.displayName,
      };
      await deps.transaction(async (tx) => {
        // Under the sequencer lock: a dispatcher sending this unit at the same moment wins or loses whole.
        const open = await deps.repo.openAssignment(tx, unit.id, {
          withinSeconds: ASSIGNMENT_PENDING_SECONDS,
          inFlightSeconds: IN_FLIGHT_SECONDS,
        });
        if (open) throw busyError(unit, open.incidentId);
        await deps.audit.record(tx, {
          user,
          action: 'set_unit_status',
          target: { kind: 'unit', id: unit.id },
          before: { status: unit.status },
          after: { status: req.status, callSign: unit.callSign, commandId: command.commandId },
        });
      });
      try {
        await deps.sendCommand(unit.id, command);
      } catch (err) {
        log.error({ err: (err as Error).message, unit: unit.id, commandId: command.commandId }, 'command not sent');
        throw new UnavailableCommandError();
      }
      log.info({ unit: unit.id, user: user.username, status: req.status }, 'unit status ordered');
      return { command, unitId: unit.id };
    },
  };
}

export type UnitOrdersService = ReturnType<typeof createUnitOrdersService>;

/**
 * The lifecycle as the incidents socket uses it, recalling units: once a change that ends the
 * incident (resolved, closed, cancelled, duplicate) or stands it down is committed, its units are
 * recalled, by the user who made it, before the answer. A recall that fails is logged; the change
 * stands.
 */
export function recallingUnits(
  lifecycle: LifecycleService,
  orders: Pick<UnitOrdersService, 'recall'>,
  log: Logger,
): LifecycleService {
  return {
    ...lifecycle,
    async update(req, user) {
      const outcome = await lifecycle.update(req, user);
      if (outcome.kind !== 'updated' || !recallsUnits(outcome.before.status, outcome.after.status)) return outcome;
      try {
        await orders.recall(outcome.after.id, outcome.after.status as RecallStatus, user);
      } catch (err) {
        log.error({ err: (err as Error).message, incident: outcome.after.id }, 'units not recalled');
      }
      return outcome;
    },
  };
}
