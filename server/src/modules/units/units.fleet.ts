import type { LonLat, UnitKind, UnitStation } from '../../../../protocol/index.js';
import type { RegistryUnit } from './units.repository.js';

/** A unit of a fleet as the simulators place it (simulators/src/units.sim.ts `placeUnits`). */
export interface FleetUnit {
  readonly id: string;
  readonly kind: UnitKind;
  readonly callSign: string;
  readonly station: { readonly id: string; readonly name: string; readonly point: LonLat };
}

const STATION_KIND: Record<UnitKind, UnitStation['kind']> = { police: 'police', fire: 'fire', ambulance: 'hospital' };

/** The registry's units from a fleet: police at police stations, ambulances at hospitals, engines at fire stations. */
export const registryOf = (fleet: readonly FleetUnit[]): RegistryUnit[] =>
  fleet.map((u) => ({
    id: u.id,
    kind: u.kind,
    callSign: u.callSign,
    station: { id: u.station.id, name: u.station.name, kind: STATION_KIND[u.kind], point: [...u.station.point] },
  }));
