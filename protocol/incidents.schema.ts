import { z } from 'zod';
import type { IncidentPriority, IncidentStatus, StatusTimes } from './lifecycle.js';
import { dateTimeSchema, geoPointSchema } from './traffic.schema.js';

/**
 * `POST /api/v1/feeds/incidents`: a report from the 113 (police), 114 (fire and rescue) and 115
 * (ambulance) hotlines or another agency. Field names follow the FIWARE Alert data model. The same
 * endpoint accepts CAP 1.2 XML alerts (Content-Type application/cap+xml), mapped to these fields.
 * Agency + externalId is the idempotency key: a report posted twice is stored once.
 */
export const incidentCategorySchema = z.enum([
  'traffic',
  'fire',
  'health',
  'security',
  'naturalDisaster',
  'environment',
  'infrastructure',
  'other',
]);
export const incidentSeveritySchema = z.enum(['informational', 'low', 'medium', 'high', 'critical']);
export const incidentSourceSchema = z.enum(['113', '114', '115', 'agency', 'citizen', 'cap']);

export const addressSchema = z.object({
  streetAddress: z.string().normalize('NFC').min(1).max(200).optional(),
  /** Commune (phường/xã/thị trấn) name. */
  addressLocality: z.string().normalize('NFC').min(1).max(100).optional(),
  /** District (quận/huyện/thị xã) name, e.g. "Hoàn Kiếm". */
  addressRegion: z.string().normalize('NFC').min(1).max(100).optional(),
});

export const reporterSchema = z.object({
  name: z.string().normalize('NFC').min(1).max(120).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 .-]{3,20}$/, 'a phone number')
    .optional(),
  email: z.email().max(200).optional(),
});

export const incidentReportSchema = z
  .object({
    externalId: z.string().min(1).max(100).describe("The agency's own reference for the report (call id)"),
    dateIssued: dateTimeSchema.describe('When the report was made (ISO 8601 with offset)'),
    category: incidentCategorySchema,
    subCategory: z.string().normalize('NFC').min(1).max(60).optional().describe('e.g. carAccident, houseFire, injury'),
    severity: incidentSeveritySchema,
    description: z.string().normalize('NFC').min(1).max(2000),
    alertSource: incidentSourceSchema.describe('113, 114, 115, agency, citizen or cap'),
    location: geoPointSchema.optional().describe('GeoJSON Point [lon, lat]; either location or address is required'),
    address: addressSchema.optional(),
    reporter: reporterSchema.optional().describe('Personal data: kept for authorised roles only'),
  })
  .refine(
    (r) =>
      r.location !== undefined || r.address?.addressRegion !== undefined || r.address?.addressLocality !== undefined,
    {
      message: 'a location or an address with a district (addressRegion) or commune (addressLocality) is required',
      path: ['location'],
    },
  );

export type IncidentReport = z.infer<typeof incidentReportSchema>;

export const incidentExample: z.input<typeof incidentReportSchema> = {
  externalId: '113-20261127-000812',
  dateIssued: '2026-11-27T08:15:00+07:00',
  category: 'traffic',
  subCategory: 'carAccident',
  severity: 'high',
  description: 'Va chạm giữa xe tải và xe máy trên đường Trường Chinh, một người bị thương.',
  alertSource: '113',
  location: { type: 'Point', coordinates: [105.8245, 21.0105] },
  address: { streetAddress: 'Trường Chinh', addressRegion: 'Đống Đa' },
  reporter: { name: 'Nguyễn Văn A', phone: '0912 345 678' },
};

/**
 * The live state of one incident, as consoles receive it. Personal data (the reporter) and the
 * internal notes are not here (viewers receive it too): notes are in the incident's timeline.
 */
export interface IncidentState {
  seq: number;
  id: string;
  /** +1 with every change; `incidents:update` must name the version it was made against. */
  version: number;
  agency: string;
  externalId: string;
  category: IncidentReport['category'];
  subCategory: string | null;
  severity: IncidentReport['severity'];
  /** Lifecycle (lifecycle.ts): new until an operator acknowledges it, then dispatched ... closed. */
  status: IncidentStatus;
  /** When it last entered each status after new. */
  statusTimes: StatusTimes;
  /** 1 (most urgent) to 5; from the severity at first, then set by dispatchers. */
  priority: IncidentPriority;
  /** How many internal notes it has (their text is in the timeline, for operators and up). */
  noteCount: number;
  description: string;
  alertSource: IncidentReport['alertSource'];
  position: [number, number] | null;
  /** True when the position was derived from the address (a district or commune), not reported. */
  positionApproximate: boolean;
  address: IncidentReport['address'] | null;
  districtCode: string | null;
  dateIssued: string;
  receivedAt: string;
  /** The incident this one duplicates, or null: linked on arrival (same kind, near in place and time) or by hand. */
  duplicateOf: string | null;
  /** When an operator first acknowledged it, and their display name; null until then. */
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}
