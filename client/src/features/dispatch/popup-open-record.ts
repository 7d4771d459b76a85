import '../alerts/alert-popup.css';
import { addPopupAction, el, type PopupFormat } from '../../map/popup-dom.js';

/**
 * Adds "Open dispatch record" to an incident's popup (built from DOM nodes, text only): the way from
 * the map to the incident panel, for every console role.
 */
export function withOpenRecord(card: HTMLElement, opts: { format: PopupFormat; open: () => void }): HTMLElement {
  const button = el('button', 'popup-card__ack popup-card__open');
  button.type = 'button';
  button.dataset.testid = 'popup-open-record';
  button.textContent = opts.format.t('dispatch.open');
  button.addEventListener('click', opts.open);
  return addPopupAction(card, button);
}
