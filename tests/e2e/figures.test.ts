import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deviceExamples,
  deviceTopic,
  type DeviceFeed,
  type Figures,
  type FiguresSnapshot,
  type IncidentReport,
} from '../../protocol/index.js';
import { connectConsole, eventually, signIn } from '../helpers/clients.js';
import { backlogReports, incidentReports, postAll, type AgencyFeed } from './agency-posts.js';
import { SCREENSHOTS, useConsoleFixture, type ConsoleDebugHandle } from './console-page.js';

const KEY = 'e2e-figures-key-of-enough-length';
const SAMPLE_MS = 500;
const FIGURE_IDS = [
  'openIncidents',
  'timeToAcknowledge',
  'congestion',
  'onlineSubmission',
  'overdueDossiers',
  'devicesOffline',
] as const;

/** What `window.__hanoi.figures()` answers (client/src/debug.ts). */
interface FiguresDebug {
  at: string | null;
  everyMs: number | null;
  current: Figures | null;
  samples: number;
  subscriptions: number;
  lastError: string | null;
}
/** The page's globals as the functions run in the browser use them (tests compile without the DOM library). */
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { height: number };
  classList: { contains(name: string): boolean };
}
type Page$ = {
  __hanoi: ConsoleDebugHandle & { figures(): FiguresDebug };
  document: {
    querySelector(selector: string): PageElement | null;
    elementFromPoint(x: number, y: number): PageElement | null;
  };
};

const vi = {
  count: (v: number) => new Intl.NumberFormat('vi-VN').format(v),
  share: (v: number) => new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(v),
};
const en = {
  count: (v: number) => new Intl.NumberFormat('en-GB').format(v),
  share: (v: number) => new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(v),
};

