import { z } from 'zod';
import { dateTimeSchema } from './traffic.schema.js';

/**
 * `POST /api/v1/feeds/backlog`: administrative dossiers of one commune and sector, as the public-
 * service systems count them: received, in progress, resolved, overdue, and how many were submitted
 * online (level 3/4 services; the 2016 target was 70%). Commune + sector + dateObserved is the
 * idempotency key. Citizen requests from Open311 count under the sector `citizen`.
 */
export const BACKLOG_SECTORS = [
  'justice',
  'land',
  'construction',
  'business',
  'civil_status',
  'social',
  'transport',
  'health',
  'citizen',
  'other',
] as const;
export const backlogSectorSchema = z.enum(BACKLOG_SECTORS);
export type BacklogSector = z.infer<typeof backlogSectorSchema>;

const count = z.number().int().min(0).max(1_000_000);

export const backlogReportSchema = z
  .object({
    dateObserved: dateTimeSchema.describe('When the figures were taken (ISO 8601 with offset)'),
    communeCode: z.string().regex(/^\d{5}$/, 'a 5-digit GSO commune code'),
    sector: backlogSectorSchema,
    received: count.describe('Dossiers received in the period'),
    inProgress: count.describe('Dossiers being processed'),
    resolved: count.describe('Dossiers resolved in the period'),
    overdue: count.describe('Dossiers past their legal deadline'),
    submittedOnline: count.describe('Of the received, how many were submitted online'),
  })
  .refine((r) => r.submittedOnline <= r.received, {
    message: 'submittedOnline cannot exceed received',
    path: ['submittedOnline'],
  });

export type BacklogReport = z.infer<typeof backlogReportSchema>;

export const backlogExample: z.input<typeof backlogReportSchema> = {
  dateObserved: '2026-11-27T17:00:00+07:00',
  communeCode: '00001',
  sector: 'justice',
  received: 48,
  inProgress: 12,
  resolved: 35,
  overdue: 2,
  submittedOnline: 36,
};

/** The latest figures of one commune and sector, as consoles receive them. */
export interface BacklogState {
  seq: number;
  /** `<communeCode>:<sector>` */
  id: string;
  communeCode: string;
  districtCode: string | null;
  sector: BacklogSector;
  dateObserved: string;
  received: number;
  inProgress: number;
  resolved: number;
  overdue: number;
  submittedOnline: number;
}
