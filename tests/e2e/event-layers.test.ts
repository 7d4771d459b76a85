import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type IncidentReport, type IncidentState, type LonLat } from '../../protocol/index.js';
import { communeAnchor } from '../../server/src/geo/anchors.js';
import { communes, districtAt, districts } from '../../server/src/geo/gazetteer.js';
import { openSocket, signIn } from '../helpers/clients.js';
import { backlogReports, crimeReports, incidentReports, postAll, type AgencyFeed } from './agency-posts.js';
import { SCREENSHOTS, useConsoleFixture, type EventLayer, type Page$, type ToggleableLayer } from './console-page.js';
import { renderedFeatures } from './rendered-features.js';

const KEY = 'e2e-agency-key-of-enough-length';
/** How long the map may take to show a change (the apply clock, a frame, a repaint). */
const POLL = { timeout: 10_000 };
const EVENT_LAYERS: EventLayer[] = ['incidents', 'alarms', 'crime', 'backlog'];

/** How the console writes numbers in Vietnamese. */
const count = (v: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }).format(v);
const percent = (v: number) => new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 0 }).format(v);

/**
 * Points of a district's cell, the farthest from every commune's ring (its anchor) first, so that a
 * click there reaches the district and not a commune.
 */
function clearPointsIn(districtCode: string): LonLat[] {
  const anchors = communes().flatMap((c) => {
    const anchor = communeAnchor(c.code);
    return anchor ? [anchor] : [];
  });
  const points: Array<{ at: LonLat; clearance: number }> = [];
  for (let lon = 105.3; lon <= 106.05; lon += 0.004) {
    for (let lat = 20.55; lat <= 21.4; lat += 0.004) {
      const at: LonLat = [lon, lat];
      if (districtAt(at)?.code !== districtCode) continue;
      points.push({ at, clearance: Math.min(...anchors.map((a) => Math.hypot(a[0] - lon, a[1] - lat))) });
    }
  }
  return points.sort((a, b) => b.clearance - a.clearance).map((p) => p.at);
}

/** How the console writes a time (Hanoi time, the 'full' format of client/src/i18n/formats.ts). */
const hanoiTime = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour12: false,
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(iso));

