import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type IncidentReport } from '../../protocol/index.js';
import { signIn, TEST_PASSWORD } from '../helpers/clients.js';
import { postAll, type AgencyFeed } from './agency-posts.js';
import { SCREENSHOTS, useConsoleFixture, type ConsoleDebugHandle, type Page$ } from './console-page.js';

const KEY = 'e2e-alerts-key-of-enough-length';
/** The machine may be busy (several browsers at once): polls wait this long. */
const POLL = { timeout: 15_000 };

/** The alerts' debug hooks (client/src/debug.ts), beside the console's. */
interface AlertsDebug {
  alertIds(): string[];
  alertSound(): {
    sounding: string | null;
    muted: boolean;
    mutedUntil: number | null;
    beepsPlayed: number;
    audio: string;
  };
}
type Alerts$ = { __hanoi: ConsoleDebugHandle & AlertsDebug };

const sound = (page: Page) => page.evaluate(() => (globalThis as unknown as Alerts$).__hanoi.alertSound());
const alertIds = (page: Page) => page.evaluate(() => (globalThis as unknown as Alerts$).__hanoi.alertIds());
const screenPoint = (page: Page, at: readonly [number, number]) =>
  page.evaluate(([lon, lat]) => (globalThis as unknown as Page$).__hanoi.screenPoint(lon, lat), at);

/**
 * Where the map looks, as the page draws it: how far (px) `at` is from the middle of the map, and
 * how many pixels 0.001° of longitude take there (about 23 px at zoom 15, 1.5 px at zoom 11).
 */
async function mapLook(page: Page, at: readonly [number, number]) {
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  const p = (await screenPoint(page, at))!;
  const q = (await screenPoint(page, [at[0] + 0.001, at[1]]))!;
  return { offCentre: Math.hypot(p.x - (box.x + box.width / 2), p.y - (box.y + box.height / 2)), scale: q.x - p.x };
}

