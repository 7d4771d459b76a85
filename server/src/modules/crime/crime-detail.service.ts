import type { CrimeDetail, SessionUser } from '../../../../protocol/index.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CrimeRepository } from './crime.repository.js';

/** The audit log's action for a read of a report's exact place and description. */
export const VIEW_EXACT_ACTION = 'view_exact';

/**
 * A crime report's detail on demand, for roles allowed to see exact places. Exact crime locations
 * are sensitive, so every read is written to the audit log (who, which report, when) before it is
 * answered: a read whose row cannot be written is not answered. An unknown id is not recorded.
 */
export function createCrimeDetailService(deps: {
  repo: Pick<CrimeRepository, 'detail'>;
  audit: Pick<AuditService, 'record'>;
  /** Where the audit row goes (the pool: a read changes nothing, so there is no transaction to join). */
  db: Tx;
}) {
  return {
    async read(id: string, user: Pick<SessionUser, 'id' | 'username'>): Promise<CrimeDetail | null> {
      const detail = await deps.repo.detail(id);
      if (!detail) return null;
      await deps.audit.record(deps.db, {
        user,
        action: VIEW_EXACT_ACTION,
        target: { kind: 'crime', id: detail.id },
        before: null,
        after: null,
      });
      return detail;
    },
  };
}

export type CrimeDetailService = ReturnType<typeof createCrimeDetailService>;
