import { describe, expect, it } from 'vitest';
import type { IncidentReport } from '../../protocol/index.js';
import { openSocket, signIn } from '../helpers/clients.js';
import { SCREENSHOTS, useConsoleFixture } from './console-page.js';

const KEY = 'e2e-audit-key-of-enough-length';
const POLL = { timeout: 20_000 };

describe('the audit log page', () => {
  const fixture = useConsoleFixture({ simScenario: 'traffic', feedApiKeys: [{ agency: 'e2e', key: KEY }] });

  async function postIncident(externalId: string): Promise<string> {
    const report: IncidentReport = {
      externalId,
      dateIssued: new Date().toISOString(),
      alertSource: '114',
      category: 'fire',
      severity: 'high',
      description: 'Cháy kho hàng <script>alert(1)</script> trên phố Hàng Mã.',
      location: { type: 'Point', coordinates: [105.8489, 21.0361] },
    };
    const res = await fetch(`${fixture.server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(report),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }

  it('shows a supervisor who did what, when, and each field before and after, as text', async () => {
    const id = await postIncident(`e2e-audit-${Date.now()}`);
    // A dispatcher acknowledges it and raises its priority, from their own console.
    const socket = await openSocket(fixture.server.url, await signIn(fixture.server.url, 'demo-dispatcher'));
    try {
      expect((await socket.emitWithAck('alerts:acknowledge', { kind: 'incident', id })).ok).toBe(true);
      const ack = await socket.emitWithAck('incidents:update', {
        id,
        version: 2,
        change: { priority: 1, note: 'Gọi thêm xe thang <b>30 m</b>' },
      });
      expect(ack.ok).toBe(true);
    } finally {
      socket.disconnect();
    }

    const { page, errors } = await fixture.open({ as: 'demo-supervisor' });
    await page.getByTestId('audit-link').click();
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/audit');
    const rows = page.locator(`[data-testid="audit-row"][data-target="${id}"]`);
    await expect.poll(() => rows.count(), POLL).toBe(2);
    // Newest first: the edit, then the acknowledgement, each by the dispatcher's account.
    const [edit, acknowledged] = await rows.allTextContents();
    expect(acknowledged).toMatch(/demo-dispatcher.*Xác nhận.*Sự cố INC-/);
    expect(acknowledged).toMatch(/Trạng thái: new → acknowledged/);
    expect(edit).toMatch(/demo-dispatcher.*Cập nhật sự cố/);
    expect(edit).toMatch(/Ưu tiên: 2 → 1/);
    // Recorded text stays text.
    expect(await page.getByTestId('audit-table').locator('script, b').count()).toBe(0);

    // The filter narrows the list to what it names.
    await page.getByTestId('audit-filter').fill('cập nhật');
    await expect.poll(() => page.getByTestId('audit-row').count(), POLL).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}/audit-log.png` });

    // Back to the console, live as before.
    await page.getByTestId('audit-back').click();
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor(POLL);
    expect(errors).toEqual([]);
  }, 120_000);

  it('is not offered to a dispatcher, and its address leads them back to the console', async () => {
    const { page, errors } = await fixture.open({ as: 'demo-dispatcher' });
    expect(await page.getByTestId('audit-link').count()).toBe(0);
    await page.goto(new URL('/audit', fixture.server.url).href);
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/');
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor(POLL);
    expect(await page.getByTestId('audit-table').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
