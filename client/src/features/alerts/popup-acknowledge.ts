import type { AlertKind } from '../../../../protocol/index.js';
import { el, type PopupFormat } from '../../map/popup-dom.js';
import './alert-popup.css';
import { alertKey } from './alert-list.js';
import type { AlertsStore } from './alerts.store.js';

/**
 * Adds an "Acknowledge" button to an incident's or an alarm's popup (built from DOM nodes, text
 * only), for roles that may acknowledge and while it is not acknowledged yet. The popup is rebuilt
 * on every update, so the button's state (sending, the last error) lives in the alerts store.
 */
export function withAcknowledge(
  card: HTMLElement,
  opts: { kind: AlertKind; id: string; acknowledged: boolean; format: PopupFormat; alerts: AlertsStore },
): HTMLElement {
  const { kind, id, format: f, alerts } = opts;
  if (opts.acknowledged || !alerts.canAcknowledge) return card;
  const key = alertKey(kind, id);
  const actions = el('div', 'popup-card__actions');
  const button = el('button', 'popup-card__ack');
  button.type = 'button';
  button.dataset.testid = 'popup-acknowledge';
  const error = el('p', 'popup-card__error');
  error.setAttribute('role', 'alert');
  const show = (sending: boolean, code: string | undefined) => {
    button.disabled = sending;
    button.textContent = f.t(sending ? 'alerts.acknowledging' : 'alerts.acknowledge');
    error.textContent = code ? f.t(`alerts.error.${code}`) : '';
    error.hidden = !code;
  };
  show(alerts.pending.has(key), alerts.errors.get(key));
  button.addEventListener('click', async () => {
    show(true, undefined);
    const code = await alerts.acknowledge(kind, id);
    // On success the popup is rebuilt from the acknowledged state (no button); a failure stays here.
    if (code) show(false, code);
  });
  actions.append(button, error);
  // Under the title, so it is in sight however long the popup is.
  const title = card.querySelector('.popup-card__id');
  if (title) title.after(actions);
  else card.append(actions);
  return card;
}
