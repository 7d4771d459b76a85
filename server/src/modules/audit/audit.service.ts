import type { SessionUser } from '../../../../protocol/index.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { AuditRepository } from './audit.repository.js';

/** What one user did to one target, with the target as consoles saw it before and after. */
export interface AuditAction {
  user: Pick<SessionUser, 'id' | 'username'>;
  action: string;
  target: { kind: string; id: string };
  before: unknown;
  after: unknown;
}

/**
 * The audit log: every operator action is recorded inside the transaction that makes the change,
 * so an action is never stored without its row (nor a row without its action).
 */
export function createAuditService(deps: { repo: AuditRepository }) {
  return {
    record: (tx: Tx, a: AuditAction): Promise<void> =>
      deps.repo.insert(tx, {
        userId: a.user.id,
        username: a.user.username,
        action: a.action,
        targetKind: a.target.kind,
        targetId: a.target.id,
        before: a.before,
        after: a.after,
      }),
    list: deps.repo.list,
    forTarget: deps.repo.forTarget,
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
