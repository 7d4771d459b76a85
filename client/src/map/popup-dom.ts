/** The formatters popups need (vue-i18n's t, n, d of the current locale). */
export interface PopupFormat {
  t(key: string, values?: Record<string, unknown>): string;
  n(value: number, key: string): string;
  d(value: Date, key: string): string;
}

/** An element with a class and, optionally, text. Text only ever goes in through textContent. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A popup row's value: text, or a node built by the caller (a link, a list). */
export type PopupValue = string | Node;

/**
 * The common frame of the console's popups: a small kind line, a title, then label/value rows.
 * Built from DOM nodes with textContent only: ids, call signs and plans come from devices and must
 * never be parsed as HTML.
 */
export function popupCard(
  className: string,
  kind: string,
  title: string,
  rows: ReadonlyArray<readonly [string, PopupValue]>,
  note?: string,
): HTMLElement {
  const root = el('div', `popup-card ${className}`.trim());
  root.append(el('div', 'popup-card__kind', kind));
  root.append(el('div', 'popup-card__id', title));
  if (note) root.append(el('div', 'popup-card__note', note));
  const list = el('dl', 'popup-card__rows');
  for (const [label, value] of rows) {
    const dd = el('dd', '');
    if (typeof value === 'string') dd.textContent = value;
    else dd.append(value);
    list.append(el('dt', '', label), dd);
  }
  root.append(list);
  return root;
}

/** The href of a link the console may show: only http(s) URLs, as parsed (never `javascript:`). */
export function safeHttpUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A link that opens in a new tab without handing it this window (rel="noopener noreferrer"). */
export function externalLink(href: string, text: string): HTMLAnchorElement {
  const a = el('a', 'popup-card__link', text);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

/** An ISO time in the console's full format (Hanoi time), or the raw text when it does not parse. */
export function formatTime(iso: string, f: PopupFormat): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : f.d(at, 'full');
}

/** A block of free text someone typed (a description): kept as text, line breaks kept, scrolls when long. */
export function textBlock(text: string): HTMLElement {
  return el('div', 'popup-card__text', text);
}

/**
 * Adds a button to a popup card's row of actions (made under the title when the card has none yet,
 * so the actions are in sight however long the popup is).
 */
export function addPopupAction(card: HTMLElement, button: HTMLButtonElement): HTMLElement {
  const actions = card.querySelector('.popup-card__actions');
  if (actions) actions.append(button);
  else {
    const row = el('div', 'popup-card__actions');
    row.append(button);
    const title = card.querySelector('.popup-card__id');
    if (title) title.after(row);
    else card.append(row);
  }
  return card;
}
