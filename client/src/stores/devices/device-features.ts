import type { Feature, FeatureCollection, Point } from 'geojson';
import type { DeviceFeed, DeviceState } from '../../../../protocol/index.js';
import { deviceClass, type DeviceClass } from '../../features/devices/device-classes.js';

/** What every device layer draws per device: its id and its class (colour, legend row). */
interface BaseProperties<F extends DeviceFeed> {
  id: string;
  cls: DeviceClass<F>;
}
export type SignalProperties = BaseProperties<'signals'> & { faults: number };
export type CameraProperties = BaseProperties<'cameras'>;
export type UnitProperties = BaseProperties<'units'> & {
  kind: 'police' | 'fire' | 'ambulance';
  /** Degrees clockwise from north, or -1 when the unit reports none (drawn without a pointer). */
  heading: number;
};
export type NetworkNodeProperties = BaseProperties<'network'> & { kind: 'commune_node' | 'centre_device' };

export interface DeviceProperties {
  signals: SignalProperties;
  cameras: CameraProperties;
  units: UnitProperties;
  network: NetworkNodeProperties;
}

const EXTRA: { [F in DeviceFeed]: (s: DeviceState<F>) => Omit<DeviceProperties[F], 'id' | 'cls'> } = {
  signals: (s) => ({ faults: s.report.faults.length }),
  cameras: () => ({}),
  units: (s) => ({ kind: s.report.kind, heading: s.report.heading ?? -1 }),
  network: (s) => ({ kind: s.report.kind }),
};

/** The GeoJSON point of one device for its feed's map layer, or null when it has no position. */
export function deviceFeature<F extends DeviceFeed>(
  feed: F,
  s: DeviceState<F>,
): Feature<Point, DeviceProperties[F]> | null {
  if (s.position === null) return null;
  const extra = EXTRA[feed] as (s: DeviceState<F>) => Omit<DeviceProperties[F], 'id' | 'cls'>;
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [s.position[0], s.position[1]] },
    properties: { id: s.deviceId, cls: deviceClass(feed, s), ...extra(s) } as DeviceProperties[F],
  };
}

/** The placed devices of one feed (those `include` keeps) as GeoJSON points for its map layer. Built on demand. */
export function deviceFeatureCollection<F extends DeviceFeed>(
  feed: F,
  states: Iterable<DeviceState<F>>,
  include: (s: DeviceState<F>) => boolean = () => true,
): FeatureCollection<Point, DeviceProperties[F]> {
  const features: Feature<Point, DeviceProperties[F]>[] = [];
  for (const s of states) {
    if (s.position === null || !include(s)) continue;
    const feature = deviceFeature(feed, s);
    if (feature) features.push(feature);
  }
  return { type: 'FeatureCollection', features };
}
