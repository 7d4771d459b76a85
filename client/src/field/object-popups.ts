import type { LonLat } from '../../../protocol/index.js';
import { alarmPopup } from '../map/layers/alarm-popup.js';
import { detectorPopupContent } from '../map/layers/detector-popup.js';
import { unitPopup } from '../map/layers/device-popups.js';
import type { PopupFormat } from '../map/popup-dom.js';
import type { AlarmLocator, AlarmsStore } from '../stores/alarms.store.js';
import type { DevicesStore } from '../stores/devices.store.js';
import type { useGeoStore } from '../stores/geo.store.js';
import type { TrafficStore } from '../stores/traffic.store.js';
import type { FieldLayer } from './field-layers.js';

/** The layers whose objects open a popup on the map (an incident opens the drawer instead). */
export type PopupLayer = Exclude<FieldLayer, 'incidents'>;

/**
 * The popup of a detector, a unit or an alarm: the console's own builders (DOM nodes, text only),
 * so the field view says exactly what the console says. Null once the object is gone.
 */
export function objectPopup(
  layer: PopupLayer,
  id: string,
  f: PopupFormat,
  deps: {
    traffic: TrafficStore;
    devices: DevicesStore;
    alarms: AlarmsStore;
    geo: ReturnType<typeof useGeoStore>;
    locate: AlarmLocator;
    locale: string;
  },
): { content: HTMLElement; at: LonLat | null } | null {
  const { geo, locale } = deps;
  if (layer === 'traffic') {
    const s = deps.traffic.get(id);
    if (!s) return null;
    const road = s.segmentId === null ? null : geo.roadName(s.segmentId, locale);
    return { content: detectorPopupContent(s, f, road), at: s.position };
  }
  if (layer === 'units') {
    const s = deps.devices.get('units', id);
    return s ? { content: unitPopup(s, f), at: s.position } : null;
  }
  const a = deps.alarms.get(id);
  if (!a) return null;
  const names = {
    roadName: (segment: string) => geo.roadName(segment, locale),
    communeName: (code: string) => geo.communeName(code, locale),
  };
  return { content: alarmPopup(a, f, names), at: deps.locate(a) };
}
