import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, useConsoleFixture } from './console-page.js';

const POLL = { timeout: 20_000 };

describe('the accounts page', () => {
  const fixture = useConsoleFixture({ simScenario: 'traffic' });
  const signInAs = (username: string, password: string) =>
    fetch(`${fixture.server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('lets an administrator add an account, change its role, disable it and set a one-time password', async () => {
    const { page, errors } = await fixture.open({ as: 'demo-admin' });
    await page.getByTestId('users-link').click();
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/users');
    await page.getByTestId('users-row').first().waitFor(POLL);

    const username = `nguyen.van.a${Date.now() % 100_000}`;
    await page.getByTestId('users-new-username').fill(username);
    await page.getByTestId('users-new-name').fill('Nguyễn Văn Á');
    await page.getByTestId('users-new-role').selectOption('operator');
    await page.getByTestId('users-new-password').fill('mot-lan-thoi-1234');
    await page.getByTestId('users-new-submit').click();
    const row = page.locator(`[data-testid="users-row"][data-username="${username}"]`);
    await row.waitFor(POLL);
    expect(await row.textContent()).toContain('Nguyễn Văn Á');
    expect(await row.textContent()).toContain('chờ đổi mật khẩu');
    // The new account signs in with the one-time password, and must change it first.
    const first = await signInAs(username, 'mot-lan-thoi-1234');
    expect(first.status).toBe(201);
    expect(((await first.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);

    // The same username again: refused, in Vietnamese.
    await page.getByTestId('users-new-username').fill(username);
    await page.getByTestId('users-new-name').fill('Người khác');
    await page.getByTestId('users-new-password').fill('mot-lan-thoi-5678');
    await page.getByTestId('users-new-submit').click();
    await expect.poll(() => page.getByTestId('users-new-error').textContent(), POLL).toContain('đã có người dùng');

    // A dispatcher now; then disabled: the account can no longer sign in.
    await row.getByTestId('users-role').selectOption('dispatcher');
    await expect
      .poll(async () => {
        const res = await fetch(`${fixture.server.url}/api/v1/users`, { headers: { cookie: await adminCookie() } });
        const { users } = (await res.json()) as { users: Array<{ username: string; role: string }> };
        return users.find((u) => u.username === username)?.role;
      }, POLL)
      .toBe('dispatcher');
    await row.getByTestId('users-toggle').click();
    await expect.poll(() => row.getAttribute('data-disabled'), POLL).toBe('true');
    expect((await signInAs(username, 'mot-lan-thoi-1234')).status).toBe(401);

    // Enabled again with a new one-time password.
    await row.getByTestId('users-toggle').click();
    await expect.poll(() => row.getAttribute('data-disabled'), POLL).toBe('false');
    await row.getByTestId('users-reset').click();
    await row.getByTestId('users-reset-password').fill('mat-khau-moi-9999');
    await row.getByTestId('users-reset-submit').click();
    await expect.poll(() => row.getByTestId('users-reset-password').count(), POLL).toBe(0);
    expect((await signInAs(username, 'mat-khau-moi-9999')).status).toBe(201);

    // An administrator cannot lock themselves out: their own row offers neither.
    const self = page.locator('[data-testid="users-row"][data-username="demo-admin"]');
    expect(await self.getByTestId('users-toggle').count()).toBe(0);
    expect(await self.getByTestId('users-role').isDisabled()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/users.png` });
    // Chromium logs the refused duplicate (409) as a failed resource: that one was meant.
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  }, 120_000);

  it('is not offered to a supervisor, and its address leads them back to the console', async () => {
    const { page, errors } = await fixture.open({ as: 'demo-supervisor' });
    expect(await page.getByTestId('users-link').count()).toBe(0);
    await page.goto(new URL('/users', fixture.server.url).href);
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/');
    expect(await page.getByTestId('users-table').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);

  async function adminCookie(): Promise<string> {
    const { signIn } = await import('../helpers/clients.js');
    return signIn(fixture.server.url, 'demo-admin');
  }
});
