/**
 * Folding Vietnamese text for matching what people type: "Hoàn Kiếm", "hoan kiem", "HOÀN KIẾM" and
 * a name typed in decomposed form (NFD, as some keyboards send it) all fold to "hoan kiem".
 */

const DIACRITICS = /\p{Diacritic}/gu;
/** 'đ' has no decomposition: it is folded by hand. 'Ð' (U+00D0) stands in for 'Đ' in some old encodings. */
const D_WITH_STROKE = /[đĐÐð]/g;
const ADMINISTRATIVE_TYPE = /^(quan|huyen|thi xa|phuong|xa|thi tran)\s+/;

/** Lower case, without diacritics, 'đ' as 'd', in NFC: "Đống Đa" -> "dong da". Punctuation kept. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(DIACRITICS, '').replace(D_WITH_STROKE, 'd').toLowerCase().normalize('NFC');
}

/**
 * The client twin of the server's `foldName` (server/src/geo/locate.ts): folded, without a leading
 * administrative type, spaces collapsed. "Quận Hoàn Kiếm" -> "hoan kiem".
 */
export function foldName(name: string): string {
  return fold(name).replace(ADMINISTRATIVE_TYPE, '').replace(/\s+/g, ' ').trim();
}

/**
 * What the place search compares: folded, every run of punctuation and spaces as one space.
 * "Vành đai 2 (Minh Khai – Đại La)" -> "vanh dai 2 minh khai dai la".
 */
export function searchKey(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Case and spacing folded, diacritics kept (NFC): to prefer "Đông" over "Đồng" when that is what was typed. */
export function caseKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
