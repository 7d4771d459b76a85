import { z } from 'zod';
import type { CrimeReport } from './crime.schema.js';
import type { IncidentState } from './incidents.schema.js';
import type { TrafficState } from './traffic.state.js';

/**
 * The press wall (`/wall`): a read-only view for the press and TV screens. No personal data, no
 * internal notes (descriptions, addresses, who acknowledged), crime only as district totals.
 * `wall:subscribe {}` (permission `wall.view`) joins the room `wall` and answers a WallSnapshot;
 * frames follow on `wall:traffic`, `wall:incidents`, `wall:crime` and `wall:backlog`. The wall has no
 * resume: after a reconnect it subscribes again and takes a fresh snapshot.
 */
export const WALL_ROOM = 'wall';

export const wallSubscribeRequestSchema = z.object({});
export type WallSubscribeRequest = z.infer<typeof wallSubscribeRequestSchema>;

/** An incident as the wall shows it: what, how bad, roughly where (about 100 m), when. */
export interface WallIncident {
  seq: number;
  id: string;
  category: IncidentState['category'];
  subCategory: string | null;
  severity: IncidentState['severity'];
  status: IncidentState['status'];
  /** [lon, lat] rounded to 3 decimals, or null. */
  position: [number, number] | null;
  districtCode: string | null;
  dateIssued: string;
  duplicateOf: string | null;
}

/** Crime reports of one district observed in the last 24 hours, counted; never one report. */
export interface CrimeDistrictTotal {
  districtCode: string;
  total: number;
  byCategory: Partial<Record<CrimeReport['category'], number>>;
}

/** The latest dossier figures of one district, summed over its communes and sectors. */
export interface DistrictBacklog {
  districtCode: string;
  received: number;
  inProgress: number;
  resolved: number;
  overdue: number;
  submittedOnline: number;
  /** submittedOnline / received, 0..1 to 3 decimals; null when nothing was received. */
  onlineShare: number | null;
}

export interface WallSnapshot {
  traffic: TrafficState[];
  /** Open incidents. */
  incidents: WallIncident[];
  /** Every district with a crime report in the last 24 hours. */
  crime: CrimeDistrictTotal[];
  /** Every district with backlog figures. */
  backlog: DistrictBacklog[];
}
