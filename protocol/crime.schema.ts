import { z } from 'zod';
import { addressSchema } from './incidents.schema.js';
import { dateTimeSchema, geoPointSchema } from './traffic.schema.js';

/**
 * `POST /api/v1/feeds/crime`: crime reports from the police. The exact location, the description
 * and the persons involved are personal data: stored, and shown only to roles allowed to see them.
 * Consoles receive the category, status and a generalised position. Agency + externalId is the
 * idempotency key; posting the same report with a new status updates it.
 */
export const crimeCategorySchema = z.enum([
  'theft',
  'robbery',
  'burglary',
  'assault',
  'fraud',
  'drugs',
  'vandalism',
  'public_order',
  'other',
]);
export const crimeStatusSchema = z.enum(['reported', 'investigating', 'solved', 'closed']);
/** public: position to about 100 m; restricted: about 1 km; confidential: the district only. */
export const privacyLevelSchema = z.enum(['public', 'restricted', 'confidential']);

export const crimeReportSchema = z.object({
  externalId: z.string().min(1).max(100).describe("The police system's case reference"),
  dateObserved: dateTimeSchema.describe('When the offence happened (ISO 8601 with offset)'),
  category: crimeCategorySchema,
  status: crimeStatusSchema.default('reported'),
  privacy: privacyLevelSchema.default('restricted'),
  location: geoPointSchema.describe('Exact place: kept for authorised roles only'),
  address: addressSchema.optional(),
  description: z.string().normalize('NFC').min(1).max(2000).optional().describe('Kept for authorised roles only'),
  persons: z
    .array(
      z.object({
        role: z.enum(['victim', 'suspect', 'witness', 'reporter']),
        name: z.string().normalize('NFC').min(1).max(120).optional(),
        phone: z.string().normalize('NFC').max(30).optional(),
      }),
    )
    .max(20)
    .optional()
    .describe('Personal data: kept for authorised roles only'),
});

export type CrimeReport = z.infer<typeof crimeReportSchema>;

export const crimeExample: z.input<typeof crimeReportSchema> = {
  externalId: 'CAHN-2026-118734',
  dateObserved: '2026-11-27T21:40:00+07:00',
  category: 'theft',
  status: 'reported',
  privacy: 'restricted',
  location: { type: 'Point', coordinates: [105.8521, 21.0333] },
  address: { streetAddress: 'Hàng Đào', addressRegion: 'Hoàn Kiếm' },
  description: 'Mất xe máy Honda Wave trước số nhà 32.',
  persons: [{ role: 'victim', name: 'Trần Thị B', phone: '0987 654 321' }],
};

/** What consoles receive of a crime report: no exact place, no description, no persons. */
export interface CrimeState {
  seq: number;
  id: string;
  category: CrimeReport['category'];
  status: CrimeReport['status'];
  privacy: CrimeReport['privacy'];
  districtCode: string | null;
  /** Generalised per the privacy level: about 100 m, about 1 km, or the district's label point. */
  position: [number, number] | null;
  precision: '100m' | '1km' | 'district';
  dateObserved: string;
}

/**
 * `GET /api/v1/crime/<id>` (permission `crime.exact`): one report as a supervisor may see it, on
 * demand. Every read is written to the audit log (who, which report, when). The persons are never
 * here: names, phones and other personal data stay on the server.
 */
export interface CrimeDetail {
  id: string;
  /** The police system's case reference, and the agency that posted it. */
  agency: string;
  externalId: string;
  category: CrimeReport['category'];
  status: CrimeReport['status'];
  privacy: CrimeReport['privacy'];
  districtCode: string | null;
  /** The exact place the police recorded, [lon, lat]. */
  position: [number, number];
  address: CrimeReport['address'] | null;
  description: string | null;
  dateObserved: string;
  receivedAt: string;
  updatedAt: string;
}
