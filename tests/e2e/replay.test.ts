import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { IncidentReport, IncidentState } from '../../protocol/index.js';
import { openSocket, publishReading, signIn } from '../helpers/clients.js';
import { postAll, type AgencyFeed } from './agency-posts.js';
import { SCREENSHOTS, useConsoleFixture, type Page$ } from './console-page.js';

const KEY = 'e2e-replay-key-of-enough-length';
const DETECTOR = 'e2e-replay-det';
const POLL = { timeout: 20_000 };

const incidentIds = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as Page$).__hanoi.eventItems('incidents').map((i) => i.id));
const rendered = (page: Page, layer: 'incidents' | 'traffic') =>
  page.evaluate((l) => (globalThis as unknown as Page$).__hanoi.renderedIds(l), layer);
const detectorSpeed = (page: Page) =>
  page.evaluate((id) => (globalThis as unknown as Page$).__hanoi.detector(id)?.speed ?? null, DETECTOR);
/** The page's document, typed as far as these tests read it (the e2e files have no DOM types). */
type Doc$ = { document: { querySelector(s: string): { getAttribute(name: string): string | null } | null } };
/** The replay bar's mode and cursor (epoch ms), as the page shows them. */
const bar = async (page: Page) => {
  const cursor = await page
    .getByTestId('replay-cursor')
    .getAttribute('data-ms', { timeout: 1_000 })
    .catch(() => null);
  return {
    mode: await page.getByTestId('replay-bar').getAttribute('data-mode'),
    cursor: cursor ? Number(cursor) : null,
  };
};
/** The incidents the console holds and the replay cursor, read together (nothing moves in between). */
const heldAt = (page: Page) =>
  page.evaluate(() => ({
    ids: (globalThis as unknown as Page$).__hanoi.eventItems('incidents').map((i) => i.id),
    cursor: Number(
      (globalThis as unknown as Doc$).document.querySelector('[data-testid="replay-cursor"]')?.getAttribute('data-ms'),
    ),
  }));