describe('figures at a glance on the console', () => {
  // Traffic only from the simulators (no agencies, no other devices): the test knows every
  // incident, dossier and device behind the figures. A sample every half second.
  const fixture = useConsoleFixture({
    figuresEveryMs: SAMPLE_MS,
    simScenario: 'traffic',
    feedApiKeys: [{ agency: 'e2e', key: KEY }],
  });
  const suffix = Date.now().toString(36);
  const now = new Date();
  const backlog = backlogReports(now);
  const expected = {
    overdue: backlog.reduce((n, r) => n + r.overdue, 0),
    received: backlog.reduce((n, r) => n + r.received, 0),
    online: backlog.reduce((n, r) => n + r.submittedOnline, 0),
  };
  const share = expected.online / expected.received;

  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
  const publishDevice = (feed: DeviceFeed, id: string, report: object) =>
    fixture.publisher.publishAsync(deviceTopic(feed, id, fixture.server.topicRoot), JSON.stringify(report), {
      qos: 1,
    });

  const debug = (page: Page) => page.evaluate(() => (globalThis as unknown as Page$).__hanoi.figures());
  const value = (page: Page, id: (typeof FIGURE_IDS)[number]) => page.getByTestId(`figure-value-${id}`).innerText();
  const chartPoints = (page: Page, id: (typeof FIGURE_IDS)[number]) =>
    page.getByTestId(`figure-chart-${id}`).evaluate((el) => Number(el.getAttribute('data-points')));

  /** Waits until the cards show these values (they follow the samples pushed every half second). */
  const waitForCards = (page: Page, values: Partial<Record<(typeof FIGURE_IDS)[number], string>>) =>
    page.waitForFunction(
      (want) =>
        Object.entries(want).every(
          ([id, text]) =>
            (globalThis as unknown as Page$).document
              .querySelector(`[data-testid="figure-value-${id}"]`)
              ?.textContent?.trim() === text,
        ),
      values,
      { timeout: 60_000 },
    );

  beforeAll(async () => {
    // Six open incidents: a critical fire, and high, medium ×2, low and informational reports.
    const fire: IncidentReport = {
      externalId: `e2e-114-${suffix}-fire`,
      dateIssued: new Date(now.getTime() - 4 * 60_000).toISOString(),
      category: 'fire',
      severity: 'critical',
      description: 'Cháy kho hàng trên phố Cầu Giấy.',
      alertSource: '114',
      location: { type: 'Point', coordinates: [105.7935, 21.0405] },
    };
    const [accepted] = await postAll(post, 'incidents', [fire]);
    await postAll(post, 'incidents', incidentReports(suffix, now));

    // An operator acknowledges the fire; it had arrived 2 min 30 s before.
    const { socket } = await connectConsole(fixture.server.url, 'demo-operator');
    const ack = await socket.emitWithAck('alerts:acknowledge', { kind: 'incident', id: accepted!.id });
    socket.disconnect();
    expect(ack.ok).toBe(true);
    await fixture.server.sql.query(
      `UPDATE incidents SET received_at = acknowledged_at - interval '150 seconds' WHERE id = $1`,
      [accepted!.id],
    );

    // Every commune's dossiers in one array, as the communes' systems post them.
    const res = await post('backlog', backlog);
    expect(res.status).toBe(202);

    // Four devices: one camera reports itself offline.
    const dateObserved = new Date().toISOString();
    await publishDevice('cameras', `cam-${suffix}-1`, { ...deviceExamples.cameras.report, dateObserved });
    await publishDevice('cameras', `cam-${suffix}-2`, { ...deviceExamples.cameras.report, dateObserved });
    await publishDevice('cameras', `cam-${suffix}-3`, {
      ...deviceExamples.cameras.report,
      dateObserved,
      status: 'offline',
    });
    await publishDevice('signals', `sig-${suffix}-1`, { ...deviceExamples.signals.report, dateObserved });

    // The server's own figures agree before any browser looks.
    const cookie = await signIn(fixture.server.url, 'demo-viewer');
    await eventually(
      async () => {
        const res = await fetch(`${fixture.server.url}/api/v1/figures`, { headers: { cookie } });
        const { current: f } = (await res.json()) as FiguresSnapshot;
        return (
          f.openIncidents.total === 6 &&
          f.timeToAcknowledge.medianSeconds === 150 &&
          f.overdueDossiers.total === expected.overdue &&
          f.devicesOffline.total === 1 &&
          f.devicesOffline.byFeed.cameras.devices === 3
        );
      },
      20_000,
      'the server to count what was posted',
    );
  }, 120_000);

  it('shows the six figures in Vietnamese formats and grows their charts at every sample', async () => {
    const { page, errors } = await fixture.open();
    await waitForCards(page, {
      openIncidents: '6',
      timeToAcknowledge: '2 phút 30 giây',
      onlineSubmission: vi.share(share),
      overdueDossiers: vi.count(expected.overdue),
      devicesOffline: '1',
    });
    expect(vi.count(expected.overdue)).toMatch(/^\d\.\d{3}$/);
    expect(vi.share(share)).toMatch(/^\d{2}(,\d)?%$/);

    // Per severity, worst first: critical, high, medium, low, informational.
    const chips = page.getByTestId('figure-chips-openIncidents').locator('li');
    expect(await chips.allInnerTexts()).toEqual(['1', '1', '2', '1', '1']);
    expect(await chips.first().getAttribute('title')).toBe('Nghiêm trọng: 1');
    expect(await page.getByTestId('figure-openIncidents').innerText()).toContain('1 nghiêm trọng · 1 cao');
    expect(await page.getByTestId('figure-timeToAcknowledge').innerText()).toContain('1 sự cố đã xác nhận');

    const strip = page.getByTestId('figures-strip');
    expect(await strip.innerText()).toContain(
      `${vi.count(expected.online)}/${vi.count(expected.received)} hồ sơ hôm nay`,
    );
    const target = page.getByTestId('figure-target-onlineSubmission');
    expect(await target.innerText()).toContain(share >= 0.7 ? 'Đạt mục tiêu 70%' : 'Dưới mục tiêu 70%');
    expect(await target.getAttribute('data-met')).toBe(String(share >= 0.7));
    expect(await page.getByTestId('figure-devicesOffline').innerText()).toContain('/ 4 thiết bị');
    expect(await page.getByTestId('figure-chips-devicesOffline').innerText()).toContain('Camera 1');

    // The congestion index from the simulated detectors: as the console holds it, or "—" with no segment.
    await page.waitForFunction(
      () => {
        const f = (globalThis as unknown as Page$).__hanoi.figures().current;
        const index = f?.congestion.index ?? null;
        const text = (globalThis as unknown as Page$).document
          .querySelector('[data-testid="figure-value-congestion"]')
          ?.textContent?.trim();
        const fmt = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
        return text === (index === null ? '—' : fmt.format(index));
      },
      null,
      { timeout: 30_000 },
    );

    // Each sampler tick adds a point to every chart, live over figures:updated.
    const before = await debug(page);
    expect(before.everyMs).toBe(SAMPLE_MS);
    expect(before.subscriptions).toBe(1);
    // The chart holds every sample the console holds.
    await page.waitForFunction(
      () =>
        Number(
          (globalThis as unknown as Page$).document
            .querySelector('[data-testid="figure-chart-overdueDossiers"]')
            ?.getAttribute('data-points'),
        ) === (globalThis as unknown as Page$).__hanoi.figures().samples,
    );
    const points = await chartPoints(page, 'overdueDossiers');
    await page.waitForFunction(
      (n) =>
        Number(
          (globalThis as unknown as Page$).document
            .querySelector('[data-testid="figure-chart-overdueDossiers"]')
            ?.getAttribute('data-points'),
        ) > n,
      points,
      { timeout: 30_000 },
    );
    for (const id of FIGURE_IDS) expect(await chartPoints(page, id)).toBeGreaterThan(points);
    expect((await debug(page)).samples).toBeGreaterThan(before.samples);

    await page.screenshot({ path: `${SCREENSHOTS}/figures-vi.png` });
    await page.getByTestId('figures-strip').screenshot({ path: `${SCREENSHOTS}/figures-strip-vi.png` });
    expect(errors).toEqual([]);
  }, 180_000);

  it('sits below the map: the map centre and the layer panels stay clear, and it collapses to one line', async () => {
    const { page } = await fixture.open();
    await waitForCards(page, { openIncidents: '6' });
    const strip = page.getByTestId('figures-strip');
    const box = async (testId: string) => (await page.getByTestId(testId).boundingBox())!;
    const map = async () => (await page.locator('.maplibregl-canvas').boundingBox())!;

    const open = await box('figures-strip');
    const mapOpen = await map();
    expect(mapOpen.y + mapOpen.height).toBeLessThanOrEqual(open.y + 1);
    for (const panel of ['layer-panel-devices', 'layer-panel-events']) {
      const p = await box(panel);
      expect(p.y + p.height, panel).toBeLessThanOrEqual(open.y);
    }
    const centre = { x: mapOpen.x + mapOpen.width / 2, y: mapOpen.y + mapOpen.height / 2 };
    expect(
      await page.evaluate(
        ({ x, y }) =>
          (globalThis as unknown as Page$).document.elementFromPoint(x, y)?.classList.contains('maplibregl-canvas'),
        centre,
      ),
    ).toBe(true);

    // Collapsed: one line that still shows the six values, and the map takes the room back.
    await page.getByTestId('figures-toggle').click();
    await page.waitForFunction(
      (h) =>
        ((globalThis as unknown as Page$).document.querySelector('.maplibregl-canvas')?.getBoundingClientRect()
          .height ?? 0) >
        h + 50,
      mapOpen.height,
    );
    const closed = await box('figures-strip');
    expect(closed.height).toBeLessThan(40);
    expect(await strip.getAttribute('data-collapsed')).toBe('true');
    expect((await map()).height).toBeGreaterThan(mapOpen.height + open.height - closed.height - 2);
    const line = await strip.innerText();
    expect(line).toContain('Sự cố đang mở');
    expect(line).toContain('2 phút 30 giây');
    expect(await page.getByTestId('figure-value-openIncidents').isVisible()).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}/figures-collapsed.png` });

    // Remembered on this desk, and opened again with the same button.
    await page.reload();
    await page.getByTestId('figures-strip').waitFor();
    expect(await page.getByTestId('figures-strip').getAttribute('data-collapsed')).toBe('true');
    await page.getByTestId('figures-toggle').click();
    expect(await page.getByTestId('figure-value-openIncidents').isVisible()).toBe(true);
  }, 180_000);

  it('turns English with the language switch', async () => {
    const { page } = await fixture.open();
    await waitForCards(page, { openIncidents: '6' });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    const titles = await page.locator('[data-testid^="figure-"] h3').allInnerTexts();
    expect(titles.map((t) => t.toLowerCase())).toEqual([
      'open incidents',
      'time to acknowledge',
      'congestion index',
      'dossiers submitted online',
      'overdue dossiers',
      'devices offline',
    ]);
    await waitForCards(page, {
      timeToAcknowledge: '2 min 30 s',
      overdueDossiers: en.count(expected.overdue),
      onlineSubmission: en.share(share),
    });
    expect(await page.getByTestId('figure-target-onlineSubmission').innerText()).toContain(
      share >= 0.7 ? 'Meets the 70% target' : 'Below the 70% target',
    );
    await page.getByTestId('figures-strip').screenshot({ path: `${SCREENSHOTS}/figures-strip-en.png` });
  }, 180_000);

  it('subscribes again after the server ends the socket and it reconnects, so the samples keep coming', async () => {
    const { page } = await fixture.open();
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.figures().subscriptions === 1);
    const resumes = await page.evaluate(() => (globalThis as unknown as Page$).__hanoi.resumeCount());

    // An administrator edits the operator's account: the server ends the operator's sockets, and
    // the console connects again and resumes (which re-joins the layers' rooms, not the figures').
    const admin = await signIn(fixture.server.url, 'demo-admin');
    const users = (await (
      await fetch(`${fixture.server.url}/api/v1/users`, { headers: { cookie: admin } })
    ).json()) as {
      users: Array<{ id: number; username: string; displayName: string }>;
    };
    const operator = users.users.find((u) => u.username === 'demo-operator')!;
    const res = await fetch(`${fixture.server.url}/api/v1/users/${operator.id}`, {
      method: 'PATCH',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: operator.displayName }),
    });
    expect(res.status).toBe(200);
    await page.waitForFunction((n) => (globalThis as unknown as Page$).__hanoi.resumeCount() > n, resumes, {
      timeout: 60_000,
    });
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.figures().subscriptions === 2, null, {
      timeout: 60_000,
    });

    // Only pushes to the figures room grow the history now: the console is in that room again.
    const after = (await debug(page)).samples;
    await page.waitForFunction((n) => (globalThis as unknown as Page$).__hanoi.figures().samples >= n + 2, after, {
      timeout: 30_000,
    });
    expect(await value(page, 'openIncidents')).toBe('6');
  }, 180_000);
});