describe('the alerts of a shift: list, sound, mute, acknowledging, flying to an alert', () => {
  // Traffic only (no agency simulators, no devices), so the test knows every alert on the list; no
  // congestion alarm can sound within the test's minutes.
  const fixture = useConsoleFixture({
    simScenario: 'traffic',
    watchdogEveryMs: 500,
    congestionMinutes: 120,
    feedApiKeys: [{ agency: 'e2e', key: KEY }],
  });
  const suffix = Date.now().toString(36);
  let seq = 0;

  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
  const report = (over: Partial<IncidentReport>): IncidentReport => ({
    externalId: `e2e-alerts-${suffix}-${++seq}`,
    dateIssued: new Date().toISOString(),
    category: 'fire',
    severity: 'critical',
    description: 'Cháy nhà 4 tầng, khói lan sang nhà bên cạnh.',
    alertSource: '114',
    location: { type: 'Point', coordinates: [105.7935, 21.0405] },
    ...over,
  });
  async function postIncident(over: Partial<IncidentReport>): Promise<{ id: string; duplicateOf?: string | null }> {
    const [accepted] = await postAll(post, 'incidents', [report(over)]);
    return accepted!;
  }

  const item = (page: Page, id: string) => page.getByTestId(`alert-${id}`);
  const waitListed = (page: Page, id: string) =>
    page.waitForFunction((i) => (globalThis as unknown as Alerts$).__hanoi.alertIds().includes(i), id, {
      timeout: 20_000,
    });
  /** Enables the sound as an operator would: one click on "enable sound". */
  async function enableSound(page: Page) {
    await expect.poll(async () => (await sound(page)).audio, POLL).toMatch(/^(locked|ready)$/);
    if ((await sound(page)).audio === 'locked') await page.getByTestId('alerts-enable-sound').click();
    await expect.poll(async () => (await sound(page)).audio, POLL).toBe('ready');
  }
  /** Acknowledges from the list whatever is still unacknowledged (so the next test starts quiet). */
  async function acknowledgeAll(page: Page) {
    const buttons = page.getByTestId('alert-acknowledge');
    for (let left = await buttons.count(); left > 0; left = await buttons.count()) {
      await buttons.first().click();
      await expect.poll(() => buttons.count(), POLL).toBeLessThan(left);
    }
    await expect.poll(async () => (await sound(page)).sounding, POLL).toBeNull();
  }

  beforeAll(async () => {
    // Something that never sounds, on the list from the start.
    await postIncident({
      category: 'infrastructure',
      severity: 'low',
      alertSource: 'agency',
      description: 'Cây xanh đổ chắn một phần làn đường.',
      location: { type: 'Point', coordinates: [105.8705, 20.9905] },
    });
  });

  it('puts a critical incident on top and sounds it until it is acknowledged from the list', async () => {
    const { page, errors } = await fixture.open();
    await expect.poll(() => alertIds(page), POLL).toHaveLength(1);
    // Browsers hold sound back until a gesture: the state says so, and the prompt is there.
    expect(await sound(page)).toMatchObject({ audio: 'locked', sounding: null, beepsPlayed: 0 });
    await enableSound(page);

    const fire = await postIncident({
      subCategory: 'houseFire',
      address: { streetAddress: 'Ngõ 165 Cầu Giấy', addressRegion: 'Cầu Giấy' },
    });
    // A second call about the same fire: a duplicate, counted on the fire ("+1"), not a row.
    const duplicate = await postIncident({
      alertSource: '113',
      severity: 'high',
      location: { type: 'Point', coordinates: [105.7935, 21.0423] },
    });
    expect(duplicate.duplicateOf).toBe(fire.id);
    await waitListed(page, fire.id);
    await expect.poll(async () => (await alertIds(page))[0], POLL).toBe(fire.id);
    expect(await alertIds(page)).not.toContain(duplicate.id);

    const row = item(page, fire.id);
    await expect.poll(() => row.getByTestId('alert-duplicates').textContent(), POLL).toBe('+1');
    const text = (await row.textContent()) ?? '';
    for (const part of ['Nghiêm trọng', 'Sự cố', 'Cháy, nổ', 'Cháy nhà dân', 'Cầu Giấy', 'Vừa xong'])
      expect(text).toContain(part);
    expect(await row.getAttribute('data-acknowledged')).toBe('false');

    // Critical: at once, then every 5 s.
    await expect.poll(async () => (await sound(page)).sounding, POLL).toBe('critical');
    await expect.poll(async () => (await sound(page)).beepsPlayed, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('alert-sound-status').textContent()).toContain('Đang báo: Nghiêm trọng · mỗi 5 giây');
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-critical.png` });

    await row.getByTestId('alert-acknowledge').click();
    await expect.poll(async () => (await sound(page)).sounding, POLL).toBeNull();
    await expect
      .poll(() => row.getByTestId('alert-acknowledged').textContent(), POLL)
      .toMatch(/^Đã xác nhận: Trực ban \(demo\) · \d\d:\d\d$/);
    expect(await row.getByTestId('alert-acknowledge').count()).toBe(0);
    // Acknowledged alerts go below the unacknowledged (the low incident is first now).
    await expect.poll(async () => (await alertIds(page)).indexOf(fire.id), POLL).toBe(1);
    const state = await page.evaluate(
      (id) => (globalThis as unknown as Page$).__hanoi.eventItem('incidents', id),
      fire.id,
    );
    expect(state).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Trực ban (demo)' });
    // Silent from now on: no beep over more than a critical period.
    const beeps = (await sound(page)).beepsPlayed;
    await page.waitForTimeout(5_500);
    expect((await sound(page)).beepsPlayed).toBe(beeps);
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-acknowledged.png` });
    expect(errors).toEqual([]);
  }, 150_000);

  it('flies the map to a clicked alert and opens its popup, where it can be acknowledged too', async () => {
    const { page, errors } = await fixture.open();
    await enableSound(page);
    for (const layer of ['traffic', 'signals']) await page.getByTestId(`layer-toggle-${layer}`).click();
    const at: [number, number] = [105.905, 21.05];
    const crash = await postIncident({
      category: 'traffic',
      subCategory: 'carAccident',
      severity: 'high',
      alertSource: '113',
      description: 'Va chạm giữa xe tải và xe máy trên cầu Chương Dương.',
      location: { type: 'Point', coordinates: at },
    });
    await waitListed(page, crash.id);
    await expect.poll(async () => (await sound(page)).sounding, POLL).toBe('high');

    expect((await mapLook(page, at)).scale).toBeLessThan(10);
    await item(page, crash.id).locator('.alert__main').click();
    // The map flies there: the crash in the middle of the map, zoomed in to the street.
    await expect.poll(async () => (await mapLook(page, at)).offCentre, POLL).toBeLessThan(3);
    await expect.poll(async () => (await mapLook(page, at)).scale, POLL).toBeGreaterThan(20);
    const popup = page.locator('.incident-popup');
    await popup.waitFor({ timeout: 5_000 });
    expect(await popup.textContent()).toContain('Va chạm giữa xe tải và xe máy trên cầu Chương Dương.');
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-popup-incident.png` });

    await popup.getByTestId('popup-acknowledge').click();
    await expect.poll(async () => (await sound(page)).sounding, POLL).toBeNull();
    await expect.poll(() => popup.textContent(), POLL).toContain('Trực ban (demo)');
    expect(await popup.getByTestId('popup-acknowledge').count()).toBe(0);
    await page.locator('.maplibregl-popup-close-button').click();
    // The click also opened the incident's dispatch record (the list folded meanwhile): close it.
    await page.getByTestId('dispatch-close').click();
    await expect.poll(() => page.getByTestId('alerts-toggle').getAttribute('aria-expanded'), POLL).toBe('true');

    // A faulty signal nearby: the alarm (high for a power fault) is acknowledged from its popup on the map.
    const signalId = `e2e-alerts-sig-${suffix}`;
    const signalAt: [number, number] = [at[0] + 0.004, at[1] + 0.002];
    await fixture.publisher.publishAsync(
      deviceTopic('signals', signalId, fixture.server.topicRoot),
      JSON.stringify({
        dateObserved: new Date().toISOString(),
        location: { type: 'Point', coordinates: signalAt },
        status: 'normal',
        faults: [{ type: 'power' }],
      }),
      { qos: 1 },
    );
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
    await waitListed(page, alarmId);
    await expect.poll(async () => (await sound(page)).sounding, POLL).toBe('high');
    expect(await item(page, alarmId).textContent()).toContain('Đèn tín hiệu lỗi');
    await page.waitForFunction(
      (id) => (globalThis as unknown as Page$).__hanoi.renderedIds('alarms').includes(id),
      alarmId,
      { timeout: 10_000 },
    );
    const p = await screenPoint(page, signalAt);
    await page.mouse.click(p!.x + 12, p!.y - 12);
    const alarmPopup = page.locator('.alarm-popup');
    await alarmPopup.waitFor({ timeout: 5_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-popup-alarm.png` });
    await alarmPopup.getByTestId('popup-acknowledge').click();
    await expect.poll(async () => (await sound(page)).sounding, POLL).toBeNull();
    await expect
      .poll(
        () => page.evaluate((id) => (globalThis as unknown as Page$).__hanoi.eventItem('alarms', id), alarmId),
        POLL,
      )
      .toMatchObject({ acknowledgedBy: 'Trực ban (demo)' });
    await expect.poll(() => item(page, alarmId).getByTestId('alert-acknowledged').count(), POLL).toBe(1);
    expect(errors).toEqual([]);
  }, 150_000);

  it('mutes for a limited time, shows the time left, and sounds again by itself', async () => {
    // `?muteMs=10000`: a ten-second mute instead of five minutes (client/src/features/alerts/sound-schedule.ts).
    const { page, errors } = await fixture.open({ path: '/?muteMs=10000' });
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 20_000 });
    await enableSound(page);
    const fire = await postIncident({ location: { type: 'Point', coordinates: [105.83, 21.0] } });
    await waitListed(page, fire.id);
    await expect.poll(async () => (await sound(page)).beepsPlayed, POLL).toBeGreaterThanOrEqual(1);

    expect(await page.getByTestId('alerts-mute').textContent()).toContain('Tắt tiếng 10 giây');
    await page.getByTestId('alerts-mute').click();
    await expect.poll(async () => (await sound(page)).muted, POLL).toBe(true);
    const muted = await sound(page);
    expect(muted.sounding).toBeNull();
    expect(await page.getByTestId('alert-sound-status').textContent()).toMatch(/Đã tắt tiếng · còn 0:(10|0\d)/);
    // Silent for as long as the mute lasts (a critical alert would sound every 5 s otherwise).
    await page.waitForTimeout(5_500);
    const later = await page.evaluate(
      () => [Date.now(), (globalThis as unknown as Alerts$).__hanoi.alertSound()] as const,
    );
    if (later[0] < muted.mutedUntil!) expect(later[1]).toMatchObject({ muted: true, beepsPlayed: muted.beepsPlayed });
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-muted.png` });

    // The mute ends by itself: the critical incident, still unacknowledged, sounds again at once.
    await expect.poll(async () => (await sound(page)).muted, POLL).toBe(false);
    expect((await sound(page)).sounding).toBe('critical');
    await expect.poll(async () => (await sound(page)).beepsPlayed, POLL).toBeGreaterThan(muted.beepsPlayed);
    expect(await page.getByTestId('alerts-mute').isVisible()).toBe(true);
    await acknowledgeAll(page);
    expect(errors).toEqual([]);
  }, 150_000);

  it("shows the server's refusal in Vietnamese when the role may no longer acknowledge", async () => {
    const { page } = await fixture.open({ as: 'demo-dispatcher' });
    const fire = await postIncident({ location: { type: 'Point', coordinates: [105.81, 21.02] } });
    await waitListed(page, fire.id);
    // An administrator demotes the dispatcher to viewer: the server reconnects the console's socket
    // as a viewer, while the page still shows what a dispatcher may do.
    const admin = await signIn(fixture.server.url, 'demo-admin', TEST_PASSWORD);
    const { users } = (await (
      await fetch(`${fixture.server.url}/api/v1/users`, { headers: { cookie: admin } })
    ).json()) as { users: Array<{ id: number; username: string }> };
    const dispatcher = users.find((u) => u.username === 'demo-dispatcher')!;
    const res = await fetch(`${fixture.server.url}/api/v1/users/${dispatcher.id}`, {
      method: 'PATCH',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(res.status).toBe(200);
    await page.waitForTimeout(500);
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 20_000 });

    await item(page, fire.id).getByTestId('alert-acknowledge').click();
    await expect
      .poll(() => item(page, fire.id).getByTestId('alert-error').textContent(), POLL)
      .toBe('Vai trò của bạn không được xác nhận cảnh báo');
    expect(await item(page, fire.id).getAttribute('data-acknowledged')).toBe('false');
  }, 150_000);

  it('shows a viewer the alerts, with no acknowledge button in the list or the popups', async () => {
    const { page, errors } = await fixture.open({ as: 'demo-viewer' });
    const ids = await page
      .waitForFunction(() => {
        const list = (globalThis as unknown as Alerts$).__hanoi.alertIds();
        return list.length >= 5 ? list : null;
      })
      .then(async (h) => (await h.jsonValue()) ?? []);
    // The dispatcher's fire of the test before is still unacknowledged, and on top.
    expect(await item(page, ids[0]!).getAttribute('data-acknowledged')).toBe('false');
    expect(await page.getByTestId('alerts-list').locator('li').count()).toBe(ids.length);
    expect(await page.getByTestId('alert-acknowledge').count()).toBe(0);

    await item(page, ids[0]!).locator('.alert__main').click();
    const popup = page.locator('.incident-popup');
    await popup.waitFor({ timeout: 5_000 });
    expect(await popup.getByTestId('popup-acknowledge').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-viewer.png` });

    // The incident's record opened beside the list, which folded to its strip meanwhile; closing
    // the record brings the list back.
    const panel = page.getByTestId('alerts-panel');
    await page.getByTestId('dispatch-close').click();
    await expect.poll(() => page.getByTestId('alerts-toggle').getAttribute('aria-expanded'), POLL).toBe('true');
    // Collapsed to a strip, the map takes the room back; the count of unacknowledged alerts stays.
    const wide = (await panel.boundingBox())!.width;
    await page.getByTestId('alerts-toggle').click();
    await expect.poll(async () => (await panel.boundingBox())!.width, POLL).toBeLessThan(wide / 4);
    expect(await page.getByTestId('alerts-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(Number(await page.getByTestId('alerts-unacknowledged').getAttribute('data-count'))).toBeGreaterThan(0);
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-collapsed.png` });
    expect(errors).toEqual([]);
  }, 150_000);
});
