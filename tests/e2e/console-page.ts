import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { MqttClient } from 'mqtt';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Config } from '../../server/src/config.js';
import { connectPublisher, signIn } from '../helpers/clients.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const SCREENSHOTS = 'test-results';

export type DeviceFeed = 'signals' | 'cameras' | 'units' | 'network';
export type EventLayer = 'incidents' | 'alarms' | 'crime' | 'backlog';
export type ToggleableLayer = 'traffic' | DeviceFeed | EventLayer;

/** The read-only handle the console exposes as `window.__hanoi` (client/src/debug.ts). */
export interface ConsoleDebugHandle {
  status(): string;
  lastSeq(): number;
  resumeCount(): number;
  lastResume(): { since: number; head: number; pages: number; events: number } | null;
  detectorCount(): number;
  detector(id: string): { speed: number | null; intensity: number | null; position: [number, number] | null } | null;
  mapReady(): boolean;
  renderedDetectorIds(): string[];
  renderedDistrictLabels(): string[];
  screenPoint(lon: number, lat: number): { x: number; y: number } | null;
  /** Where the map looks: centre [lon, lat] and zoom. */
  mapView(): { center: [number, number]; zoom: number } | null;
  deviceCount(feed: DeviceFeed): number;
  device(
    feed: DeviceFeed,
    id: string,
  ): { seq: number; silent: boolean; position: [number, number] | null; report: Record<string, unknown> } | null;
  renderedDeviceIds(feed: DeviceFeed): string[];
  /** Ids drawn in the current view for any live layer (backlog: commune codes). */
  renderedIds(layer: ToggleableLayer): string[];
  renderedCrimeClusters(): number[];
  renderedDispatchRoutes(): string[];
  eventCount(layer: EventLayer): number;
  eventItems(layer: EventLayer): Array<{ id: string; seq: number } & Record<string, unknown>>;
  eventItem(layer: EventLayer, id: string): ({ id: string; seq: number } & Record<string, unknown>) | null;
  communeBacklog(code: string): { received: number; overdue: number; onlineShare: number | null } | null;
  layerVisible(layer: ToggleableLayer): boolean;
  /** Every object every layer's store holds, by layer, sorted by id. */
  layerStates(): Record<string, Array<{ id: string; state: unknown }>>;
}

/**
 * The page's globals, for functions passed to page.evaluate: those are serialised and run in the
 * browser, so they can only name the handle through `globalThis`, never through a test-side helper.
 */
export type Page$ = { __hanoi: ConsoleDebugHandle };

export interface OpenOptions {
  /** Signed in as this demo account (default demo-operator); null: not signed in (the sign-in page). */
  as?: string | null;
  /** Default `/`. */
  path?: string;
}

/**
 * Opens the console like an operator's desk in Hanoi would, signed in (the session cookie is set
 * as the sign-in page would leave it), and waits until it is live; collects page errors.
 */
export async function openConsole(
  browser: Browser,
  url: string,
  contexts: BrowserContext[],
  opts: OpenOptions = {},
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  contexts.push(context);
  const as = opts.as === undefined ? 'demo-operator' : opts.as;
  if (as) {
    const [name, value] = (await signIn(url, as)).split('=') as [string, string];
    await context.addCookies([{ name, value, url, httpOnly: true, sameSite: 'Strict' }]);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(new URL(opts.path ?? '/', url).href);
  if (as && (opts.path ?? '/') === '/') {
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.mapReady(), null, { timeout: 20_000 });
  }
  return { page, context, errors };
}

export interface ConsoleFixture {
  readonly server: TestServer;
  readonly publisher: MqttClient;
  /** Opens the console in a new browser context, closed after the test. */
  open(opts?: OpenOptions): Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
}

/**
 * A describe block's browser fixture: the server with its simulators, an MQTT publisher and
 * headless Chromium. A missing browser or an unbuilt console fails the tests, with how to fix it.
 */
export function useConsoleFixture(overrides: Partial<Config> = {}): ConsoleFixture {
  let server: TestServer;
  let browser: Browser;
  let publisher: MqttClient;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    if (!existsSync('dist/client/index.html')) throw new Error('the console is not built: run npm run build:client');
    server = await startTestServer({ simulate: true, overrides });
    publisher = await connectPublisher(server.mqttUrl);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 90_000);

  afterEach(async ({ task }) => {
    // A failed test leaves what its pages showed in test-results/, beside the screenshots tests take.
    if (task.result?.state === 'fail') {
      const name = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
      const pages = contexts.flatMap((c) => c.pages());
      for (const [i, page] of pages.entries())
        await page.screenshot({ path: `${SCREENSHOTS}/failed-${name}-${i}.png` }).catch(() => undefined);
    }
    for (const c of contexts.splice(0)) await c.close();
  });

  afterAll(async () => {
    await browser?.close();
    await publisher?.endAsync();
    await server?.close();
  });

  return {
    get server() {
      return server;
    },
    get publisher() {
      return publisher;
    },
    open: (opts?: OpenOptions) => openConsole(browser, server.url, contexts, opts),
  };
}
