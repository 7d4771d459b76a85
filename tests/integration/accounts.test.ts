import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleSocket } from '../helpers/clients.js';
import { eventually, openSocket, signIn, TEST_PASSWORD } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Accounts, sessions and roles as a browser meets them: the cookie, the socket, the answers. */
describe('operator accounts and sessions', () => {
  let server: TestServer;
  const ADMIN_PASSWORD = 'first-admin-password-for-tests';
  const opened: ConsoleSocket[] = [];
  beforeAll(async () => {
    server = await startTestServer({ overrides: { adminPassword: ADMIN_PASSWORD, sessionCheckMs: 200 } });
  });
  afterAll(async () => {
    for (const s of opened) s.disconnect();
    await server?.close();
  });

  const api = (path: string, init: RequestInit & { cookie?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
      },
    });
  const postSignIn = (username: string, password: string) =>
    api('/api/v1/session', { method: 'POST', body: JSON.stringify({ username, password }) });
  const socketAs = async (cookie: string) => {
    const s = await openSocket(server.url, cookie);
    opened.push(s);
    return s;
  };
  const disconnected = (s: ConsoleSocket) => new Promise<string>((resolve) => s.once('disconnect', resolve));
  let userSeq = 0;
  /** A fresh account made by the administrator, so tests do not share one. */
  async function newAccount(role: string) {
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const username = `op${++userSeq}`;
    const res = await api('/api/v1/users', {
      method: 'POST',
      cookie: admin,
      body: JSON.stringify({ username, displayName: 'Nguyễn Văn Thử', role, password: 'a-long-password-1' }),
    });
    expect(res.status).toBe(201);
    const { user } = (await res.json()) as { user: { id: number; mustChangePassword: boolean } };
    // The administrator's password is one-time: the new user chooses their own first.
    expect(user.mustChangePassword).toBe(true);
    const cookie = await signIn(server.url, username, 'a-long-password-1');
    const changed = await api('/api/v1/session/password', {
      method: 'POST',
      cookie,
      body: JSON.stringify({ currentPassword: 'a-long-password-1', newPassword: 'a-long-password-2' }),
    });
    expect(changed.status).toBe(200);
    return { id: user.id, username, admin, cookie };
  }

  it('refuses sockets and API calls without a session', async () => {
    await expect(openSocket(server.url)).rejects.toThrow('unauthenticated');
    await expect(openSocket(server.url, 'hanoi_session=made-up-token')).rejects.toThrow('unauthenticated');
    expect((await api('/api/v1/session')).status).toBe(401);
    expect((await api('/api/v1/users')).status).toBe(401);
    expect((await api('/api/v1/quarantine')).status).toBe(401);
  });

  it('signs in with an httpOnly, SameSite=Strict cookie and says who is signed in, with what rights', async () => {
    const res = await postSignIn('demo-dispatcher', TEST_PASSWORD);
    expect(res.status).toBe(201);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^hanoi_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const body = (await res.json()) as { user: Record<string, unknown> };
    expect(body.user).toMatchObject({ username: 'demo-dispatcher', role: 'dispatcher', mustChangePassword: false });
    expect(body.user.permissions).toContain('incidents.dispatch');
    expect(body.user.permissions).not.toContain('users.manage');
    expect(JSON.stringify(body)).not.toMatch(/argon2|password_hash|passwordHash/);

    const me = await api('/api/v1/session', { cookie: setCookie.split(';')[0] });
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('demo-dispatcher');
  });

  it('gives the same answer for a wrong password and an unknown user, and slows down repeated failures', async () => {
    const wrong = await postSignIn('demo-press', 'not-the-password');
    const unknown = await postSignIn('nobody-here', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    // Two more failures on this name, then it must wait, even with the right password.
    await postSignIn('demo-press', 'still-wrong');
    await postSignIn('demo-press', 'still-wrong');
    const slowed = await postSignIn('demo-press', TEST_PASSWORD);
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await slowed.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
  });

  it('lets at most three of a burst of parallel wrong passwords be checked, and the right one waits too', async () => {
    const { username } = await newAccount('viewer');
    const from = Number((await server.sql.query('SELECT coalesce(max(id), 0) AS n FROM audit_log')).rows[0].n);
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => postSignIn(username, `wrong-guess-${i}`)));
    const statuses = burst.map((r) => r.status);
    // Checked and refused: at most the three free failures; every other attempt waits, and says how long.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s !== 401)).toEqual(Array(10 - statuses.filter((s) => s === 401).length).fill(429));
    for (const r of burst.filter((x) => x.status === 429))
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    const { rows } = await server.sql.query(
      "SELECT after->>'reason' AS reason FROM audit_log WHERE id > $1 AND action = 'sign_in_failed' AND target_id = $2",
      [from, username],
    );
    expect(rows.filter((r) => r.reason === 'wrong_password').length).toBeLessThanOrEqual(3);
    expect(rows).toHaveLength(10);
    // The right password right after: still throttled.
    const right = await postSignIn(username, 'a-long-password-2');
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('ends the open sockets of a session at logout, and the cookie no longer works', async () => {
    const cookie = await signIn(server.url, 'demo-operator');
    const socket = await socketAs(cookie);
    const gone = disconnected(socket);
    expect((await api('/api/v1/session', { method: 'DELETE', cookie })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    await expect(openSocket(server.url, cookie)).rejects.toThrow('unauthenticated');
    expect((await api('/api/v1/session', { cookie })).status).toBe(401);
  });

  it("ends a disabled user's sockets within seconds, and they cannot sign in again", async () => {
    const { id, username, admin, cookie } = await newAccount('operator');
    const socket = await socketAs(cookie);
    const gone = disconnected(socket);
    const res = await api(`/api/v1/users/${id}`, { method: 'PATCH', cookie: admin, body: '{"disabled":true}' });
    expect(res.status).toBe(200);
    await gone;
    expect((await postSignIn(username, 'a-long-password-2')).status).toBe(401);
  });

  it('applies a demotion to open sockets: the reconnected press account may not see the live layers', async () => {
    const { id, admin, cookie } = await newAccount('operator');
    const socket = await socketAs(cookie);
    expect((await socket.emitWithAck('layers:subscribe', { layers: ['incidents'] })).ok).toBe(true);
    const gone = disconnected(socket);
    await api(`/api/v1/users/${id}`, { method: 'PATCH', cookie: admin, body: '{"role":"press"}' });
    await gone;
    const again = await socketAs(cookie);
    const ack = await again.emitWithAck('layers:subscribe', { layers: ['incidents'] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('catches changes made outside this server (the admin command) with the session sweep', async () => {
    const { id, cookie } = await newAccount('viewer');
    const socket = await socketAs(cookie);
    let ended = false;
    socket.once('disconnect', () => (ended = true));
    // As `npm run admin -- users disable` does: straight in the database, no event on this server.
    await server.sql.query('UPDATE users SET disabled = true WHERE id = $1', [id]);
    await eventually(() => ended, 5_000, 'the sweep to end the socket');
  });

  it('lets only administrators manage accounts, and not lock themselves out', async () => {
    const operator = await signIn(server.url, 'demo-operator');
    expect((await api('/api/v1/users', { cookie: operator })).status).toBe(403);
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const list = (await (await api('/api/v1/users', { cookie: admin })).json()) as {
      users: Array<{ id: number; username: string }>;
    };
    expect(list.users.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'demo-press']));
    expect(JSON.stringify(list)).not.toMatch(/argon2/);
    const me = list.users.find((u) => u.username === 'admin')!;
    const self = await api(`/api/v1/users/${me.id}`, { method: 'PATCH', cookie: admin, body: '{"role":"viewer"}' });
    expect(self.status).toBe(400);
    const bad = await api('/api/v1/users', {
      method: 'POST',
      cookie: admin,
      body: JSON.stringify({ username: 'Bad Name', displayName: 'x', role: 'chief', password: 'short' }),
    });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { error: { details: Array<{ path: string[] }> } }).error.details;
    expect(fields.map((f) => f.path[0]).sort()).toEqual(['password', 'role', 'username']);
  });

  it('makes a reset password one-time: nothing works until the user chooses a new one', async () => {
    const { id, username, admin } = await newAccount('dispatcher');
    await api(`/api/v1/users/${id}`, {
      method: 'PATCH',
      cookie: admin,
      body: JSON.stringify({ password: 'one-time-password-1' }),
    });
    const cookie = await signIn(server.url, username, 'one-time-password-1');
    const me = (await (await api('/api/v1/session', { cookie })).json()) as { user: { mustChangePassword: boolean } };
    expect(me.user.mustChangePassword).toBe(true);
    await expect(openSocket(server.url, cookie)).rejects.toThrow('password_change_required');
    const change = await api('/api/v1/session/password', {
      method: 'POST',
      cookie,
      body: JSON.stringify({ currentPassword: 'one-time-password-1', newPassword: 'my-own-password-2' }),
    });
    expect(change.status).toBe(200);
    const socket = await socketAs(cookie);
    expect((await socket.emitWithAck('layers:subscribe', { layers: ['traffic'] })).ok).toBe(true);
  });

  it('keeps the quarantine for supervisors', async () => {
    expect((await api('/api/v1/quarantine', { cookie: await signIn(server.url, 'demo-viewer') })).status).toBe(403);
    expect((await api('/api/v1/quarantine', { cookie: await signIn(server.url, 'demo-supervisor') })).status).toBe(200);
  });
});
