import type { TrafficState } from '../../../../protocol/index.js';
import { el, type PopupFormat } from '../popup-dom.js';

export type { PopupFormat };

/**
 * The detector popup, built from DOM nodes with textContent only: ids and segment names come from
 * devices and must never be parsed as HTML.
 */
export function detectorPopupContent(s: TrafficState, f: PopupFormat, roadName: string | null): HTMLElement {
  const none = f.t('traffic.popup.none');
  const observed = new Date(s.observedAt);
  const segment = s.segmentId === null ? none : roadName ? `${roadName} · ${s.segmentId}` : s.segmentId;
  const rows: Array<[string, string]> = [
    [f.t('traffic.popup.segment'), segment],
    [f.t('traffic.popup.speed'), s.speed === null ? none : f.t('traffic.unit.speed', { value: f.n(s.speed, 'speed') })],
    [
      f.t('traffic.popup.flow'),
      s.intensity === null ? none : f.t('traffic.unit.flow', { value: f.n(s.intensity, 'integer') }),
    ],
    [f.t('traffic.popup.occupancy'), s.occupancy === null ? none : f.n(s.occupancy, 'percent')],
    [f.t('traffic.popup.observedAt'), Number.isNaN(observed.getTime()) ? s.observedAt : f.d(observed, 'full')],
  ];

  const root = el('div', 'detector-popup');
  root.append(el('div', 'detector-popup__kind', f.t('traffic.popup.detector')));
  root.append(el('div', 'detector-popup__id', s.detectorId));
  const list = el('dl', 'detector-popup__rows');
  for (const [label, value] of rows) list.append(el('dt', '', label), el('dd', '', value));
  root.append(list);
  return root;
}
