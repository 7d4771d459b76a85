import type { CrimeDistrictTotal, DistrictBacklog, TrafficState, WallIncident } from '../../../protocol/index.js';
import { ONLINE_TARGET } from '../features/backlog/backlog-classes.js';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_SEVERITIES,
  SEVERITY_RANK,
  type IncidentSeverity,
} from '../features/incidents/incident-classes.js';
import { speedClass } from '../features/traffic/speed.js';

/**
 * What the wall's panels show, computed from the wall's state: pure functions, no Vue, so they are
 * tested on their own (tests/unit/client-wall.test.ts).
 */

export type SeverityCounts = Record<IncidentSeverity, number>;
export interface IncidentCategoryRow {
  category: WallIncident['category'];
  total: number;
  bySeverity: SeverityCounts;
}
export interface IncidentSummary {
  total: number;
  bySeverity: SeverityCounts;
  /** Categories with at least one incident: the most first, then the worst. */
  rows: IncidentCategoryRow[];
}

const noSeverities = (): SeverityCounts => Object.fromEntries(INCIDENT_SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
const worst = (c: SeverityCounts): number =>
  Math.max(-1, ...INCIDENT_SEVERITIES.filter((s) => c[s] > 0).map((s) => SEVERITY_RANK[s]));

/** Open incidents by category and severity; a duplicate report is the same event and is left out. */
export function incidentSummary(incidents: Iterable<WallIncident>): IncidentSummary {
  const bySeverity = noSeverities();
  const rows = new Map<WallIncident['category'], IncidentCategoryRow>();
  let total = 0;
  for (const i of incidents) {
    if (i.duplicateOf !== null || !(i.severity in bySeverity)) continue;
    total++;
    bySeverity[i.severity]++;
    let row = rows.get(i.category);
    if (!row) rows.set(i.category, (row = { category: i.category, total: 0, bySeverity: noSeverities() }));
    row.total++;
    row.bySeverity[i.severity]++;
  }
  const order = (c: string) => (INCIDENT_CATEGORIES as readonly string[]).indexOf(c);
  return {
    total,
    bySeverity,
    rows: [...rows.values()].sort(
      (a, b) => b.total - a.total || worst(b.bySeverity) - worst(a.bySeverity) || order(a.category) - order(b.category),
    ),
  };
}

export interface CrimeSummary {
  total: number;
  /** Districts with at least one report, the most first. */
  ranked: CrimeDistrictTotal[];
  /** The highest district total (the top of the map's colour scale); 0 when none. */
  max: number;
}

export function crimeSummary(totals: Iterable<CrimeDistrictTotal>): CrimeSummary {
  const ranked = [...totals]
    .filter((c) => c.total > 0)
    .sort((a, b) => b.total - a.total || a.districtCode.localeCompare(b.districtCode));
  return { total: ranked.reduce((s, c) => s + c.total, 0), ranked, max: ranked[0]?.total ?? 0 };
}

export interface BacklogSummary {
  received: number;
  submittedOnline: number;
  overdue: number;
  /** City-wide share submitted online, 0..1; null when nothing was received. */
  onlineShare: number | null;
  /** Districts with dossiers received, and how many of them are under the 70% target. */
  districts: number;
  belowTarget: number;
  /** Districts with the most overdue dossiers first, then the lowest online share. */
  ranked: DistrictBacklog[];
}

export const onTarget = (share: number | null): boolean | null => (share === null ? null : share >= ONLINE_TARGET);

export function backlogSummary(districts: Iterable<DistrictBacklog>): BacklogSummary {
  let received = 0;
  let submittedOnline = 0;
  let overdue = 0;
  let withDossiers = 0;
  let belowTarget = 0;
  const list = [...districts];
  for (const d of list) {
    received += d.received;
    submittedOnline += d.submittedOnline;
    overdue += d.overdue;
    if (d.onlineShare === null) continue;
    withDossiers++;
    if (!onTarget(d.onlineShare)) belowTarget++;
  }
  const share = (d: DistrictBacklog) => d.onlineShare ?? 2;
  return {
    received,
    submittedOnline,
    overdue,
    onlineShare: received > 0 ? submittedOnline / received : null,
    districts: withDossiers,
    belowTarget,
    ranked: list.sort(
      (a, b) => b.overdue - a.overdue || share(a) - share(b) || a.districtCode.localeCompare(b.districtCode),
    ),
  };
}

/** The corridor a detector's segment belongs to (`<corridorId>:<index>`). */
export const corridorOf = (segmentId: string): string => segmentId.split(':')[0] ?? segmentId;

export interface CorridorSpeed {
  corridorId: string;
  /** One of its segments, to name the road. */
  segmentId: string;
  /** Mean of its detectors' last speeds, km/h. */
  speed: number;
  detectors: number;
  /** Its detectors under 15 km/h (congested). */
  congested: number;
}

export interface TrafficSummary {
  /** Detectors that report a speed, and those of them under 15 km/h. */
  detectors: number;
  congested: number;
  /** Mean of every detector's last speed, km/h; null when none reports one. */
  meanSpeed: number | null;
  /** Corridors by mean speed, the slowest first. */
  corridors: CorridorSpeed[];
}

const hasSpeed = (t: TrafficState): t is TrafficState & { speed: number } =>
  t.speed !== null && Number.isFinite(t.speed);

export function trafficSummary(detectors: Iterable<TrafficState>): TrafficSummary {
  const corridors = new Map<string, CorridorSpeed & { sum: number }>();
  let count = 0;
  let congested = 0;
  let total = 0;
  for (const d of detectors) {
    if (!hasSpeed(d)) continue;
    const jam = speedClass(d.speed) === 'jam';
    count++;
    total += d.speed;
    if (jam) congested++;
    if (d.segmentId === null) continue;
    const id = corridorOf(d.segmentId);
    let c = corridors.get(id);
    if (!c)
      corridors.set(id, (c = { corridorId: id, segmentId: d.segmentId, speed: 0, sum: 0, detectors: 0, congested: 0 }));
    c.sum += d.speed;
    c.detectors++;
    if (jam) c.congested++;
  }
  const list = [...corridors.values()].map(({ sum, ...c }) => ({ ...c, speed: sum / c.detectors }));
  list.sort((a, b) => a.speed - b.speed || a.corridorId.localeCompare(b.corridorId));
  return { detectors: count, congested, meanSpeed: count > 0 ? total / count : null, corridors: list };
}

/**
 * Corridors that carry the same name on the wall (the two carriageways of a ring road, say) as one
 * road: their detectors together, the mean weighted by detectors. Still the slowest first.
 */
export function roadsByName(
  corridors: readonly CorridorSpeed[],
  nameOf: (c: CorridorSpeed) => string,
): Array<CorridorSpeed & { name: string }> {
  const roads = new Map<string, CorridorSpeed & { name: string }>();
  for (const c of corridors) {
    const name = nameOf(c);
    const held = roads.get(name);
    if (!held) {
      roads.set(name, { ...c, name });
      continue;
    }
    const detectors = held.detectors + c.detectors;
    held.speed = (held.speed * held.detectors + c.speed * c.detectors) / detectors;
    held.detectors = detectors;
    held.congested += c.congested;
  }
  return [...roads.values()].sort((a, b) => a.speed - b.speed || a.name.localeCompare(b.name));
}

/** The map colours a segment by its detectors' mean speed: the console's rule, shared (features/traffic). */
export { segmentSpeeds } from '../features/traffic/segment-speeds.js';
