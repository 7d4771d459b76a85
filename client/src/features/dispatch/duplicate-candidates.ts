import { isFinalStatus, type IncidentState } from '../../../../protocol/index.js';

/** How many incidents the "mark as duplicate" list offers. */
export const DUPLICATE_CHOICES = 6;
/** Only incidents received this close in time (either side) are offered: a duplicate is a second report of the same event. */
export const DUPLICATE_WINDOW_MS = 24 * 3_600_000;

/** An open incident the open one may be marked a duplicate of. */
export interface DuplicateCandidate {
  incident: IncidentState;
  /** Metres between the two, as the crow flies; null when either has no position. */
  distanceM: number | null;
  sameCategory: boolean;
}

const EARTH_RADIUS_M = 6_371_008.8;
const radians = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres between two [lon, lat] points. */
export function distanceBetween(
  [lon1, lat1]: readonly [number, number],
  [lon2, lat2]: readonly [number, number],
): number {
  const dLat = radians(lat2 - lat1);
  const dLon = radians(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The short list a dispatcher picks the primary incident from: open incidents other than `incident`,
 * received within a day of it, that are not duplicates themselves (the server refuses a duplicate of
 * a duplicate). The same category first, then the nearest (unplaced ones after the placed), then the
 * closest in time.
 */
export function duplicateCandidates(
  incident: IncidentState,
  open: readonly IncidentState[],
  limit = DUPLICATE_CHOICES,
): DuplicateCandidate[] {
  const received = Date.parse(incident.receivedAt);
  const gap = (s: IncidentState) => Math.abs(Date.parse(s.receivedAt) - received);
  return open
    .filter((s) => s.id !== incident.id && s.duplicateOf === null && !isFinalStatus(s.status))
    .filter((s) => gap(s) <= DUPLICATE_WINDOW_MS)
    .map((s) => ({
      incident: s,
      distanceM: s.position && incident.position ? distanceBetween(incident.position, s.position) : null,
      sameCategory: s.category === incident.category,
    }))
    .sort(
      (a, b) =>
        Number(b.sameCategory) - Number(a.sameCategory) ||
        (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) ||
        gap(a.incident) - gap(b.incident) ||
        a.incident.id.localeCompare(b.incident.id),
    )
    .slice(0, limit);
}
