import type { CrimeState } from '../../../../protocol/index.js';
import { formatTime, popupCard, type PopupFormat, type PopupValue } from '../popup-dom.js';

/**
 * The popup of a crime report: what consoles may see (category, status, when, the district and how
 * coarse the position is). The exact place, the description and the persons never reach the console.
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