describe('time travel: the console as it was, replayed, and back to live', () => {
  // Traffic simulators run (a live map); the test adds its own detector and incidents at known times.
  const fixture = useConsoleFixture({
    simScenario: 'traffic',
    congestionMinutes: 120,
    feedApiKeys: [{ agency: 'e2e-replay', key: KEY }],
  });
  const suffix = Date.now().toString(36);
  let n = 0;
  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
  /** Each at its own place (kilometres apart), so none is linked to another as a duplicate. */
  async function postIncident(description: string, at: [number, number]): Promise<string> {
    const report: IncidentReport = {
      externalId: `e2e-replay-${suffix}-${++n}`,
      dateIssued: new Date().toISOString(),
      category: 'traffic',
      severity: 'high',
      description,
      alertSource: '113',
      location: { type: 'Point', coordinates: at },
    };
    const [accepted] = await postAll(post, 'incidents', [report]);
    return accepted!.id;
  }
  const reading = (minutesAgo: number, speed: number) =>
    publishReading(fixture.publisher, fixture.server.topicRoot, DETECTOR, {
      dateObserved: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      averageVehicleSpeed: speed,
      refRoadSegment: 'giai_phong_ql1a:0',
      location: { type: 'Point', coordinates: [105.8412, 21.0245] },
    });

  it('shows every layer as it was at a past instant, plays it forward, steps, and goes back to live without a reload', async () => {
    // The detector crawled at 7 km/h ten minutes ago and runs at 55 km/h since five minutes ago.
    await reading(10, 7);
    await reading(5, 55);
    const first = await postIncident('Va chạm giữa hai xe máy, đường Trường Chinh.', [105.8245, 21.0105]);
    await new Promise((r) => setTimeout(r, 1_500));
    const between = Date.now();
    await new Promise((r) => setTimeout(r, 1_500));
    const second = await postIncident('Xe tải chết máy giữa nút giao, ùn tắc kéo dài.', [105.7935, 21.0405]);

    const { page, errors } = await fixture.open();
    await page.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await expect.poll(() => incidentIds(page), POLL).toEqual(expect.arrayContaining([first, second]));
    await expect.poll(() => detectorSpeed(page), POLL).toBe(55);

    // Seven minutes ago, through the bar's picker (Hanoi time, to the minute): the slow reading.
    await page.getByTestId('replay-open').click();
    const sevenAgo = new Date(Date.now() - 7 * 60_000 + 7 * 3_600_000).toISOString().slice(0, 16);
    await page.getByTestId('replay-at').fill(sevenAgo);
    await page.getByTestId('replay-start').click();
    await expect.poll(async () => (await bar(page)).mode, POLL).toBe('replay');
    // Paused two minutes before the fast reading: the slow one shows, and neither incident yet.
    await page.getByTestId('replay-pause').click();
    await expect.poll(() => detectorSpeed(page), POLL).toBe(7);
    expect(await incidentIds(page)).not.toContain(first);
    // And the map draws that past, not the present: no incident, only the one detector that had read.
    await expect.poll(() => rendered(page, 'incidents'), POLL).toEqual([]);
    await expect.poll(() => rendered(page, 'traffic'), POLL).toEqual([DETECTOR]);
    expect(await page.getByTestId('replay-bar').textContent()).toContain('Đang xem lại');
    await page.screenshot({ path: `${SCREENSHOTS}/replay-past.png` });

    // A step of one minute forward: the cursor moves by exactly a minute.
    const before = (await bar(page)).cursor!;
    await page.getByTestId('replay-forward').click();
    await expect.poll(async () => (await bar(page)).cursor, POLL).toBe(before + 60_000);

    // Back to live, then between the two incidents, playing at 1x: the second comes only when the cursor passes it.
    await page.getByTestId('replay-live').click();
    await expect.poll(async () => (await bar(page)).mode, POLL).toBe('live');
    await page.getByTestId('replay-open').click();
    const betweenInput = new Date(between + 7 * 3_600_000).toISOString().slice(0, 16);
    await page.getByTestId('replay-at').fill(betweenInput);
    await page.getByTestId('replay-start').click();
    await expect.poll(async () => (await bar(page)).mode, POLL).toBe('replay');
    // Paused at once: the picker is to the minute, so the replay starts at the minute `between` falls
    // in (before both incidents or between them); the second comes only when the cursor passes it.
    await page.getByTestId('replay-pause').click();
    const state = await heldAt(page);
    if (state.cursor < between) expect(state.ids).not.toContain(second);
    await page.getByTestId('replay-speed-60').click();
    await page.getByTestId('replay-play').click();
    await expect.poll(() => incidentIds(page), { timeout: 30_000 }).toEqual(expect.arrayContaining([first, second]));
    expect(await detectorSpeed(page)).toBe(55);

    // Back to live: the present again, in the same document (no reload).
    await page.getByTestId('replay-live').click();
    await expect.poll(async () => (await bar(page)).mode, POLL).toBe('live');
    await expect.poll(() => incidentIds(page), POLL).toEqual(expect.arrayContaining([first, second]));
    expect(await detectorSpeed(page)).toBe(55);
    await expect.poll(() => rendered(page, 'incidents'), POLL).toEqual(expect.arrayContaining([first, second]));
    expect(await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
      true,
    );
    expect(errors).toEqual([]);
  }, 150_000);

  it('replays from an alert a minute before it came in, and opens at an instant from a link', async () => {
    const id = await postIncident('Xe khách va chạm dải phân cách, một người bị thương.', [105.8522, 21.0587]);
    const { page, errors } = await fixture.open();
    const row = page.getByTestId(`alert-${id}`);
    await row.waitFor(POLL);
    const receivedAt = await page.evaluate(
      (i) => String((globalThis as unknown as Page$).__hanoi.eventItem('incidents', i)!.receivedAt),
      id,
    );
    const pressed = Date.now();
    await row.getByTestId('alert-replay').click();
    await expect.poll(async () => (await bar(page)).mode, POLL).toBe('replay');
    await expect.poll(async () => (await bar(page)).cursor, POLL).not.toBeNull();
    const at = await heldAt(page);
    // It starts a minute before, playing at 10x: the cursor has moved on from there by at most ten
    // times the time since the press, and the incident is not there until the cursor passes it.
    const start = Date.parse(receivedAt) - 60_000;
    expect(at.cursor).toBeGreaterThanOrEqual(start);
    expect(at.cursor - start).toBeLessThanOrEqual((Date.now() - pressed) * 10 + 1_000);
    if (at.cursor < Date.parse(receivedAt)) expect(at.ids).not.toContain(id);
    await page.getByTestId('replay-speed-60').click();
    await expect.poll(() => incidentIds(page), { timeout: 30_000 }).toContain(id);

    // A link with ?replay= opens the console straight in the past; back to live drops it from the address.
    const { page: linked } = await fixture.open({
      path: `/?replay=${encodeURIComponent(new Date(Date.parse(receivedAt) - 30_000).toISOString())}`,
    });
    await expect.poll(async () => (await bar(linked)).mode, POLL).toBe('replay');
    await linked.locator('[data-testid="replay-cursor"]').waitFor(POLL);
    expect(await incidentIds(linked)).not.toContain(id);
    await linked.getByTestId('replay-live').click();
    await expect.poll(() => incidentIds(linked), POLL).toContain(id);
    expect(new URL(linked.url()).searchParams.has('replay')).toBe(false);
    expect(errors).toEqual([]);
  }, 150_000);

  it('replays from the dispatch record of an incident closed meanwhile, gone from the alerts', async () => {
    const id = await postIncident('Xe máy va chạm người đi bộ trước cổng chợ.', [105.8195, 21.0033]);
    const { page, errors } = await fixture.open({ as: 'demo-dispatcher' });
    const row = page.getByTestId(`alert-${id}`);
    await row.waitFor(POLL);
    await row.locator('.alert__main').click();
    const panel = page.getByTestId('dispatch-panel');
    await expect.poll(() => panel.getAttribute('data-incident'), POLL).toBe(id);
    const receivedAt = await page.evaluate(
      (i) => String((globalThis as unknown as Page$).__hanoi.eventItem('incidents', i)!.receivedAt),
      id,
    );

    // A colleague's console deals with it and closes it: it leaves the alerts and the map; the
    // record stays open on its last state.
    const colleague = await openSocket(fixture.server.url, await signIn(fixture.server.url, 'demo-dispatcher'));
    try {
      let version = Number(await panel.getAttribute('data-version'));
      for (const status of ['acknowledged', 'resolved', 'closed'] as const) {
        const ack = await colleague.emitWithAck('incidents:update', { id, version, change: { status } });
        expect(ack.ok).toBe(true);
        version = (ack as { ok: true; data: IncidentState }).data.version;
      }
    } finally {
      colleague.disconnect();
    }
    await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('closed');
    await expect.poll(() => row.count(), POLL).toBe(0);
    expect(await incidentIds(page)).not.toContain(id);
    await page.screenshot({ path: `${SCREENSHOTS}/replay-from-record.png` });

    // "Xem lại từ lúc này" in the record: a minute before it came in, playing; the record closes.
    const replayButton = panel.getByTestId('dispatch-replay');
    expect(await replayButton.textContent()).toContain('Xem lại từ lúc này');
    const pressed = Date.now();
    await replayButton.click();
    await expect.poll(async () => (await bar(page)).mode, POLL).toBe('replay');
    const at = await heldAt(page);
    expect(await page.getByTestId('replay-speed-10').getAttribute('aria-pressed')).toBe('true');
    // It plays at 10× from the start: the cursor is at most ten times the time since the press past it.
    const start = Date.parse(receivedAt) - 60_000;
    expect(at.cursor).toBeGreaterThanOrEqual(start);
    expect(at.cursor).toBeLessThanOrEqual(start + (Date.now() - pressed) * 10);
    expect(at.ids).not.toContain(id);
    expect(await panel.count()).toBe(0);
    expect(errors).toEqual([]);
  }, 150_000);
});
