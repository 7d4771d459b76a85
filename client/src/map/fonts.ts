// Only the subsets Vietnamese text needs (the full family also ships Cyrillic, Greek, Devanagari).
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans/latin-ext-400.css';
import '@fontsource/noto-sans/latin-ext-700.css';
import '@fontsource/noto-sans/vietnamese-400.css';
import '@fontsource/noto-sans/vietnamese-700.css';

/**
 * Map text is drawn from these local web fonts (the style has no `glyphs`, so MapLibre rasterises
 * with the browser's fonts). A bold stack names "Bold" first so MapLibre asks for weight 700, then
 * falls back to the real family name.
 */
export const MAP_FONT = ['Noto Sans'];
export const MAP_FONT_BOLD = ['Noto Sans Bold', 'Noto Sans'];

/** Characters from the latin, latin-ext and vietnamese subsets, so all three files load. */
const SAMPLE = 'Hà Nội Hoàn Kiếm Đống Đa Ứng Hòa Thường Tín Sóc Sơn ĂăÂâĐđÊêÔôƠơƯư';

/**
 * Loads the font files before the map is created: MapLibre caches each glyph the first time it
 * draws it, and a glyph drawn before its subset arrived would stay in the fallback font.
 */
export async function loadMapFonts(): Promise<void> {
  if (typeof document === 'undefined' || !document.fonts) return;
  try {
    await Promise.all([
      document.fonts.load('400 16px "Noto Sans"', SAMPLE),
      document.fonts.load('700 16px "Noto Sans"', SAMPLE),
    ]);
  } catch {
    // The map still works with the fallback font; diacritics may look uneven.
  }
}
