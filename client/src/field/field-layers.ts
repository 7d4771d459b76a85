import type { IncidentState, LonLat } from '../../../protocol/index.js';
import { ALARM_COLOURS } from '../features/alarms/alarm-classes.js';
import { DEVICE_COLOURS } from '../features/devices/device-classes.js';
import { SEVERITY_COLOURS, SEVERITY_RANK, isDuplicate } from '../features/incidents/incident-classes.js';
import { SPEED_COLOURS } from '../features/traffic/speed.js';
import { PALETTE } from '../map/style.js';
import type { AlarmLocator, AlarmsStore } from '../stores/alarms.store.js';
import type { DevicesStore } from '../stores/devices.store.js';
import type { TrafficStore } from '../stores/traffic.store.js';
import type { MarkerSpec } from './marker-layer.js';

/** The live layers of the field view, bottom to top; each is one of the console's toggleable layers. */
export const FIELD_LAYERS = ['traffic', 'alarms', 'units', 'incidents'] as const;
export type FieldLayer = (typeof FIELD_LAYERS)[number];

const OUTLINE = PALETTE.background;

/** Detectors are many and small: they grow as the map zooms in. */
export function detectorRadius(zoom: number): number {
  if (zoom < 11.5) return 3;
  if (zoom < 13.5) return 4.5;
  return 6.5;
}

/** Traffic detectors, one dot each, coloured by speed class (the console's classes and colours). */
export function* detectorSpecs(traffic: TrafficStore, zoom: number): Generator<MarkerSpec> {
  const radius = detectorRadius(zoom);
  for (const f of traffic.toFeatureCollection().features) {
    yield {
      id: f.properties.id,
      lonLat: f.geometry.coordinates as LonLat,
      radius,
      fillColor: SPEED_COLOURS[f.properties.cls],
      fillOpacity: 0.95,
      color: OUTLINE,
      weight: 1,
    };
  }
}

/** Open alarms as coloured rings (one colour per kind) around what raised them; fainter once acknowledged. */
export function* alarmSpecs(alarms: AlarmsStore, locate: AlarmLocator): Generator<MarkerSpec> {
  for (const f of alarms.toFeatureCollection(locate).features) {
    const p = f.properties;
    yield {
      id: p.id,
      lonLat: f.geometry.coordinates as LonLat,
      radius: p.severity === 'high' ? 11 : 9,
      fillColor: ALARM_COLOURS[p.kind] ?? '#f97316',
      fillOpacity: p.acknowledged ? 0.08 : 0.22,
      color: ALARM_COLOURS[p.kind] ?? '#f97316',
      weight: p.severity === 'high' ? 4 : 3,
      opacity: p.acknowledged ? 0.5 : 1,
    };
  }
}

/** Response units by status (the console's unit colours), idle ones smaller, with a dark rim. */
export function* unitSpecs(devices: DevicesStore): Generator<MarkerSpec> {
  for (const f of devices.toFeatureCollection('units').features) {
    const cls = f.properties.cls;
    yield {
      id: f.properties.id,
      lonLat: f.geometry.coordinates as LonLat,
      radius: cls === 'available' || cls === 'out_of_service' || cls === 'silent' ? 5 : 7,
      fillColor: DEVICE_COLOURS.units[cls],
      fillOpacity: 1,
      color: '#020617',
      weight: 2.5,
    };
  }
}

/** Placed incidents by severity, the worse ones larger; white rim while new; duplicates small and faint. */
export function* incidentSpecs(incidents: readonly IncidentState[]): Generator<MarkerSpec> {
  for (const s of incidents) {
    if (s.position === null) continue;
    const duplicate = isDuplicate(s);
    yield {
      id: s.id,
      lonLat: s.position,
      radius: duplicate ? 5 : 8 + (SEVERITY_RANK[s.severity] ?? 0),
      fillColor: SEVERITY_COLOURS[s.severity] ?? SEVERITY_COLOURS.medium,
      fillOpacity: duplicate ? 0.6 : 1,
      color: s.status === 'new' ? '#ffffff' : '#cbd5e1',
      weight: s.status === 'new' ? 3 : 1.5,
    };
  }
}
