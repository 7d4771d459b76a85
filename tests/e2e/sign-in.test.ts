import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../helpers/clients.js';
import { SCREENSHOTS, useConsoleFixture, type Page$ } from './console-page.js';

describe('signing in and out of the console', () => {
  const fixture = useConsoleFixture();

  it('asks who you are in Vietnamese, refuses a wrong password in Vietnamese, and opens the live console', async () => {
    const { page, errors } = await fixture.open({ as: null });
    const form = page.getByTestId('sign-in');
    await form.waitFor();
    expect(await form.textContent()).toContain('Tên đăng nhập');
    // Nothing live before signing in.
    expect(await page.getByTestId('connection-status').count()).toBe(0);

    await page.getByTestId('sign-in-username').fill('demo-dispatcher');
    await page.getByTestId('sign-in-password').fill('not-the-password');
    await page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    await page.screenshot({ path: `${SCREENSHOTS}/sign-in-error.png` });

    await page.getByTestId('sign-in-password').fill(TEST_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('user-role').textContent()).toBe('Điều phối viên');
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.detectorCount() > 0, null, {
      timeout: 20_000,
    });
    // The session lives in an httpOnly cookie: page scripts cannot read it.
    expect(await page.evaluate('document.cookie')).not.toContain('hanoi_session');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  }, 60_000);

  it('signs out: back to the sign-in page, and the live connection is closed by the server', async () => {
    const { page } = await fixture.open();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor({ timeout: 10_000 });
    // Reloading does not bring the console back: the session ended on the server.
    await page.reload();
    await page.getByTestId('sign-in').waitFor({ timeout: 10_000 });
  }, 60_000);

  it('returns to the sign-in page, saying why, when an administrator disables the account', async () => {
    const { page } = await fixture.open({ as: 'demo-viewer' });
    await fixture.server.sql.query(`UPDATE users SET disabled = true WHERE username = 'demo-viewer'`);
    const form = page.getByTestId('sign-in');
    await form.waitFor({ timeout: 15_000 });
    expect(await form.textContent()).toContain('Phiên làm việc đã kết thúc');
  }, 60_000);
});
