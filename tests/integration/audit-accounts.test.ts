import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLogEntry, AuditPage } from '../../protocol/index.js';
import { TEST_PASSWORD } from '../helpers/clients.js';
import { perform, signInAs } from '../helpers/roles.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const FIRST = 'first-password-of-the-audit';
const NEXT = 'next-password-of-the-audit';
const RESET = 'reset-password-of-the-audit';

interface Row {
  id: string;
  user_id: string | null;
  username: string;
  action: string;
  target_kind: string;
  target_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  unit_id: string | null;
  actor: string | null;
}

/** Account actions in the audit log: administrators', users' own, failed sign-ins, the admin command's. */
describe('the audit log of account actions', () => {
  let server: TestServer;
  let admin: { cookie: string; id: number };
  /** Every password a test typed or was shown: none may reach the log. */
  const secrets = new Set([TEST_PASSWORD, FIRST, NEXT, RESET]);

  beforeAll(async () => {
    server = await startTestServer();
    const signedIn = await signInAs(server.url, 'demo-admin');
    admin = { cookie: signedIn.cookie, id: signedIn.user.id };
  });
  afterAll(async () => {
    // Whatever happened, nothing secret was written.
    if (server) {
      const all = JSON.stringify((await server.sql.query('SELECT * FROM audit_log')).rows);
      expect(all).not.toMatch(/argon2|password_hash|passwordHash/);
      for (const s of secrets) expect(all).not.toContain(s);
    }
    await server?.close();
  });

  const lastId = async () =>
    Number((await server.sql.query('SELECT coalesce(max(id), 0) AS n FROM audit_log')).rows[0].n);
  const since = async (id: number): Promise<Row[]> =>
    (await server.sql.query('SELECT * FROM audit_log WHERE id > $1 ORDER BY id', [id])).rows as Row[];
  /** Runs `act` and answers the audit rows it added (checking that it added exactly `n`). */
  async function rowsOf(act: () => Promise<unknown>, n = 1): Promise<Row[]> {
    const from = await lastId();
    await act();
    const rows = await since(from);
    expect(rows.map((r) => `${r.username} ${r.action} ${r.target_id}`)).toHaveLength(n);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/argon2/);
    for (const s of secrets) expect(text).not.toContain(s);
    return rows;
  }
  const rest = async (method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, cookie = admin.cookie) => {
    const answer = await perform(server.url, { rest: method, path, body, cookie });
    return answer as { ok: boolean; status: number; body: { user: Record<string, unknown> & { id: number } } };
  };
  const signIn = (username: string, password: string) =>
    perform(server.url, { rest: 'POST', path: '/api/v1/session', body: { username, password }, cookie: null });
  const fields = (u: Record<string, unknown>) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
  });

  it("records each administrator's change to an account once: who, the account before and after, no password", async () => {
    const byAdmin = { user_id: String(admin.id), username: 'demo-admin', actor: null, target_kind: 'user' };
    let account: Record<string, unknown> = {};
    const [created] = await rowsOf(async () => {
      const res = await rest('POST', '/api/v1/users', {
        username: 'audited-1',
        displayName: 'Nguyễn Thị Kiểm',
        role: 'viewer',
        password: FIRST,
      });
      expect(res.status).toBe(201);
      account = res.body.user;
    });
    expect(created).toMatchObject({ ...byAdmin, action: 'create_user', target_id: 'audited-1', before: null });
    expect(created!.after).toEqual(fields(account));
    expect(created!.after).toMatchObject({ role: 'viewer', disabled: false, mustChangePassword: true });

    const patch = async (change: object) => {
      let after: Record<string, unknown> = {};
      const [row] = await rowsOf(async () => {
        const res = await rest('PATCH', `/api/v1/users/${account.id as number}`, change);
        expect(res.status).toBe(200);
        after = res.body.user;
      });
      expect(row).toMatchObject({ ...byAdmin, action: 'update_user', target_id: 'audited-1' });
      expect(row!.before).toEqual(fields(account));
      account = after;
      return row!;
    };
    expect((await patch({ role: 'operator' })).after).toMatchObject({ role: 'operator' });
    expect((await patch({ displayName: 'Nguyễn Thị Kiểm Tra' })).after).toMatchObject({
      displayName: 'Nguyễn Thị Kiểm Tra',
    });
    expect((await patch({ disabled: true })).after).toEqual({ ...fields(account), disabled: true });
    expect((await patch({ disabled: false })).after).toEqual({ ...fields(account), disabled: false });
    const reset = await patch({ password: RESET });
    expect(reset.after).toEqual({ ...fields(account), mustChangePassword: true, password: 'reset' });

    // What is refused or fails changes nothing, and records nothing.
    await rowsOf(async () => {
      const invalid = { username: 'Bad Name', displayName: 'x', role: 'viewer', password: FIRST };
      expect((await rest('POST', '/api/v1/users', invalid)).status).toBe(400);
      const taken = { username: 'audited-1', displayName: 'x', role: 'viewer', password: FIRST };
      expect((await rest('POST', '/api/v1/users', taken)).status).toBe(409);
      expect((await rest('PATCH', '/api/v1/users/999999', { role: 'viewer' })).status).toBe(404);
      expect((await rest('PATCH', `/api/v1/users/${admin.id}`, { disabled: true })).status).toBe(400);
      const viewer = await signInAs(server.url, 'demo-viewer');
      expect(
        (await rest('PATCH', `/api/v1/users/${account.id as number}`, { role: 'admin' }, viewer.cookie)).status,
      ).toBe(403);
    }, 1); // the viewer's sign-in
  });

  it('records sign-in, own password change and sign-out by the user, once each', async () => {
    const made = await rest('POST', '/api/v1/users', {
      username: 'audited-2',
      displayName: 'Trần Văn Ca',
      role: 'dispatcher',
      password: FIRST,
    });
    const id = String(made.body.user.id);
    const byUser = { user_id: id, username: 'audited-2', actor: null, target_kind: 'user', target_id: 'audited-2' };
    let cookie = '';
    const [signedIn] = await rowsOf(async () => {
      cookie = (await signInAs(server.url, 'audited-2', FIRST)).cookie;
    });
    expect(signedIn).toMatchObject({
      ...byUser,
      action: 'sign_in',
      before: null,
      after: { client: expect.any(String) },
    });

    const [changed] = await rowsOf(async () => {
      const res = await rest('POST', '/api/v1/session/password', { currentPassword: FIRST, newPassword: NEXT }, cookie);
      expect(res.status).toBe(200);
    });
    expect(changed).toMatchObject({
      ...byUser,
      action: 'change_password',
      before: null,
      after: { password: 'changed' },
    });
    // A wrong current password changes nothing.
    await rowsOf(async () => {
      const res = await rest(
        'POST',
        '/api/v1/session/password',
        { currentPassword: FIRST, newPassword: RESET },
        cookie,
      );
      expect(res.status).toBe(401);
    }, 0);

    const [out] = await rowsOf(async () =>
      expect((await rest('DELETE', '/api/v1/session', undefined, cookie)).status).toBe(204),
    );
    expect(out).toMatchObject({ ...byUser, action: 'sign_out', before: null, after: null });
    // Signing out of a session that has ended, or of none, ends nothing.
    await rowsOf(async () => {
      expect((await rest('DELETE', '/api/v1/session', undefined, cookie)).status).toBe(204);
      expect((await perform(server.url, { rest: 'DELETE', path: '/api/v1/session', cookie: null })).status).toBe(204);
    }, 0);
  });

  it('records failed sign-ins by the name tried, with no account as actor and never the password tried', async () => {
    const anonymous = { user_id: null, unit_id: null, actor: 'anonymous', username: 'anonymous', target_kind: 'user' };
    const tried = 'a-password-someone-guessed';
    secrets.add(tried);
    const [wrong] = await rowsOf(async () => expect((await signIn('demo-press', tried)).status).toBe(401));
    expect(wrong).toMatchObject({
      ...anonymous,
      action: 'sign_in_failed',
      target_id: 'demo-press',
      before: null,
      after: { reason: 'wrong_password', client: expect.any(String) },
    });
    // An unknown name is kept as typed (lower case, trimmed), control characters replaced.
    const [unknown] = await rowsOf(async () => expect((await signIn('  No.Such\u0007User ', tried)).status).toBe(401));
    expect(unknown).toMatchObject({ ...anonymous, target_id: 'no.such?user', after: { reason: 'unknown_user' } });
    const [long] = await rowsOf(async () => expect((await signIn('x'.repeat(40), tried)).status).toBe(401));
    expect(long!.target_id).toBe('x'.repeat(40));

    // A disabled account, even with the right password.
    const made = await rest('POST', '/api/v1/users', {
      username: 'audited-3',
      displayName: 'Lê Thị Khoá',
      role: 'viewer',
      password: FIRST,
    });
    await rest('PATCH', `/api/v1/users/${made.body.user.id}`, { disabled: true });
    const [disabled] = await rowsOf(async () => expect((await signIn('audited-3', FIRST)).status).toBe(401));
    expect(disabled).toMatchObject({ ...anonymous, target_id: 'audited-3', after: { reason: 'disabled' } });

    // Two more failures on demo-press, then the next attempt must wait: recorded too, as throttled.
    await rowsOf(async () => {
      expect((await signIn('demo-press', tried)).status).toBe(401);
      expect((await signIn('demo-press', tried)).status).toBe(401);
    }, 2);
    const [throttled] = await rowsOf(async () => expect((await signIn('demo-press', TEST_PASSWORD)).status).toBe(429));
    expect(throttled).toMatchObject({
      ...anonymous,
      target_id: 'demo-press',
      after: { reason: 'too_many_attempts', retryAfterSeconds: expect.any(Number) },
    });
  });

  it("records the admin command's account changes with the cli as actor, and its listing not at all", async () => {
    const embedded = !realServicesAvailable();
    const admin = async (...args: string[]) => {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: server.config.dataDir, LOG_FORMAT: 'json' };
      if (embedded) delete env.DATABASE_URL;
      else env.DATABASE_URL = server.databaseUrl;
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/src/admin.ts', ...args], { env });
      // The one-time passwords it shows must not reach the log.
      for (const [, password] of stdout.matchAll(/one-time password[^:]*: (\S+)/g)) secrets.add(password!);
      return stdout;
    };
    const cli = {
      user_id: null,
      unit_id: null,
      actor: 'cli',
      username: `cli:${process.env.SUDO_USER ?? userInfo().username}`,
      target_kind: 'user',
      target_id: 'cli-made',
    };
    const [added] = await rowsOf(() =>
      admin('users', 'add', 'cli-made', '--role', 'operator', '--name', 'Phạm Dòng Lệnh'),
    );
    expect(added).toMatchObject({ ...cli, action: 'create_user', before: null });
    expect(added!.after).toMatchObject({ username: 'cli-made', role: 'operator', mustChangePassword: true });
    const [role] = await rowsOf(() => admin('users', 'role', 'cli-made', 'supervisor'));
    expect(role).toMatchObject({
      ...cli,
      action: 'update_user',
      before: { role: 'operator' },
      after: { role: 'supervisor' },
    });
    const [disabled] = await rowsOf(() => admin('users', 'disable', 'cli-made'));
    expect(disabled).toMatchObject({ ...cli, before: { disabled: false }, after: { disabled: true } });
    const [enabled] = await rowsOf(() => admin('users', 'enable', 'cli-made'));
    expect(enabled).toMatchObject({ ...cli, before: { disabled: true }, after: { disabled: false } });
    const [reset] = await rowsOf(() => admin('users', 'reset-password', 'cli-made'));
    expect(reset).toMatchObject({ ...cli, after: { password: 'reset', mustChangePassword: true } });
    await rowsOf(() => admin('users', 'list'), 0);
    await rowsOf(() => expect(admin('users', 'role', 'nobody-at-all', 'viewer')).rejects.toMatchObject({ code: 2 }), 0);
  }, 60_000);

  it('answers the account rows on GET /api/v1/audit, narrowed by action, target, acting user or kind of actor', async () => {
    const list = async (query: string) => {
      const res = await fetch(`${server.url}/api/v1/audit?${query}`, { headers: { cookie: admin.cookie } });
      expect(res.status, query).toBe(200);
      return ((await res.json()) as AuditPage).entries;
    };
    const history = await list('targetKind=user&targetId=audited-2');
    expect(history.map((e) => e.action)).toEqual(['sign_out', 'change_password', 'sign_in', 'create_user']);
    expect(history[0]).toMatchObject({ userId: expect.any(Number), username: 'audited-2', targetKind: 'user' });
    expect(history[0]).not.toHaveProperty('actor');

    const failed = await list('action=sign_in_failed&limit=500');
    expect(failed.length).toBeGreaterThanOrEqual(6);
    for (const e of failed) expect(e).toMatchObject({ userId: null, actor: 'anonymous', username: 'anonymous' });
    expect(failed.every((e) => !('unit' in e))).toBe(true);

    const fromShell = await list('actor=cli');
    expect(fromShell.map((e) => e.action)).toEqual([
      'update_user',
      'update_user',
      'update_user',
      'update_user',
      'create_user',
    ]);
    // The demo accounts were made by the server at start.
    const atStart = await list('actor=system&action=create_user&limit=500');
    expect(atStart.map((e) => e.targetId)).toContain('demo-admin');

    const mine = await list(`userId=${admin.id}&targetKind=user`);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e: AuditLogEntry) => e.userId === admin.id)).toBe(true);
    const accountsOnly = await list('actor=user&targetKind=user&action=create_user');
    expect(accountsOnly.map((e) => e.targetId).sort()).toEqual(['audited-1', 'audited-2', 'audited-3']);

    const bad = await fetch(`${server.url}/api/v1/audit?actor=robot`, { headers: { cookie: admin.cookie } });
    expect(bad.status).toBe(400);
  });

  it('keeps one actor per row and the log append-only', async () => {
    const insert = (userId: number | null, actor: string | null) =>
      server.sql.query(
        `INSERT INTO audit_log (user_id, username, action, target_kind, target_id, actor)
         VALUES ($1, 'x', 'test', 'user', 'x', $2)`,
        [userId, actor],
      );
    await expect(insert(null, null)).rejects.toThrow(/audit_log_one_actor/);
    await expect(insert(admin.id, 'cli')).rejects.toThrow(/audit_log_one_actor/);
    await expect(insert(null, 'robot')).rejects.toThrow(/audit_log_one_actor/);
    await expect(server.sql.query("UPDATE audit_log SET username = 'x' WHERE actor = 'cli'")).rejects.toThrow(
      /append-only/,
    );
    await expect(server.sql.query("DELETE FROM audit_log WHERE action = 'sign_in_failed'")).rejects.toThrow(
      /append-only/,
    );
  });
});
