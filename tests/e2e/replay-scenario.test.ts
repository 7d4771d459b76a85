import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  deviceExamples,
  deviceTopic,
  layerSchema,
  type BacklogReport,
  type CrimeReport,
  type DeviceFeed,
  type IncidentReport,
} from '../../protocol/index.js';
import { openSocket, publishReading, signIn } from '../helpers/clients.js';
import { postAll, type AgencyFeed } from './agency-posts.js';
import { SCREENSHOTS, useConsoleFixture, type Page$, type ToggleableLayer } from './console-page.js';

/**
 * A recorded scenario played back: the test plays two phases of every feed into a live console and
 * records, at a quiet instant after each, what the console held and drew. A second console then
 * replays from the first instant, paused, and plays on past the second: at each it must hold the
 * very same objects in the very same state, and draw the same ones, as the live console did.
 */
const KEY = 'e2e-replay-scenario-key-long-enough';
const POLL = { timeout: 25_000 };
/** Every layer a console subscribes to. */
const LAYERS: readonly ToggleableLayer[] = layerSchema.options;

interface MapState {
  held: Record<string, Array<{ id: string; state: unknown }>>;
  drawn: Record<string, string[]>;
}
const mapState = (page: Page): Promise<MapState> =>
  page.evaluate((layers) => {
    const h = (globalThis as unknown as Page$).__hanoi;
    return {
      held: h.layerStates(),
      // Units are dots below street zoom: the device query counts both.
      drawn: Object.fromEntries(layers.map((l) => [l, l === 'units' ? h.renderedDeviceIds(l) : h.renderedIds(l)])),
    };
  }, LAYERS);
/** The map state once it has stopped changing (two reads most of a second apart agree). */
async function settled(page: Page): Promise<MapState> {
  let last = JSON.stringify(await mapState(page));
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(800);
    const next = JSON.stringify(await mapState(page));
    if (next === last) return JSON.parse(next) as MapState;
    last = next;
  }
  throw new Error('the console kept changing: no quiet instant to record');
}
const ids = (s: MapState, layer: string) => s.held[layer]!.map((o) => o.id);
/** The replay bar's mode and cursor (epoch ms), as the page shows them. */
const cursorOf = async (page: Page) =>
  Number(await page.getByTestId('replay-cursor').getAttribute('data-ms', { timeout: 5_000 }));