describe('the event layers of the console: incidents, alarms, crime and dossier backlogs', () => {
  // A quick sweep, so an alarm is raised and cleared within a second of its cause.
  const fixture = useConsoleFixture({ watchdogEveryMs: 500, feedApiKeys: [{ agency: 'e2e', key: KEY }] });
  const suffix = Date.now().toString(36);
  const now = new Date();

  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
  const publishSignal = (id: string, report: object) =>
    fixture.publisher.publishAsync(deviceTopic('signals', id, fixture.server.topicRoot), JSON.stringify(report), {
      qos: 1,
    });

  /** A fire reported to 114 (its description has markup that must stay text), and its duplicate. */
  const fireAt: [number, number] = [105.7935, 21.0405];
  const fire: IncidentReport = {
    externalId: `e2e-114-${suffix}-fire`,
    dateIssued: new Date(now.getTime() - 5 * 60_000).toISOString(),
    category: 'fire',
    subCategory: 'houseFire',
    severity: 'critical',
    description: 'Cháy nhà 4 tầng <b>x</b>, khói lan sang nhà bên cạnh.',
    alertSource: '114',
    location: { type: 'Point', coordinates: fireAt },
    address: { streetAddress: 'Ngõ 165 Cầu Giấy', addressRegion: 'Cầu Giấy' },
    reporter: { name: 'Nguyễn Văn A', phone: '0912 345 678' },
  };
  /** A theft reported at an exact place (public: the console gets it to about 100 m). */
  const theftAt: [number, number] = [105.81834, 21.06577];
  const theftDescription = 'Mất xe máy Honda Wave trước số nhà 32.';
  let fireId = '';
  let duplicateId = '';
  let theftId = '';

  const rendered = (page: Page, layer: ToggleableLayer) =>
    page.evaluate((l) => (globalThis as unknown as Page$).__hanoi.renderedIds(l), layer);

  const waitRendered = (page: Page, layer: ToggleableLayer, id?: string) =>
    page.waitForFunction(
      ([l, d]) => {
        const ids = (globalThis as unknown as Page$).__hanoi.renderedIds(l as ToggleableLayer);
        return d ? ids.includes(d) : ids.length > 0;
      },
      [layer, id] as const,
      { timeout: 20_000 },
    );

  const screenPoint = async (page: Page, at: [number, number]) => {
    const p = await page.evaluate(([lon, lat]) => (globalThis as unknown as Page$).__hanoi.screenPoint(lon, lat), at);
    expect(p).not.toBeNull();
    return p!;
  };

  /** Zooms in around a place, as an operator double-clicking it would; the place stays under the cursor. */
  async function zoomAt(page: Page, at: [number, number], times: number) {
    for (let i = 0; i < times; i++) {
      const p = await screenPoint(page, at);
      await page.mouse.dblclick(p.x, p.y);
      await page.waitForTimeout(700);
    }
  }

  async function hide(page: Page, ...layers: ToggleableLayer[]) {
    for (const layer of layers) await page.getByTestId(`layer-toggle-${layer}`).click();
  }

  beforeAll(async () => {
    const [fireAccepted] = await postAll(post, 'incidents', [fire]);
    fireId = fireAccepted!.id;
    // A second call about the same fire, 200 m away, minutes later: linked as a duplicate.
    const [duplicate] = await postAll(post, 'incidents', [
      {
        ...fire,
        externalId: `e2e-113-${suffix}-fire-2`,
        alertSource: '113',
        severity: 'high',
        dateIssued: new Date(now.getTime() - 2 * 60_000).toISOString(),
        description: 'Thấy khói đen bốc lên từ ngõ 165.',
        location: { type: 'Point', coordinates: [fireAt[0], fireAt[1] + 0.0018] },
      },
    ]);
    duplicateId = duplicate!.id;
    expect(duplicate!.duplicateOf).toBe(fireId);
    await postAll(post, 'incidents', incidentReports(suffix, now));

    const [theft] = await postAll(post, 'crime', [
      {
        externalId: `e2e-crime-${suffix}-theft`,
        dateObserved: new Date(now.getTime() - 3 * 3_600_000).toISOString(),
        category: 'theft',
        status: 'reported',
        privacy: 'public',
        location: { type: 'Point', coordinates: theftAt },
        description: theftDescription,
        persons: [{ role: 'victim', name: 'Trần Thị B' }],
      },
    ]);
    theftId = theft!.id;
    await postAll(post, 'crime', crimeReports(suffix, now));
    await postAll(post, 'backlog', backlogReports(now));
  }, 60_000);

  it('draws incidents, alarms, crime and commune backlogs, each with a legend in Vietnamese', async () => {
    // A faulty signal controller: the alarm sweep raises a signal fault for it.
    await publishSignal(`e2e-sig-${suffix}-a`, {
      dateObserved: new Date().toISOString(),
      location: { type: 'Point', coordinates: [105.8415, 21.0225] },
      status: 'normal',
      faults: [{ type: 'lamp_failure' }],
    });
    const { page, errors } = await fixture.open();

    await waitRendered(page, 'incidents', fireId);
    await waitRendered(page, 'incidents', duplicateId);
    await waitRendered(page, 'alarms');
    await waitRendered(page, 'crime', theftId);
    await waitRendered(page, 'backlog', '00001');

    const panel = page.getByTestId('layer-panel-events');
    const text = await panel.textContent();
    for (const label of [
      'Sự cố',
      'Nghiêm trọng',
      'Tin trùng (nối với sự cố gốc)',
      'Cảnh báo',
      'Đèn tín hiệu lỗi',
      'Camera mất kết nối',
      'Tội phạm',
      'Tài sản: trộm, đột nhập, phá hoại',
      '30 ngày qua · vị trí đã làm mờ',
      'Hồ sơ hành chính',
      'Nộp trực tuyến ≥ 70%',
      'Nộp trực tuyến < 70%',
    ]) {
      expect(text).toContain(label);
    }
    const count = async (layer: EventLayer, cls: string) =>
      Number(await panel.locator(`[data-layer="${layer}"] [data-class="${cls}"]`).getAttribute('data-count'));
    await expect.poll(() => count('incidents', 'critical')).toBeGreaterThanOrEqual(1);
    expect(await count('incidents', 'duplicate')).toBeGreaterThanOrEqual(1);
    await expect.poll(() => count('alarms', 'signal_fault')).toBeGreaterThanOrEqual(1);
    expect(await count('crime', 'property')).toBeGreaterThan(0);
    // Every commune has figures: both sides of the 70% target are represented.
    expect(await count('backlog', 'on_target')).toBeGreaterThan(0);
    expect(await count('backlog', 'below_target')).toBeGreaterThan(0);
    const communes = Number(await page.getByTestId('layer-total-backlog').getAttribute('data-count'));
    expect(communes).toBe(584);
    expect(await page.getByTestId('layer-note-crime').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Nhiều nhất: \p{L}[^·]* \d+ · /u)]),
    );

    await page.waitForTimeout(800); // let the last frame settle before the picture
    await page.screenshot({ path: `${SCREENSHOTS}/console-event-layers.png` });
    expect(errors).toEqual([]);
  }, 90_000);

  it("opens an incident's popup in Vietnamese with the description as text, linked to its duplicate", async () => {
    const { page } = await fixture.open();
    await hide(page, 'units', 'traffic', 'signals', 'cameras', 'alarms', 'crime', 'backlog', 'network');
    await waitRendered(page, 'incidents', fireId);
    await zoomAt(page, fireAt, 3);

    const p = await screenPoint(page, fireAt);
    await page.mouse.click(p.x, p.y);
    const popup = page.locator('.incident-popup');
    await popup.waitFor({ timeout: 5_000 });
    const text = (await popup.textContent()) ?? '';
    expect(text).toContain('Cháy, nổ');
    expect(text).toContain('Nghiêm trọng');
    expect(text).toContain('Mới tiếp nhận');
    expect(text).toContain('Tổng đài 114 (Cứu nạn, cứu hộ)');
    expect(text).toContain(hanoiTime(fire.dateIssued));
    expect(text).toContain('Ngõ 165 Cầu Giấy, Cầu Giấy');
    expect(text).toContain('Cháy nhà 4 tầng <b>x</b>, khói lan sang nhà bên cạnh.');
    expect(await popup.locator('b').count()).toBe(0);
    // The reporter stays on the server.
    expect(text).not.toContain('Nguyễn Văn A');
    expect(text).not.toContain('0912 345 678');

    // The duplicate is drawn, and knows its primary (a dashed line joins them on the map).
    expect(await rendered(page, 'incidents')).toEqual(expect.arrayContaining([fireId, duplicateId]));
    const dup = await page.evaluate(
      (id) => (globalThis as unknown as Page$).__hanoi.eventItem('incidents', id),
      duplicateId,
    );
    expect(dup?.duplicateOf).toBe(fireId);
    await page.screenshot({ path: `${SCREENSHOTS}/console-popup-incident.png` });

    // The popup opens above the fire, over its duplicate: close it first.
    await page.locator('.maplibregl-popup-close-button').click();
    const d = await screenPoint(page, [fireAt[0], fireAt[1] + 0.0018]);
    await page.mouse.click(d.x, d.y);
    const dupPopup = page.locator('.incident-popup');
    await expect.poll(() => dupPopup.textContent()).toContain(`Trùng với${fireId} · Cháy, nổ`);
    expect(await dupPopup.textContent()).toContain('Tin trùng với một sự cố đã tiếp nhận');
  }, 90_000);

  it('raises a signal-fault alarm beside the faulty signal, and removes it once the fault has cleared', async () => {
    const { page } = await fixture.open();
    await hide(page, 'units', 'traffic', 'incidents', 'crime', 'backlog', 'network');
    const signalId = `e2e-sig-${suffix}-b`;
    const at: [number, number] = [105.7725, 21.0905];
    const report = (faults: object[]) => ({
      dateObserved: new Date().toISOString(),
      location: { type: 'Point', coordinates: at },
      status: 'normal',
      faults,
    });
    await publishSignal(signalId, report([{ type: 'power', detail: 'mất nguồn <i>tủ điện</i>' }]));

    const alarmId = await page
      .waitForFunction(
        (sig) =>
          (globalThis as unknown as Page$).__hanoi
            .eventItems('alarms')
            .find((a) => (a.source as { id: string }).id === sig)?.id,
        signalId,
        { timeout: 20_000 },
      )
      .then((h) => h.jsonValue() as Promise<string>);
    await waitRendered(page, 'alarms', alarmId);

    // The badge sits up and to the right of the signal, so the signal stays visible and clickable.
    const p = await screenPoint(page, at);
    await page.mouse.click(p.x + 12, p.y - 12);
    const popup = page.locator('.alarm-popup--signal_fault');
    await popup.waitFor({ timeout: 5_000 });
    const text = (await popup.textContent()) ?? '';
    expect(text).toContain('Đèn tín hiệu lỗi');
    expect(text).toContain('Cao'); // a power fault is high severity
    expect(text).toContain(`Đèn tín hiệu ${signalId}`);
    expect(text).toContain('Mất điện: mất nguồn <i>tủ điện</i>');
    expect(await popup.locator('i').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/console-popup-alarm.png` });

    await publishSignal(signalId, report([]));
    await page.waitForFunction(
      (id) => !(globalThis as unknown as Page$).__hanoi.renderedIds('alarms').includes(id),
      alarmId,
      { timeout: 20_000 },
    );
    expect(await page.evaluate((id) => (globalThis as unknown as Page$).__hanoi.eventItem('alarms', id), alarmId)).toBe(
      null,
    );
  }, 90_000);

  it('shows crime as a heat map zoomed out and as generalised dots zoomed in, never the exact place or the description', async () => {
    const { page } = await fixture.open();
    await hide(page, 'units', 'traffic', 'signals', 'cameras', 'incidents', 'alarms', 'backlog', 'network');
    await waitRendered(page, 'crime', theftId);
    const theft = await page.evaluate((id) => (globalThis as unknown as Page$).__hanoi.eventItem('crime', id), theftId);
    // Public: to about 100 m (three decimals), not the place the police recorded.
    expect(theft?.position).toEqual([105.818, 21.066]);
    expect(theft?.precision).toBe('100m');

    const generalised: [number, number] = [105.818, 21.066];
    await zoomAt(page, generalised, 3);
    const p = await screenPoint(page, generalised);
    await page.mouse.click(p.x, p.y);
    const popup = page.locator('.crime-popup');
    await popup.waitFor({ timeout: 5_000 });
    const text = (await popup.textContent()) ?? '';
    expect(text).toContain('Trộm cắp tài sản');
    expect(text).toContain('Mới trình báo');
    expect(text).toContain('Tây Hồ');
    expect(text).toContain('Khoảng 100 m');
    expect(text).toContain('Vị trí đã được làm mờ');
    expect(text).not.toContain(theftDescription);
    expect(text).not.toContain('Trần Thị B');
    await page.screenshot({ path: `${SCREENSHOTS}/console-popup-crime.png` });
  }, 90_000);

  it('counts the crime reports that share a place in clusters once zoomed in', async () => {
    const { page } = await fixture.open();
    await hide(page, 'units', 'traffic', 'signals', 'cameras', 'incidents', 'alarms', 'backlog', 'network');
    await waitRendered(page, 'crime', theftId);
    const clusters = () => page.evaluate(() => (globalThis as unknown as Page$).__hanoi.renderedCrimeClusters());
    // Zoomed out: the heat map, no clusters.
    expect(await clusters()).toEqual([]);
    // In the old quarter, where the test posted 14 reports close together.
    await zoomAt(page, [105.851, 21.034], 3);
    await expect.poll(async () => (await clusters()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const counts = await clusters();
    expect(counts.every((n) => n >= 2)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(
      await page.evaluate(() => (globalThis as unknown as Page$).__hanoi.eventCount('crime')),
    );
    await page.screenshot({ path: `${SCREENSHOTS}/console-crime-clusters.png` });
  }, 90_000);

  it("shows a commune's dossiers against the 70% online target", async () => {
    const { page } = await fixture.open();
    // Each commune's WAN node sits on its backlog circle: hide the nodes to reach the circle.
    await hide(page, 'units', 'traffic', 'signals', 'cameras', 'incidents', 'alarms', 'crime', 'network');
    await waitRendered(page, 'backlog', '00001');
    const anchor = communeAnchor('00001')!;
    const p = await screenPoint(page, [anchor[0], anchor[1]]);
    await page.mouse.click(p.x, p.y);
    const popup = page.locator('.backlog-popup');
    await popup.waitFor({ timeout: 5_000 });
    const text = (await popup.textContent()) ?? '';
    expect(text).toContain('Phường Phúc Xá, Ba Đình');
    expect(text).toContain('Nộp trực tuyến');
    expect(text).toContain('mục tiêu 70%');
    expect(text).toContain('Lao động – xã hội: 40 tiếp nhận, 2 quá hạn');
    expect(text).toContain('Giao thông vận tải: 10 tiếp nhận, 1 quá hạn');
    await page.screenshot({ path: `${SCREENSHOTS}/console-popup-backlog.png` });
  }, 90_000);

  it("shows each district's overdue dossiers on the choropleth, and its figures against the 70% target on a click", async () => {
    const { page, errors } = await fixture.open();
    await hide(page, 'units', 'traffic', 'signals', 'cameras', 'incidents', 'alarms', 'crime', 'network');
    await waitRendered(page, 'backlog', '00001');
    const code = districts().find((d) => d.name === 'Long Biên')!.code;
    /** The district's sums over its communes' figures as the console holds them now (the simulated agencies keep posting). */
    const sums = () =>
      page.evaluate((district) => {
        const held = (globalThis as unknown as Page$).__hanoi
          .eventItems('backlog')
          .filter((b) => b.districtCode === district);
        const sum = (key: string) => held.reduce((s, b) => s + Number(b[key]), 0);
        return { received: sum('received'), online: sum('submittedOnline'), overdue: sum('overdue') };
      }, code);

    // A badge with the number of overdue dossiers under the district's name.
    await expect
      .poll(async () => {
        const badge = (await renderedFeatures(page, 'backlog-district-overdue')).get(code);
        const { overdue } = await sums();
        return badge?.properties.label === count(overdue) && badge.style['icon-image'] === 'overdue-badge';
      }, POLL)
      .toBe(true);

    // A click on the district (clear of every commune's ring, on the map and not under a panel)
    // opens its figures, in Vietnamese.
    let clicked = false;
    for (const at of clearPointsIn(code)) {
      const p = await screenPoint(page, at);
      const onMap = await page.evaluate(
        ({ x, y }) =>
          (
            globalThis as unknown as {
              document: { elementFromPoint(x: number, y: number): { tagName: string } | null };
            }
          ).document.elementFromPoint(x, y)?.tagName === 'CANVAS',
        p,
      );
      if (!onMap) continue;
      await page.mouse.click(p.x, p.y);
      clicked = true;
      break;
    }
    expect(clicked).toBe(true);
    const popup = page.locator('.backlog-district-popup');
    await popup.waitFor({ timeout: 5_000 });
    await expect
      .poll(async () => {
        const { received, online, overdue } = await sums();
        const share = online / received;
        const judged = share >= 0.7 ? 'đạt mục tiêu 70%' : 'dưới mục tiêu 70%';
        const text = (await popup.textContent()) ?? '';
        return [
          'Hồ sơ hành chính · quận/huyện',
          'Long Biên',
          `Tiếp nhận${count(received)}`,
          `Nộp trực tuyến${count(online)}`,
          `Tỷ lệ trực tuyến${percent(share)} · ${judged}`,
          `Quá hạn${count(overdue)}`,
        ].filter((line) => !text.includes(line));
      }, POLL)
      .toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/console-backlog-districts.png` });

    // The legend names the badges and counts every overdue dossier the console holds.
    const legend = page.locator('[data-layer="backlog"]');
    expect(await legend.textContent()).toContain('Hồ sơ quá hạn (số trên mỗi quận/huyện)');
    await expect
      .poll(async () => {
        const all = await page.evaluate(() =>
          (globalThis as unknown as Page$).__hanoi.eventItems('backlog').reduce((s, b) => s + Number(b.overdue), 0),
        );
        return Number(await legend.locator('[data-class="overdue"]').getAttribute('data-count')) === all && all > 0;
      }, POLL)
      .toBe(true);
    expect(errors).toEqual([]);
  }, 90_000);

  it('marks an incident whose units are dispatched, and counts it in the legend by status', async () => {
    const at: LonLat = [105.8805, 21.0505];
    const [accepted] = await postAll(post, 'incidents', [
      {
        externalId: `e2e-115-${suffix}-status`,
        dateIssued: new Date().toISOString(),
        category: 'health',
        subCategory: 'fall',
        severity: 'high',
        description: 'Người đi đường bị ngã xe, chấn thương chân.',
        alertSource: '115',
        location: { type: 'Point', coordinates: at },
      },
    ]);
    const id = accepted!.id;
    const { page, errors } = await fixture.open();
    await hide(page, 'units', 'traffic', 'signals', 'cameras', 'alarms', 'crime', 'backlog', 'network');
    await waitRendered(page, 'incidents', id);
    const icon = async () => (await renderedFeatures(page, 'incidents')).get(id)?.style['icon-image'];
    const statusCount = async (group: string) =>
      Number(await page.locator(`[data-layer="incidents"] [data-class="status-${group}"]`).getAttribute('data-count'));
    expect(await icon()).toBe('incident-high-new');

    // A dispatcher acknowledges it, then dispatches it, from their own console.
    const socket = await openSocket(fixture.server.url, await signIn(fixture.server.url, 'demo-dispatcher'));
    try {
      const ack = await socket.emitWithAck('alerts:acknowledge', { kind: 'incident', id });
      expect(ack.ok).toBe(true);
      await expect.poll(icon, POLL).toBe('incident-high');
      const version = ack.ok ? (ack.data as IncidentState).version : 0;
      const update = await socket.emitWithAck('incidents:update', { id, version, change: { status: 'dispatched' } });
      expect(update.ok).toBe(true);
    } finally {
      socket.disconnect();
    }
    await expect.poll(icon, POLL).toBe('incident-high-responding');
    // The legend counts it among the dispatched, as many as the console holds (the simulated
    // agencies keep reporting: compared as they come), and by status the same open incidents as by severity.
    const held = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as Page$).__hanoi
            .eventItems('incidents')
            .filter((s) => s.duplicateOf === null && (s.status === 'dispatched' || s.status === 'en_route')).length,
      );
    await expect.poll(async () => (await statusCount('responding')) === (await held()), POLL).toBe(true);
    expect(await statusCount('responding')).toBeGreaterThanOrEqual(1);
    const legend = page.locator('[data-layer="incidents"]');
    const rows = async (keys: string[]) => {
      let total = 0;
      for (const key of keys) total += Number(await legend.locator(`[data-class="${key}"]`).getAttribute('data-count'));
      return total;
    };
    const STATUS_ROWS = [
      'status-new',
      'status-acknowledged',
      'status-responding',
      'status-on_scene',
      'status-resolved',
    ];
    const SEVERITY_ROWS = ['critical', 'high', 'medium', 'low', 'informational'];
    await expect.poll(async () => (await rows(STATUS_ROWS)) === (await rows(SEVERITY_ROWS)), POLL).toBe(true);
    expect(await legend.textContent()).toContain('Đã điều động, đang đến');

    await zoomAt(page, at, 2);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SCREENSHOTS}/console-incident-dispatched.png` });
    expect(errors).toEqual([]);
  }, 90_000);

  it('hides each event layer from the map when switched off, keeps its data, and shows it again', async () => {
    await publishSignal(`e2e-sig-${suffix}-c`, {
      dateObserved: new Date().toISOString(),
      location: { type: 'Point', coordinates: [105.8605, 21.0415] },
      status: 'normal',
      faults: [{ type: 'communication' }],
    });
    const { page } = await fixture.open();
    for (const layer of EVENT_LAYERS) await waitRendered(page, layer);

    await hide(page, ...EVENT_LAYERS);
    for (const layer of EVENT_LAYERS) {
      expect(await page.getByTestId(`layer-toggle-${layer}`).getAttribute('aria-checked')).toBe('false');
      await expect.poll(() => rendered(page, layer)).toEqual([]);
      // Only the drawing is hidden: the feed keeps flowing into the store.
      expect(await page.evaluate((l) => (globalThis as unknown as Page$).__hanoi.eventCount(l), layer)).toBeGreaterThan(
        0,
      );
    }

    await page.getByTestId('layer-toggle-incidents').click();
    await expect.poll(async () => (await rendered(page, 'incidents')).length).toBeGreaterThan(0);
    expect(await rendered(page, 'backlog')).toEqual([]);
  }, 90_000);
});
