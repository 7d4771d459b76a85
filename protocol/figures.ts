import { z } from 'zod';
import type { DeviceFeed } from './devices.schema.js';
import type { IncidentReport } from './incidents.schema.js';

/**
 * "Figures at a glance": six numbers the control room watches, each with a short history. The
 * server samples them every FIGURES_EVERY_MS, keeps the samples for 7 days and pushes each one to
 * the `figures` room.
 */
export const FIGURES_ROOM = 'figures';

/** The 2016 target for administrative dossiers submitted online (level 3/4 public services). */
export const ONLINE_SUBMISSION_TARGET = 0.7;

export type IncidentSeverity = IncidentReport['severity'];

export interface Figures {
  /** Incidents not closed, duplicates left out (a duplicate is the same event reported again). */
  openIncidents: { total: number; bySeverity: Record<IncidentSeverity, number> };
  /**
   * Median seconds from an incident's arrival to its acknowledgement, over incidents acknowledged in
   * the last hour; null when none was.
   */
  timeToAcknowledge: { medianSeconds: number | null; acknowledged: number };
  /**
   * Share of road segments that are slow now: every detector on the segment last read under the
   * congestion alarm's threshold (15 km/h). `index` is null when no segment has a reading.
   */
  congestion: { index: number | null; slowSegments: number; segments: number };
  /** Today's dossiers (Hanoi time) submitted online, city-wide, against the target; null share when none received. */
  onlineSubmission: { share: number | null; target: number; submittedOnline: number; received: number };
  /** Dossiers past their legal deadline: the latest figure of every commune and sector, summed. */
  overdueDossiers: { total: number };
  /** Devices silent (not heard from in time) or reporting offline, by feed, out of the devices known. */
  devicesOffline: { total: number; byFeed: Record<DeviceFeed, { offline: number; devices: number }> };
}

/** One sample: the figures at a moment. */
export interface FiguresSample {
  at: string;
  figures: Figures;
}

/** What `figures:updated` carries: the newest sample, and how often samples come. */
export interface FiguresState {
  at: string;
  current: Figures;
  /** Milliseconds between samples (FIGURES_EVERY_MS). */
  everyMs: number;
}

/** The answer of `figures:subscribe` and `GET /api/v1/figures`: the figures now and their recent samples. */
export interface FiguresSnapshot extends FiguresState {
  /** Samples of the last `hours`, oldest first. */
  history: FiguresSample[];
}

export const FIGURES_HISTORY_MAX_HOURS = 24;
export const figuresRequestSchema = z.object({
  hours: z.number().positive().max(FIGURES_HISTORY_MAX_HOURS).default(2),
});
export type FiguresRequest = z.input<typeof figuresRequestSchema>;
