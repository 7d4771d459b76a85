import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentReport } from '../../protocol/index.js';
import { signIn } from '../helpers/clients.js';
import { incidentReports, postAll, type AgencyFeed } from './agency-posts.js';
import { CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, useConsoleFixture, type Page$ } from './console-page.js';

const KEY = 'e2e-field-key-of-enough-length';
/** A tablet whose browser offers no WebGL at all. */
const NO_WEBGL_ARGS = [...CHROMIUM_ARGS, '--disable-webgl', '--disable-3d-apis'];

type FieldLayer = 'traffic' | 'alarms' | 'units' | 'incidents';
/** The read-only handle the field view exposes as `window.__hanoiField` (client/src/field/field-debug.ts). */
interface FieldDebugHandle {
  webgl(): boolean;
  drawn(): Record<FieldLayer, number>;
  drawnIds(layer: FieldLayer): string[];
  onCanvas(): boolean;
  domMarkers(): number;
  base(): { districts: number; roads: number; labels: string[] };
  view(): { center: [number, number]; zoom: number };
  selectedIncident(): string | null;
  screenPoint(lon: number, lat: number): { x: number; y: number };
}
type Field$ = { __hanoiField?: FieldDebugHandle };

const LANDSCAPE = { width: 1024, height: 768 };
const PORTRAIT = { width: 768, height: 1024 };

