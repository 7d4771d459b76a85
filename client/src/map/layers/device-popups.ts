import type { CameraState, DeviceState, NetworkState, SignalState, UnitState } from '../../../../protocol/index.js';
import { el, externalLink, popupCard, safeHttpUrl, type PopupFormat, type PopupValue } from '../popup-dom.js';

/**
 * The popups of the device layers, in the operator's language. Everything a device sent (ids, call
 * signs, plans, fault details, URLs) goes in as text or as a checked href, never as HTML.
 */

type Row = readonly [string, PopupValue];

function observedAt(s: DeviceState, f: PopupFormat): Row {
  const at = new Date(s.observedAt);
  return [f.t('devices.popup.observedAt'), Number.isNaN(at.getTime()) ? s.observedAt : f.d(at, 'full')];
}

/** "Mất tín hiệu (lần cuối: Bình thường)" for a silent device, else its own status. */
function status(s: DeviceState, f: PopupFormat, silentLabel: string, last: string, label?: string): Row {
  const value = s.silent ? f.t('devices.lastKnown', { state: silentLabel, last }) : last;
  return [label ?? f.t('devices.popup.status'), value];
}

const silentNote = (s: DeviceState, f: PopupFormat) => (s.silent ? f.t('devices.popup.silent') : undefined);
const orNone = (value: string | null | undefined, f: PopupFormat) => value ?? f.t('devices.popup.none');

function faultList(s: SignalState, f: PopupFormat): PopupValue {
  if (s.report.faults.length === 0) return f.t('signals.popup.noFaults');
  const list = el('ul', 'popup-card__list');
  for (const fault of s.report.faults) {
    const type = f.t(`signals.fault.${fault.type}`);
    list.append(el('li', '', fault.detail ? `${type}: ${fault.detail}` : type));
  }
  return list;
}

export function signalPopup(s: SignalState, f: PopupFormat): HTMLElement {
  const r = s.report;
  const rows: Row[] = [
    status(s, f, f.t('signals.class.silent'), f.t(`signals.mode.${r.status}`), f.t('signals.popup.mode')),
    [f.t('signals.popup.plan'), orNone(r.currentPlan, f)],
    [
      f.t('signals.popup.cycle'),
      r.cycleTime === undefined ? f.t('devices.popup.none') : f.t('devices.seconds', { value: r.cycleTime }),
    ],
    [f.t('signals.popup.faults'), faultList(s, f)],
    observedAt(s, f),
  ];
  const cls = r.faults.length > 0 && !s.silent ? 'popup-card--alert' : '';
  return popupCard(
    `device-popup device-popup--signals ${cls}`,
    f.t('signals.popup.kind'),
    s.deviceId,
    rows,
    silentNote(s, f),
  );
}

export function cameraPopup(s: CameraState, f: PopupFormat): HTMLElement {
  const r = s.report;
  const count =
    r.vehicleCount === undefined
      ? f.t('devices.popup.none')
      : r.countPeriodSeconds === undefined
        ? f.t('cameras.count', { value: f.n(r.vehicleCount, 'integer') })
        : f.t('cameras.countPer', { value: f.n(r.vehicleCount, 'integer'), period: r.countPeriodSeconds });
  const href = safeHttpUrl(r.snapshotUrl);
  const rows: Row[] = [
    status(s, f, f.t('cameras.class.silent'), f.t(`cameras.class.${r.status}`)),
    [f.t('cameras.popup.count'), count],
    [
      f.t('cameras.popup.snapshot'),
      href ? externalLink(href, f.t('cameras.popup.openSnapshot')) : f.t('devices.popup.none'),
    ],
    observedAt(s, f),
  ];
  return popupCard('device-popup device-popup--cameras', f.t('cameras.popup.kind'), s.deviceId, rows, silentNote(s, f));
}

const COMPASS = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const;
const compass = (degrees: number) => COMPASS[Math.round((((degrees % 360) + 360) % 360) / 45) % 8]!;

export function unitPopup(s: UnitState, f: PopupFormat): HTMLElement {
  const r = s.report;
  const none = f.t('devices.popup.none');
  const rows: Row[] = [
    [f.t('units.popup.type'), f.t(`units.kind.${r.kind}`)],
    status(s, f, f.t('units.class.silent'), f.t(`units.class.${r.status}`)),
    [f.t('units.popup.speed'), r.speed === undefined ? none : f.t('units.speed', { value: f.n(r.speed, 'speed') })],
    [
      f.t('units.popup.heading'),
      r.heading === undefined
        ? none
        : f.t('units.heading', { value: Math.round(r.heading), direction: f.t(`units.compass.${compass(r.heading)}`) }),
    ],
    [f.t('devices.popup.id'), s.deviceId],
    observedAt(s, f),
  ];
  const title = r.callSign ?? s.deviceId;
  return popupCard(`device-popup device-popup--units`, f.t(`units.kind.${r.kind}`), title, rows, silentNote(s, f));
}

function uptime(seconds: number, f: PopupFormat): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  if (days > 0) return f.t('network.uptimeDays', { days: f.n(days, 'integer'), hours });
  return f.t('network.uptimeHours', { hours, minutes: Math.floor((seconds % 3_600) / 60) });
}

/** `communeName`: "Phường Phúc Xá, Ba Đình" when the gazetteer knows the node's commune. */
export function networkPopup(s: NetworkState, f: PopupFormat, communeName: string | null): HTMLElement {
  const r = s.report;
  const none = f.t('devices.popup.none');
  const state = s.silent
    ? f.t('network.class.down')
    : f.t(`network.class.${r.status === 'degraded' ? 'degraded' : 'up'}`);
  const rows: Row[] = [
    [f.t('devices.popup.status'), state],
    [f.t('devices.popup.id'), s.deviceId],
  ];
  if (r.communeCode !== undefined) rows.push([f.t('network.popup.commune'), r.communeCode]);
  rows.push(
    [
      f.t('network.popup.latency'),
      r.latencyMs === undefined ? none : f.t('network.latency', { value: f.n(r.latencyMs, 'integer') }),
    ],
    [f.t('network.popup.uptime'), r.uptimeSeconds === undefined || s.silent ? none : uptime(r.uptimeSeconds, f)],
    [f.t('network.popup.interval'), f.t('devices.seconds', { value: r.expectedIntervalSeconds })],
    observedAt(s, f),
  );
  const title = communeName ?? s.deviceId;
  const cls = s.silent ? 'popup-card--alert' : '';
  return popupCard(`device-popup device-popup--network ${cls}`, f.t(`network.kind.${r.kind}`), title, rows);
}
