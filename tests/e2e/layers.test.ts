import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { deviceTopic, type LonLat } from '../../protocol/index.js';
import { districtAt, districts, segment as gazetteerSegment, segments } from '../../server/src/geo/gazetteer.js';
import { publishReading } from '../helpers/clients.js';
import { SCREENSHOTS, useConsoleFixture, type DeviceFeed, type Page$, type ToggleableLayer } from './console-page.js';
import { renderedFeatures, RGBA } from './rendered-features.js';

const FEEDS: DeviceFeed[] = ['signals', 'cameras', 'units', 'network'];
const LAYERS: ToggleableLayer[] = ['traffic', ...FEEDS];
const SEGMENTS = 'traffic-segments';
/** How long the map may take to show a change (the apply clock, a frame, a repaint). */
const POLL = { timeout: 10_000 };
const CAU_GIAY = districts().find((d) => d.name === 'Cầu Giấy')!.code;

describe('the live layers of the console', () => {
  // A quick watchdog, so a WAN node that stops sending is marked down within seconds.
  const fixture = useConsoleFixture({ watchdogEveryMs: 500 });

  const publish = (feed: DeviceFeed, id: string, report: object) =>
    fixture.publisher.publishAsync(deviceTopic(feed, id, fixture.server.topicRoot), JSON.stringify(report), { qos: 1 });

  const rendered = (page: Page, feed: DeviceFeed) =>
    page.evaluate((f) => (globalThis as unknown as Page$).__hanoi.renderedDeviceIds(f), feed);

  /** Clicks where a device is drawn and returns the popup that opened. */
  async function clickDevice(page: Page, feed: DeviceFeed, id: string, where: [number, number]) {
    await page.waitForFunction(
      ([f, d]) => (globalThis as unknown as Page$).__hanoi.renderedDeviceIds(f as DeviceFeed).includes(d!),
      [feed, id],
      { timeout: 20_000 },
    );
    const point = await page.evaluate(
      ([lon, lat]) => (globalThis as unknown as Page$).__hanoi.screenPoint(lon, lat),
      where,
    );
    expect(point).not.toBeNull();
    // A popup already open may lie over the device (it opens above or below its object, as the
    // map's height allows): then it is closed first, as an operator would.
    const open = page.locator('.maplibregl-popup');
    const box = (await open.count()) > 0 ? await open.boundingBox() : null;
    if (
      box &&
      point!.x >= box.x &&
      point!.x <= box.x + box.width &&
      point!.y >= box.y &&
      point!.y <= box.y + box.height
    )
      await page.locator('.maplibregl-popup-close-button').dispatchEvent('click');
    await page.mouse.click(point!.x, point!.y);
    const popup = page.locator(`.device-popup--${feed}`);
    await popup.waitFor({ timeout: 5_000 });
    return popup;
  }

  it('draws the signals, cameras, units and WAN nodes of the city simulation, each with a legend', async () => {
    const { page, errors } = await fixture.open();

    for (const feed of FEEDS) {
      await page.waitForFunction(
        (f) => (globalThis as unknown as Page$).__hanoi.renderedDeviceIds(f).length > 0,
        feed,
        {
          timeout: 30_000,
        },
      );
    }
    for (const layer of LAYERS) {
      const total = page.getByTestId(`layer-total-${layer}`);
      await expect.poll(async () => Number(await total.getAttribute('data-count'))).toBeGreaterThan(0);
    }
    const panel = await page.getByTestId('layer-panel-devices').textContent();
    for (const label of ['Giao thông', 'Đèn tín hiệu', 'Camera', 'Lực lượng ứng cứu', 'Mạng WAN xã/phường']) {
      expect(panel).toContain(label);
    }
    for (const label of [
      'Sẵn sàng',
      'Đang di chuyển',
      'Tại hiện trường',
      'Cảnh sát',
      'Cứu hỏa',
      'Cấp cứu',
      'Mất kết nối',
    ]) {
      expect(panel).toContain(label);
    }

    await page.waitForTimeout(800); // let the last frame settle before the picture
    await page.screenshot({ path: `${SCREENSHOTS}/console-layers.png` });
    expect(errors).toEqual([]);
  }, 90_000);

  it('draws every road segment coloured by the mean speed of its detectors, and re-colours it as readings come', async () => {
    const { page, errors } = await fixture.open();
    // The simulator's detectors report on every corridor: the inner ring is in view at the default zoom.
    const ring = segments().filter((s) => s.corridorId === 'vd1');
    await expect
      .poll(async () => [...(await renderedFeatures(page, SEGMENTS)).keys()], { timeout: 20_000 })
      .toEqual(expect.arrayContaining(ring.map((s) => s.id)));
    const drawn = await renderedFeatures(page, SEGMENTS);
    for (const [id, f] of drawn) {
      expect(gazetteerSegment(id), id).toBeDefined();
      expect(['jam', 'slow', 'moderate', 'free', 'unknown']).toContain(f.properties.cls);
    }

    // Six detectors of the test on one segment of the inner ring (it has one of the simulator's):
    // flowing freely, the mean is above 45 km/h whatever the simulator says; crawling, under 15.
    const road = gazetteerSegment('vd1:1')!;
    const along = (t: number): LonLat => [
      road.from[0] + (road.to[0] - road.from[0]) * t,
      road.from[1] + (road.to[1] - road.from[1]) * t,
    ];
    const ids = Array.from({ length: 6 }, (_, i) => `e2e-seg-${Date.now().toString(36)}-${i}`);
    const publishAll = (speed: number) =>
      Promise.all(
        ids.map((id, i) =>
          publishReading(fixture.publisher, fixture.server.topicRoot, id, {
            dateObserved: new Date().toISOString(),
            refRoadSegment: road.id,
            averageVehicleSpeed: speed,
            intensity: 900,
            occupancy: 0.2,
            location: { type: 'Point', coordinates: along((i + 1) / 8) },
          }),
        ),
      );
    const segmentStyle = async () => {
      const f = (await renderedFeatures(page, SEGMENTS)).get(road.id);
      return f && { cls: f.properties.cls, colour: f.style['line-color'] };
    };

    await publishAll(80);
    await expect.poll(segmentStyle, { timeout: 15_000 }).toEqual({ cls: 'free', colour: RGBA.free });
    await publishAll(2);
    await expect.poll(segmentStyle, { timeout: 15_000 }).toEqual({ cls: 'jam', colour: RGBA.jam });
    // The detectors are drawn over their segment, and the legend still counts detectors, all of them.
    await page.waitForFunction(
      (list) => list.every((id) => (globalThis as unknown as Page$).__hanoi.renderedDetectorIds().includes(id)),
      ids,
    );
    const legend = page.locator('[data-layer="traffic"]');
    await expect
      .poll(
        async () =>
          Number(await page.getByTestId('layer-total-traffic').getAttribute('data-count')) ===
          (await page.evaluate(() => (globalThis as unknown as Page$).__hanoi.detectorCount())),
        { timeout: 10_000 },
      )
      .toBe(true);
    expect(Number(await legend.locator('[data-class="jam"]').getAttribute('data-count'))).toBeGreaterThanOrEqual(6);
    expect(await legend.textContent()).toContain('Đường tô màu theo tốc độ trung bình');
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SCREENSHOTS}/console-traffic-segments.png` });

    // The district filter keeps the segments whose middle is in the chosen district.
    await page.getByTestId('filter-district-button').click();
    await page.getByTestId('filter-district-find').fill('cau giay');
    await page.locator(`[data-testid="filter-district"] [data-value="${CAU_GIAY}"] input`).check();
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await renderedFeatures(page, SEGMENTS)).has(road.id), POLL).toBe(false);
    const inDistrict = [...(await renderedFeatures(page, SEGMENTS)).keys()];
    expect(inDistrict.length).toBeGreaterThan(0);
    for (const id of inDistrict) expect(districtAt(gazetteerSegment(id)!.midpoint)?.code, id).toBe(CAU_GIAY);
    await page.getByTestId('filter-reset').click();
    await expect.poll(async () => (await renderedFeatures(page, SEGMENTS)).has(road.id), POLL).toBe(true);

    // The layer's switch hides the lines with the dots, and shows them again.
    await page.getByTestId('layer-toggle-traffic').click();
    await expect.poll(async () => (await renderedFeatures(page, SEGMENTS)).size, POLL).toBe(0);
    await page.getByTestId('layer-toggle-traffic').click();
    await expect.poll(segmentStyle, POLL).toEqual({ cls: 'jam', colour: RGBA.jam });
    expect(errors).toEqual([]);
  }, 120_000);

  it('hides a layer from the map when it is switched off, keeps its data, and shows it again', async () => {
    const { page } = await fixture.open();
    for (const feed of FEEDS) {
      await page.waitForFunction(
        (f) => (globalThis as unknown as Page$).__hanoi.renderedDeviceIds(f).length > 0,
        feed,
        {
          timeout: 30_000,
        },
      );
    }
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.renderedDetectorIds().length > 0, null, {
      timeout: 20_000,
    });

    for (const layer of LAYERS) await page.getByTestId(`layer-toggle-${layer}`).click();

    for (const layer of LAYERS) {
      expect(await page.getByTestId(`layer-toggle-${layer}`).getAttribute('aria-checked')).toBe('false');
      expect(await page.evaluate((l) => (globalThis as unknown as Page$).__hanoi.layerVisible(l), layer)).toBe(false);
    }
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.renderedDetectorIds().length === 0);
    for (const feed of FEEDS) {
      await expect.poll(() => rendered(page, feed)).toEqual([]);
      // Only the drawing is hidden: the feed keeps flowing into the store.
      expect(await page.evaluate((f) => (globalThis as unknown as Page$).__hanoi.deviceCount(f), feed)).toBeGreaterThan(
        0,
      );
    }
    await page.screenshot({ path: `${SCREENSHOTS}/console-layers-off.png` });

    await page.getByTestId('layer-toggle-units').click();
    await expect.poll(async () => (await rendered(page, 'units')).length).toBeGreaterThan(0);
    expect(await rendered(page, 'signals')).toEqual([]);
  }, 90_000);

  it('opens the popups of a faulty signal and of a camera in Vietnamese, device text shown as text', async () => {
    const { page } = await fixture.open();
    await page.getByTestId('layer-toggle-units').click(); // units move: keep them from covering the click
    const suffix = Date.now().toString(36);
    const signalAt: [number, number] = [105.7725, 21.0905];
    const signalId = `e2e-sig-${suffix}`;
    await publish('signals', signalId, {
      dateObserved: new Date().toISOString(),
      location: { type: 'Point', coordinates: signalAt },
      status: 'normal',
      currentPlan: 'P3-peak',
      cycleTime: 120,
      faults: [{ type: 'lamp_failure', detail: 'đèn đỏ <b>hướng bắc</b>' }],
    });

    const signal = await clickDevice(page, 'signals', signalId, signalAt);
    const signalText = await signal.textContent();
    expect(signalText).toContain('Đèn tín hiệu');
    expect(signalText).toContain(signalId);
    expect(signalText).toContain('P3-peak');
    expect(signalText).toContain('120 giây');
    expect(signalText).toContain('Hỏng bóng đèn: đèn đỏ <b>hướng bắc</b>');
    expect(await signal.locator('b').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/console-popup-signal.png` });

    const cameraAt: [number, number] = [105.79, 21.075];
    const cameraId = `e2e-cam-${suffix}`;
    await publish('cameras', cameraId, {
      dateObserved: new Date().toISOString(),
      location: { type: 'Point', coordinates: cameraAt },
      status: 'online',
      vehicleCount: 1240,
      countPeriodSeconds: 60,
      snapshotUrl: 'https://cameras.example.vn/e2e/latest.jpg',
    });
    const camera = await clickDevice(page, 'cameras', cameraId, cameraAt);
    expect(await camera.textContent()).toContain('1.240 xe / 60 giây');
    const link = camera.locator('a');
    expect(await link.getAttribute('href')).toBe('https://cameras.example.vn/e2e/latest.jpg');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    // One popup at a time: the signal's closed when the camera's opened (or before, if it lay over the camera).
    expect(await page.locator('.maplibregl-popup').count()).toBe(1);
  }, 90_000);

  it('shows a commune WAN node that stops sending as down, named after its commune', async () => {
    const { page } = await fixture.open();
    await page.getByTestId('layer-toggle-units').click();
    const nodeAt: [number, number] = [105.8009, 21.0795];
    const nodeId = `e2e-wan-${Date.now().toString(36)}`;
    await publish('network', nodeId, {
      dateObserved: new Date().toISOString(),
      kind: 'commune_node',
      communeCode: '00001',
      location: { type: 'Point', coordinates: nodeAt },
      expectedIntervalSeconds: 5,
      status: 'ok',
      latencyMs: 18,
    });
    await page.waitForFunction(
      (d) => (globalThis as unknown as Page$).__hanoi.device('network', d)?.silent === false,
      nodeId,
      {
        timeout: 15_000,
      },
    );

    // Nothing more is sent: past 1.5 intervals the watchdog marks it silent, i.e. down.
    await page.waitForFunction(
      (d) => (globalThis as unknown as Page$).__hanoi.device('network', d)?.silent === true,
      nodeId,
      {
        timeout: 20_000,
      },
    );
    const down = page.locator('[data-layer="network"] [data-class="down"]');
    await expect.poll(async () => Number(await down.getAttribute('data-count'))).toBeGreaterThan(0);

    const popup = await clickDevice(page, 'network', nodeId, nodeAt);
    await expect.poll(() => popup.textContent()).toContain('Mất kết nối');
    const text = await popup.textContent();
    expect(text).toContain('Phường Phúc Xá, Ba Đình');
    expect(text).toContain('Nút mạng WAN xã/phường');
    await page.screenshot({ path: `${SCREENSHOTS}/console-popup-network.png` });
  }, 90_000);
});
