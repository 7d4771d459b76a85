import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { unitCommandSchema, type IncidentReport, type IncidentState, type UnitCommand } from '../../protocol/index.js';
import { openSocket, signIn, type ConsoleSocket } from '../helpers/clients.js';
import { SCREENSHOTS, useConsoleFixture, type Page$ } from './console-page.js';

const KEY = 'e2e-dispatch-key-of-enough-length';
/** The machine may be busy (several browsers at once): polls wait this long. */
const POLL = { timeout: 20_000 };

/** Counts the user's presses and choices in the page (clicks, select changes, form submits). */
async function countActions(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(`(() => {
    globalThis.__actions = 0;
    for (const type of ['click', 'change', 'submit'])
      document.addEventListener(type, () => globalThis.__actions++, { capture: true });
  })()`);
  return () => page.evaluate(() => (globalThis as unknown as { __actions: number }).__actions);
}

/**
 * Routes the page's socket through a gate that can hold back `incidents:updated` frames (a slow
 * link), so the console keeps an outdated copy while a colleague changes the incident. The route
 * applies to new sockets: the page is reloaded and waits until it is connected again.
 */
async function gateIncidentFrames(page: Page): Promise<{ hold(on: boolean): void; release(): void }> {
  let holding = false;
  const held: Array<() => void> = [];
  await page.routeWebSocket(/socket\.io/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (holding && typeof m === 'string' && m.includes('incidents:updated')) held.push(() => ws.send(m));
      else ws.send(m);
    });
  });
  await page.reload();
  await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor(POLL);
  return {
    hold: (on) => (holding = on),
    release() {
      holding = false;
      for (const send of held.splice(0)) send();
    },
  };
}

/** Changes an incident over a socket of a colleague's own, at the version given. */
async function colleagueChanges(
  url: string,
  request: { id: string; version: number; change: Record<string, unknown> },
): Promise<IncidentState> {
  const colleague: ConsoleSocket = await openSocket(url, await signIn(url, 'demo-dispatcher'));
  try {
    const ack = await colleague.emitWithAck('incidents:update', request);
    expect(ack.ok).toBe(true);
    return (ack as { ok: true; data: IncidentState }).data;
  } finally {
    colleague.disconnect();
  }
}

