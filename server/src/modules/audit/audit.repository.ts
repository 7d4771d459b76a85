import type { Pool } from 'pg';
import type { AuditEntry } from '../../../../protocol/index.js';
import type { Tx } from '../../platform/db/transaction.js';

export type AuditRecord = Omit<AuditEntry, 'id' | 'at'>;

const toEntry = (r: Record<string, unknown>): AuditEntry => ({
  id: Number(r.id),
  at: new Date(r.at as string).toISOString(),
  userId: Number(r.user_id),
  username: String(r.username),
  action: String(r.action),
  targetKind: String(r.target_kind),
  targetId: String(r.target_id),
  before: r.before ?? null,
  after: r.after ?? null,
});

/** The append-only audit log (the table refuses UPDATE and DELETE). */
export function createAuditRepository(pool: Pool) {
  return {
    /** Inside the transaction of the change it records: both commit, or neither. */
    async insert(tx: Tx, r: AuditRecord): Promise<void> {
      await tx.query(
        `INSERT INTO audit_log (user_id, username, action, target_kind, target_id, before, after)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          r.userId,
          r.username,
          r.action,
          r.targetKind,
          r.targetId,
          r.before === undefined ? null : JSON.stringify(r.before),
          r.after === undefined ? null : JSON.stringify(r.after),
        ],
      );
    },

    /** Every row about one target, oldest first, with the acting account's display name (null if it is gone). */
    async forTarget(kind: string, id: string): Promise<Array<AuditEntry & { displayName: string | null }>> {
      const { rows } = await pool.query(
        `SELECT a.id, a.at, a.user_id, a.username, a.action, a.target_kind, a.target_id, a.before, a.after,
                u.display_name
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.target_kind = $1 AND a.target_id = $2 ORDER BY a.id`,
        [kind, id],
      );
      return rows.map((r) => ({ ...toEntry(r), displayName: (r.display_name as string | null) ?? null }));
    },

    /** Newest first; `beforeId` pages back. */
    async list(opts: { limit: number; beforeId?: number }): Promise<AuditEntry[]> {
      const { rows } = await pool.query(
        `SELECT id, at, user_id, username, action, target_kind, target_id, before, after FROM audit_log
         WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
        [opts.beforeId ?? null, opts.limit],
      );
      return rows.map(toEntry);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
