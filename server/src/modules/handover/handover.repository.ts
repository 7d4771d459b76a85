import type { Pool } from 'pg';
import type { HandoverNote } from '../../../../protocol/index.js';
import type { Tx } from '../../platform/db/transaction.js';

const toNote = (r: Record<string, unknown>): HandoverNote => ({
  id: Number(r.id),
  at: new Date(r.at as string).toISOString(),
  author: { userId: Number(r.user_id), username: String(r.username), displayName: String(r.display_name) },
  text: String(r.text),
});

/** Shift handover notes (the table refuses UPDATE and DELETE). */
export function createHandoverRepository(pool: Pool) {
  return {
    /** Inside the transaction that audits it. */
    async insert(tx: Tx, note: { author: HandoverNote['author']; text: string }): Promise<HandoverNote> {
      const { rows } = await tx.query(
        `INSERT INTO handover_notes (user_id, username, display_name, text) VALUES ($1, $2, $3, $4)
         RETURNING id, at, user_id, username, display_name, text`,
        [note.author.userId, note.author.username, note.author.displayName, note.text],
      );
      return toNote(rows[0]);
    },

    /** Newest first; `beforeId` pages back. */
    async list(opts: { limit: number; beforeId?: number }): Promise<HandoverNote[]> {
      const { rows } = await pool.query(
        `SELECT id, at, user_id, username, display_name, text FROM handover_notes
         WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
        [opts.beforeId ?? null, opts.limit],
      );
      return rows.map(toNote);
    },
  };
}

export type HandoverRepository = ReturnType<typeof createHandoverRepository>;
