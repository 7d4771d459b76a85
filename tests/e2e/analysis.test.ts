import { describe, expect, it } from 'vitest';
import type { BacklogReport, CrimeReport, IncidentReport } from '../../protocol/index.js';
import { publishReading } from '../helpers/clients.js';
import { postAll, type AgencyFeed } from './agency-posts.js';
import { SCREENSHOTS, useConsoleFixture } from './console-page.js';

const KEY = 'e2e-analysis-key-of-enough-length';
const POLL = { timeout: 20_000 };
const HOAN_KIEM = '002';
const BA_DINH = '001';

describe('the analysis panel: hot spots, congestion, crime and dossiers over the stored history', () => {
  // No simulators: the test knows every figure the panel shows.
  const fixture = useConsoleFixture({ simulate: false, feedApiKeys: [{ agency: 'e2e-analysis', key: KEY }] });
  const suffix = Date.now().toString(36);
  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
  /** Half an hour ago, so the figures sit in one Hanoi hour of the last 24. */
  const when = new Date(Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000);
  /** Two hours before that: the dossiers' earlier bucket. */
  const earlier = new Date(when.getTime() - 2 * 3_600_000);
  /** The start of the hour an instant falls in, as the grid's cells name it. */
  const hourOf = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000).toISOString();
  const hanoiHour = new Date(when.getTime() + 7 * 3_600_000).getUTCHours();

  async function seed(): Promise<void> {
    // Three incidents in Hoàn Kiếm (kinds and places apart: none is a duplicate), one in Ba Đình.
    const incident = (n: number, category: IncidentReport['category'], at: [number, number]): IncidentReport => ({
      externalId: `e2e-analysis-${suffix}-${n}`,
      dateIssued: when.toISOString(),
      category,
      severity: 'medium',
      description: 'Sự việc để kiểm thử bảng phân tích.',
      alertSource: '113',
      location: { type: 'Point', coordinates: at },
    });
    await postAll(post, 'incidents', [
      incident(1, 'traffic', [105.8522, 21.0287]),
      incident(2, 'fire', [105.848, 21.0335]),
      incident(3, 'health', [105.856, 21.025]),
      incident(4, 'traffic', [105.8342, 21.0355]),
    ]);
    const crime = (n: number, category: CrimeReport['category'], at: [number, number]): CrimeReport => ({
      externalId: `e2e-analysis-crime-${suffix}-${n}`,
      dateObserved: when.toISOString(),
      category,
      status: 'reported',
      privacy: 'restricted',
      location: { type: 'Point', coordinates: at },
    });
    await postAll(post, 'crime', [
      crime(1, 'theft', [105.8522, 21.0287]),
      crime(2, 'theft', [105.848, 21.0335]),
      crime(3, 'fraud', [105.856, 21.025]),
    ]);
    // Phúc Xá (Ba Đình): 80% online two hours earlier (one overdue), half now (three overdue), short of 70%.
    const before: BacklogReport = {
      dateObserved: earlier.toISOString(),
      communeCode: '00001',
      sector: 'social',
      received: 40,
      inProgress: 12,
      resolved: 28,
      overdue: 1,
      submittedOnline: 32,
    };
    await postAll(post, 'backlog', [before]);
    const dossiers: BacklogReport = {
      dateObserved: when.toISOString(),
      communeCode: '00001',
      sector: 'social',
      received: 40,
      inProgress: 10,
      resolved: 30,
      overdue: 3,
      submittedOnline: 20,
    };
    await postAll(post, 'backlog', [dossiers]);
    // A detector on Giải Phóng crawling at 8 km/h.
    for (const minutesAgo of [20, 10])
      await publishReading(fixture.publisher, fixture.server.topicRoot, `e2e-analysis-det-${suffix}`, {
        dateObserved: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
        refRoadSegment: 'giai_phong_ql1a:0',
        averageVehicleSpeed: 8,
        intensity: 1500,
        occupancy: 0.7,
        location: { type: 'Point', coordinates: [105.8412, 21.0245] },
      });
  }

  it('shows each view with the figures posted, in Vietnamese, and downloads what it shows', async () => {
    await seed();
    const { page, errors } = await fixture.open({ path: '/analysis' });
    // Hot spots: Hoàn Kiếm first with its three incidents, all in the hour they were reported.
    const hk = page.getByTestId(`hotspot-${HOAN_KIEM}`);
    await hk.waitFor(POLL);
    expect(await hk.getAttribute('data-total')).toBe('3');
    expect(await hk.locator(`[data-hour="${hanoiHour}"]`).getAttribute('data-count')).toBe('3');
    expect(await hk.locator('td').first().textContent()).toBe('Hoàn Kiếm');
    expect(await page.getByTestId(`hotspot-${BA_DINH}`).getAttribute('data-total')).toBe('1');
    expect(await page.getByTestId('hotspots-summary').textContent()).toContain(`4 sự cố`);
    await page.screenshot({ path: `${SCREENSHOTS}/analysis-hotspots.png` });

    // Its CSV export: what the table shows, with Vietnamese names intact.
    const csvHref = await page.getByTestId('analysis-export-csv').getAttribute('href');
    const csv = await page.request.get(new URL(csvHref!, fixture.server.url).href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toMatch(/attachment; filename="hanoi-incidents-.*\.csv"/);
    const body = await csv.text();
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body).toMatch(new RegExp(`${HOAN_KIEM},"?Hoàn Kiếm"?,${hanoiHour},3`));
    const geo = await page.request.get(
      new URL((await page.getByTestId('analysis-export-geojson').getAttribute('href'))!, fixture.server.url).href,
    );
    const fc = (await geo.json()) as {
      type: string;
      features: Array<{ geometry: { type: string }; properties: Record<string, unknown> }>;
    };
    expect(fc.type).toBe('FeatureCollection');
    const feature = fc.features.find((f) => f.properties.districtCode === HOAN_KIEM)!;
    expect(feature.geometry.type).toMatch(/Polygon/);
    expect(feature.properties.total).toBe(3);

    // Congestion: Giải Phóng fully congested at 8 km/h.
    await page.getByTestId('analysis-tab-congestion').click();
    const corridor = page.getByTestId('corridor-giai_phong_ql1a');
    await corridor.waitFor(POLL);
    expect(Number(await corridor.getAttribute('data-index'))).toBe(1);
    expect(await corridor.textContent()).toContain('8 km/h');
    await page.locator('.analysis-chart canvas').first().waitFor(POLL);
    await page.screenshot({ path: `${SCREENSHOTS}/analysis-congestion.png` });

    // Crime: by category for an operator.
    await page.getByTestId('analysis-tab-crime').click();
    const crime = page.getByTestId(`crime-${HOAN_KIEM}`);
    await crime.waitFor(POLL);
    expect(await crime.getAttribute('data-total')).toBe('3');
    expect(await crime.locator('[data-category="theft"]').textContent()).toBe('2');
    expect(await page.getByTestId('analysis-panel-crime').textContent()).toContain('Trộm cắp tài sản');

    // Dossiers: Ba Đình at 50%, below the 70% target.
    await page.getByTestId('analysis-tab-backlog').click();
    const backlog = page.getByTestId(`backlog-${BA_DINH}`);
    await backlog.waitFor(POLL);
    expect(Number(await backlog.getAttribute('data-share'))).toBe(0.5);
    expect(await backlog.textContent()).toContain('Chưa đạt');
    expect(await backlog.textContent()).toContain('50%');

    // Over time: Ba Đình's row of the grid, overdue dossiers first (1 then 3, the later cell hotter).
    const grid = page.getByTestId('backlog-grid');
    expect(await grid.getAttribute('data-mode')).toBe('overdue');
    const gridRow = page.getByTestId(`backlog-grid-${BA_DINH}`);
    expect(await gridRow.locator('th').textContent()).toBe('Ba Đình');
    const first = gridRow.locator(`td[data-at="${hourOf(earlier)}"]`);
    const last = gridRow.locator(`td[data-at="${hourOf(when)}"]`);
    expect((await first.textContent())!.trim()).toBe('1');
    expect((await last.textContent())!.trim()).toBe('3');
    expect(await first.getAttribute('title')).toMatch(/^Ba Đình, \d{2}:00 \d{2}\/\d{2}\/\d{4}: 1 hồ sơ quá hạn$/);
    // The hour between them had no report: an empty cell, not a zero.
    const gap = gridRow.locator(`td[data-at="${hourOf(new Date(earlier.getTime() + 3_600_000))}"]`);
    expect((await gap.textContent())!.trim()).toBe('');
    // Column heads in Hanoi time on a 24-hour clock.
    const hanoi = new Date(Date.parse(hourOf(when)) + 7 * 3_600_000).toISOString().slice(11, 16);
    expect(await grid.locator('thead th').allTextContents()).toContainEqual(expect.stringContaining(hanoi));
    await page.screenshot({ path: `${SCREENSHOTS}/analysis-backlog.png` });

    // The online share: 80% meets the target; 50% is marked below it, in words as well as colour.
    await page.getByTestId('backlog-mode-share').click();
    await expect.poll(() => grid.getAttribute('data-mode'), POLL).toBe('share');
    expect(await first.textContent()).toContain('80%');
    expect(await first.getAttribute('data-below')).toBe('false');
    expect(await last.getAttribute('data-below')).toBe('true');
    expect(await last.textContent()).toMatch(/▼\s*dưới mục tiêu 70%:\s*50%/);
    expect(await last.getAttribute('title')).toContain('50% nộp trực tuyến, dưới mục tiêu 70%');
    await page.screenshot({ path: `${SCREENSHOTS}/analysis-backlog-share.png` });

    // The city chart's legend tells the time in Vietnamese, Hanoi's 24-hour clock.
    const chart = page.getByTestId('backlog').locator('.analysis-chart');
    await chart.locator('canvas').first().waitFor(POLL);
    const box = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const legendTime = chart.locator('.u-legend .u-series').first();
    expect(await legendTime.locator('.u-label').textContent()).toBe('Thời điểm');
    await expect
      .poll(() => legendTime.locator('.u-value').textContent(), POLL)
      .toMatch(/^\d{2}:00 \d{2}\/\d{2}\/\d{4}$/);

    // English on the switch, the same figures.
    await page.locator('.lang__option[lang="en"]').click();
    await expect.poll(() => page.getByTestId('analysis-tab-incidents').textContent()).toBe('Incident hot spots');
    expect(await backlog.textContent()).toContain('Below');
    expect(await last.textContent()).toMatch(/below the 70% target:\s*50%/);
    expect(await legendTime.locator('.u-label').textContent()).toBe('Time');
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2 + 1);
    await expect
      .poll(() => legendTime.locator('.u-value').textContent(), POLL)
      .toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:00$/);
    expect(errors).toEqual([]);
  }, 150_000);

  it('refuses a reversed window with a message, and reaches the panel from the user menu', async () => {
    const { page } = await fixture.open();
    await page.getByTestId('analysis-link').click();
    await page.getByTestId('analysis-window').waitFor(POLL);
    await page.getByTestId('analysis-from').fill('2026-12-05T10:00');
    await page.getByTestId('analysis-to').fill('2026-12-05T09:00');
    await page.getByTestId('analysis-apply').click();
    expect(await page.getByRole('alert').textContent()).toBe('Thời điểm bắt đầu phải trước thời điểm kết thúc.');
  }, 60_000);
});
