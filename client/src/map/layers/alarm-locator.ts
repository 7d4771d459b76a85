import type { AlarmState, LonLat } from '../../../../protocol/index.js';
import { useDevicesStore } from '../../stores/devices.store.js';
import { useGeoStore } from '../../stores/geo.store.js';

/**
 * Where an alarm is drawn: the position it carries, else its source's: the device's last known
 * position (signal, camera, WAN node) or the middle of the congested road segment. Null when
 * neither is known yet.
 */
export function useAlarmLocator(): (a: AlarmState) => LonLat | null {
  const devices = useDevicesStore();
  const geo = useGeoStore();
  return (a) => {
    if (a.position) return a.position;
    const { feed, id } = a.source;
    if (feed === 'traffic') return geo.segments.get(id)?.midpoint ?? null;
    return devices.get(feed, id)?.position ?? null;
  };
}
