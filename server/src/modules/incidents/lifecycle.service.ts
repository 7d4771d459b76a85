import {
  layerRoom,
  nextIncidentStatus,
  isFinalStatus,
  planChange,
  type IncidentChange,
  type IncidentPatch,
  type IncidentState,
  type SessionUser,
  type UnitStatus,
  type UpdateIncidentRequest,
} from '../../../../protocol/index.js';
import type { SequencedTransaction, Tx } from '../../platform/db/transaction.js';
import { AppError, ForbiddenError, NotFoundError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log.js';
import type { Broadcaster } from '../../platform/realtime/broadcaster.js';
import type { AuditService, UnitActor } from '../audit/audit.service.js';
import type { IncidentsRepository } from './incidents.repository.js';

/** A change the lifecycle does not allow (`invalid_transition`) or that names a wrong primary (`invalid_request`). */
export class IncidentChangeError extends AppError {
  readonly status: number;
  constructor(
    readonly code: 'invalid_transition' | 'invalid_request',
    message: string,
  ) {
    super(message);
    this.status = code === 'invalid_transition' ? 409 : 400;
  }
}

export type UpdateOutcome =
  | { kind: 'updated'; before: IncidentState; after: IncidentState }
  /** Nothing to do: every field already had the asked value. */
  | { kind: 'unchanged'; state: IncidentState }
  /** The version asked for is not the stored one: nothing was written. */
  | { kind: 'conflict'; current: IncidentState };

/** The audit log's name for a change. */
function actionOf(before: IncidentState, patch: IncidentPatch): string {
  const fields = Object.keys(patch);
  if (fields.length === 1 && patch.note !== undefined) return 'note';
  if (fields.length === 1 && patch.status === 'acknowledged' && before.status === 'new') return 'acknowledge';
  return 'update';
}

/**
 * The incident lifecycle (protocol/lifecycle.ts): every change, `alerts:acknowledge` included, goes
 * through `applyIn`: the row locked inside a transaction that holds the sequencer lock, the version
 * compared, the change checked against the state machine and the user's role, stored under a new
 * sequence number and version, audited (before and after) in the same transaction, and pushed on the
 * incidents layer after the commit. Nothing is ever overwritten silently. A response unit's report
 * (en route, on scene) moves its incident the same way through `applyUnitReportIn`.
 */
export function createLifecycleService(deps: {
  transaction: SequencedTransaction;
  repo: Pick<IncidentsRepository, 'lock' | 'get' | 'update' | 'addNote'>;
  audit: Pick<AuditService, 'record'>;
  broadcaster: Broadcaster;
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'incidents' });
  const publish = (state: IncidentState) =>
    deps.broadcaster.publish(layerRoom('incidents'), 'incidents:updated', [state]);

  async function applyLocked(
    tx: Tx,
    before: IncidentState,
    change: IncidentChange,
    user: SessionUser,
  ): Promise<UpdateOutcome> {
    const plan = planChange(before, change, user.role);
    if (!plan.ok)
      throw plan.code === 'forbidden'
        ? new ForbiddenError(plan.message)
        : new IncidentChangeError(plan.code, plan.message);
    const { patch } = plan;
    if (Object.keys(patch).length === 0) return { kind: 'unchanged', state: before };
    if (typeof patch.duplicateOf === 'string') {
      const primary = await deps.repo.get(patch.duplicateOf, tx);
      if (!primary) throw new IncidentChangeError('invalid_request', `There is no incident ${patch.duplicateOf}.`);
      if (primary.duplicateOf !== null)
        throw new IncidentChangeError(
          'invalid_request',
          `${primary.id} is itself a duplicate of ${primary.duplicateOf}: link to that one.`,
        );
      if (isFinalStatus(primary.status))
        throw new IncidentChangeError(
          'invalid_request',
          `${primary.id} is ${primary.status}: a duplicate is linked to an incident still open.`,
        );
    }
    const after = await deps.repo.update(tx, before.id, patch, { userId: user.id, name: user.displayName });
    if (patch.note !== undefined)
      await deps.repo.addNote(tx, {
        incidentId: before.id,
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        text: patch.note,
      });
    await deps.audit.record(tx, {
      user,
      action: actionOf(before, patch),
      target: { kind: 'incident', id: before.id },
      before,
      after,
    });
    return { kind: 'updated', before, after };
  }

  /**
   * One change inside the caller's transaction (which must hold the sequencer lock), for modules
   * that change an incident with their own rows (e.g. dispatching a unit). When `version` is given
   * it must match. The caller publishes `after` once committed.
   */
  async function applyIn(
    tx: Tx,
    id: string,
    change: IncidentChange,
    user: SessionUser,
    version?: number,
  ): Promise<UpdateOutcome> {
    const before = await deps.repo.lock(tx, id);
    if (!before) throw new NotFoundError(`There is no incident ${id}.`);
    if (version !== undefined && before.version !== version) return { kind: 'conflict', current: before };
    return applyLocked(tx, before, change, user);
  }

  /**
   * A response unit's report on the incident it is on, inside the caller's transaction (which must
   * hold the sequencer lock): `en_route` and `on_scene` move the incident forward (protocol/units.ts
   * `nextIncidentStatus`), versioned and audited (`unit_report`) with the unit as the actor. Anything
   * else, a repeat, or an incident already further on or over changes nothing. The caller publishes
   * `after` once committed.
   */
  async function applyUnitReportIn(
    tx: Tx,
    id: string,
    unitStatus: UnitStatus,
    unit: UnitActor,
  ): Promise<UpdateOutcome> {
    const before = await deps.repo.lock(tx, id);
    if (!before) throw new NotFoundError(`There is no incident ${id}.`);
    const status = nextIncidentStatus(unitStatus, before.status);
    if (!status) return { kind: 'unchanged', state: before };
    const after = await deps.repo.update(tx, id, { status }, null);
    await deps.audit.record(tx, {
      user: unit,
      action: 'unit_report',
      target: { kind: 'incident', id },
      before,
      after,
    });
    return { kind: 'updated', before, after };
  }

  const done = (outcome: UpdateOutcome, user: SessionUser): UpdateOutcome => {
    if (outcome.kind === 'updated') {
      publish(outcome.after);
      log.info(
        { id: outcome.after.id, user: user.username, version: outcome.after.version, seq: outcome.after.seq },
        'incident changed',
      );
    }
    return outcome;
  };

  return {
    applyIn,
    applyUnitReportIn,
    publish,

    /** `incidents:update`: the change, only at the stored version. */
    async update(req: UpdateIncidentRequest, user: SessionUser): Promise<UpdateOutcome> {
      const outcome = await deps.transaction((tx) => applyIn(tx, req.id, req.change, user, req.version));
      return done(outcome, user);
    },

    /**
     * `alerts:acknowledge` of an incident: the new → acknowledged step, at whatever version. The
     * first acknowledgement is kept (acknowledging again changes nothing); a cancelled or duplicate
     * incident that was never acknowledged cannot be (`invalid_transition`).
     */
    async acknowledge(id: string, user: SessionUser): Promise<{ state: IncidentState; changed: boolean }> {
      const outcome = await deps.transaction(async (tx): Promise<UpdateOutcome> => {
        const before = await deps.repo.lock(tx, id);
        if (!before) throw new NotFoundError(`There is no incident ${id}.`);
        if (before.acknowledgedAt !== null) return { kind: 'unchanged', state: before };
        return applyLocked(tx, before, { status: 'acknowledged' }, user);
      });
      done(outcome, user);
      if (outcome.kind === 'updated') return { state: outcome.after, changed: true };
      if (outcome.kind === 'unchanged') return { state: outcome.state, changed: false };
      return { state: outcome.current, changed: false };
    },
  };
}

export type LifecycleService = ReturnType<typeof createLifecycleService>;