describe('replaying a recorded scenario', () => {
  // No simulators: the scenario is all there is. Devices heard once stay heard; no congestion alarms.
  const fixture = useConsoleFixture({
    simulate: false,
    watchdogGrace: 1000,
    congestionMinutes: 120,
    feedApiKeys: [{ agency: 'e2e-replay-scenario', key: KEY }],
  });
  const suffix = Date.now().toString(36);
  const post = (feed: AgencyFeed, body: unknown) =>
    fetch(`${fixture.server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
  const now = () => new Date().toISOString();
  const reading = (detector: string, segment: string, at: [number, number], speed: number) =>
    publishReading(fixture.publisher, fixture.server.topicRoot, `${detector}-${suffix}`, {
      dateObserved: now(),
      averageVehicleSpeed: speed,
      intensity: 1200,
      occupancy: 0.3,
      refRoadSegment: segment,
      location: { type: 'Point', coordinates: at },
    });
  const device = <F extends DeviceFeed>(feed: F, id: string, report: Record<string, unknown>) =>
    fixture.publisher.publishAsync(
      deviceTopic(feed, `${id}-${suffix}`, fixture.server.topicRoot),
      JSON.stringify({ ...deviceExamples[feed].report, ...report, dateObserved: now() }),
      { qos: 1 },
    );
  const incident = (n: number, category: IncidentReport['category'], at: [number, number]): IncidentReport => ({
    externalId: `e2e-rs-${suffix}-${n}`,
    dateIssued: now(),
    category,
    severity: 'high',
    description: `Sự việc ${n} của kịch bản xem lại.`,
    alertSource: '113',
    location: { type: 'Point', coordinates: at },
  });
  const crime = (n: number, at: [number, number]): CrimeReport => ({
    externalId: `e2e-rs-crime-${suffix}-${n}`,
    dateObserved: now(),
    category: 'theft',
    status: 'reported',
    privacy: 'restricted',
    location: { type: 'Point', coordinates: at },
  });
  const dossiers = (received: number, online: number, overdue: number): BacklogReport => ({
    dateObserved: now(),
    communeCode: '00004',
    sector: 'land',
    received,
    inProgress: received - overdue,
    resolved: 0,
    overdue,
    submittedOnline: online,
  });

  it('reproduces, at each recorded instant, what the live console held and drew', async () => {
    const { page: live, errors } = await fixture.open();

    // Phase A: three detectors, one device of each feed, two incidents, a crime report, dossiers.
    await reading('rs-det-1', 'giai_phong_ql1a:0', [105.8412, 21.0245], 50);
    await reading('rs-det-2', 'giai_phong_ql1a:1', [105.8415, 21.015], 35);
    await reading('rs-det-3', 'giai_phong_ql1a:2', [105.842, 21.005], 20);
    await device('signals', 'rs-sig', { location: { type: 'Point', coordinates: [105.8428, 21.0078] }, faults: [] });
    await device('cameras', 'rs-cam', { status: 'online' });
    await device('units', 'rs-unit', {
      status: 'available',
      location: { type: 'Point', coordinates: [105.8522, 21.0287] },
    });
    await device('network', 'rs-wan', {});
    const [first, second] = await postAll(post, 'incidents', [
      incident(1, 'traffic', [105.8245, 21.0105]),
      incident(2, 'fire', [105.7935, 21.0405]),
    ]);
    await postAll(post, 'crime', [crime(1, [105.8521, 21.0333])]);
    await postAll(post, 'backlog', [dossiers(30, 18, 2)]);
    await expect
      .poll(async () => {
        const s = await mapState(live);
        return [s.held.traffic!.length, s.held.incidents!.length, s.held.crime!.length, s.held.backlog!.length];
      }, POLL)
      .toEqual([3, 2, 1, 1]);
    // Quiet: what the live console holds and draws once settled is the first record.
    const atT1 = await settled(live);
    const t1 = Date.now();
    for (const layer of LAYERS.filter((l) => l !== 'alarms'))
      expect(atT1.held[layer]!.length, `${layer} held`).toBeGreaterThan(0);
    await live.waitForTimeout(1_000);

    // Phase B: speeds change, the signal fails and the camera drops (alarms), the commune node
    // slows down, the unit moves, the
    // first incident is acknowledged, a third comes in, a second crime report, new dossier figures.
    await reading('rs-det-1', 'giai_phong_ql1a:0', [105.8412, 21.0245], 28);
    await reading('rs-det-2', 'giai_phong_ql1a:1', [105.8415, 21.015], 46);
    await device('signals', 'rs-sig', {
      location: { type: 'Point', coordinates: [105.8428, 21.0078] },
      faults: [{ type: 'lamp_failure' }],
    });
    await device('cameras', 'rs-cam', { status: 'offline' });
    await device('network', 'rs-wan', { status: 'degraded', latencyMs: 900 });
    await device('units', 'rs-unit', {
      status: 'out_of_service',
      location: { type: 'Point', coordinates: [105.8601, 21.0201] },
    });
    const socket = await openSocket(fixture.server.url, await signIn(fixture.server.url, 'demo-dispatcher'));
    try {
      expect((await socket.emitWithAck('alerts:acknowledge', { kind: 'incident', id: first!.id })).ok).toBe(true);
    } finally {
      socket.disconnect();
    }
    const [third] = await postAll(post, 'incidents', [incident(3, 'health', [105.8101, 21.0601])]);
    await postAll(post, 'crime', [crime(2, [105.8301, 21.0201])]);
    await postAll(post, 'backlog', [dossiers(34, 26, 1)]);
    await expect
      .poll(async () => {
        const s = await mapState(live);
        return [s.held.incidents!.length, s.held.alarms!.length, s.held.crime!.length];
      }, POLL)
      .toEqual([3, 2, 2]);
    const atT2 = await settled(live);
    const t2 = Date.now();
    await live.screenshot({ path: `${SCREENSHOTS}/replay-scenario-live.png` });

    // The two records differ in every layer the scenario touched.
    for (const layer of LAYERS) expect(atT2.held[layer], layer).not.toEqual(atT1.held[layer]);
    expect(ids(atT1, 'incidents')).toEqual([first!.id, second!.id].sort());
    expect(ids(atT2, 'incidents')).toEqual([first!.id, second!.id, third!.id].sort());
    // Everything is drawn at the opening zoom but the dossier rings (communes show from zoom 11.5).
    for (const layer of LAYERS.filter((l) => l !== 'backlog'))
      expect(atT2.drawn[layer]!.length, `${layer} drawn`).toBeGreaterThan(0);

    // Replay from the first instant: paused there, the console holds and draws what it did live.
    const { page: replay, errors: replayErrors } = await fixture.open({
      path: `/?replay=${encodeURIComponent(new Date(t1).toISOString())}`,
    });
    await expect.poll(() => cursorOf(replay), POLL).toBe(t1);
    await expect.poll(() => mapState(replay), POLL).toEqual(atT1);
    await replay.screenshot({ path: `${SCREENSHOTS}/replay-scenario-t1.png` });

    // Played on at 10x past the second instant (nothing happened after it): the second record.
    await replay.getByTestId('replay-speed-10').click();
    await replay.getByTestId('replay-play').click();
    await expect.poll(() => cursorOf(replay), POLL).toBeGreaterThan(t2);
    await expect.poll(() => mapState(replay), POLL).toEqual(atT2);
    await replay.screenshot({ path: `${SCREENSHOTS}/replay-scenario-t2.png` });
    // And the live console still shows that: nothing happened after the second record.
    expect(await mapState(live)).toEqual(atT2);
    expect([...errors, ...replayErrors]).toEqual([]);
  }, 180_000);
});
