import { createHash, randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import {
  ROLE_PERMISSIONS,
  type Role,
  type SessionUser,
  type SignInFailure,
  type UserAccount,
} from '../../../../protocol/index.js';
import {
  ConflictError,
  InvalidCredentialsError,
  NotFoundError,
  TooManyAttemptsError,
  UnauthenticatedError,
  ValidationError,
} from '../../platform/errors.js';
import type { Logger } from '../../platform/log.js';
import { ANONYMOUS_ACTOR, type Actor, type AuditService } from '../audit/audit.service.js';
import { audited, triedName, userTarget } from './accounts.audit.js';
import { bootstrapAccounts, generatePassword } from './accounts.bootstrap.js';
import type { AccountsRepository, UserRow } from './accounts.repository.js';

/**
 * Failed sign-ins allowed before each further attempt must wait 2 s, 4 s, 8 s ... up to 5 minutes:
 * 3 per username (guessing one account's password), 20 per client address (trying many accounts,
 * while a control room behind one NAT address can still mistype).
 */
export const FREE_FAILURES = { user: 3, ip: 20 } as const;
const MAX_DELAY_S = 300;
/** Failures older than this are forgiven. */
const FORGET_AFTER_S = 3600;

export const delayAfter = (failures: number, free: number): number =>
  failures < free ? 0 : Math.min(MAX_DELAY_S, 2 ** (failures - free + 1));

const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export const toSessionUser = (u: Pick<UserRow, 'id' | 'username' | 'displayName' | 'role' | 'mustChangePassword'>) =>
  ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    permissions: [...ROLE_PERMISSIONS[u.role]],
    mustChangePassword: u.mustChangePassword,
  }) satisfies SessionUser;

const toAccount = ({ passwordHash: _h, demo: _d, ...account }: UserRow): UserAccount => account;

export type AccountEvent = { kind: 'session-ended'; sessionId: string } | { kind: 'user-changed'; userId: number };

export interface Authenticated {
  user: SessionUser;
  /** The session's id on the server (the token's hash): sockets join a room by it. */
  sessionId: string;
}

/**
 * Accounts and sessions. Every change to an account, every sign-in (failed ones too, by the name
 * tried), sign-out and password change is written to the audit log in the transaction that makes it;
 * the actor is the signed-in user, or whoever `createUser` and `updateUser` are told (an
 * administrator, the admin command, the server at start).
 */
