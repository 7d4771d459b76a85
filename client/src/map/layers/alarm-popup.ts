import type { AlarmState } from '../../../../protocol/index.js';
import { acknowledgement } from '../../features/acknowledgement.js';
import { el, formatTime, popupCard, type PopupFormat, type PopupValue } from '../popup-dom.js';

type Row = readonly [string, PopupValue];

/** Names the popup looks up elsewhere: the road of a segment, the commune of a WAN node. */
export interface AlarmNames {
  roadName(segmentId: string): string | null;
  communeName(code: string): string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** A signal controller's faults from the alarm's details: "Hỏng bóng đèn: <detail as typed>". */
function faults(details: Record<string, unknown>, f: PopupFormat): PopupValue | null {
  const list = Array.isArray(details.faults) ? (details.faults as unknown[]) : [];
  if (list.length === 0) return null;
  const ul = el('ul', 'popup-card__list');
  for (const item of list) {
    const fault = (item ?? {}) as { type?: unknown; detail?: unknown };
    const type = text(fault.type);
    const label = type ? f.t(`signals.fault.${type}`) : f.t('signals.fault.other');
    const detail = text(fault.detail);
    ul.append(el('li', '', detail ? `${label}: ${detail}` : label));
  }
  return ul;
}

/** What the alarm's details say, per kind; anything unexpected is left out, never shown raw. */
function detailRows(a: AlarmState, f: PopupFormat, names: AlarmNames): Row[] {
  const d = a.details ?? {};
  const rows: Row[] = [];
  if (a.kind === 'signal_fault') {
    const list = faults(d, f);
    if (list) rows.push([f.t('alarms.popup.faults'), list]);
  } else if (a.kind === 'congestion') {
    if (typeof d.maxSpeed === 'number')
      rows.push([f.t('alarms.popup.maxSpeed'), f.t('alarms.speed', { value: f.n(d.maxSpeed, 'speed') })]);
    const since = text(d.slowSince);
    if (since) rows.push([f.t('alarms.popup.slowSince'), formatTime(since, f)]);
  } else if (a.kind === 'node_offline') {
    const commune = text(d.communeCode);
    if (commune) rows.push([f.t('alarms.popup.commune'), names.communeName(commune) ?? commune]);
    const last = text(d.lastHeard);
    if (last) rows.push([f.t('alarms.popup.lastHeard'), formatTime(last, f)]);
  } else if (a.kind === 'camera_offline') {
    const status = text(d.status);
    if (status === 'online' || status === 'offline')
      rows.push([f.t('alarms.popup.deviceStatus'), f.t(`cameras.class.${status}`)]);
  }
  return rows;
}

/** "Đèn tín hiệu sig-12", or the road's name for a congested segment. */
function sourceText(a: AlarmState, f: PopupFormat, names: AlarmNames): string {
  const { feed, id } = a.source;
  if (feed === 'traffic') {
    const road = names.roadName(id);
    return road ? `${road} · ${id}` : f.t('alarms.source.traffic', { id });
  }
  return f.t(`alarms.source.${feed}`, { id });
}

/** The popup of an open alarm. Device ids and fault details are shown as text. */
export function alarmPopup(a: AlarmState, f: PopupFormat, names: AlarmNames): HTMLElement {
  const rows: Row[] = [
    [f.t('alarms.popup.severity'), f.t(`alarms.severity.${a.severity}`)],
    [f.t('alarms.popup.source'), sourceText(a, f, names)],
    [f.t('alarms.popup.raisedAt'), formatTime(a.raisedAt, f)],
    ...detailRows(a, f, names),
  ];
  const acknowledged = acknowledgement(a, f);
  if (acknowledged) rows.push([f.t('alarms.popup.acknowledged'), acknowledged]);
  const alert = a.severity === 'high' ? 'popup-card--alert' : '';
  return popupCard(
    `alarm-popup alarm-popup--${a.kind} ${alert}`,
    `${f.t('alarms.popup.kind')} · ${a.id}`,
    f.t(`alarms.kind.${a.kind}`),
    rows,
  );
}
