import type { PopupFormat } from '../popup-dom.js';

/**
 * An exact place as the crime popup writes it: latitude then longitude, to 5 decimals (about 1 m),
 * in the UI language's number format: "21,03562; 105,82638" in Vietnamese (decimal commas, so a
 * semicolon between the two), "21.03562, 105.82638" in English.
 */
export function coordinatesText(position: readonly [number, number], f: Pick<PopupFormat, 't' | 'n'>): string {
  return f.t('crime.exact.coordinates', {
    lat: f.n(position[1], 'coordinate'),
    lon: f.n(position[0], 'coordinate'),
  });
}
