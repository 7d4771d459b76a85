import type { LonLat } from './geo.js';

// No zod here: the console imports this file and should not bundle the schemas.

/** The live state of one detector, as the server streams it to consoles. */
export interface TrafficState {
  /** Global sequence number of the stored reading (from the database). */
  seq: number;
  detectorId: string;
  segmentId: string | null;
  observedAt: string;
  intensity: number | null;
  speed: number | null;
  occupancy: number | null;
  /** [lon, lat] of the detector, or null while it has never reported a location. */
  position: LonLat | null;
}

/** Which of two states of the same detector to keep: the newer observation, then the later-stored one. */
export const isNewerTrafficState = (a: TrafficState, b: TrafficState): boolean =>
  a.observedAt > b.observedAt || (a.observedAt === b.observedAt && a.seq > b.seq);
