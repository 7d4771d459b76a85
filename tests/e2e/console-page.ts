import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const SCREENSHOTS = 'test-results';

export type DeviceFeed = 'signals' | 'cameras' | 'units' | 'network';
export type ToggleableLayer = 'traffic' | DeviceFeed;

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
  deviceCount(feed: DeviceFeed): number;
  device(
    feed: DeviceFeed,
    id: string,
  ): { seq: number; silent: boolean; position: [number, number] | null; report: Record<string, unknown> } | null;
  renderedDeviceIds(feed: DeviceFeed): string[];
  layerVisible(layer: ToggleableLayer): boolean;
}

/**
 * The page's globals, for functions passed to page.evaluate: those are serialised and run in the
 * browser, so they can only name the handle through `globalThis`, never through a test-side helper.
 */
export type Page$ = { __hanoi: ConsoleDebugHandle };

/** Opens the console like an operator's desk in Hanoi would; collects page errors. */
export async function openConsole(
  browser: Browser,
  url: string,
  contexts: BrowserContext[],
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(url);
  await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => (globalThis as unknown as Page$).__hanoi.mapReady(), null, { timeout: 20_000 });
  return { page, context, errors };
}
