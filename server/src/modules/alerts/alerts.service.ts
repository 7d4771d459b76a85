import { layerRoom, type AcknowledgeResult, type AlertKind, type SessionUser } from '../../../../protocol/index.js';
import type { SequencedTransaction, Tx } from '../../platform/db/transaction.js';
import { NotFoundError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log.js';
import type { Broadcaster } from '../../platform/realtime/broadcaster.js';
import type { AlarmsRepository } from '../alarms/alarms.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import type { LifecycleService } from '../incidents/lifecycle.service.js';

/** What the alerts service needs of a table whose rows operators acknowledge. */
interface Acknowledgeable<S extends { acknowledgedAt: string | null }> {
  lock(tx: Tx, id: string): Promise<S | null>;
  acknowledge(tx: Tx, id: string, by: { userId: number; name: string }): Promise<S>;
}

/**
 * Operators acknowledge incidents and alarms: the first acknowledgement is stored with who and when
 * under a new sequence number, audited in the same transaction, and pushed on the layer's room after
 * the commit, so every console (and a resume) sees it. Acknowledging again changes nothing. An
 * incident's acknowledgement is its lifecycle's new → acknowledged step (incidents/lifecycle.service.ts).
 */
export function createAlertsService(deps: {
  transaction: SequencedTransaction;
  incidents: Pick<LifecycleService, 'acknowledge'>;
  alarms: Pick<AlarmsRepository, 'lock' | 'acknowledge'>;
  audit: AuditService;
  broadcaster: Broadcaster;
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'alerts' });

  const acknowledgeOnce = <S extends { acknowledgedAt: string | null }>(
    kind: AlertKind,
    repo: Acknowledgeable<S>,
    id: string,
    user: SessionUser,
  ): Promise<{ state: S; changed: boolean }> =>
    deps.transaction(async (tx) => {
      const before = await repo.lock(tx, id);
      if (!before) throw new NotFoundError(`There is no ${kind} ${id}.`);
      if (before.acknowledgedAt !== null) return { state: before, changed: false };
      const after = await repo.acknowledge(tx, id, { userId: user.id, name: user.displayName });
      await deps.audit.record(tx, { user, action: 'acknowledge', target: { kind, id }, before, after });
      return { state: after, changed: true };
    });

  return {
    async acknowledge(kind: AlertKind, id: string, user: SessionUser): Promise<AcknowledgeResult> {
      let result: { state: AcknowledgeResult; changed: boolean };
      if (kind === 'incident') {
        result = await deps.incidents.acknowledge(id, user); // stored, audited and pushed by the lifecycle
      } else {
        const done = await acknowledgeOnce(kind, deps.alarms, id, user);
        if (done.changed) deps.broadcaster.publish(layerRoom('alarms'), 'alarms:updated', [done.state]);
        result = done;
      }
      if (result.changed) log.info({ kind, id, user: user.username, seq: result.state.seq }, 'acknowledged');
      return result.state;
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
