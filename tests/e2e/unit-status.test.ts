import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  deviceTopic,
  incidentExample,
  unitCommandSchema,
  unitCommandTopicPattern,
  type LonLat,
  type UnitCommand,
} from '../../protocol/index.js';
import { openSocket, signIn } from '../helpers/clients.js';
import { SCREENSHOTS, useConsoleFixture, type Page$ } from './console-page.js';

const KEY = 'e2e-unit-status-key-of-enough-length';
const POLL = { timeout: 15_000 };

describe("a unit's service status, from its map popup", () => {
  // Traffic only: the one unit on the map is the test's, heard once and not taken for silent.
  const fixture = useConsoleFixture({
    simScenario: 'traffic',
    watchdogGrace: 1000,
    feedApiKeys: [{ agency: 'e2e', key: KEY }],
  });
  const unitId = `e2e-unit-${Date.now().toString(36)}`;
  const at: LonLat = [105.8342, 21.0278];
  const commands: UnitCommand[] = [];

  /** The unit's report on its feed, as its AVL equipment would send it. */
  const report = (status: 'available' | 'out_of_service') =>
    fixture.publisher.publishAsync(
      deviceTopic('units', unitId, fixture.server.topicRoot),
      JSON.stringify({
        dateObserved: new Date().toISOString(),
        location: { type: 'Point', coordinates: at },
        kind: 'police',
        status,
        callSign: 'Tuần tra E2E',
      }),
      { qos: 1 },
    );

  /** The unit obeys its status orders (it ignores the rest), as a unit's terminal would. */
  async function unitObeys(): Promise<void> {
    const root = fixture.server.topicRoot;
    fixture.publisher.on('message', (topic, payload) => {
      if (topic !== `${root}/units/${unitId}/commands`) return;
      const command = unitCommandSchema.parse(JSON.parse(payload.toString()));
      commands.push(command);
      if (command.type === 'set_status') void report(command.status);
    });
    await fixture.publisher.subscribeAsync(unitCommandTopicPattern(root), { qos: 1 });
  }

  async function openUnitPopup(page: Page) {
    await page.waitForFunction(
      (id) => (globalThis as unknown as Page$).__hanoi.renderedDeviceIds('units').includes(id),
      unitId,
      { timeout: 20_000 },
    );
    const point = await page.evaluate(
      ([lon, lat]) => (globalThis as unknown as Page$).__hanoi.screenPoint(lon, lat),
      at,
    );
    await page.mouse.click(point!.x, point!.y);
    const popup = page.locator('.device-popup--units');
    await popup.waitFor({ timeout: 5_000 });
    return popup;
  }

  it('lets a dispatcher take it out of service and back, in Vietnamese; a viewer sees no such button', async () => {
    await unitObeys();
    await report('available');

    const viewer = await fixture.open({ as: 'demo-viewer' });
    const seen = await openUnitPopup(viewer.page);
    expect(await seen.textContent()).toContain('Tuần tra E2E');
    expect(await seen.getByTestId('popup-unit-status').count()).toBe(0);

    const { page, errors } = await fixture.open({ as: 'demo-dispatcher' });
    const popup = await openUnitPopup(page);
    const button = popup.getByTestId('popup-unit-status');
    expect(await button.textContent()).toBe('Cho ngừng hoạt động');
    await button.click();
    // The unit obeys and reports it: the popup follows its report.
    await expect.poll(() => popup.textContent(), POLL).toContain('Ngừng hoạt động');
    await expect.poll(() => button.textContent(), POLL).toBe('Đưa trở lại hoạt động');
    expect(commands).toMatchObject([
      { type: 'set_status', status: 'out_of_service', issuedBy: 'Điều phối viên (demo)' },
    ]);
    await page.screenshot({ path: `${SCREENSHOTS}/unit-popup-out-of-service.png` });

    await button.click();
    await expect.poll(() => button.textContent(), POLL).toBe('Cho ngừng hoạt động');
    expect(commands.map((c) => c.type === 'set_status' && c.status)).toEqual(['out_of_service', 'available']);
    expect(errors).toEqual([]);
  }, 120_000);

  it('tells the dispatcher in Vietnamese when the unit has just been sent to an incident', async () => {
    const res = await fetch(`${fixture.server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({
        ...incidentExample,
        externalId: `e2e-unit-status-${unitId}`,
        // Far enough that its marker does not cover the unit's.
        location: { type: 'Point', coordinates: [at[0] - 0.05, at[1] + 0.03] },
      }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    // Another dispatcher sends it; its own report has not caught up (it still says available).
    const other = await openSocket(fixture.server.url, await signIn(fixture.server.url, 'demo-supervisor'));
    const sent = await other.emitWithAck('units:assign', { incidentId: id, unitId });
    other.disconnect();
    expect(sent.ok).toBe(true);

    const { page } = await fixture.open({ as: 'demo-dispatcher' });
    const popup = await openUnitPopup(page);
    await popup.getByTestId('popup-unit-status').click();
    await expect
      .poll(() => popup.locator('.popup-card__error').textContent(), POLL)
      .toBe('Đơn vị này đang làm nhiệm vụ khác. Hãy chọn đơn vị khác.');
    await page.screenshot({ path: `${SCREENSHOTS}/unit-popup-busy.png` });
    expect(commands.filter((c) => c.type === 'set_status')).toHaveLength(2);
  }, 120_000);
});
