import { z } from 'zod';
import { HANOI_BOUNDS, inHanoi, type LonLat } from './geo.js';

/**
 * One reading from a road-segment detector, as a device publishes it on
 * `hanoi/traffic/<detectorId>`. Field names follow FIWARE TrafficFlowObserved.
 */
export const geoPointSchema = z.object({
  type: z.literal('Point'),
  coordinates: z
    .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
    .refine((c) => inHanoi(c as LonLat), {
      message: `outside Hanoi (lon ${HANOI_BOUNDS.minLon}..${HANOI_BOUNDS.maxLon}, lat ${HANOI_BOUNDS.minLat}..${HANOI_BOUNDS.maxLat})`,
    }),
});

/** ISO 8601 date-time with an explicit offset or Z, as FIWARE requires. */
export const dateTimeSchema = z.iso.datetime({ offset: true });

export const trafficReadingSchema = z
  .object({
    dateObserved: dateTimeSchema.describe('When the detector observed the values (ISO 8601 with offset)'),
    refRoadSegment: z.string().min(1).max(64).optional().describe('Road segment id from GET /api/v1/geo/segments'),
    intensity: z.number().int().min(0).max(20000).optional().describe('Vehicles per hour'),
    averageVehicleSpeed: z.number().min(0).max(200).optional().describe('km/h'),
    occupancy: z.number().min(0).max(1).optional().describe('Share of time the detector was occupied, 0..1'),
    location: geoPointSchema.optional().describe('GeoJSON Point [lon, lat]; registers a new detector'),
  })
  .refine((r) => r.intensity !== undefined || r.averageVehicleSpeed !== undefined || r.occupancy !== undefined, {
    message: 'at least one measurement is required: intensity, averageVehicleSpeed or occupancy',
    path: ['intensity'],
  });

export type TrafficReading = z.infer<typeof trafficReadingSchema>;

/** Device ids travel in the topic; keep them to safe characters. */
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'device id: 1-64 of A-Z a-z 0-9 _ . : -');

export const trafficExample: TrafficReading = {
  dateObserved: '2026-11-27T08:15:00+07:00',
  refRoadSegment: 'giai_phong_ql1a:0',
  intensity: 1240,
  averageVehicleSpeed: 23.5,
  occupancy: 0.41,
  location: { type: 'Point', coordinates: [105.8412, 21.0245] },
};
