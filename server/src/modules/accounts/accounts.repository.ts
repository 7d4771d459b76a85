import type { Pool } from 'pg';
import type { Role, UserAccount } from '../../../../protocol/index.js';
import { inTransaction, type Tx } from '../../platform/db/transaction.js';

export interface UserRow extends UserAccount {
  passwordHash: string;
  demo: boolean;
}

const USER_COLUMNS =
  'id, username, display_name, role, password_hash, must_change_password, disabled, demo, created_at, updated_at';

const toUser = (r: Record<string, unknown>): UserRow => ({
  id: Number(r.id),
  username: String(r.username),
  displayName: String(r.display_name),
  role: r.role as Role,
  passwordHash: String(r.password_hash),
  mustChangePassword: Boolean(r.must_change_password),
  disabled: Boolean(r.disabled),
  demo: Boolean(r.demo),
  createdAt: new Date(r.created_at as string).toISOString(),
  updatedAt: new Date(r.updated_at as string).toISOString(),
});

/**
 * Accounts, sessions and sign-in failures. A write that is audited takes the transaction (`tx`) that
 * also writes its audit row; without one it runs on its own.
 */
export function createAccountsRepository(pool: Pool) {
  return {
    /** Runs `work` in one transaction (no sequencer lock: accounts draw no sequence numbers). */
    transaction: <T>(work: (tx: Tx) => Promise<T>): Promise<T> => inTransaction(pool, work),

    async count(): Promise<number> {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM users');
      return Number(rows[0]!.n);
    },

    async insert(
      u: {
        username: string;
        displayName: string;
        role: Role;
        passwordHash: string;
        mustChangePassword: boolean;
        demo?: boolean;
      },
      tx: Tx = pool,
    ): Promise<UserRow | null> {
      const { rows } = await tx.query(
        `INSERT INTO users (username, display_name, role, password_hash, must_change_password, demo)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING ${USER_COLUMNS}`,
        [u.username, u.displayName, u.role, u.passwordHash, u.mustChangePassword, u.demo ?? false],
      );
      return rows[0] ? toUser(rows[0]) : null;
    },

    async byUsername(username: string): Promise<UserRow | null> {
      const { rows } = await pool.query(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1`, [username]);
      return rows[0] ? toUser(rows[0]) : null;
    },

    /** Inside a transaction the row is locked until it ends (its change is audited from what it was). */
    async byId(id: number, tx?: Tx): Promise<UserRow | null> {
      const { rows } = await (tx ?? pool).query(
        `SELECT ${USER_COLUMNS} FROM users WHERE id = $1${tx ? ' FOR UPDATE' : ''}`,
        [id],
      );
      return rows[0] ? toUser(rows[0]) : null;
    },

    async list(): Promise<UserRow[]> {
      const { rows } = await pool.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`);
      return rows.map(toUser);
    },

    async update(
      id: number,
      change: Partial<{
        displayName: string;
        role: Role;
        disabled: boolean;
        passwordHash: string;
        mustChangePassword: boolean;
      }>,
      tx: Tx = pool,
    ): Promise<UserRow | null> {
      const { rows } = await tx.query(
        `UPDATE users SET display_name = coalesce($2, display_name), role = coalesce($3, role),
           disabled = coalesce($4, disabled), password_hash = coalesce($5, password_hash),
           must_change_password = coalesce($6, must_change_password), updated_at = now()
         WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [
          id,
          change.displayName ?? null,
          change.role ?? null,
          change.disabled ?? null,
          change.passwordHash ?? null,
          change.mustChangePassword ?? null,
        ],
      );
      return rows[0] ? toUser(rows[0]) : null;
    },

    async insertSession(tokenHash: string, userId: number, ttlSeconds: number, tx: Tx = pool): Promise<void> {
      await tx.query(
        `INSERT INTO sessions (token_hash, user_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3::float8))`,
        [tokenHash, userId, ttlSeconds],
      );
    },

    /** The user of a live session (not revoked, not expired, user not disabled), or null. */
    async sessionUser(tokenHash: string): Promise<UserRow | null> {
      const { rows } = await pool.query(
        `SELECT ${USER_COLUMNS.split(', ')
          .map((c) => `u.${c}`)
          .join(', ')}
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
        [tokenHash],
      );
      return rows[0] ? toUser(rows[0]) : null;
    },

    /**
     * Of these sessions, the ones still live, with their user's current role: the sweep that ends
     * sockets whose session was revoked, expired or whose user was disabled or changed role elsewhere.
     */
    async liveSessions(tokenHashes: string[]): Promise<Map<string, Role>> {
      if (tokenHashes.length === 0) return new Map();
      const { rows } = await pool.query<{ token_hash: string; role: Role }>(
        `SELECT s.token_hash, u.role FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ANY($1) AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
        [tokenHashes],
      );
      return new Map(rows.map((r) => [r.token_hash, r.role]));
    },

    /** Ends a session; answers whose it was, or null when there was none left to end. */
    async revokeSession(tokenHash: string, tx: Tx = pool): Promise<{ userId: number; username: string } | null> {
      const { rows } = await tx.query<{ user_id: string; username: string }>(
        `UPDATE sessions s SET revoked_at = now() FROM users u
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND u.id = s.user_id
         RETURNING s.user_id, u.username`,
        [tokenHash],
      );
      return rows[0] ? { userId: Number(rows[0].user_id), username: rows[0].username } : null;
    },

    /** Ends every session of a user but one (the one changing its password keeps its own). */
    async revokeUserSessions(userId: number, except?: string, tx: Tx = pool): Promise<void> {
      await tx.query(
        `UPDATE sessions SET revoked_at = now()
         WHERE user_id = $1 AND revoked_at IS NULL AND token_hash IS DISTINCT FROM $2`,
        [userId, except ?? null],
      );
    },

    /**
     * Inside a sign-in attempt's short transaction: the failures under these keys, and seconds since
     * the last one, with the keys' rows locked until the commit (made first when missing, with none),
     * so that attempts on the same name or address take turns at counting.
     */
    async lockFailures(
      keys: string[],
      tx: Tx,
    ): Promise<Array<{ key: string; failures: number; secondsSince: number }>> {
      // Always in the same order, so two attempts sharing an address never wait on each other in a circle.
      await tx.query(
        `INSERT INTO sign_in_failures (key, failures, last_failure_at)
         SELECT k, 0, now() FROM unnest($1::text[]) AS k ORDER BY k
         ON CONFLICT (key) DO NOTHING`,
        [keys],
      );
      const { rows } = await tx.query<{ key: string; failures: number; since: number }>(
        `SELECT key, failures, extract(epoch FROM clock_timestamp() - last_failure_at)::float8 AS since
         FROM sign_in_failures WHERE key = ANY($1) ORDER BY key FOR UPDATE`,
        [keys],
      );
      return rows.map((r) => ({ key: r.key, failures: Number(r.failures), secondsSince: Number(r.since) }));
    },

    async recordFailure(keys: string[], tx: Tx = pool): Promise<void> {
      await tx.query(
        `INSERT INTO sign_in_failures (key, failures, last_failure_at)
         SELECT k, 1, now() FROM unnest($1::text[]) AS k
         ON CONFLICT (key) DO UPDATE SET failures = sign_in_failures.failures + 1, last_failure_at = now()`,
        [keys],
      );
    },

    /** One failure fewer under these keys: an attempt counted in advance that succeeded. */
    async forgetOneFailure(keys: string[], tx: Tx = pool): Promise<void> {
      await tx.query('UPDATE sign_in_failures SET failures = greatest(failures - 1, 0) WHERE key = ANY($1)', [keys]);
    },

    async clearFailures(keys: string[], tx: Tx = pool): Promise<void> {
      await tx.query('DELETE FROM sign_in_failures WHERE key = ANY($1)', [keys]);
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
