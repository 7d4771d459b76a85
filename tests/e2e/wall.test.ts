import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrimeReport, IncidentReport } from '../../protocol/index.js';
import { backlogReports, crimeReports, incidentReports, postAll, type AgencyFeed } from './agency-posts.js';
import { SCREENSHOTS, useConsoleFixture, type Page$ } from './console-page.js';

const KEY = 'e2e-agency-key-of-enough-length';
const PANELS = ['incidents', 'crime', 'backlog', 'traffic'] as const;
type Panel = (typeof PANELS)[number];

/** The read-only handle the wall exposes as `window.__hanoiWall` (client/src/wall/wall-debug.ts). */
interface WallDebugHandle {
  status(): string;
  snapshots(): number;
  panel(): Panel;
  panelSince(): number;
  mapReady(): boolean;
  detectorCount(): number;
  incidents(): Array<Record<string, unknown> & { id: string; duplicateOf: string | null }>;
  renderedIncidentIds(): string[];
  crimeTotal(districtCode: string): number;
  backlog(districtCode: string): { received: number; overdue: number; onlineShare: number | null } | null;
  choropleth(): 'crime' | 'backlog' | null;
}
/** For functions passed to page.evaluate: they run in the page and reach the handle through globalThis. */
type Wall$ = { __hanoiWall: WallDebugHandle };

/** Everything the wall must never show or receive: personal data, notes, places, a crime's exact spot. */
const reporter = { name: 'Phạm Thị Quỳnh Hoa', phone: '0913 579 246', email: 'quynh.hoa@example.vn' };
const incidentDescription = 'Ông Trịnh Văn Bảo, 67 tuổi, bị bỏng tay khi dập lửa bếp gas tại nhà.';
const incidentStreet = 'Số 18 ngõ 42 Thái Thịnh';
const incidentAt: [number, number] = [105.81234, 21.01456];
const crimeDescription = 'Chị Đỗ Minh Thư bị giật túi xách trước cửa hàng bạc số 7.';
const victim = { role: 'victim' as const, name: 'Đỗ Minh Thư', phone: '0987 112 233' };
const crimeStreet = 'Số 7 Hàng Bạc';
const crimeAt: [number, number] = [105.85243, 21.03391];

const SECRETS = [
  reporter.name,
  reporter.phone,
  reporter.email,
  incidentDescription,
  'Trịnh Văn Bảo',
  incidentStreet,
  crimeDescription,
  victim.name,
  victim.phone,
  crimeStreet,
];
/** A coordinate as JSON or text would write it: the exact value, not a longer number it starts. */
const exactly = (v: number) => new RegExp(`${String(v).replace('.', '\\.')}(?!\\d)`);
const PLACES = [...incidentAt, ...crimeAt].map(exactly);

/** What a page received: every WebSocket frame and every API response body, as text. */
interface Received {
  frames: string[];
  responses: string[];
}

/** Records the page's socket frames and API answers from now on, then reloads it so nothing is missed. */
async function recordFromReload(page: Page): Promise<Received> {
  const got: Received = { frames: [], responses: [] };
  page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => got.frames.push(String(payload))));
  page.on('response', async (res) => {
    if (!new URL(res.url()).pathname.startsWith('/api/')) return;
    got.responses.push(await res.text().catch(() => ''));
  });
  await page.reload();
  return got;
}

/** Fails naming what leaked and where. */
function expectNothingPrivate(where: string, texts: readonly string[]): void {
  for (const text of texts) {
    for (const secret of SECRETS) expect(text.includes(secret), `${where} holds "${secret}"`).toBe(false);
    for (const place of PLACES) expect(place.test(text), `${where} holds the exact coordinate ${place}`).toBe(false);
  }
}

const waitLive = (page: Page) =>
  page.waitForFunction(
    () => {
      const wall = (globalThis as unknown as Wall$).__hanoiWall;
      return wall?.status() === 'live' && wall.mapReady();
    },
    null,
    { timeout: 20_000 },
  );

