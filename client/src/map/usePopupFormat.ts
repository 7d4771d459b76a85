import { useI18n } from 'vue-i18n';
import type { PopupFormat } from './popup-dom.js';

/** The current locale's formatters, in the shape the popup builders take. */
export function usePopupFormat(): PopupFormat {
  const { t, n, d } = useI18n();
  return {
    t: (k, v) => t(k, v ?? {}),
    n: (value, key) => n(value, key),
    d: (value, key) => d(value, key),
  };
}
