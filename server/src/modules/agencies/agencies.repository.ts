import type { Pool } from 'pg';

export interface ApiKeyEntry {
  id: number;
  agency: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** On the pool, or inside a transaction (the admin command audits its key changes in theirs). */
export function createAgenciesRepository(pool: Pick<Pool, 'query'>) {
  return {
    async insertKey(agency: string, keyHash: string, label: string | null): Promise<ApiKeyEntry> {
      const { rows } = await pool.query(
        `INSERT INTO api_keys (agency, key_hash, label) VALUES ($1, $2, $3)
         RETURNING id, agency, label, created_at, revoked_at`,
        [agency, keyHash, label],
      );
      return toEntry(rows[0]);
    },

    /** The agency of an active key with this hash, or null. */
    async agencyOf(keyHash: string): Promise<string | null> {
      const { rows } = await pool.query<{ agency: string }>(
        'SELECT agency FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
        [keyHash],
      );
      return rows[0]?.agency ?? null;
    },

    async list(): Promise<ApiKeyEntry[]> {
      const { rows } = await pool.query(
        'SELECT id, agency, label, created_at, revoked_at FROM api_keys ORDER BY agency, id',
      );
      return rows.map(toEntry);
    },

    /** Revokes every active key of an agency; returns how many. */
    async revokeAgency(agency: string): Promise<number> {
      const { rowCount } = await pool.query(
        'UPDATE api_keys SET revoked_at = now() WHERE agency = $1 AND revoked_at IS NULL',
        [agency],
      );
      return rowCount ?? 0;
    },
  };
}

const toEntry = (r: Record<string, unknown>): ApiKeyEntry => ({
  id: Number(r.id),
  agency: String(r.agency),
  label: (r.label as string | null) ?? null,
  createdAt: new Date(r.created_at as string).toISOString(),
  revokedAt: r.revoked_at ? new Date(r.revoked_at as string).toISOString() : null,
});

export type AgenciesRepository = ReturnType<typeof createAgenciesRepository>;
