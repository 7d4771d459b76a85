import { randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { ROLES, type Role, type UserAccount } from '../../../../protocol/index.js';
import type { Logger } from '../../platform/log.js';
import { SYSTEM_ACTOR, type Actor, type AuditService } from '../audit/audit.service.js';
import { audited, userTarget } from './accounts.audit.js';
import type { AccountsRepository, UserRow } from './accounts.repository.js';

/** A readable random password: 4 groups of 5 letters and digits (about 100 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

const DEMO_NAMES: Record<Role, string> = {
  viewer: 'Người xem (demo)',
  operator: 'Trực ban (demo)',
  dispatcher: 'Điều phối viên (demo)',
  supervisor: 'Trưởng ca (demo)',
  admin: 'Quản trị (demo)',
  press: 'Báo chí (demo)',
};

/**
 * The first start: an administrator from ADMIN_PASSWORD, or with a one-time password printed in the
 * log (to be changed at first sign-in); on the embedded demo, one account per role. What it makes or
 * changes is audited with the server itself (`system`) as actor.
 */
export async function bootstrapAccounts(
  deps: {
    repo: AccountsRepository;
    audit: Pick<AuditService, 'record'>;
    createUser: (
      input: {
        username: string;
        displayName: string;
        role: Role;
        password: string;
        mustChangePassword?: boolean;
        demo?: boolean;
      },
      actor: Actor,
    ) => Promise<UserAccount>;
    log: Logger;
  },
  opts: { adminPassword?: string; demoPassword?: string },
): Promise<void> {
  const { repo, audit, createUser, log } = deps;
  if ((await repo.count()) === 0) {
    const password = opts.adminPassword ?? generatePassword();
    await createUser(
      {
        username: 'admin',
        displayName: 'Quản trị viên',
        role: 'admin',
        password,
        mustChangePassword: !opts.adminPassword,
      },
      SYSTEM_ACTOR,
    );
    if (opts.adminPassword) log.info({ username: 'admin' }, 'first administrator created from ADMIN_PASSWORD');
    else
      log.warn(
        { username: 'admin' },
        `first administrator "admin" created with the one-time password ${password} (to be changed at first sign-in)`,
      );
  }
  if (!opts.demoPassword) return;
  const password = opts.demoPassword;
  /** A demo account takes a new DEMO_PASSWORD. */
  const refresh = async (existing: UserRow) => {
    const passwordHash = await argon2Hash(password);
    await repo.transaction(async (tx) => {
      const after = (await repo.update(existing.id, { passwordHash }, tx))!;
      await audit.record(tx, {
        user: SYSTEM_ACTOR,
        action: 'update_user',
        target: userTarget(existing.username),
        before: audited(existing),
        after: audited(after, 'changed'),
      });
    });
  };
  // One hash per account, in parallel (argon2 runs on the libuv thread pool).
  await Promise.all(
    ROLES.map(async (role) => {
      const username = `demo-${role}`;
      const existing = await repo.byUsername(username);
      if (existing && !existing.demo) return; // never touch a real account
      if (existing) {
        if (!(await argon2Verify(existing.passwordHash, password).catch(() => false))) await refresh(existing);
      } else await createUser({ username, displayName: DEMO_NAMES[role], role, password, demo: true }, SYSTEM_ACTOR);
    }),
  );
}
