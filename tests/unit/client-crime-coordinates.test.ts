import { describe, expect, it } from 'vitest';
import { createConsoleI18n, type Locale } from '../../client/src/i18n/index.js';
import { coordinatesText } from '../../client/src/map/layers/crime-coordinates.js';

/** The console's own i18n (messages and number formats), as the popups use it. */
function format(locale: Locale) {
  const i18n = createConsoleI18n();
  i18n.global.locale.value = locale;
  return {
    t: (k: string, v?: Record<string, unknown>) => i18n.global.t(k, v ?? {}),
    n: (v: number, f: string) => i18n.global.n(v, f),
  };
}

describe("a crime report's exact place in the popup", () => {
  it('is written with decimal commas in Vietnamese, latitude first, to 5 decimals', () => {
    expect(coordinatesText([105.82638, 21.03562], format('vi-VN'))).toBe('21,03562; 105,82638');
    expect(coordinatesText([105.8, 21.0356249], format('vi-VN'))).toBe('21,03562; 105,80000');
  });

  it('is written with decimal points in English', () => {
    expect(coordinatesText([105.82638, 21.03562], format('en-GB'))).toBe('21.03562, 105.82638');
  });
});