describe('the field view (/field): a light, touch-friendly map for officials’ tablets', () => {
  const fixture = useConsoleFixture({ feedApiKeys: [{ agency: 'e2e', key: KEY }] });
  const suffix = Date.now().toString(36);
  const now = new Date();
  let noWebgl: Browser;
  const contexts: BrowserContext[] = [];

  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });

  /** A fire reported to 114, the newest incident; its description has markup that must stay text. */
  const fireAt: [number, number] = [105.8012, 21.0468];
  const fire: IncidentReport = {
    externalId: `e2e-field-114-${suffix}`,
    dateIssued: new Date(now.getTime() - 60_000).toISOString(),
    category: 'fire',
    subCategory: 'shopFire',
    severity: 'critical',
    description: 'Cháy cửa hàng <b>điện máy</b> trên phố Hoàng Quốc Việt, khói dày.',
    alertSource: '114',
    location: { type: 'Point', coordinates: fireAt },
    address: { streetAddress: 'Hoàng Quốc Việt', addressRegion: 'Cầu Giấy' },
    reporter: { name: 'Lê Văn C', phone: '0987 654 321' },
  };
  let fireId = '';

  /** Opens /field signed in as demo-operator on a tablet (touch, Hanoi locale), and waits until it is live. */
  async function openField(
    opts: { viewport?: { width: number; height: number }; browser?: Browser } = {},
  ): Promise<{ page: Page; errors: string[] }> {
    const context = await (opts.browser ?? noWebgl).newContext({
      viewport: opts.viewport ?? LANDSCAPE,
      hasTouch: true,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    contexts.push(context);
    const [name, value] = (await signIn(fixture.server.url, 'demo-operator')).split('=') as [string, string];
    await context.addCookies([{ name, value, url: fixture.server.url, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await page.goto(new URL('/field', fixture.server.url).href);
    await waitLive(page);
    return { page, errors };
  }

  async function waitLive(page: Page): Promise<void> {
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => Boolean((globalThis as unknown as Field$).__hanoiField), null, {
      timeout: 20_000,
    });
  }

  /** Calls a method of the page's `window.__hanoiField` with serialisable arguments. */
  const call = <K extends keyof FieldDebugHandle>(
    page: Page,
    method: K,
    ...args: Parameters<FieldDebugHandle[K]>
  ): Promise<ReturnType<FieldDebugHandle[K]>> =>
    page.evaluate(
      ([m, a]) => {
        const handle = (globalThis as unknown as Field$).__hanoiField!;
        return (handle[m] as (...x: unknown[]) => unknown)(...a);
      },
      [method, args] as const,
    ) as Promise<ReturnType<FieldDebugHandle[K]>>;
  const drawn = (page: Page) => call(page, 'drawn');

  beforeAll(async () => {
    noWebgl = await chromium.launch({ executablePath: CHROMIUM, args: NO_WEBGL_ARGS });
    await postAll(post, 'incidents', incidentReports(`field-${suffix}`, now));
    const [accepted] = await postAll(post, 'incidents', [fire]);
    fireId = accepted!.id;
  }, 60_000);

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  afterAll(async () => {
    await noWebgl?.close();
  });

  it('draws the simulators’ detectors and units and the open incidents on a canvas, without WebGL', async () => {
    const { page, errors } = await openField();
    expect(await call(page, 'webgl')).toBe(false);

    await page.waitForFunction(
      () => {
        const d = (globalThis as unknown as Field$).__hanoiField!.drawn();
        return d.traffic > 0 && d.units > 0 && d.incidents > 0;
      },
      null,
      { timeout: 20_000 },
    );
    // Every placed detector the console holds is drawn: the same store as the console's. (Detectors
    // register with their first reading, so both numbers grow for a few seconds after the start.)
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const held = (globalThis as unknown as Page$).__hanoi.detectorCount();
            return held > 0 && (globalThis as unknown as Field$).__hanoiField!.drawn().traffic === held;
          }),
        { timeout: 20_000 },
      )
      .toBe(true);
    expect(await call(page, 'drawnIds', 'incidents')).toContain(fireId);

    // The geography from /api/v1/geo: 30 district cells, the road corridors, district names in Vietnamese.
    await page.waitForFunction(() => (globalThis as unknown as Field$).__hanoiField!.base().roads > 0, null, {
      timeout: 10_000,
    });
    const base = await call(page, 'base');
    expect(base.districts).toBe(30);
    expect(base.labels).toContain('Hoàn Kiếm');

    // Circle markers on canvases, not one DOM element per object.
    expect(await call(page, 'onCanvas')).toBe(true);
    expect(await call(page, 'domMarkers')).toBe(0);
    expect(await page.locator('[data-testid="field-map"] canvas').count()).toBeGreaterThanOrEqual(2);

    // The connection badge and the language switch are on screen.
    await expect.poll(() => page.getByTestId('connection-status').isVisible()).toBe(true);
    expect(await page.getByRole('group', { name: 'Ngôn ngữ' }).isVisible()).toBe(true);
    expect(await page.getByTestId('field-title').textContent()).toBe('Bản đồ hiện trường');

    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SCREENSHOTS}/field-landscape-no-webgl.png` });
    expect(errors).toEqual([]);
  }, 90_000);

  it('lists the open incidents newest first; a tap centres the map on one and shows its details as text', async () => {
    const { page, errors } = await openField();
    const list = page.getByTestId('field-incident-list');
    const row = list.locator(`button[data-id="${fireId}"]`);
    await row.waitFor({ timeout: 20_000 });
    // Newest report first: the fire (a minute ago) comes before the test's older incidents.
    const ids = await list.locator('button[data-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    const fireIndex = ids.indexOf(fireId);
    const olderCarCrash = await list.locator('button[data-severity="high"]').first().getAttribute('data-id');
    expect(fireIndex).toBeLessThan(ids.indexOf(olderCarCrash!));
    expect(await row.textContent()).toContain('Cháy, nổ');
    expect(await row.textContent()).toContain('Nghiêm trọng');
    const box = await row.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(56);

    await row.tap();
    await expect
      .poll(async () => {
        const v = await call(page, 'view');
        return Math.abs(v.center[0] - fireAt[0]) < 1e-4 && Math.abs(v.center[1] - fireAt[1]) < 1e-4 && v.zoom >= 15;
      })
      .toBe(true);
    expect(await call(page, 'selectedIncident')).toBe(fireId);

    const details = page.getByTestId('field-incident-details');
    await details.waitFor();
    const text = (await details.textContent()) ?? '';
    expect(text).toContain('Cháy, nổ');
    expect(text).toContain('Nghiêm trọng');
    expect(text).toContain('Tổng đài 114 (Cứu nạn, cứu hộ)');
    expect(text).toContain('Hoàng Quốc Việt, Cầu Giấy');
    expect(text).toContain('Cháy cửa hàng <b>điện máy</b> trên phố Hoàng Quốc Việt, khói dày.');
    expect(await details.locator('b').count()).toBe(0);
    // The reporter never reaches a console.
    expect(text).not.toContain('Lê Văn C');
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SCREENSHOTS}/field-incident-details.png` });

    // Back to the list; then a tap on the incident's marker on the map opens it again.
    await page.getByTestId('field-incident-back').tap();
    await list.waitFor();
    expect(await call(page, 'selectedIncident')).toBeNull();
    const p = await call(page, 'screenPoint', ...fireAt);
    await page.touchscreen.tap(p.x, p.y);
    await expect.poll(() => call(page, 'selectedIncident')).toBe(fireId);
    await details.waitFor();
    expect(errors).toEqual([]);
  }, 90_000);

  it('switches the labels to English and back with the language switch', async () => {
    const { page } = await openField();
    await page.locator(`button[data-id="${fireId}"]`).waitFor({ timeout: 20_000 });
    const labels = async () => ({
      title: await page.getByTestId('field-title').textContent(),
      drawer: await page.getByTestId('field-drawer').locator('h2').textContent(),
      toggle: await page.getByTestId('field-toggle-incidents').textContent(),
      fire: await page.locator(`button[data-id="${fireId}"]`).textContent(),
      lang: await page.locator('html').getAttribute('lang'),
    });
    const vi = await labels();
    expect(vi.title).toBe('Bản đồ hiện trường');
    expect(vi.drawer).toContain('Sự cố đang mở');
    expect(vi.toggle).toContain('Sự cố');
    expect(vi.fire).toContain('Cháy, nổ');
    expect(vi.lang).toBe('vi');

    await page.getByRole('button', { name: 'EN', exact: true }).tap();
    await expect.poll(() => page.getByTestId('field-title').textContent()).toBe('Field map');
    const en = await labels();
    expect(en.drawer).toContain('Open incidents');
    expect(en.toggle).toContain('Incidents');
    expect(en.fire).toContain('Fire, explosion');
    expect(en.fire).toContain('Critical');
    expect(en.lang).toBe('en');
    await page.screenshot({ path: `${SCREENSHOTS}/field-english.png` });

    await page.getByRole('button', { name: 'VI', exact: true }).tap();
    await expect.poll(() => page.getByTestId('field-title').textContent()).toBe('Bản đồ hiện trường');
    expect(await page.getByTestId('field-drawer').locator('h2').textContent()).toContain('Sự cố đang mở');
  }, 60_000);

  it('opens a detector’s popup in Vietnamese on a tap, the same card as the console’s', async () => {
    const { page, errors } = await openField();
    await page.waitForFunction(() => (globalThis as unknown as Field$).__hanoiField!.drawn().traffic > 0, null, {
      timeout: 20_000,
    });
    for (const layer of ['incidents', 'units', 'alarms']) await page.getByTestId(`field-toggle-${layer}`).tap();
    await expect.poll(async () => (await drawn(page)).units).toBe(0);
    const ids = await call(page, 'drawnIds', 'traffic');
    expect(ids.length).toBeGreaterThan(0);
    // A detector well inside the map (not under the layer switches or the zoom buttons).
    const map = (await page.getByTestId('field-map').boundingBox())!;
    let target: { id: string; x: number; y: number } | null = null;
    for (const id of ids) {
      const at = await page.evaluate((d) => (globalThis as unknown as Page$).__hanoi.detector(d)?.position ?? null, id);
      if (!at) continue;
      const p = await call(page, 'screenPoint', at[0], at[1]);
      if (p.x > map.x + 120 && p.x < map.x + map.width - 120 && p.y > map.y + 120 && p.y < map.y + map.height - 120) {
        target = { id, ...p };
        break;
      }
    }
    expect(target).not.toBeNull();
    await page.touchscreen.tap(target!.x, target!.y);
    const popup = page.locator('.field-popup .detector-popup');
    await popup.waitFor({ timeout: 5_000 });
    const text = (await popup.textContent()) ?? '';
    expect(text).toContain('Đầu đo');
    expect(text).toContain('Tốc độ');
    expect(text).toMatch(/Thời điểm đo/);
    await page.waitForTimeout(500); // the popup fades in
    await page.screenshot({ path: `${SCREENSHOTS}/field-detector-popup.png` });
    expect(errors).toEqual([]);
  }, 60_000);

  it('fits a portrait tablet: the list as a bottom sheet, large layer switches that hide and show a layer', async () => {
    const { page, errors } = await openField({ viewport: PORTRAIT });
    await page.waitForFunction(() => (globalThis as unknown as Field$).__hanoiField!.drawn().traffic > 0, null, {
      timeout: 20_000,
    });
    const map = (await page.getByTestId('field-map').boundingBox())!;
    const sheet = (await page.getByTestId('field-drawer').boundingBox())!;
    expect(sheet.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
    expect(sheet.width).toBeGreaterThanOrEqual(PORTRAIT.width - 1);
    expect(map.height).toBeGreaterThan(400);

    const toggle = page.getByTestId('field-toggle-traffic');
    expect((await toggle.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await toggle.tap();
    await expect.poll(async () => (await drawn(page)).traffic).toBe(0);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.tap();
    await expect.poll(async () => (await drawn(page)).traffic).toBeGreaterThan(0);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SCREENSHOTS}/field-portrait.png` });

    // Collapsing the sheet gives the map the room; the map keeps its centre.
    const before = await call(page, 'view');
    await page.getByTestId('field-drawer-toggle').tap();
    await expect.poll(async () => (await page.getByTestId('field-map').boundingBox())!.height).toBeGreaterThan(800);
    const after = await call(page, 'view');
    expect(Math.abs(after.center[1] - before.center[1])).toBeLessThan(1e-3);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SCREENSHOTS}/field-portrait-sheet-closed.png` });
    expect(errors).toEqual([]);
  }, 60_000);

  it('opens from the console fixture on a wide landscape tablet, with the legend in Vietnamese', async () => {
    const { page, errors } = await fixture.open({ path: '/field' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await waitLive(page);
    await page.waitForFunction(() => (globalThis as unknown as Field$).__hanoiField!.drawn().incidents > 0, null, {
      timeout: 20_000,
    });
    await page.getByTestId('field-legend-toggle').click();
    const legend = (await page.getByTestId('field-legend').textContent()) ?? '';
    for (const label of ['Chú giải', 'Nghiêm trọng', 'Đang di chuyển', 'Ùn tắc · dưới 15 km/h', 'Đèn tín hiệu lỗi'])
      expect(legend).toContain(label);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SCREENSHOTS}/field-landscape-1280-legend.png` });

    // The drawer folds into a narrow strip that still shows how many incidents are open.
    const wide = (await page.getByTestId('field-map').boundingBox())!.width;
    await page.getByTestId('field-drawer-toggle').click();
    await expect
      .poll(async () => (await page.getByTestId('field-map').boundingBox())!.width)
      .toBeGreaterThan(wide + 200);
    expect(await page.getByTestId('field-incident-count').isVisible()).toBe(true);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SCREENSHOTS}/field-landscape-1280-drawer-closed.png` });
    expect(errors).toEqual([]);
  }, 60_000);
});
