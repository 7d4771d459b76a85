import type { CrimeDetail, CrimeState } from '../../../../protocol/index.js';
import { el, formatTime, popupCard, textBlock, type PopupFormat, type PopupValue } from '../popup-dom.js';
import { coordinatesText } from './crime-coordinates.js';
import './crime-exact.css';
import type { ExactView } from './crime-exact.js';

/**
 * The popup of a crime report: what consoles may see (category, status, when, the district and how
 * coarse the position is). The exact place, the description and the persons never reach the console
 * this way; roles with crime.exact may ask for the place and the description (withExactLocation).
 */
export function crimePopup(c: CrimeState, f: PopupFormat, districtName: string | null): HTMLElement {
  const rows: Array<readonly [string, PopupValue]> = [
    [f.t('crime.popup.status'), f.t(`crime.status.${c.status}`)],
    [f.t('crime.popup.observedAt'), formatTime(c.dateObserved, f)],
  ];
  if (districtName) rows.push([f.t('crime.popup.district'), districtName]);
  rows.push([f.t('crime.popup.precision'), f.t(`crime.precision.${c.precision}`)]);
  return popupCard(
    `crime-popup crime-popup--${c.category}`,
    f.t('crime.popup.kind'),
    f.t(`crime.category.${c.category}`),
    rows,
    f.t('crime.popup.generalised'),
  );
}

/** "Số 12 ngõ 7 Đội Cấn, Đội Cấn, Ba Đình": the parts of the recorded address, as typed. */
function addressText(d: CrimeDetail): string | null {
  const a = d.address;
  const parts = [a?.streetAddress, a?.addressLocality, a?.addressRegion].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(', ') : null;
}

/** Latitude, longitude to 5 decimals (about 1 m), in the UI language's number format. */
function coordinates(d: CrimeDetail, f: PopupFormat): HTMLElement {
  const value = el('span', 'crime-exact__place');
  value.append(el('span', 'crime-exact__swatch'), coordinatesText(d.position, f));
  return value;
}

/**
 * For roles with crime.exact: a "Show exact location" button under the title of a crime popup and,
 * once the detail has come, the exact place (drawn on the map by useCrimeExact), the address, the
 * description and the case reference, with a note that the view was recorded. Everything the police
 * typed goes in as text. The popup is rebuilt on every update, so the state lives in `view`.
 */
export function withExactLocation(
  card: HTMLElement,
  opts: { view: ExactView | null; format: PopupFormat; onShow(): void },
): HTMLElement {
  const { view, format: f } = opts;
  const section = el('div', 'crime-exact');
  section.dataset.testid = 'crime-exact';
  if (view?.phase === 'shown') {
    const d = view.detail;
    const rows: Array<readonly [string, PopupValue]> = [[f.t('crime.exact.position'), coordinates(d, f)]];
    const address = addressText(d);
    if (address) rows.push([f.t('crime.exact.address'), address]);
    if (d.description) rows.push([f.t('crime.exact.description'), textBlock(d.description)]);
    rows.push([f.t('crime.exact.reference'), `${d.externalId} · ${d.agency}`]);
    const list = el('dl', 'popup-card__rows crime-exact__rows');
    for (const [label, value] of rows) {
      const dd = el('dd', '');
      dd.append(value);
      list.append(el('dt', '', label), dd);
    }
    section.classList.add('crime-exact--shown');
    section.append(
      el('div', 'crime-exact__title', f.t('crime.exact.title')),
      list,
      el('p', 'crime-exact__recorded', f.t('crime.exact.recorded')),
    );
  } else {
    const loading = view?.phase === 'loading';
    const button = el('button', 'crime-exact__show', f.t(loading ? 'crime.exact.loading' : 'crime.exact.show'));
    button.type = 'button';
    button.disabled = loading;
    button.dataset.testid = 'crime-exact-show';
    button.addEventListener('click', () => opts.onShow());
    section.append(button);
    if (view?.phase === 'failed') {
      const error = el('p', 'crime-exact__error', f.t(`crime.exact.error.${view.error}`));
      error.setAttribute('role', 'alert');
      section.append(error);
    }
    section.append(el('p', 'crime-exact__hint', f.t('crime.exact.hint')));
  }
  // Under the title and the note that the dot is generalised, in sight however long the popup is.
  const above = card.querySelector('.popup-card__note') ?? card.querySelector('.popup-card__id');
  if (above) above.after(section);
  else card.prepend(section);
  return card;
}
