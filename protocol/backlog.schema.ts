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

/** The most reports one `POST /api/v1/feeds/backlog` may carry as a JSON array. */
export const BACKLOG_BATCH_MAX = 5000;

/**
 * What the backlog feed accepts: one report, or a JSON array of 1 to BACKLOG_BATCH_MAX reports (a
 * commune's or a district's figures of one hour), validated all-or-nothing and stored in one
 * statement. The feed checks the array's length before its items, so an oversized batch gets one
 * clear reason; this schema documents the body (it is the feed catalog's JSON Schema).
 */
export const backlogBodySchema = z
  .union([backlogReportSchema, z.array(backlogReportSchema).min(1).max(BACKLOG_BATCH_MAX)])
  .describe(
    `One report, or a JSON array of 1 to ${BACKLOG_BATCH_MAX} reports stored all-or-nothing ` +
      '(an invalid item rejects the whole array, naming each field as [index].field)',
  );

/** The 202 answer to a batch: how many reports it carried, how many were new, how many already stored. */
export interface BacklogBatchAccepted {
  accepted: true;
  count: number;
  stored: number;
  duplicates: number;
}

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
