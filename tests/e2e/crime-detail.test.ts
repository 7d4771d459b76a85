import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrimeReport } from '../../protocol/index.js';
import { crimeReports, postAll, type AgencyFeed } from './agency-posts.js';
import { SCREENSHOTS, useConsoleFixture, type Page$, type ToggleableLayer } from './console-page.js';

const KEY = 'e2e-agency-key-of-enough-length';
/** Every layer but crime, so a click reaches the crime dot and the screenshot shows only crime. */
const OTHERS: ToggleableLayer[] = [
  'units',
  'traffic',
  'signals',
  'cameras',
  'incidents',
  'alarms',
  'backlog',
  'network',
];
/** The marker's colour (client/src/map/layers/crime-exact.ts), as the screenshot shows it. */
/** The browser's image decoding, for functions run in the page (the tests' tsconfig has no DOM types). */
type Canvas$ = {
  createImageBitmap(blob: Blob): Promise<{ width: number; height: number }>;
  OffscreenCanvas: new (
    width: number,
    height: number,
  ) => {
    getContext(kind: '2d'): {
      drawImage(image: unknown, x: number, y: number): void;
      getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
    };
  };
};
const isMarkerPixel = (r: number, g: number, b: number) => r < 90 && g > 170 && b > 200;

describe('a crime report in detail on the console, for roles with crime.exact', () => {
  // Traffic only: no agency simulator posts crime, so the test's report is alone at its place.
  const fixture = useConsoleFixture({ simScenario: 'traffic', feedApiKeys: [{ agency: 'e2e', key: KEY }] });
  const suffix = Date.now().toString(36);
  const now = new Date();

  /** A burglary in Ba Đình, public: the console gets it to about 100 m, the supervisor the exact place. */
  const exactAt: [number, number] = [105.82638, 21.03562];
  const generalised: [number, number] = [105.826, 21.036];
  const description = 'Đột nhập qua cửa sổ tầng 2, mất <b>két sắt</b> và trang sức.';
  const report: CrimeReport = {
    externalId: `e2e-crime-${suffix}-exact`,
    dateObserved: new Date(now.getTime() - 2 * 3_600_000).toISOString(),
    category: 'burglary',
    status: 'investigating',
    privacy: 'public',
    location: { type: 'Point', coordinates: exactAt },
    address: { streetAddress: 'Số 8 ngõ 52 Đội Cấn', addressRegion: 'Ba Đình' },
    description,
    persons: [{ role: 'victim', name: 'Đỗ Thị Thu Hà', phone: '0936 555 777' }],
  };
  let id = '';

  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });

  const screenPoint = async (page: Page, at: [number, number]) => {
    const p = await page.evaluate(([lon, lat]) => (globalThis as unknown as Page$).__hanoi.screenPoint(lon, lat), at);
    expect(p).not.toBeNull();
    return p!;
  };

  /** Drags the map so `at` sits low in the middle (room above it for the popup), then zooms in there. */
  async function focus(page: Page, at: [number, number], zoomIns: number) {
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const from = await screenPoint(page, at);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.82, { steps: 12 });
    await page.mouse.up();
    await page.waitForTimeout(800);
    for (let i = 0; i < zoomIns; i++) {
      const p = await screenPoint(page, at);
      await page.mouse.dblclick(p.x, p.y);
      await page.waitForTimeout(700);
    }
  }

  /** Opens the console as `as` with only the crime layer shown, zoomed in on the report, its popup open. */
  async function openPopup(as: string) {
    const opened = await fixture.open({ as });
    const { page } = opened;
    for (const layer of OTHERS) await page.getByTestId(`layer-toggle-${layer}`).click();
    await page.waitForFunction((d) => (globalThis as unknown as Page$).__hanoi.renderedIds('crime').includes(d), id, {
      timeout: 20_000,
    });
    await focus(page, generalised, 5);
    const p = await screenPoint(page, generalised);
    await page.mouse.click(p.x, p.y);
    const popup = page.locator('.crime-popup');
    await popup.waitFor({ timeout: 5_000 });
    expect(await popup.textContent()).toContain('Đột nhập trộm cắp');
    return { ...opened, popup };
  }

  /** Pixels of the exact-location marker's colour within `radius` px of `at`, as the page shows them. */
  async function markerPixels(page: Page, at: [number, number], radius = 22): Promise<number> {
    const p = await screenPoint(page, at);
    const png = await page.screenshot({
      clip: { x: p.x - radius, y: p.y - radius, width: radius * 2, height: radius * 2 },
    });
    const rgba = await page.evaluate(async (b64) => {
      const g = globalThis as unknown as Canvas$;
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const image = await g.createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const ctx = new g.OffscreenCanvas(image.width, image.height).getContext('2d');
      ctx.drawImage(image, 0, 0);
      return Array.from(ctx.getImageData(0, 0, image.width, image.height).data);
    }, png.toString('base64'));
    let n = 0;
    for (let i = 0; i < rgba.length; i += 4) if (isMarkerPixel(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!)) n++;
    return n;
  }

  const auditReads = async () =>
    (
      await fixture.server.sql.query(
        `SELECT username FROM audit_log WHERE target_kind = 'crime' AND target_id = $1 AND action = 'view_exact'`,
        [id],
      )
    ).rows.map((r: { username: string }) => r.username);

  beforeAll(async () => {
    const [accepted] = await postAll(post, 'crime', [report]);
    id = accepted!.id;
    await postAll(post, 'crime', crimeReports(suffix, now));
  }, 60_000);

  it('shows a supervisor the exact place on the map and the description in the popup, and records the view', async () => {
    const { page, popup, errors } = await openPopup('demo-supervisor');
    const text = (await popup.textContent()) ?? '';
    expect(text).not.toContain('Đột nhập qua cửa sổ');
    expect(text).toContain('Mỗi lượt xem đều được ghi vào nhật ký kiểm tra.');
    const button = page.getByTestId('crime-exact-show');
    expect(await button.textContent()).toBe('Xem vị trí chính xác');
    // Nothing of the marker before it is asked for.
    expect(await markerPixels(page, exactAt)).toBe(0);

    // A refusal shows in Vietnamese, and the button stays to try again.
    await page.route('**/api/v1/crime/**', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'not_found', message: 'There is no crime report.' } }),
      }),
    );
    await button.click();
    await expect
      .poll(async () => page.locator('.crime-exact__error').textContent(), { timeout: 5_000 })
      .toBe('Vụ việc này không còn trên hệ thống.');
    await page.unroute('**/api/v1/crime/**');
    expect(await auditReads()).toEqual([]);

    await page.getByTestId('crime-exact-show').click();
    const detail = page.locator('.crime-exact--shown');
    await detail.waitFor({ timeout: 5_000 });
    const shown = (await detail.textContent()) ?? '';
    // The description as text (its markup stays text), the address, the exact coordinates, the note.
    expect(shown).toContain(description);
    expect(await detail.locator('b').count()).toBe(0);
    expect(shown).toContain('Số 8 ngõ 52 Đội Cấn, Ba Đình');
    expect(shown).toContain('21,03562; 105,82638');
    expect(shown).toContain('Lượt xem này đã được ghi vào nhật ký kiểm tra.');
    expect(await popup.textContent()).not.toMatch(/Đỗ Thị Thu Hà|0936 555 777/);
    expect(await page.getByTestId('crime-exact-show').count()).toBe(0);

    // The marker is drawn on the exact place, not on the generalised dot 50 m away.
    await expect.poll(() => markerPixels(page, exactAt), { timeout: 5_000 }).toBeGreaterThan(40);
    await page.screenshot({ path: `${SCREENSHOTS}/console-crime-exact.png` });
    expect(await auditReads()).toEqual(['demo-supervisor']);

    // Closing the popup takes the exact place off the map.
    await page.locator('.maplibregl-popup-close-button').click();
    await expect.poll(() => markerPixels(page, exactAt), { timeout: 5_000 }).toBe(0);
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  }, 120_000);

  it('shows an operator no button, and the server refuses the detail to them', async () => {
    const { page, popup, errors } = await openPopup('demo-operator');
    expect(await page.getByTestId('crime-exact-show').count()).toBe(0);
    expect(await page.getByTestId('crime-exact').count()).toBe(0);
    const text = (await popup.textContent()) ?? '';
    expect(text).toContain('Vị trí đã được làm mờ');
    expect(text).not.toContain('Đột nhập qua cửa sổ');
    const status = await page.evaluate(async (d) => (await fetch(`/api/v1/crime/${d}`)).status, id);
    expect(status).toBe(403);
    expect(await markerPixels(page, exactAt)).toBe(0);
    expect(await auditReads()).toEqual(['demo-supervisor']);
    expect(errors.filter((e) => !/403/.test(e))).toEqual([]);
  }, 120_000);
});
