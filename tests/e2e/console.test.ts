import { describe, expect, it } from 'vitest';
import { eventually, publishReading } from '../helpers/clients.js';
import { SCREENSHOTS, useConsoleFixture, type Page$ } from './console-page.js';

describe('the operations console in a browser', () => {
  const fixture = useConsoleFixture();

  it('opens in Vietnamese, connects, and draws live detectors over the districts of Hanoi', async () => {
    const { page, errors } = await fixture.open();

    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.title()).toBe('Trung tâm điều hành Hà Nội');
    await expect.poll(() => page.getByTestId('connection-status').innerText()).toContain('Đã kết nối');

    // The simulator's detectors reach the store and are drawn on the traffic layer.
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.renderedDetectorIds().length > 0, null, {
      timeout: 20_000,
    });
    const count = Number(await page.getByTestId('detector-count').getAttribute('data-count'));
    expect(count).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('last-update').count()).toBe(1);

    // The feed keeps flowing: the highest applied sequence number moves on.
    const seq = await page.evaluate(() => (globalThis as unknown as Page$).__hanoi.lastSeq());
    await page.waitForFunction((before) => (globalThis as unknown as Page$).__hanoi.lastSeq() > before, seq, {
      timeout: 15_000,
    });

    // District names are drawn with their diacritics (local Noto Sans, no remote glyphs).
    await page.waitForFunction(
      () => (globalThis as unknown as Page$).__hanoi.renderedDistrictLabels().includes('Hoàn Kiếm'),
      null,
      { timeout: 15_000 },
    );
    const labels = await page.evaluate(() => (globalThis as unknown as Page$).__hanoi.renderedDistrictLabels());
    expect(labels).toEqual(expect.arrayContaining(['Hoàn Kiếm', 'Ba Đình']));

    await expect
      .poll(() => page.locator('.maplibregl-ctrl-attrib').innerText())
      .toContain('© OpenStreetMap contributors');
    await page.waitForTimeout(500); // let the last frame settle before the picture
    await page.screenshot({ path: `${SCREENSHOTS}/console.png` });
    expect(errors).toEqual([]);
  }, 90_000);

  it('opens a popup with the clicked detector reading in Vietnamese formats', async () => {
    const { page } = await fixture.open();
    const id = `e2e-popup-${Date.now().toString(36)}`;
    // Away from the simulated corridors, so no other detector is drawn on top of it.
    const where: [number, number] = [105.8009, 21.0795];
    await publishReading(fixture.publisher, fixture.server.topicRoot, id, {
      dateObserved: new Date().toISOString(),
      refRoadSegment: 'vd2_south_west:3',
      intensity: 1240,
      averageVehicleSpeed: 23.5,
      occupancy: 0.41,
      location: { type: 'Point', coordinates: where },
    });
    await page.waitForFunction((d) => (globalThis as unknown as Page$).__hanoi.renderedDetectorIds().includes(d), id, {
      timeout: 15_000,
    });

    const point = await page.evaluate(
      ([lon, lat]) => (globalThis as unknown as Page$).__hanoi.screenPoint(lon, lat),
      where,
    );
    expect(point).not.toBeNull();
    await page.mouse.click(point!.x, point!.y);
    const popup = page.locator('.detector-popup');
    await popup.waitFor({ timeout: 5_000 });
    const text = await popup.innerText();
    expect(text).toContain(id);
    expect(text).toContain('vd2_south_west:3');
    expect(text).toContain('23,5 km/h');
    expect(text).toContain('1.240 xe/giờ');
    expect(text).toContain('41%');
    expect(text).toMatch(/\d{2}:\d{2}:\d{2},? \d{2}\/\d{2}\/\d{4}/);
    await page.screenshot({ path: `${SCREENSHOTS}/console-popup.png` });
  }, 60_000);

  it('after a network outage, resumes and applies the readings published while it was offline', async () => {
    const { page, context } = await fixture.open();
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.detectorCount() > 0, null, {
      timeout: 20_000,
    });
    const resumesBefore = await page.evaluate(() => (globalThis as unknown as Page$).__hanoi.resumeCount());

    await context.setOffline(true);
    await page.locator('[data-testid="connection-status"][data-status="offline"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('connection-status').innerText()).toContain('Mất kết nối');

    // Published (and stored by the server) while the console cannot hear it.
    const id = `e2e-outage-${Date.now().toString(36)}`;
    await publishReading(fixture.publisher, fixture.server.topicRoot, id, {
      dateObserved: new Date().toISOString(),
      averageVehicleSpeed: 7.5,
      intensity: 1800,
      occupancy: 0.82,
      location: { type: 'Point', coordinates: [105.8412, 21.0245] },
    });
    await eventually(
      async () =>
        (await fixture.server.sql.query('SELECT 1 FROM traffic_readings WHERE detector_id = $1', [id])).rowCount,
      10_000,
      'the reading to be stored',
    );
    expect(await page.evaluate((d) => (globalThis as unknown as Page$).__hanoi.detector(d), id)).toBeNull();

    await context.setOffline(false);
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 20_000 });
    await page.waitForFunction((d) => (globalThis as unknown as Page$).__hanoi.detector(d)?.speed === 7.5, id, {
      timeout: 15_000,
    });

    const detector = await page.evaluate((d) => (globalThis as unknown as Page$).__hanoi.detector(d), id);
    expect(detector).toMatchObject({ speed: 7.5, intensity: 1800, position: [105.8412, 21.0245] });
    expect(await page.evaluate(() => (globalThis as unknown as Page$).__hanoi.resumeCount())).toBeGreaterThan(
      resumesBefore,
    );
    expect((await page.evaluate(() => (globalThis as unknown as Page$).__hanoi.lastResume()))?.events).toBeGreaterThan(
      0,
    );
  }, 90_000);
});