describe('the press wall (/wall)', () => {
  const fixture = useConsoleFixture({ feedApiKeys: [{ agency: 'e2e', key: KEY }] });
  const suffix = Date.now().toString(36);
  const now = new Date();
  let incidentId = '';
  let crimeDistrict = '';

  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
  const openWall = (path = '/wall?cycle=0') => fixture.open({ as: 'demo-press', path });

  /** Crime reports of the last 24 hours, as the database counts them for one district. */
  const crimeCount = async (district: string) =>
    (
      await fixture.server.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM crimes WHERE district_code = $1 AND date_observed > now() - interval '24 hours'`,
        [district],
      )
    ).rows[0]!.n;

  beforeAll(async () => {
    const fire: IncidentReport = {
      externalId: `e2e-114-${suffix}-wall`,
      dateIssued: new Date(now.getTime() - 4 * 60_000).toISOString(),
      category: 'fire',
      subCategory: 'houseFire',
      severity: 'critical',
      alertSource: '114',
      description: incidentDescription,
      location: { type: 'Point', coordinates: incidentAt },
      address: { streetAddress: incidentStreet, addressRegion: 'Đống Đa' },
      reporter,
    };
    const [accepted] = await postAll(post, 'incidents', [fire]);
    incidentId = accepted!.id;
    await postAll(post, 'incidents', incidentReports(suffix, now));

    const snatching: CrimeReport = {
      externalId: `e2e-crime-${suffix}-wall`,
      dateObserved: new Date(now.getTime() - 2 * 3_600_000).toISOString(),
      category: 'robbery',
      status: 'investigating',
      privacy: 'public',
      location: { type: 'Point', coordinates: crimeAt },
      address: { streetAddress: crimeStreet, addressRegion: 'Hoàn Kiếm' },
      description: crimeDescription,
      persons: [victim, { role: 'witness', name: reporter.name, phone: reporter.phone }],
    };
    await postAll(post, 'crime', [snatching]);
    // The test's city picture, all within the last 24 hours so the wall counts it.
    const recent = crimeReports(suffix, now).map((r, i) => ({
      ...r,
      dateObserved: new Date(now.getTime() - (i + 1) * 20 * 60_000).toISOString(),
    }));
    await postAll(post, 'crime', recent);
    await postAll(post, 'backlog', backlogReports(now));
    const { rows } = await fixture.server.sql.query<{ district_code: string }>(
      'SELECT district_code FROM crimes WHERE external_id = $1',
      [snatching.externalId],
    );
    crimeDistrict = rows[0]!.district_code;
    expect(crimeDistrict).toBeTruthy();
  }, 60_000);

  it('shows the incident and the district crime total, and never receives or shows a name, phone, note, address or exact place', async () => {
    const { page, errors } = await openWall();
    const received = await recordFromReload(page);
    await waitLive(page);

    // The incident is drawn, and counted in its category, without any of its internal fields.
    await page.waitForFunction(
      (id) => (globalThis as unknown as Wall$).__hanoiWall.renderedIncidentIds().includes(id),
      incidentId,
      { timeout: 20_000 },
    );
    const held = await page.evaluate(
      (id) => (globalThis as unknown as Wall$).__hanoiWall.incidents().find((i) => i.id === id),
      incidentId,
    );
    expect(Object.keys(held!).sort()).toEqual(
      [
        'category',
        'dateIssued',
        'districtCode',
        'duplicateOf',
        'id',
        'position',
        'seq',
        'severity',
        'status',
        'subCategory',
      ].sort(),
    );
    expect(held).toMatchObject({ category: 'fire', severity: 'critical', position: [105.812, 21.015] });
    await expect
      .poll(async () => {
        const shown = Number(await page.getByTestId('wall-incident-total').textContent());
        const open = await page.evaluate(
          () => (globalThis as unknown as Wall$).__hanoiWall.incidents().filter((i) => i.duplicateOf === null).length,
        );
        return shown > 0 && shown === open;
      })
      .toBe(true);
    expect(await page.locator('[data-category="fire"]').textContent()).toContain('Cháy, nổ');

    // The crime report counts in its district's 24-hour total, as the database counts it.
    await expect
      .poll(
        async () => {
          const expected = await crimeCount(crimeDistrict);
          const shown = await page.evaluate(
            (d) => (globalThis as unknown as Wall$).__hanoiWall.crimeTotal(d),
            crimeDistrict,
          );
          return shown === expected && shown > 0;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await page.goto(new URL('/wall?panel=crime&cycle=0', fixture.server.url).href);
    await waitLive(page);
    const row = page.locator(`[data-testid="wall-panel-crime"] [data-district="${crimeDistrict}"]`);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Hoàn Kiếm');
    expect(Number(await row.getByTestId('wall-crime-district-total').textContent())).toBe(
      await crimeCount(crimeDistrict),
    );
    expect(await page.evaluate(() => (globalThis as unknown as Wall$).__hanoiWall.choropleth())).toBe('crime');

    // Over everything: the page's text and markup, every socket frame, every API answer.
    const text = await page.locator('body').innerText();
    const html = await page.content();
    expectNothingPrivate('the page', [text, html]);
    expect(received.frames.length).toBeGreaterThan(2);
    expect(
      received.frames.some((f) => f.includes(incidentId)),
      'the recorder saw the incident arrive',
    ).toBe(true);
    expectNothingPrivate('a socket frame', received.frames);
    expectNothingPrivate('an API answer', received.responses);
    for (const field of ['"description"', '"reporter"', '"address"', '"persons"', '"acknowledgedBy"', '"precision"'])
      expect(
        received.frames.filter((f) => f.includes(field)),
        field,
      ).toEqual([]);
    // Pushes are the wall's only (`42["wall:..."`); the console's layer events never arrive.
    const events = received.frames.flatMap((f) => /^42\["([^"]+)"/.exec(f)?.[1] ?? []);
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => !e.startsWith('wall:'))).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it("opens only the wall's own connection for a console account on /wall: no console layer, nothing private", async () => {
    // A TV in the centre, signed in as an operator who could open the console.
    const { page, errors } = await fixture.open({ as: 'demo-operator', path: '/wall?cycle=0' });
    // Recorded from a reload, once the first load has opened whatever it opens.
    await waitLive(page);
    const sockets: string[] = [];
    const sent: string[] = [];
    page.on('websocket', (ws) => {
      sockets.push(ws.url());
      ws.on('framesent', ({ payload }) => sent.push(String(payload)));
    });
    const received = await recordFromReload(page);
    await waitLive(page);
    await page.waitForFunction(
      (id) => (globalThis as unknown as Wall$).__hanoiWall.renderedIncidentIds().includes(id),
      incidentId,
      { timeout: 20_000 },
    );
    // Long enough for the simulators' traffic and devices to have reached a console connection.
    await page.waitForTimeout(3_000);

    // One socket, the wall's: it asked for the wall's projection and nothing of the console.
    expect(sockets).toHaveLength(1);
    const commands = sent.flatMap((f) => /^42\d*\["([^"]+)"/.exec(f)?.[1] ?? []);
    expect(commands).toContain('wall:subscribe');
    expect(commands.filter((c) => c !== 'wall:subscribe')).toEqual([]);
    // The console's stores stayed empty.
    const consoleHeld = await page.evaluate(() => {
      const h = (globalThis as unknown as Page$).__hanoi;
      return {
        detectors: h.detectorCount(),
        units: h.deviceCount('units'),
        incidents: h.eventCount('incidents'),
        crime: h.eventCount('crime'),
        backlog: h.eventCount('backlog'),
      };
    });
    expect(consoleHeld).toEqual({ detectors: 0, units: 0, incidents: 0, crime: 0, backlog: 0 });
    // Every push is the wall's, and nothing private was received or shown.
    const events = received.frames.flatMap((f) => /^42\["([^"]+)"/.exec(f)?.[1] ?? []);
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => !e.startsWith('wall:'))).toEqual([]);
    expectNothingPrivate('a socket frame', received.frames);
    expectNothingPrivate('an API answer', received.responses);
    expectNothingPrivate('the page', [await page.locator('body').innerText(), await page.content()]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('takes the press from / to the wall', async () => {
    // (A path other than exactly '/' so the fixture does not wait for the console's live badge.)
    const { page } = await fixture.open({ as: 'demo-press', path: '/?from=press' });
    await page.waitForURL((url) => url.pathname === '/wall', { timeout: 15_000 });
    await waitLive(page);
    await page.getByTestId('wall-panel-incidents').waitFor();
  }, 60_000);

  it('cycles through its four panels, every 2 seconds with ?cycle=2', async () => {
    const { page, errors } = await openWall('/wall?cycle=2');
    await waitLive(page);
    // Each panel that comes up, and when (the page's own clock, so polling delays do not count).
    const shown = () =>
      page.evaluate(() => {
        const wall = (globalThis as unknown as Wall$).__hanoiWall;
        return { panel: wall.panel(), at: wall.panelSince() };
      });
    const changes: Array<{ panel: Panel; at: number }> = [];
    let last = await shown();
    const started = Date.now();
    while (changes.length < 5 && Date.now() - started < 20_000) {
      const now = await shown();
      if (now.at !== last.at) changes.push((last = now));
      await page.waitForTimeout(100);
    }
    expect(changes).toHaveLength(5);
    // In the band's order, round and round: every panel comes up.
    for (let i = 1; i < changes.length; i++) {
      const before = PANELS.indexOf(changes[i - 1]!.panel);
      expect(changes[i]!.panel).toBe(PANELS[(before + 1) % PANELS.length]);
    }
    expect(new Set(changes.map((c) => c.panel)).size).toBe(PANELS.length);
    // Every 2 s on average, far from the default 15 s (one change may come late while the
    // software-rendered map animates, the next then comes early: the period does not drift).
    const period = (changes[4]!.at - changes[0]!.at) / 4;
    expect(period).toBeGreaterThan(1_600);
    expect(period).toBeLessThan(2_600);
    expect(errors).toEqual([]);
  }, 60_000);

  for (const p of PANELS) {
    it(`shows the ${p} panel large enough to read across a room (screenshot wall-${p}.png)`, async () => {
      const { page, errors } = await openWall(`/wall?panel=${p}&cycle=0`);
      await waitLive(page);
      await page.getByTestId(`wall-panel-${p}`).waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as Wall$).__hanoiWall.choropleth())).toBe(
        p === 'crime' || p === 'backlog' ? p : null,
      );
      // Vietnamese, with its diacritics; the clock in Hanoi time, the connection always shown.
      const band = (await page.getByTestId('wall-band').innerText()).normalize('NFC');
      expect(band).toContain('Tình hình Hà Nội');
      expect(band).toContain('Trực tiếp');
      const hanoiNow = new Intl.DateTimeFormat('vi-VN', {
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
        timeZone: 'Asia/Ho_Chi_Minh',
      });
      const clock = await page.getByTestId('wall-clock').innerText();
      const [before, after] = [hanoiNow.format(Date.now() - 60_000), hanoiNow.format(Date.now())];
      expect(
        [before, after].some((hm) => clock.includes(hm)),
        clock,
      ).toBe(true);
      // The smallest type of the panel stays readable from a distance (at least 15 px on this 1600 px screen).
      const smallest = await page.evaluate<number>(
        `Math.min(...[...document.querySelectorAll('[data-testid="wall-panel-${p}"] *')]
          .filter((e) => e.innerText?.trim())
          .map((e) => parseFloat(getComputedStyle(e).fontSize)))`,
      );
      expect(smallest).toBeGreaterThanOrEqual(15);
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${SCREENSHOTS}/wall-${p}.png` });
      expect(errors).toEqual([]);
    }, 60_000);
  }

  it('switches to English discreetly, with the same figures', async () => {
    const { page } = await openWall('/wall?panel=backlog&cycle=0');
    await waitLive(page);
    const share = await page.getByTestId('wall-online-share').innerText();
    await page.getByRole('button', { name: 'EN' }).click();
    await expect.poll(() => page.getByTestId('wall-band').innerText()).toContain('Public-service dossiers');
    expect(await page.getByTestId('wall-online-share').innerText()).toBe(share);
    await page.screenshot({ path: `${SCREENSHOTS}/wall-backlog-en.png` });
    await page.getByRole('button', { name: 'VI' }).click();
  }, 60_000);

  it('says when the session has ended, back on the sign-in page', async () => {
    const { page, context } = await openWall();
    await waitLive(page);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await fetch(`${fixture.server.url}/api/v1/session`, { method: 'DELETE', headers: { cookie } });
    expect(res.ok).toBe(true);
    const form = page.getByTestId('sign-in');
    await form.waitFor({ timeout: 15_000 });
    expect(await form.textContent()).toContain('Phiên làm việc đã kết thúc');
  }, 60_000);
});
