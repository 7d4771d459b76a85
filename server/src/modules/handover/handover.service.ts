import type { HandoverNote, SessionUser } from '../../../../protocol/index.js';
import type { SequencedTransaction } from '../../platform/db/transaction.js';
import type { Logger } from '../../platform/log.js';
import type { AuditService } from '../audit/audit.service.js';
import type { HandoverRepository } from './handover.repository.js';

/**
 * Shift handover notes: appended with author and time, audited in the same transaction, and pushed
 * to every console after the commit.
 */
export function createHandoverService(deps: {
  transaction: SequencedTransaction;
  repo: HandoverRepository;
  audit: Pick<AuditService, 'record'>;
  publish(note: HandoverNote): void;
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'handover' });
  return {
    async create(text: string, user: SessionUser): Promise<HandoverNote> {
      const note = await deps.transaction(async (tx) => {
        const stored = await deps.repo.insert(tx, {
          author: { userId: user.id, username: user.username, displayName: user.displayName },
          text,
        });
        await deps.audit.record(tx, {
          user,
          action: 'create',
          target: { kind: 'handover', id: String(stored.id) },
          before: null,
          after: stored,
        });
        return stored;
      });
      deps.publish(note);
      log.info({ id: note.id, user: user.username }, 'handover note written');
      return note;
    },
    list: deps.repo.list,
  };
}

export type HandoverService = ReturnType<typeof createHandoverService>;
