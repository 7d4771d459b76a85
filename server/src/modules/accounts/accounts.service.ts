import { createHash, randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { ROLE_PERMISSIONS, ROLES, type Role, type SessionUser, type UserAccount } from '../../../../protocol/index.js';
import {
  ConflictError,
  InvalidCredentialsError,
  NotFoundError,
  TooManyAttemptsError,
  UnauthenticatedError,
  ValidationError,
} from '../../platform/errors.js';
import type { Logger } from '../../platform/log.js';
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

/** A readable random password: 4 groups of 5 letters and digits (about 100 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

export type AccountEvent = { kind: 'session-ended'; sessionId: string } | { kind: 'user-changed'; userId: number };

export interface Authenticated {
  user: SessionUser;
  /** The session's id on the server (the token's hash): sockets join a room by it. */
  sessionId: string;
}

export function createAccountsService(deps: {
  repo: AccountsRepository;
  /** Session lifetime: a shift and a half. */
  sessionTtlSeconds: number;
  log: Logger;
}) {
  const { repo, log } = deps;
  const listeners: Array<(e: AccountEvent) => void> = [];
  const emit = (e: AccountEvent) => listeners.forEach((l) => l(e));
  // Verifying against a real hash when the user does not exist keeps both answers equally slow.
  const dummyHash = argon2Hash(generatePassword());

  async function checkThrottle(keys: string[]): Promise<void> {
    const wait = (await repo.failures(keys))
      .filter((f) => f.secondsSince < FORGET_AFTER_S)
      .map(
        (f) => delayAfter(f.failures, f.key.startsWith('ip:') ? FREE_FAILURES.ip : FREE_FAILURES.user) - f.secondsSince,
      )
      .reduce((a, b) => Math.max(a, b), 0);
    if (wait > 0) throw new TooManyAttemptsError(Math.ceil(wait));
  }

  async function newSession(user: UserRow): Promise<{ token: string; sessionId: string }> {
    const token = randomBytes(32).toString('base64url');
    const sessionId = tokenHash(token);
    await repo.insertSession(sessionId, user.id, deps.sessionTtlSeconds);
    return { token, sessionId };
  }

  async function createUser(input: {
    username: string;
    displayName: string;
    role: Role;
    password: string;
    mustChangePassword?: boolean;
    demo?: boolean;
  }): Promise<UserAccount> {
    const row = await repo.insert({
      username: input.username,
      displayName: input.displayName.normalize('NFC'),
      role: input.role,
      passwordHash: await argon2Hash(input.password),
      mustChangePassword: input.mustChangePassword ?? false,
      demo: input.demo,
    });
    if (!row) throw new ConflictError(`The username "${input.username}" is taken.`);
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
      await checkThrottle(keys);
      const user = await repo.byUsername(name);
      const good = user
        ? await argon2Verify(user.passwordHash, password).catch(() => false)
        : await argon2Verify(await dummyHash, password).then(() => false);
      if (!user || !good || user.disabled) {
        await repo.recordFailure(keys);
        log.warn({ username: name, client: clientAddress }, 'sign-in failed');
        throw new InvalidCredentialsError('Wrong username or password.');
      }
      await repo.clearFailures([`user:${name}`]);
      const { token } = await newSession(user);
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

    async signOut(token: string): Promise<void> {
      const sessionId = tokenHash(token);
      await repo.revokeSession(sessionId);
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
      const updated = await repo.update(user.id, {
        passwordHash: await argon2Hash(newPassword),
        mustChangePassword: false,
      });
      // Other browsers signed in with the old password are signed out.
      await repo.revokeUserSessions(user.id, auth.sessionId);
      emit({ kind: 'user-changed', userId: user.id });
      return toSessionUser(updated!);
    },

    createUser,

    async listUsers(): Promise<UserAccount[]> {
      return (await repo.list()).map(toAccount);
    },

    /** An administrator's change to an account; its open sessions follow within seconds. */
    async updateUser(
      id: number,
      change: { displayName?: string; role?: Role; disabled?: boolean; password?: string },
    ): Promise<UserAccount> {
      const updated = await repo.update(id, {
        displayName: change.displayName?.normalize('NFC'),
        role: change.role,
        disabled: change.disabled,
        ...(change.password ? { passwordHash: await argon2Hash(change.password), mustChangePassword: true } : {}),
      });
      if (!updated) throw new NotFoundError(`No account ${id}.`);
      if (change.disabled || change.password) await repo.revokeUserSessions(id);
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
    async bootstrap(opts: { adminPassword?: string; demoPassword?: string }): Promise<void> {
      if ((await repo.count()) === 0) {
        const password = opts.adminPassword ?? generatePassword();
        await createUser({
          username: 'admin',
          displayName: 'Quản trị viên',
          role: 'admin',
          password,
          mustChangePassword: !opts.adminPassword,
        });
        if (opts.adminPassword) log.info({ username: 'admin' }, 'first administrator created from ADMIN_PASSWORD');
        else
          log.warn(
            { username: 'admin' },
            `first administrator "admin" created with the one-time password ${password} (to be changed at first sign-in)`,
          );
      }
      if (opts.demoPassword) {
        const password = opts.demoPassword;
        // One hash per account, in parallel (argon2 runs on the libuv thread pool).
        await Promise.all(
          ROLES.map(async (role) => {
            const username = `demo-${role}`;
            const existing = await repo.byUsername(username);
            if (existing && !existing.demo) return; // never touch a real account
            if (existing) {
              if (await argon2Verify(existing.passwordHash, password).catch(() => false)) return;
              await repo.update(existing.id, { passwordHash: await argon2Hash(password) });
            } else await createUser({ username, displayName: DEMO_NAMES[role], role, password, demo: true });
          }),
        );
      }
    },
  };
}

const DEMO_NAMES: Record<Role, string> = {
  viewer: 'Người xem (demo)',
  operator: 'Trực ban (demo)',
  dispatcher: 'Điều phối viên (demo)',
  supervisor: 'Trưởng ca (demo)',
  admin: 'Quản trị (demo)',
  press: 'Báo chí (demo)',
};

export type AccountsService = ReturnType<typeof createAccountsService>;
