import type { Pool } from 'pg';

export interface QuarantineRow {
  feed: string;
  source: string;
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  reason: QuarantineReason;
}

export interface QuarantineReason {
  message: string;
  issues: Array<{ path: Array<string | number>; code: string; message: string }>;
}

export interface QuarantineEntry extends QuarantineRow {
  id: number;
  receivedAt: string;
}

export function createQuarantineRepository(pool: Pool) {
  return {
    async insertMany(rows: QuarantineRow[]): Promise<void> {
      await pool.query(
        `INSERT INTO quarantine (feed, source, payload, payload_encoding, reason)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
        [
          rows.map((r) => r.feed),
          rows.map((r) => r.source),
          rows.map((r) => r.payload),
          rows.map((r) => r.payloadEncoding),
          rows.map((r) => JSON.stringify(r.reason)),
        ],
      );
    },

    async list(opts: { feed?: string; limit: number; beforeId?: number }): Promise<QuarantineEntry[]> {
      const { rows } = await pool.query(
        `SELECT id, feed, source, payload, payload_encoding, reason, received_at FROM quarantine
         WHERE ($1::text IS NULL OR feed = $1) AND ($2::bigint IS NULL OR id < $2)
         ORDER BY id DESC LIMIT $3`,
        [opts.feed ?? null, opts.beforeId ?? null, opts.limit],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        feed: r.feed,
        source: r.source,
        payload: r.payload,
        payloadEncoding: r.payload_encoding,
        reason: r.reason,
        receivedAt: new Date(r.received_at).toISOString(),
      }));
    },
  };
}

export type QuarantineRepository = ReturnType<typeof createQuarantineRepository>;
