import type { Page } from 'playwright-core';

/** One feature a style layer draws, with its paint and layout as evaluated for it (client/src/debug.ts). */
export interface RenderedFeature {
  properties: Record<string, unknown>;
  /** e.g. 'line-color': 'rgba(239,68,68,1)', 'icon-image': 'incident-high-responding'. */
  style: Record<string, string>;
}

/** The console's `window.__hanoi.renderedFeatures`, for functions run in the page. */
type Rendered$ = { __hanoi: { renderedFeatures(styleLayer: string): RenderedFeature[] } };

/**
 * What a style layer draws in the current view, one entry per feature id (a line that crosses a tile
 * boundary is reported once per tile).
 */
export async function renderedFeatures(page: Page, styleLayer: string): Promise<Map<string, RenderedFeature>> {
  const list = await page.evaluate(
    (layer) => (globalThis as unknown as Rendered$).__hanoi.renderedFeatures(layer),
    styleLayer,
  );
  return new Map(list.map((f) => [String(f.properties.id), f]));
}

/** The colours of features/traffic/speed.ts as MapLibre evaluates them. */
export const RGBA = {
  jam: 'rgba(239,68,68,1)',
  free: 'rgba(34,197,94,1)',
} as const;