export function createAccountsService(deps: {
  repo: AccountsRepository;
  audit: Pick<AuditService, 'record'>;
  /** Session lifetime: a shift and a half. */
  sessionTtlSeconds: number;
  log: Logger;
}) {
  const { repo, audit, log } = deps;
  const listeners: Array<(e: AccountEvent) => void> = [];
  const emit = (e: AccountEvent) => listeners.forEach((l) => l(e));
  // Verifying against a real hash when the user does not exist keeps both answers equally slow.
  const dummyHash = argon2Hash(generatePassword());

  /**
   * Starts a sign-in attempt: the seconds it must still wait (0: it may go ahead). One that may go
   * ahead is counted as a failure under the name and the address at once, before its slow password
   * check, in the same transaction that read the counts (the keys' rows locked): of a burst of
   * parallel attempts, only as many as the free failures get checked, the rest wait. A success
   * takes its count back (`signedIn`).
   */
  async function beginAttempt(keys: string[]): Promise<number> {
    return repo.transaction(async (tx) => {
      const wait = (await repo.lockFailures(keys, tx))
        .filter((f) => f.secondsSince < FORGET_AFTER_S)
        .map(
          (f) =>
            delayAfter(f.failures, f.key.startsWith('ip:') ? FREE_FAILURES.ip : FREE_FAILURES.user) - f.secondsSince,
        )
        .reduce((a, b) => Math.max(a, b), 0);
      if (wait > 0) return Math.ceil(wait);
      await repo.recordFailure(keys, tx);
      return 0;
    });
  }

  /** A failed sign-in (already counted by `beginAttempt`, unless it was throttled), audited. */
  async function signInFailed(name: string, client: string, reason: SignInFailure, wait = 0) {
    await repo.transaction(async (tx) => {
      await audit.record(tx, {
        user: ANONYMOUS_ACTOR,
        action: 'sign_in_failed',
        target: userTarget(triedName(name)),
        before: null,
        after: { reason, client, ...(wait ? { retryAfterSeconds: wait } : {}) },
      });
    });
    log.warn({ username: triedName(name), client, reason }, 'sign-in failed');
  }

  async function createUser(
    input: {
      username: string;
      displayName: string;
      role: Role;
      password: string;
      mustChangePassword?: boolean;
      demo?: boolean;
    },
    actor: Actor,
  ): Promise<UserAccount> {
    const passwordHash = await argon2Hash(input.password);
    const row = await repo.transaction(async (tx) => {
      const row = await repo.insert(
        {
          username: input.username,
          displayName: input.displayName.normalize('NFC'),
          role: input.role,
          passwordHash,
          mustChangePassword: input.mustChangePassword ?? false,
          demo: input.demo,
        },
        tx,
      );
      if (!row) throw new ConflictError(`The username "${input.username}" is taken.`);
      const target = userTarget(row.username);
      await audit.record(tx, { user: actor, action: 'create_user', target, before: null, after: audited(row) });
      return row;
    });
    return toAccount(row);
  }

  return {
    onEvent(listener: (e: AccountEvent) => void): void {
      listeners.push(listener);
    },

    /** Signs in; wrong credentials and unknown users get the same answer, repeated failures wait. */
    async signIn(
      username: string,
      password: string,
      clientAddress: string,
    ): Promise<{ token: string; user: SessionUser }> {
      const name = username.trim().toLowerCase();
      const keys = [`user:${name}`, `ip:${clientAddress}`];
      const wait = await beginAttempt(keys);
      if (wait > 0) {
        await signInFailed(name, clientAddress, 'too_many_attempts', wait);
        throw new TooManyAttemptsError(wait);
      }
      const user = await repo.byUsername(name);
      const good = user
        ? await argon2Verify(user.passwordHash, password).catch(() => false)
        : await argon2Verify(await dummyHash, password).then(() => false);
      if (!user || !good || user.disabled) {
        const reason = !user ? 'unknown_user' : !good ? 'wrong_password' : 'disabled';
        await signInFailed(name, clientAddress, reason);
        throw new InvalidCredentialsError('Wrong username or password.');
      }
      const token = randomBytes(32).toString('base64url');
      await repo.transaction(async (tx) => {
        // The name's failures are forgiven; the address keeps its others, not this attempt.
        await repo.clearFailures([`user:${name}`], tx);
        await repo.forgetOneFailure([`ip:${clientAddress}`], tx);
        await repo.insertSession(tokenHash(token), user.id, deps.sessionTtlSeconds, tx);
        const target = userTarget(user.username);
        await audit.record(tx, {
          user: { id: user.id, username: user.username },
          action: 'sign_in',
          target,
          before: null,
          after: { client: clientAddress },
        });
      });
      log.info({ username: name, role: user.role }, 'signed in');
      return { token, user: toSessionUser(user) };
    },

    /** The user behind a session token, or null when there is none, or it ended. */
    async authenticate(token: string | undefined): Promise<Authenticated | null> {
      if (!token || token.length > 100) return null;
      const sessionId = tokenHash(token);
      const user = await repo.sessionUser(sessionId);
      return user ? { user: toSessionUser(user), sessionId } : null;
    },

    /** Ends the session (audited when there was one to end). */
    async signOut(token: string): Promise<void> {
      const sessionId = tokenHash(token);
      await repo.transaction(async (tx) => {
        const ended = await repo.revokeSession(sessionId, tx);
        if (!ended) return;
        const user = { id: ended.userId, username: ended.username };
        await audit.record(tx, {
          user,
          action: 'sign_out',
          target: userTarget(user.username),
          before: null,
          after: null,
        });
      });
      emit({ kind: 'session-ended', sessionId });
    },

    /** Sessions of these ids still live, with the user's current role. */
    liveSessions: (sessionIds: string[]) => repo.liveSessions(sessionIds),

    async changePassword(auth: Authenticated, currentPassword: string, newPassword: string): Promise<SessionUser> {
      const user = await repo.byId(auth.user.id);
      if (!user) throw new UnauthenticatedError('The account no longer exists.');
      if (!(await argon2Verify(user.passwordHash, currentPassword).catch(() => false)))
        throw new InvalidCredentialsError('The current password is wrong.');
      if (newPassword === currentPassword)
        throw new ValidationError('Choose a password different from the current one.');
      const passwordHash = await argon2Hash(newPassword);
      const updated = await repo.transaction(async (tx) => {
        const updated = await repo.update(user.id, { passwordHash, mustChangePassword: false }, tx);
        // Other browsers signed in with the old password are signed out.
        await repo.revokeUserSessions(user.id, auth.sessionId, tx);
        await audit.record(tx, {
          user: auth.user,
          action: 'change_password',
          target: userTarget(user.username),
          before: null,
          after: { password: 'changed' },
        });
        return updated;
      });
      emit({ kind: 'user-changed', userId: user.id });
      return toSessionUser(updated!);
    },

    createUser,

    async listUsers(): Promise<UserAccount[]> {
      return (await repo.list()).map(toAccount);
    },

    /**
     * An administrator's (or the admin command's) change to an account, audited with the account
     * before and after; a password set here is one-time. Its open sessions follow within seconds.
     */
    async updateUser(
      id: number,
      change: { displayName?: string; role?: Role; disabled?: boolean; password?: string },
      actor: Actor,
    ): Promise<UserAccount> {
      const passwordHash = change.password ? await argon2Hash(change.password) : undefined;
      const updated = await repo.transaction(async (tx) => {
        const before = await repo.byId(id, tx);
        if (!before) throw new NotFoundError(`No account ${id}.`);
        const after = (await repo.update(
          id,
          {
            displayName: change.displayName?.normalize('NFC'),
            role: change.role,
            disabled: change.disabled,
            ...(passwordHash ? { passwordHash, mustChangePassword: true } : {}),
          },
          tx,
        ))!;
        if (change.disabled || passwordHash) await repo.revokeUserSessions(id, undefined, tx);
        await audit.record(tx, {
          user: actor,
          action: 'update_user',
          target: userTarget(before.username),
          before: audited(before),
          after: audited(after, passwordHash ? 'reset' : undefined),
        });
        return after;
      });
      emit({ kind: 'user-changed', userId: id });
      return toAccount(updated);
    },

    async userByName(username: string): Promise<UserAccount | null> {
      const row = await repo.byUsername(username);
      return row ? toAccount(row) : null;
    },

    /**
     * The first start: an administrator from ADMIN_PASSWORD, or with a one-time password printed in
     * the log (to be changed at first sign-in); on the embedded demo, one account per role.
     */
    bootstrap: (opts: { adminPassword?: string; demoPassword?: string }): Promise<void> =>
      bootstrapAccounts({ repo, audit, createUser, log }, opts),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
