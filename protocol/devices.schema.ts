import { z } from 'zod';
import { geoPointSchema, dateTimeSchema } from './traffic.schema.js';

/**
 * Device feeds on MQTT, one topic per device: `hanoi/<feed>/<deviceId>`. Every message carries
 * `dateObserved` (the device's clock, ISO 8601 with offset); device + dateObserved is the idempotency
 * key. Field names follow FIWARE conventions (dateObserved, location, status).
 */
export const DEVICE_FEEDS = ['signals', 'cameras', 'units', 'network'] as const;
export type DeviceFeed = (typeof DEVICE_FEEDS)[number];

export const signalFaultSchema = z.object({
  type: z.enum(['lamp_failure', 'power', 'communication', 'detector', 'conflict', 'other']),
  detail: z.string().normalize('NFC').max(200).optional(),
  since: dateTimeSchema.optional(),
});

/** `hanoi/signals/<controllerId>`: a traffic-signal controller's state, plan and faults. */
export const signalReportSchema = z.object({
  dateObserved: dateTimeSchema,
  location: geoPointSchema.optional().describe('GeoJSON Point of the intersection; registers the controller'),
  status: z.enum(['normal', 'flashing', 'off', 'manual']).describe('Operating mode'),
  currentPlan: z.string().normalize('NFC').min(1).max(40).optional().describe('Timing plan in force, e.g. "P3-peak"'),
  cycleTime: z.number().int().min(10).max(600).optional().describe('Cycle length in seconds'),
  faults: z.array(signalFaultSchema).max(20).default([]).describe('Active faults; empty when healthy'),
});

/** `hanoi/cameras/<cameraId>`: online/offline, vehicle counts, an optional snapshot URL. */
export const cameraReportSchema = z.object({
  dateObserved: dateTimeSchema,
  location: geoPointSchema.optional(),
  status: z.enum(['online', 'offline']),
  vehicleCount: z.number().int().min(0).max(100000).optional().describe('Vehicles counted in the period'),
  countPeriodSeconds: z.number().int().min(1).max(3600).optional(),
  snapshotUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional()
    .describe('Latest still image (http/https)'),
});

export const unitKindSchema = z.enum(['police', 'fire', 'ambulance']);
export const unitStatusSchema = z.enum(['available', 'dispatched', 'en_route', 'on_scene', 'out_of_service']);

/**
 * `hanoi/units/<unitId>`: a response unit's GPS fix and status, and the incident it is on, as AVL
 * equipment reports it: an `en_route` or `on_scene` report moves that incident forward.
 */
export const unitReportSchema = z.object({
  dateObserved: dateTimeSchema,
  location: geoPointSchema.describe('GPS fix'),
  kind: unitKindSchema,
  status: unitStatusSchema,
  heading: z.number().min(0).max(360).optional().describe('Degrees clockwise from north'),
  speed: z.number().min(0).max(250).optional().describe('km/h'),
  callSign: z.string().normalize('NFC').min(1).max(40).optional(),
  incidentId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("The job the unit is on (its dispatch command's incidentId), while dispatched, en route or on scene"),
});

/** `hanoi/network/<nodeId>`: heartbeats of the commune WAN nodes and the centre's devices. */
export const networkHeartbeatSchema = z.object({
  dateObserved: dateTimeSchema,
  kind: z.enum(['commune_node', 'centre_device']),
  communeCode: z
    .string()
    .regex(/^\d{5}$/, 'a 5-digit GSO commune code')
    .optional()
    .describe('Commune of a WAN node (GSO code); places it on the map'),
  location: geoPointSchema.optional(),
  expectedIntervalSeconds: z.number().int().min(5).max(3600).default(60).describe('Heartbeat period'),
  status: z.enum(['ok', 'degraded']).default('ok'),
  latencyMs: z.number().min(0).max(60000).optional(),
  uptimeSeconds: z.number().int().min(0).optional(),
});

export const deviceSchemas = {
  signals: signalReportSchema,
  cameras: cameraReportSchema,
  units: unitReportSchema,
  network: networkHeartbeatSchema,
} as const;

export type SignalReport = z.infer<typeof signalReportSchema>;
export type CameraReport = z.infer<typeof cameraReportSchema>;
export type UnitReport = z.infer<typeof unitReportSchema>;
export type NetworkHeartbeat = z.infer<typeof networkHeartbeatSchema>;
export type DeviceReports = {
  [F in DeviceFeed]: z.infer<(typeof deviceSchemas)[F]>;
};

export const deviceExamples: { [F in DeviceFeed]: { deviceId: string; report: z.input<(typeof deviceSchemas)[F]> } } = {
  signals: {
    deviceId: 'sig-kim-lien',
    report: {
      dateObserved: '2026-11-27T08:15:00+07:00',
      location: { type: 'Point', coordinates: [105.8428, 21.0078] },
      status: 'normal',
      currentPlan: 'P3-peak',
      cycleTime: 120,
      faults: [{ type: 'lamp_failure', detail: 'red lamp, north approach' }],
    },
  },
  cameras: {
    deviceId: 'cam-nga-tu-so',
    report: {
      dateObserved: '2026-11-27T08:15:00+07:00',
      location: { type: 'Point', coordinates: [105.8205, 21.0025] },
      status: 'online',
      vehicleCount: 312,
      countPeriodSeconds: 60,
      snapshotUrl: 'https://cameras.example.vn/nga-tu-so/latest.jpg',
    },
  },
  units: {
    deviceId: 'pol-hk-01',
    report: {
      dateObserved: '2026-11-27T08:15:00+07:00',
      location: { type: 'Point', coordinates: [105.8522, 21.0287] },
      kind: 'police',
      status: 'available',
      heading: 90,
      speed: 24,
      callSign: 'Hoàn Kiếm 01',
    },
  },
  network: {
    deviceId: 'wan-00001',
    report: {
      dateObserved: '2026-11-27T08:15:00+07:00',
      kind: 'commune_node',
      communeCode: '00001',
      expectedIntervalSeconds: 60,
      status: 'ok',
      latencyMs: 18,
      uptimeSeconds: 864000,
    },
  },
};