describe('dispatching from the console: alert → recommended unit → dispatched', () => {
  // Units only (plus the map): the fleet is on the roads, reporting, and obeys commands.
  const fixture = useConsoleFixture({ simScenario: 'units', feedApiKeys: [{ agency: 'e2e', key: KEY }] });
  const suffix = Date.now().toString(36);
  let seq = 0;
  const commands: UnitCommand[] = [];

  /** Posts an incident on Trường Chinh (Ring Road 2) through the HTTP feed; answers its id. */
  async function postIncident(over: Partial<IncidentReport> = {}): Promise<string> {
    const report: IncidentReport = {
      externalId: `e2e-dispatch-${suffix}-${++seq}`,
      dateIssued: new Date().toISOString(),
      alertSource: '113',
      category: 'traffic',
      subCategory: 'carAccident',
      severity: 'high',
      description: 'Va chạm giữa xe tải và xe máy trên đường Trường Chinh, một người bị thương.',
      location: { type: 'Point', coordinates: [105.8245, 21.0105] },
      address: { streetAddress: 'Trường Chinh', addressRegion: 'Đống Đa' },
      ...over,
    };
    const res = await fetch(`${fixture.server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(report),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }

  beforeAll(async () => {
    const topic = `${fixture.server.topicRoot}/units/+/commands`;
    fixture.publisher.on('message', (t, payload) => {
      if (t.endsWith('/commands')) commands.push(unitCommandSchema.parse(JSON.parse(payload.toString())));
    });
    await fixture.publisher.subscribeAsync(topic, { qos: 1 });
  });

  it('takes a dispatcher from the alert to a dispatched unit in two presses, the route shown on the map', async () => {
    const id = await postIncident();
    const { page, errors } = await fixture.open({ as: 'demo-dispatcher' });
    // The fleet has reported (units are recommended only once they are heard from).
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.deviceCount('units') > 10, null, POLL);
    const row = page.getByTestId(`alert-${id}`);
    await row.waitFor(POLL);
    const actions = await countActions(page);

    // 1: the alert. The map flies there and the dispatch record opens with units ranked by travel time.
    await row.locator('.alert__main').click();
    const panel = page.getByTestId('dispatch-panel');
    await expect.poll(() => panel.getAttribute('data-incident'), POLL).toBe(id);
    await expect.poll(() => panel.getByTestId('dispatch-status').textContent(), POLL).toBe('Mới tiếp nhận');
    const first = panel.locator('[data-testid^="recommended-"][data-rank="1"]').first();
    await first.waitFor(POLL);
    // A traffic crash needs police first: the first row is the fastest police unit, with why.
    expect(await first.getAttribute('data-kind')).toBe('police');
    expect(await first.getByTestId('recommended-eta').textContent()).toMatch(/phút/);
    expect(await first.getByTestId('recommended-why').textContent()).toMatch(/km/);
    const unitId = (await first.getAttribute('data-testid'))!.replace('recommended-', '');
    const callSign = (await first.locator('.unit__call').textContent())!;
    // The fastest unit's road route is drawn from the unit to the scene.
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as Page$).__hanoi.renderedDispatchRoutes()), POLL)
      .toContain(unitId);

    // 2: dispatch it. The incident is acknowledged and dispatched in one go; the unit gets its command.
    await first.getByTestId('recommended-assign').click();
    await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('dispatched');
    expect(await panel.getByTestId('dispatch-status').textContent()).toBe('Đã điều động');
    // The unit shows as sent (then as on the job, once its own reports say so).
    await expect
      .poll(
        () => panel.locator('[data-testid="dispatch-assigned"], [data-testid="dispatch-on-job"]').allTextContents(),
        POLL,
      )
      .toEqual([expect.stringContaining(callSign)]);
    expect(await actions()).toBe(2);
    const sentFor = (c: UnitCommand) => c.type === 'dispatch' && c.incidentId === id;
    await expect.poll(() => commands.filter(sentFor).length, POLL).toBe(1);
    const command = commands.find(sentFor)!;
    expect(command.issuedBy).toBeTruthy();
    // The timeline (newest first) records the unit sent and both steps, by name.
    await expect
      .poll(() => panel.getByTestId('timeline-entry').allTextContents(), POLL)
      .toEqual([
        expect.stringMatching(new RegExp(`Điều phối viên \\(demo\\): điều động ${callSign}, dự kiến \\d+ phút`)),
        expect.stringContaining('Điều phối viên (demo): trạng thái Đã xác nhận → Đã điều động'),
        expect.stringContaining('Điều phối viên (demo): trạng thái Mới tiếp nhận → Đã xác nhận'),
        expect.stringContaining('Tiếp nhận từ Tổng đài 113'),
      ]);
    await page.screenshot({ path: `${SCREENSHOTS}/dispatch-path.png` });

    // The alerts list folded to its strip while the record was open; closing the record brings it
    // back, the alert acknowledged by the dispatch (no more sound for it).
    await panel.getByTestId('dispatch-close').click();
    await expect.poll(() => panel.count(), POLL).toBe(0);
    await expect.poll(() => row.getAttribute('data-acknowledged'), POLL).toBe('true');
    expect(await row.getByTestId('alert-acknowledged').textContent()).toContain('Điều phối viên (demo)');
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows who else has the incident open, and a conflict instead of overwriting a colleague', async () => {
    const id = await postIncident({
      severity: 'medium',
      description: 'Xe máy va chạm nhẹ, ùn tắc cục bộ.',
      // Elsewhere, so it is not linked to the first test's crash as a duplicate.
      location: { type: 'Point', coordinates: [105.8522, 21.0288] },
      address: { streetAddress: 'Đinh Tiên Hoàng', addressRegion: 'Hoàn Kiếm' },
    });
    const a = await fixture.open({ as: 'demo-dispatcher' });
    const b = await fixture.open({ as: 'demo-supervisor' });
    for (const { page } of [a, b]) {
      const row = page.getByTestId(`alert-${id}`);
      await row.waitFor(POLL);
      await row.locator('.alert__main').click();
      await expect.poll(() => page.getByTestId('dispatch-panel').getAttribute('data-incident'), POLL).toBe(id);
    }
    // Presence: each sees the other by name and role.
    await expect.poll(() => a.page.getByTestId('dispatch-presence').textContent(), POLL).toMatch(/Trưởng ca/);
    await expect.poll(() => b.page.getByTestId('dispatch-presence').textContent(), POLL).toMatch(/Điều phối viên/);

    // The supervisor's console falls behind: the incident's frames are held back (a slow link) while
    // a colleague acknowledges it and sets priority 1 over a socket of their own.
    const gate = await gateIncidentFrames(b.page);
    gate.hold(true);
    await b.page.getByTestId(`alert-${id}`).locator('.alert__main').click();
    const panelB = b.page.getByTestId('dispatch-panel');
    await expect.poll(() => panelB.getAttribute('data-incident'), POLL).toBe(id);
    const seenVersion = Number(await panelB.getAttribute('data-version'));
    await colleagueChanges(fixture.server.url, {
      id,
      version: seenVersion,
      change: { status: 'acknowledged', priority: 1 },
    });
    // Still the old copy on the supervisor's screen; they change the priority to 2.
    expect(Number(await panelB.getAttribute('data-version'))).toBe(seenVersion);
    await panelB.getByTestId('dispatch-priority').selectOption('2');

    // Refused, shown, nothing overwritten: the incident as it is now beside the supervisor's change.
    const conflict = panelB.getByTestId('dispatch-conflict');
    await conflict.waitFor(POLL);
    expect(await conflict.textContent()).toMatch(/ưu tiên 2[\s\S]*Đã xác nhận, ưu tiên 1/);
    expect(await panelB.getByTestId('dispatch-status').textContent()).toBe('Đã xác nhận');
    await b.page.screenshot({ path: `${SCREENSHOTS}/dispatch-conflict.png` });

    // They decide to apply it anyway: now against the current version.
    gate.release();
    await panelB.getByTestId('dispatch-conflict-retry').click();
    await expect.poll(() => conflict.count(), POLL).toBe(0);
    await expect.poll(() => panelB.getByTestId('dispatch-priority').inputValue(), POLL).toBe('2');
    // The dispatcher's console follows.
    await expect.poll(() => a.page.getByTestId('dispatch-priority').inputValue(), POLL).toBe('2');
    expect([...a.errors, ...b.errors]).toEqual([]);
  }, 120_000);

  it('lets a dispatcher change the category (other units recommended), a stale edit shown as a conflict', async () => {
    // Long Biên, across the river: far from every other test's incident.
    const id = await postIncident({
      severity: 'medium',
      subCategory: undefined,
      description: 'Người đi xe máy ngã trên cầu, bị thương ở chân.',
      location: { type: 'Point', coordinates: [105.889, 21.046] },
      address: { addressRegion: 'Long Biên' },
    });
    const { page, errors } = await fixture.open({ as: 'demo-dispatcher' });
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.deviceCount('units') > 10, null, POLL);
    const gate = await gateIncidentFrames(page);
    await page.getByTestId(`alert-${id}`).locator('.alert__main').click();
    const panel = page.getByTestId('dispatch-panel');
    await expect.poll(() => panel.getAttribute('data-incident'), POLL).toBe(id);
    const kinds = () =>
      panel.locator('[data-testid^="recommended-"][data-kind]').evaluateAll((rows) => rows.map((r) => r.dataset.kind));
    // A traffic report: a patrol among the units recommended.
    await expect.poll(kinds, POLL).toContain('police');
    const category = panel.getByTestId('dispatch-category');
    expect(await category.inputValue()).toBe('traffic');
    const version = Number(await panel.getAttribute('data-version'));

    // It is an injury: the category becomes "Y tế, cấp cứu"; ambulances only are recommended now.
    await category.selectOption('health');
    await expect.poll(() => panel.locator('.panel__title').textContent(), POLL).toBe('Y tế, cấp cứu');
    expect(Number(await panel.getAttribute('data-version'))).toBe(version + 1);
    await expect.poll(kinds, POLL).toEqual(expect.arrayContaining(['ambulance']));
    expect(new Set(await kinds())).toEqual(new Set(['ambulance']));
    await expect
      .poll(() => panel.getByTestId('timeline-entry').first().textContent(), POLL)
      .toContain('Điều phối viên (demo): loại Tai nạn, sự cố giao thông → Y tế, cấp cứu');

    // The console falls behind while a colleague raises the priority; the dispatcher, on the old
    // copy, changes the category again: refused and shown, nothing overwritten.
    gate.hold(true);
    await colleagueChanges(fixture.server.url, { id, version: version + 1, change: { priority: 1 } });
    await category.selectOption('fire');
    const conflict = panel.getByTestId('dispatch-conflict');
    await conflict.waitFor(POLL);
    expect(await conflict.textContent()).toMatch(/đổi loại thành “Cháy, nổ”[\s\S]*ưu tiên 1, loại “Y tế, cấp cứu”/);
    expect(await panel.locator('.panel__title').textContent()).toBe('Y tế, cấp cứu');
    expect(await category.inputValue()).toBe('health');
    await page.screenshot({ path: `${SCREENSHOTS}/dispatch-category-conflict.png` });

    // Applied again on the current version: "Cháy, nổ", at priority 1 as the colleague left it.
    gate.release();
    await panel.getByTestId('dispatch-conflict-retry').click();
    await expect.poll(() => conflict.count(), POLL).toBe(0);
    await expect.poll(() => panel.locator('.panel__title').textContent(), POLL).toBe('Cháy, nổ');
    expect(await category.inputValue()).toBe('fire');
    expect(await panel.getByTestId('dispatch-priority').inputValue()).toBe('1');
    expect(errors).toEqual([]);
  }, 120_000);

  it('marks a report a duplicate of a nearby open incident from a short list, and links it to the primary', async () => {
    // Near the Giảng Võ exhibition centre: the crash, a second report of it placed 500 m off (too
    // far to be linked on arrival), and an injury report beside that second one.
    const primary = await postIncident({
      description: 'Ô tô đâm xe máy trên đường Giảng Võ.',
      location: { type: 'Point', coordinates: [105.819, 21.0285] },
      address: { streetAddress: 'Giảng Võ', addressRegion: 'Ba Đình' },
    });
    const second = await postIncident({
      description: 'Người dân báo tai nạn gần hồ Giảng Võ.',
      location: { type: 'Point', coordinates: [105.8238, 21.0285] },
      address: undefined,
    });
    const injury = await postIncident({
      category: 'health',
      subCategory: 'injury',
      description: 'Một người bị thương cần cấp cứu.',
      location: { type: 'Point', coordinates: [105.8236, 21.0287] },
      address: undefined,
    });
    const { page, errors } = await fixture.open({ as: 'demo-dispatcher' });
    const row = page.getByTestId(`alert-${second}`);
    await row.waitFor(POLL);
    await row.locator('.alert__main').click();
    const panel = page.getByTestId('dispatch-panel');
    await expect.poll(() => panel.getAttribute('data-incident'), POLL).toBe(second);
    expect(await panel.getByTestId('dispatch-duplicate-of').count()).toBe(0);

    // The short list: the same category first (the crash, 500 m away), before the nearer injury.
    await panel.getByTestId('dispatch-duplicate-start').click();
    const first = panel.getByTestId(`duplicate-candidate-${primary}`);
    await first.waitFor(POLL);
    expect(await first.getAttribute('data-rank')).toBe('1');
    const injuryRank = Number(await panel.getByTestId(`duplicate-candidate-${injury}`).getAttribute('data-rank'));
    expect(injuryRank).toBeGreaterThan(1);
    const text = (await first.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain(primary);
    expect(text).toContain('Tai nạn, sự cố giao thông');
    expect(text).toContain('Ba Đình');
    expect(text).toMatch(/cách 5\d0 m/);
    expect(text).toMatch(/Vừa xong|phút trước/);
    await page.screenshot({ path: `${SCREENSHOTS}/dispatch-duplicate-list.png` });

    // Chosen and confirmed: the report becomes a duplicate, leaves the alerts, and links to the crash.
    await first.locator('input').check();
    await panel.getByTestId('dispatch-duplicate-confirm').click();
    await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('duplicate');
    const link = panel.getByTestId('dispatch-duplicate-of');
    expect(await link.getAttribute('data-primary')).toBe(primary);
    expect(await link.textContent()).toContain(`Trùng với sự cố ${primary}`);
    await expect.poll(() => row.count(), POLL).toBe(0);
    await expect
      .poll(() => panel.getByTestId('timeline-entry').first().textContent(), POLL)
      .toMatch(new RegExp(`Mới tiếp nhận → Tin trùng; trùng với ${primary}`));
    await page.screenshot({ path: `${SCREENSHOTS}/dispatch-duplicate-linked.png` });

    // The link opens the primary's record.
    await panel.getByTestId('dispatch-duplicate-open-primary').click();
    await expect.poll(() => panel.getAttribute('data-incident'), POLL).toBe(primary);
    expect(await panel.getByTestId('dispatch-duplicate-start').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 120_000);

  it('offers an operator only what the role allows: acknowledge and notes, no dispatching', async () => {
    const id = await postIncident({
      severity: 'low',
      category: 'infrastructure',
      subCategory: undefined,
      description: 'Đèn tín hiệu tắt tại nút giao.',
      location: { type: 'Point', coordinates: [105.8361, 21.0476] },
      address: { addressRegion: 'Ba Đình' },
    });
    const { page, errors } = await fixture.open({ as: 'demo-operator' });
    const row = page.getByTestId(`alert-${id}`);
    await row.waitFor(POLL);
    await row.locator('.alert__main').click();
    const panel = page.getByTestId('dispatch-panel');
    await expect.poll(() => panel.getAttribute('data-incident'), POLL).toBe(id);
    await panel.locator('[data-testid^="recommended-"][data-rank="1"]').first().waitFor(POLL);
    expect(await panel.getByTestId('recommended-assign').count()).toBe(0);
    expect(await panel.getByTestId('dispatch-priority').count()).toBe(0);
    // Neither the category nor the duplicate mark: both are a dispatcher's.
    expect(await panel.getByTestId('dispatch-category').count()).toBe(0);
    expect(await panel.getByTestId('dispatch-duplicate-start').count()).toBe(0);
    expect(
      await panel.locator('[data-testid^="dispatch-step-"]').evaluateAll((b) => b.map((x) => x.dataset.testid)),
    ).toEqual(['dispatch-step-acknowledged']);

    // A note, written as text (markup stays text), shows in the timeline with its author.
    await panel.getByTestId('dispatch-note').fill('Đã gọi lại người báo <b>tin</b>');
    await panel.getByTestId('dispatch-note-add').click();
    const note = panel.locator('[data-testid="timeline-entry"][data-kind="note"]');
    await note.first().waitFor(POLL);
    expect(await note.first().textContent()).toContain('Đã gọi lại người báo <b>tin</b>');
    expect(await note.first().locator('b').count()).toBe(0);
    await panel.getByTestId('dispatch-step-acknowledged').click();
    await expect.poll(() => panel.getAttribute('data-status'), POLL).toBe('acknowledged');
    // Further steps are a dispatcher's: none offered.
    expect(await panel.locator('[data-testid^="dispatch-step-"]').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it("hands over the shift: a dispatcher's note reaches the other consoles at once", async () => {
    const operator = await fixture.open({ as: 'demo-operator' });
    const dispatcher = await fixture.open({ as: 'demo-dispatcher' });
    await dispatcher.page.getByTestId('handover-button').click();
    const text = `Vụ va chạm Trường Chinh còn ùn tắc, theo dõi tiếp ${suffix} <i>nhé</i>`;
    await dispatcher.page.getByTestId('handover-text').fill(text);
    await dispatcher.page.getByTestId('handover-add').click();
    await expect.poll(() => dispatcher.page.getByTestId('handover-note').first().textContent(), POLL).toContain(text);

    // The operator's console lights the button up; opening it shows the note, as text, with its author.
    await expect.poll(() => operator.page.getByTestId('handover-unread').textContent(), POLL).toBe('1');
    await operator.page.getByTestId('handover-button').click();
    const note = operator.page.getByTestId('handover-note').first();
    await expect.poll(() => note.textContent(), POLL).toContain(text);
    expect(await note.textContent()).toContain('Điều phối');
    expect(await note.locator('i').count()).toBe(0);
    expect(await operator.page.getByTestId('handover-unread').count()).toBe(0);
    // Operators read handover notes; writing them is a dispatcher's.
    expect(await operator.page.getByTestId('handover-text').count()).toBe(0);
    await operator.page.screenshot({ path: `${SCREENSHOTS}/handover.png` });
    expect([...operator.errors, ...dispatcher.errors]).toEqual([]);
  }, 120_000);
});
