import type { AlarmKind, AlarmState, CrimeState, IncidentState } from '../../../../protocol/index.js';
import { ALARM_KINDS } from '../alarms/alarm-classes.js';
import { BACKLOG_CLASSES, backlogClass, type BacklogClass, type CommuneBacklog } from '../backlog/backlog-classes.js';
import { CRIME_GROUPS, crimeGroup, type CrimeGroup } from '../crime/crime-classes.js';
import { INCIDENT_SEVERITIES, isDuplicate, type IncidentSeverity } from '../incidents/incident-classes.js';

/**
 * The legends' counts over a filtered selection, with the same classes the stores count by (and the
 * map draws by), so a legend and its layer never disagree.
 */

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function countIncidents(items: Iterable<IncidentState>) {
  const bySeverity = zeros<IncidentSeverity>(INCIDENT_SEVERITIES);
  let duplicates = 0;
  let size = 0;
  for (const s of items) {
    size++;
    if (isDuplicate(s)) duplicates++;
    else if (s.severity in bySeverity) bySeverity[s.severity]++;
  }
  return { size, counts: { bySeverity, duplicates } };
}

export function countAlarms(items: Iterable<AlarmState>) {
  const countsByKind = zeros<AlarmKind>(ALARM_KINDS);
  let size = 0;
  for (const a of items) {
    size++;
    if (a.kind in countsByKind) countsByKind[a.kind]++;
  }
  return { size, countsByKind };
}

export function countCrime(items: Iterable<CrimeState>) {
  const countsByGroup = zeros<CrimeGroup>(CRIME_GROUPS);
  const countsByDistrict = new Map<string, number>();
  let size = 0;
  for (const c of items) {
    size++;
    countsByGroup[crimeGroup(c)]++;
    if (c.districtCode) countsByDistrict.set(c.districtCode, (countsByDistrict.get(c.districtCode) ?? 0) + 1);
  }
  return { size, countsByGroup, countsByDistrict };
}

export function countBacklog(communes: Iterable<CommuneBacklog>) {
  const kept = new Map<string, CommuneBacklog>();
  const countsByClass = zeros<BacklogClass>(BACKLOG_CLASSES);
  let overdue = 0;
  let communesWithOverdue = 0;
  for (const c of communes) {
    kept.set(c.communeCode, c);
    countsByClass[backlogClass(c)]++;
    overdue += c.overdue;
    if (c.overdue > 0) communesWithOverdue++;
  }
  return {
    communes: kept as ReadonlyMap<string, CommuneBacklog>,
    countsByClass,
    totals: { overdue, communesWithOverdue },
  };
}

/** Counts per class of GeoJSON features (a traffic or device layer's, as drawn). */
export function countFeatures<K extends string>(
  classes: readonly K[],
  features: ReadonlyArray<{ properties: { cls: K } }>,
): { size: number; counts: Record<K, number> } {
  const counts = zeros(classes);
  for (const f of features) if (f.properties.cls in counts) counts[f.properties.cls]++;
  return { size: features.length, counts };
}
