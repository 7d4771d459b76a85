import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type IncidentReport } from '../../protocol/index.js';
import { districtAt, districts } from '../../server/src/geo/gazetteer.js';
import { publishReading } from '../helpers/clients.js';
import { postAll, type AgencyFeed } from './agency-posts.js';
import { SCREENSHOTS, useConsoleFixture, type Page$ } from './console-page.js';

const KEY = 'e2e-tools-agency-key-of-enough-length';
const code = (name: string) => districts().find((d) => d.name === name)!.code;
const CAU_GIAY = code('Cầu Giấy');
const HOAN_KIEM = code('Hoàn Kiếm');

const mapView = (page: Page) => page.evaluate(() => (globalThis as unknown as Page$).__hanoi.mapView());
const renderedIncidents = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as Page$).__hanoi.renderedIds('incidents'));
const legendTotal = async (page: Page, layer: string) =>
  Number(await page.getByTestId(`layer-total-${layer}`).getAttribute('data-count'));

describe('the console tools: place search, filters, two languages', () => {
  const fixture = useConsoleFixture({ feedApiKeys: [{ agency: 'e2e-tools', key: KEY }] });
  const suffix = Date.now().toString(36);
  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });

  /** One incident in Cầu Giấy and one in Hoàn Kiếm, reported a few minutes ago. */
  const reports: IncidentReport[] = [
    {
      externalId: `e2e-tools-${suffix}-cg`,
      dateIssued: new Date(Date.now() - 4 * 60_000).toISOString(),
      category: 'fire',
      severity: 'high',
      description: 'Cháy quán ăn trên phố Trần Thái Tông.',
      alertSource: '114',
      location: { type: 'Point', coordinates: [105.7905, 21.0335] },
    },
    {
      externalId: `e2e-tools-${suffix}-hk`,
      dateIssued: new Date(Date.now() - 6 * 60_000).toISOString(),
      category: 'health',
      severity: 'medium',
      description: 'Du khách bị ngã gần hồ Hoàn Kiếm.',
      alertSource: '115',
      location: { type: 'Point', coordinates: [105.8515, 21.0275] },
    },
  ];
  let inCauGiay = '';
  let inHoanKiem = '';

  beforeAll(async () => {
    expect(districtAt([105.7905, 21.0335])?.code).toBe(CAU_GIAY);
    expect(districtAt([105.8515, 21.0275])?.code).toBe(HOAN_KIEM);
    const [cg, hk] = await postAll(post, 'incidents', reports);
    inCauGiay = cg!.id;
    inHoanKiem = hk!.id;
    // Two thefts in Cầu Giấy: half an hour ago, and three hours ago.
    await postAll(
      post,
      'crime',
      [30, 180].map((minutes) => ({
        externalId: `e2e-tools-${suffix}-theft-${minutes}`,
        dateObserved: new Date(Date.now() - minutes * 60_000).toISOString(),
        category: 'theft',
        status: 'reported',
        privacy: 'public',
        location: { type: 'Point', coordinates: [105.7925, 21.0345] },
      })),
    );
  });

  it('finds "hoan kiem" as Hoàn Kiếm, moves through the results with the keyboard, and Enter flies the map there', async () => {
    const { page, errors } = await fixture.open();
    const input = page.getByTestId('place-search-input');
    const options = page.getByTestId('place-search-option');
    /** The district the map is centred in. */
    const centredIn = async () => {
      const view = await mapView(page);
      return view ? (districtAt(view.center)?.code ?? null) : null;
    };
    expect(await centredIn()).not.toBe(code('Hà Đông'));

    // "/" focuses the search; first somewhere away from the old quarter.
    await page.locator('body').press('/');
    expect(await input.evaluate((el) => el.matches(':focus'))).toBe(true);
    await input.fill('ha dong');
    await expect.poll(() => options.first().textContent()).toContain('Hà Đông');
    await input.press('Enter');
    await expect.poll(centredIn, { timeout: 15_000 }).toBe(code('Hà Đông'));
    await page.waitForTimeout(1_500); // the flight ends

    // While typing: Hoàn Kiếm first, then the Hoàng… places; down and up move the highlight.
    await input.fill('hoan');
    await expect.poll(() => options.count()).toBeGreaterThan(1);
    const first = options.first();
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    await input.press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
    await input.press('ArrowUp');
    expect(await first.getAttribute('aria-selected')).toBe('true');

    await input.pressSequentially(' kiem');
    await expect.poll(() => options.count()).toBe(1);
    expect(await first.textContent()).toContain('Hoàn Kiếm');
    expect(await first.locator('.search__type').textContent()).toBe('Quận');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: `${SCREENSHOTS}/console-search.png` });

    await input.press('Enter');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await input.inputValue()).toBe('Quận Hoàn Kiếm');
    // The map flies from Hà Đông to Hoàn Kiếm and ends centred in it, zoomed in on it.
    await expect.poll(centredIn, { timeout: 15_000 }).toBe(HOAN_KIEM);
    await expect.poll(async () => (await mapView(page))!.zoom, { timeout: 15_000 }).toBeGreaterThan(13);
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: `${SCREENSHOTS}/console-search-flown.png` });

    // Communes and roads, whatever the diacritics typed; the type in Vietnamese.
    await input.fill('cau giay');
    await expect.poll(() => options.first().textContent()).toContain('Cầu Giấy');
    expect(await options.first().locator('.search__type').textContent()).toBe('Quận');
    await input.fill('vanh dai 2');
    await expect.poll(() => options.first().textContent()).toContain('Vành đai 2');
    expect(await options.first().locator('.search__type').textContent()).toBe('Đường');
    await input.fill('phuc xa');
    await expect.poll(() => options.first().textContent()).toContain('Phúc Xá');
    expect(await options.first().locator('.search__type').textContent()).toBe('Phường');
    await input.press('Escape');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(errors).toEqual([]);
  }, 150_000);

  it('hides the incidents and detectors outside the chosen district, the legends following, until the filter is cleared', async () => {
    const { page, errors } = await fixture.open();
    await page.waitForFunction(
      (ids) => ids.every((id) => (globalThis as unknown as Page$).__hanoi.renderedIds('incidents').includes(id)),
      [inCauGiay, inHoanKiem],
      { timeout: 20_000 },
    );
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.renderedDetectorIds().length > 0, null, {
      timeout: 20_000,
    });

    await page.getByTestId('filter-district-button').click();
    await page.getByTestId('filter-district-find').fill('cau giay');
    await page.locator(`[data-testid="filter-district"] [data-value="${CAU_GIAY}"] input`).check();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('filter-district-button').textContent()).toContain('Cầu Giấy');

    await expect.poll(() => renderedIncidents(page)).toContain(inCauGiay);
    await expect.poll(() => renderedIncidents(page)).not.toContain(inHoanKiem);
    // Whatever is still drawn is in Cầu Giấy: incidents by their district, detectors by their position.
    const shown = await renderedIncidents(page);
    const held = await page.evaluate(() => (globalThis as unknown as Page$).__hanoi.eventItems('incidents'));
    for (const id of shown) expect(held.find((s) => s.id === id)?.districtCode, id).toBe(CAU_GIAY);
    const detectors = await page.evaluate(() => {
      const h = (globalThis as unknown as Page$).__hanoi;
      return h.renderedDetectorIds().map((id) => h.detector(id)?.position ?? null);
    });
    for (const p of detectors) expect(p && districtAt(p)?.code).toBe(CAU_GIAY);

    // The legend counts what is shown (the simulated agencies keep posting: compared as they come);
    // the store still holds everything.
    const heldIn = (layer: 'incidents' | 'crime', sinceMs: number) =>
      page.evaluate(
        ([l, district, since]) =>
          (globalThis as unknown as Page$).__hanoi
            .eventItems(l)
            .filter(
              (s) =>
                s.districtCode === district &&
                Date.parse(String(l === 'crime' ? s.dateObserved : s.receivedAt)) >= since,
            ).length,
        [layer, CAU_GIAY, sinceMs] as const,
      );
    await expect.poll(async () => (await legendTotal(page, 'incidents')) - (await heldIn('incidents', 0))).toBe(0);
    const inDistrict = await legendTotal(page, 'incidents');
    expect(held.length).toBeGreaterThan(inDistrict);
    expect(await page.getByTestId('filter-showing').textContent()).toMatch(/\d+\/\d+ sự cố/);

    // A time window narrows crime by when the offence happened.
    await expect.poll(() => heldIn('crime', 0)).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await legendTotal(page, 'crime')) - (await heldIn('crime', 0))).toBe(0);
    const allCrime = await legendTotal(page, 'crime');
    await page.locator('[data-testid="filter-window"] label', { hasText: '1 giờ' }).click();
    expect(await page.getByTestId('filter-window-1h').isChecked()).toBe(true);
    await expect
      .poll(async () => (await legendTotal(page, 'crime')) - (await heldIn('crime', Date.now() - 3_600_000)))
      .toBe(0);
    expect(await legendTotal(page, 'crime')).toBeLessThan(allCrime);
    expect(await legendTotal(page, 'crime')).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SCREENSHOTS}/console-filter-district.png` });

    await page.getByTestId('filter-reset').click();
    await expect.poll(() => renderedIncidents(page)).toContain(inHoanKiem);
    expect(await page.getByTestId('filter-window-all').isChecked()).toBe(true);
    expect(await page.getByTestId('filter-district-button').textContent()).toContain('Tất cả');
    expect(errors).toEqual([]);
  }, 150_000);

  it('turns the filter and search labels English with the language switch', async () => {
    const { page } = await fixture.open();
    const bar = page.getByTestId('filter-bar');
    expect(await bar.textContent()).toContain('Quận/huyện');
    await page.locator('.lang__option[lang="en"]').click();

    await expect.poll(() => bar.textContent()).toContain('District');
    const text = await bar.textContent();
    for (const label of ['Time', 'Incident type', 'Crime type', 'All']) expect(text).toContain(label);
    expect(text).not.toContain('Quận/huyện');
    const input = page.getByTestId('place-search-input');
    expect(await input.getAttribute('placeholder')).toBe('Find a district, ward, road… (/)');
    expect(await input.getAttribute('aria-label')).toBe('Find a place');
    await input.fill('hoan kiem');
    const first = page.getByTestId('place-search-option').first();
    await expect.poll(() => first.locator('.search__type').textContent()).toBe('District');
    await input.press('Escape');

    await page.getByTestId('filter-incidents-button').click();
    const menu = page.getByTestId('filter-incidents');
    await expect.poll(() => menu.textContent()).toContain('Fire');
    await page.screenshot({ path: `${SCREENSHOTS}/console-tools-en.png` });
    await page.locator('.lang__option[lang="vi"]').click();
    await expect.poll(() => bar.textContent()).toContain('Quận/huyện');
  }, 150_000);
});

describe('how fresh each layer is', () => {
  // No simulators: the test decides which feeds speak.
  const fixture = useConsoleFixture({ simulate: false, feedApiKeys: [{ agency: 'e2e-fresh', key: KEY }] });

  const publishUnit = (id: string) =>
    fixture.publisher.publishAsync(
      deviceTopic('units', id, fixture.server.topicRoot),
      JSON.stringify({
        dateObserved: new Date().toISOString(),
        location: { type: 'Point', coordinates: [105.8522, 21.0287] },
        kind: 'police',
        status: 'available',
        callSign: 'Hoàn Kiếm 01',
      }),
      { qos: 1 },
    );

  it('shows a "dữ liệu cũ" badge with its age on a layer whose feed went quiet, and drops it when news comes', async () => {
    const { page, errors } = await fixture.open();
    const unitsStale = page.getByTestId('freshness-stale-units');
    const trafficStale = page.getByTestId('freshness-stale-traffic');
    // Traffic keeps flowing all along.
    const traffic = setInterval(() => {
      void publishReading(fixture.publisher, fixture.server.topicRoot, 'e2e-fresh-det', {
        dateObserved: new Date().toISOString(),
        averageVehicleSpeed: 31,
        location: { type: 'Point', coordinates: [105.8412, 21.0245] },
      });
    }, 2_000);
    try {
      await publishUnit('e2e-fresh-unit');
      await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.deviceCount('units') === 1, null, {
        timeout: 10_000,
      });
      expect(await unitsStale.count()).toBe(0);

      // Units report every 5 s: three periods without one, and the layer says so, with the age.
      await unitsStale.waitFor({ timeout: 30_000 });
      expect(await unitsStale.textContent()).toMatch(/^\s*dữ liệu cũ \(\d+ giây\)\s*$/);
      expect(Number(await unitsStale.getAttribute('data-age-ms'))).toBeGreaterThan(15_000);
      expect(await trafficStale.count()).toBe(0);
      // The event layers say since when nothing new came; the connection stays in view.
      const incidentsLast = page.getByTestId('freshness-last-incidents');
      expect((await incidentsLast.textContent())?.trim()).toBe('–');
      expect(await incidentsLast.getAttribute('title')).toMatch(/^Chưa có tin mới từ \d\d:\d\d$/);
      expect(await page.getByTestId('connection-status').getAttribute('data-status')).toBe('connected');
      await page.screenshot({ path: `${SCREENSHOTS}/console-stale.png` });

      await publishUnit('e2e-fresh-unit');
      await unitsStale.waitFor({ state: 'detached', timeout: 10_000 });

      // An incident comes in: the incidents layer says when.
      const res = await fetch(`${fixture.server.url}/api/v1/feeds/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        body: JSON.stringify({
          externalId: `e2e-fresh-${Date.now().toString(36)}`,
          dateIssued: new Date().toISOString(),
          category: 'infrastructure',
          severity: 'low',
          description: 'Nắp cống bị bật trên phố Huế.',
          alertSource: 'citizen',
          location: { type: 'Point', coordinates: [105.8512, 21.0155] },
        }),
      });
      expect(res.status).toBe(202);
      await expect.poll(() => incidentsLast.getAttribute('title'), { timeout: 10_000 }).toMatch(/^Cập nhật \d\d:\d\d$/);
      expect((await incidentsLast.textContent())?.trim()).toMatch(/^\d\d:\d\d$/);
    } finally {
      clearInterval(traffic);
    }
    expect(errors).toEqual([]);
  }, 150_000);
});
