import type { Pool } from 'pg';
import type {
  AuditEntry,
  AuditListQuery,
  AuditLogEntry,
  AuditOtherActor,
  AuditUnit,
} from '../../../../protocol/index.js';
import type { Tx } from '../../platform/db/transaction.js';

/**
 * One row to write: an account's action (`userId`), a response unit's (`unit`), or another actor's
 * (`actor`: the admin command, the server at start, someone not signed in); exactly one of the three.
 */
export type AuditRecord = Omit<AuditEntry, 'id' | 'at' | 'userId' | 'unit' | 'actor'> &
  (
    | { userId: number; unit?: undefined; actor?: undefined }
    | { userId: null; unit: AuditUnit; actor?: undefined }
    | { userId: null; unit?: undefined; actor: AuditOtherActor }
  );

const COLUMNS =
  'id, at, user_id, username, action, target_kind, target_id, before, after, unit_id, unit_call_sign, actor';

const toEntry = (r: Record<string, unknown>): AuditLogEntry => {
  const base = {
    id: Number(r.id),
    at: new Date(r.at as string).toISOString(),
    username: String(r.username),
    action: String(r.action),
    targetKind: String(r.target_kind),
    targetId: String(r.target_id),
    before: r.before ?? null,
    after: r.after ?? null,
  };
  if (r.user_id !== null && r.user_id !== undefined) return { ...base, userId: Number(r.user_id) };
  if (r.unit_id !== null && r.unit_id !== undefined)
    return { ...base, userId: null, unit: { id: String(r.unit_id), callSign: String(r.unit_call_sign) } };
  return { ...base, userId: null, actor: r.actor as AuditOtherActor };
};

/** The append-only audit log (the table refuses UPDATE and DELETE). */
export function createAuditRepository(pool: Pool) {
  return {
    /** Inside the transaction of the change it records: both commit, or neither. */
    async insert(tx: Tx, r: AuditRecord): Promise<void> {
      await tx.query(
        `INSERT INTO audit_log (user_id, username, action, target_kind, target_id, before, after, unit_id, unit_call_sign, actor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          r.userId,
          r.username,
          r.action,
          r.targetKind,
          r.targetId,
          r.before === undefined ? null : JSON.stringify(r.before),
          r.after === undefined ? null : JSON.stringify(r.after),
          r.unit?.id ?? null,
          r.unit?.callSign ?? null,
          r.actor ?? null,
        ],
      );
    },

    /**
     * Every row an account or a unit made about one target, oldest first, with the acting account's
     * display name (null if it is gone, or a unit acted): an incident's record.
     */
    async forTarget(kind: string, id: string): Promise<Array<AuditEntry & { displayName: string | null }>> {
      const { rows } = await pool.query(
        `SELECT a.id, a.at, a.user_id, a.username, a.action, a.target_kind, a.target_id, a.before, a.after,
                a.unit_id, a.unit_call_sign, a.actor, u.display_name
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.target_kind = $1 AND a.target_id = $2 AND a.actor IS NULL ORDER BY a.id`,
        [kind, id],
      );
      return rows.map((r) => ({
        ...(toEntry(r) as AuditEntry),
        displayName: (r.display_name as string | null) ?? null,
      }));
    },

    /** Newest first; `beforeId` pages back; every filter given must match. */
    async list(
      opts: { limit: number; beforeId?: number } & Pick<
        AuditListQuery,
        'action' | 'targetKind' | 'targetId' | 'userId' | 'actor'
      >,
    ): Promise<AuditLogEntry[]> {
      const { rows } = await pool.query(
        `SELECT ${COLUMNS} FROM audit_log
         WHERE ($1::bigint IS NULL OR id < $1)
           AND ($3::text IS NULL OR action = $3)
           AND ($4::text IS NULL OR target_kind = $4)
           AND ($5::text IS NULL OR target_id = $5)
           AND ($6::bigint IS NULL OR user_id = $6)
           AND (CASE $7::text WHEN 'user' THEN user_id IS NOT NULL WHEN 'unit' THEN unit_id IS NOT NULL
                ELSE $7 IS NULL OR actor = $7 END)
         ORDER BY id DESC LIMIT $2`,
        [
          opts.beforeId ?? null,
          opts.limit,
          opts.action ?? null,
          opts.targetKind ?? null,
          opts.targetId ?? null,
          opts.userId ?? null,
          opts.actor ?? null,
        ],
      );
      return rows.map(toEntry);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
