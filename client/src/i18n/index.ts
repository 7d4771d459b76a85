import { createI18n } from 'vue-i18n';
import { en } from './en.js';
import { datetimeFormats, numberFormats } from './formats.js';
import { vi, type MessageSchema } from './vi.js';

/** UI locales double as Intl locales (formats use 'vi-VN' rules and Hanoi time). */
export type Locale = 'vi-VN' | 'en-GB';
export const LOCALES: readonly { id: Locale; short: string; name: string }[] = [
  { id: 'vi-VN', short: 'VI', name: 'Tiếng Việt' },
  { id: 'en-GB', short: 'EN', name: 'English' },
];
const STORAGE_KEY = 'hanoi.locale';

function savedLocale(): Locale {
  return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en-GB' ? 'en-GB' : 'vi-VN';
}

/** Vietnamese by default; English for visiting staff. Created once in main.ts. */
export function createConsoleI18n() {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale: savedLocale(),
    fallbackLocale: 'vi-VN',
    messages: { 'vi-VN': vi, 'en-GB': en },
    datetimeFormats,
    numberFormats,
  });
}

/** What applyLocale needs of a vue-i18n composer (the global one, or useI18n({ useScope: 'global' })). */
export interface LocaleTarget {
  locale: { value: string };
  t(key: string): string;
}

/** Switches the UI language and keeps <html lang> ('vi', 'en') and the tab title in step. */
export function applyLocale(target: LocaleTarget, locale: Locale, remember = true): void {
  target.locale.value = locale;
  if (remember) globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale.slice(0, 2);
  document.title = target.t('app.title');
}
