import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from './config.js';
import { ROLES, roleSchema, usernameSchema, type Role } from '../../protocol/index.js';
import { createAccountsRepository } from './modules/accounts/accounts.repository.js';
import { generatePassword } from './modules/accounts/accounts.bootstrap.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { createAgenciesRepository } from './modules/agencies/agencies.repository.js';
import { createAgenciesService } from './modules/agencies/agencies.service.js';
import { createAuditRepository } from './modules/audit/audit.repository.js';
import { cliActor, createAuditService } from './modules/audit/audit.service.js';
import { openDatabase } from './platform/db/database.js';
import { embeddedUrlFile } from './platform/db/embedded.js';
import { inTransaction } from './platform/db/transaction.js';
import { createLogger } from './platform/log.js';

const USAGE = `usage: npm run admin -- <command>
  keys add <agency> [--label <text>]   make an API key for an agency (shown once)
  keys list                            list agencies' keys (never the keys themselves)
  keys revoke <agency>                 revoke every key of an agency
  users list                           list operator accounts
  users add <username> --role <role> --name <display name>
                                       make an account with a one-time password (shown once)
  users role <username> <role>         change an account's role (its open consoles follow)
  users disable|enable <username>      disable (signs it out everywhere) or enable an account
  users reset-password <username>      a new one-time password (shown once; signs it out)
Roles: ${ROLES.join(', ')}.
Every change to an account or a key is written to the audit log, by "cli:<your shell user>".
Uses DATABASE_URL when set; otherwise the embedded database (the running server's, or DATA_DIR's).`;

const COMMANDS: Record<string, { min: number }> = {
  'keys add': { min: 1 },
  'keys list': { min: 0 },
  'keys revoke': { min: 1 },
  'users list': { min: 0 },
  'users add': { min: 1 },
  'users role': { min: 2 },
  'users disable': { min: 1 },
  'users enable': { min: 1 },
  'users reset-password': { min: 1 },
};

class UsageError extends Error {}

/** Admin commands: `npm run admin -- keys add police113`, `npm run admin -- users add lan --role operator`. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { label: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  });
  const [group, command, ...args] = positionals;
  const spec = COMMANDS[`${group} ${command}`];
  if (!spec || args.length < spec.min) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger('warn', {}, 'json');
  // A running embedded server holds its engine: talk to it through its socket.
  const running = config.databaseUrl
    ? undefined
    : await readFile(embeddedUrlFile(config.dataDir), 'utf8').catch(() => '');
  const url = config.databaseUrl ?? (running?.trim() && (await reachable(running.trim())) ? running.trim() : undefined);
  const db = await openDatabase({ url, dataDir: config.dataDir, embeddedPort: 0, log });
  try {
    if (group === 'users') await users(command!, args, values, db.pool);
    else await keys(command!, args[0], values.label, db.pool);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`admin: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  } finally {
    await db.close();
  }
}

/**
 * Agencies' API keys. Making one (`create_api_key`: its id and label, never the key) and revoking an
 * agency's (`revoke_api_keys`: how many were active before and after) are audited, target `agency`,
 * with the shell user as actor; listing is not.
 */
async function keys(command: string, agency: string | undefined, label: string | undefined, pool: pg.Pool) {
  const agenciesOn = (db: Pick<pg.Pool, 'query'>) =>
    createAgenciesService({ repo: createAgenciesRepository(db), envKeys: [] });
  const audit = createAuditService({ repo: createAuditRepository(pool) });
  const actor = cliActor(shellUser());
  if (command === 'add') {
    const { key, entry } = await inTransaction(pool, async (tx) => {
      const made = await agenciesOn(tx).createKey(agency!, label);
      await audit.record(tx, {
        user: actor,
        action: 'create_api_key',
        target: { kind: 'agency', id: made.entry.agency },
        before: null,
        after: { keyId: made.entry.id, label: made.entry.label },
      });
      return made;
    });
    process.stdout.write(`API key for agency "${entry.agency}" (shown once; send it as X-API-Key):\n${key}\n`);
  } else if (command === 'revoke') {
    const revoked = await inTransaction(pool, async (tx) => {
      const count = await agenciesOn(tx).revoke(agency!);
      if (count > 0)
        await audit.record(tx, {
          user: actor,
          action: 'revoke_api_keys',
          target: { kind: 'agency', id: agency! },
          before: { activeKeys: count },
          after: { activeKeys: 0 },
        });
      return count;
    });
    process.stdout.write(`revoked ${revoked} key(s) of agency "${agency}"\n`);
  } else {
    for (const k of await agenciesOn(pool).list()) {
      process.stdout.write(
        `${k.agency}\t#${k.id}\t${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}\t${k.label ?? ''}\n`,
      );
    }
  }
}

async function users(
  command: string,
  [username, roleArg]: string[],
  values: { role?: string; name?: string },
  pool: pg.Pool,
): Promise<void> {
  const accounts = createAccountsService({
    repo: createAccountsRepository(pool),
    audit: createAuditService({ repo: createAuditRepository(pool) }),
    sessionTtlSeconds: 3600,
    log: createLogger('warn', {}, 'json'),
  });
  // Not an account: the shell user who ran the command, as the audit log's actor.
  const actor = cliActor(shellUser());
  const role = (raw: string | undefined): Role => {
    const parsed = roleSchema.safeParse(raw);
    if (!parsed.success) throw new UsageError(`the role must be one of ${ROLES.join(', ')}`);
    return parsed.data;
  };
  const find = async () => {
    const user = await accounts.userByName(username!);
    if (!user) throw new UsageError(`no account "${username}"`);
    return user;
  };
  const oneTime = (password: string) => `one-time password (shown once; to be changed at first sign-in): ${password}\n`;

  if (command === 'list') {
    for (const u of await accounts.listUsers())
      process.stdout.write(`${u.username}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\t${u.displayName}\n`);
  } else if (command === 'add') {
    const name = usernameSchema.safeParse(username);
    if (!name.success) throw new UsageError(`invalid username: ${name.error.issues[0]!.message}`);
    const password = generatePassword();
    const user = await accounts.createUser(
      {
        username: name.data,
        displayName: values.name ?? name.data,
        role: role(values.role),
        password,
        mustChangePassword: true,
      },
      actor,
    );
    process.stdout.write(`account "${user.username}" (${user.role}) created\n${oneTime(password)}`);
  } else if (command === 'role') {
    const user = await accounts.updateUser((await find()).id, { role: role(roleArg) }, actor);
    process.stdout.write(`"${user.username}" is now ${user.role}; open consoles follow within seconds\n`);
  } else if (command === 'disable' || command === 'enable') {
    const user = await accounts.updateUser((await find()).id, { disabled: command === 'disable' }, actor);
    process.stdout.write(`"${user.username}" ${user.disabled ? 'disabled and signed out' : 'enabled'}\n`);
  } else if (command === 'reset-password') {
    const password = generatePassword();
    await accounts.updateUser((await find()).id, { password }, actor);
    process.stdout.write(`"${username}" signed out everywhere\n${oneTime(password)}`);
  }
}

/** Who runs the command, as the shell knows them (SUDO_USER first: the person behind sudo). */
function shellUser(): string {
  let name = process.env.SUDO_USER;
  try {
    name ??= userInfo().username;
  } catch {
    name ??= process.env.USER;
  }
  return name?.slice(0, 40) || 'unknown';
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`admin: ${err.message}\n`);
    process.exit(1);
  },
);
