import '../alerts/alert-popup.css';
import { addPopupAction, el, type PopupFormat } from '../../map/popup-dom.js';

/** "Replay from here" starts this long before the moment, so the replay shows it arrive. */
export const REPLAY_LEAD_MS = 60_000;

/** Where a replay "from here" starts for something that happened at `at` (ISO 8601); null for no date. */
export function replayStartFor(at: string | null | undefined): number | null {
  const ms = at ? Date.parse(at) : NaN;
  return Number.isNaN(ms) ? null : ms - REPLAY_LEAD_MS;
}

/**
 * Adds "Replay from here" to an incident's or alarm's popup (DOM nodes, text only): the console
 * goes back to a minute before it was reported and plays from there.
 */
export function withReplayFromHere(
  card: HTMLElement,
  opts: { at: string | null | undefined; format: PopupFormat; seek: (at: number) => unknown },
): HTMLElement {
  const start = replayStartFor(opts.at);
  if (start === null) return card;
  const button = el('button', 'popup-card__ack popup-card__replay');
  button.type = 'button';
  button.dataset.testid = 'popup-replay';
  button.textContent = `⏱ ${opts.format.t('replay.fromHere')}`;
  button.addEventListener('click', () => void opts.seek(start));
  return addPopupAction(card, button);
}
