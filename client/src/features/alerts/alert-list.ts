import type { AlarmState, AlertKind, IncidentState, LonLat } from '../../../../protocol/index.js';
import { KNOWN_SUB_CATEGORIES } from '../incidents/incident-classes.js';
import { ALERT_SEVERITY_RANK, toAlertSeverity, type AlertSeverity } from './alert-severity.js';

/** A translated text (an i18n key and its values), or text as it was sent (shown as text). */
export type AlertText = { key: string; params?: Record<string, string> } | { text: string };

/** One row of the alerts list: an incident (not a duplicate) or an open alarm. */
export interface AlertItem {
  /** `incident:INC-0000042`, `alarm:17`: unique across both kinds. */
  key: string;
  kind: AlertKind;
  id: string;
  severity: AlertSeverity;
  /** What it is: the incident's category or the alarm's kind (an i18n key). */
  title: AlertText;
  /** A second line: the incident's sub-category, the alarm's source; null when there is none. */
  detail: AlertText | null;
  districtCode: string | null;
  /** Where the map flies to; null while unknown (an alarm whose device has not reported a place). */
  position: LonLat | null;
  /** When the centre got it: an incident's receivedAt, an alarm's raisedAt (ISO 8601). */
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** Reports linked to this incident as duplicates, shown as "+N" on it. */
  duplicates: number;
}

export const alertKey = (kind: AlertKind, id: string): string => `${kind}:${id}`;
export const isAcknowledgedAlert = (a: Pick<AlertItem, 'acknowledgedAt'>): boolean => a.acknowledgedAt !== null;

/** Where an alarm is and in which district, as the caller can tell (device positions, the geography). */
export type AlarmPlace = (alarm: AlarmState) => { position: LonLat | null; districtCode: string | null };

const time = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

/**
 * The list's order: unacknowledged first, then the worst severity, then the newest; the key last,
 * so the same alerts always come out in the same order.
 */
export function compareAlerts(a: AlertItem, b: AlertItem): number {
  const acked = Number(isAcknowledgedAlert(a)) - Number(isAcknowledgedAlert(b));
  if (acked !== 0) return acked;
  const severity = ALERT_SEVERITY_RANK[b.severity] - ALERT_SEVERITY_RANK[a.severity];
  if (severity !== 0) return severity;
  const newest = time(b.raisedAt) - time(a.raisedAt);
  if (newest !== 0) return newest;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function incidentItem(s: IncidentState, duplicates: number): AlertItem {
  let detail: AlertText | null = null;
  if (s.subCategory)
    detail = KNOWN_SUB_CATEGORIES.has(s.subCategory)
      ? { key: `incidents.subCategory.${s.subCategory}` }
      : { text: s.subCategory };
  return {
    key: alertKey('incident', s.id),
    kind: 'incident',
    id: s.id,
    severity: toAlertSeverity(s.severity),
    title: { key: `incidents.category.${s.category}` },
    detail,
    districtCode: s.districtCode,
    position: s.position,
    raisedAt: s.receivedAt || s.dateIssued,
    acknowledgedAt: s.acknowledgedAt ?? null,
    acknowledgedBy: s.acknowledgedBy ?? null,
    duplicates,
  };
}

function alarmItem(a: AlarmState, place: AlarmPlace): AlertItem {
  const { position, districtCode } = place(a);
  return {
    key: alertKey('alarm', a.id),
    kind: 'alarm',
    id: a.id,
    severity: toAlertSeverity(a.severity),
    title: { key: `alarms.kind.${a.kind}` },
    detail: { key: `alarms.source.${a.source.feed}`, params: { id: a.source.id } },
    districtCode,
    position,
    raisedAt: a.raisedAt,
    acknowledgedAt: a.acknowledgedAt ?? null,
    acknowledgedBy: a.acknowledgedBy ?? null,
    duplicates: 0,
  };
}

/**
 * The alerts list: open alarms and incidents, sorted (`compareAlerts`). A duplicate report is not a
 * row of its own: it counts on its primary ("+N"). A duplicate whose primary this console does not
 * hold (closed, or not received yet) is listed, so that nothing goes unseen.
 */
export function buildAlerts(
  incidents: Iterable<IncidentState>,
  alarms: Iterable<AlarmState>,
  place: AlarmPlace,
): AlertItem[] {
  const byId = new Map<string, IncidentState>();
  for (const s of incidents) byId.set(s.id, s);
  const duplicates = new Map<string, number>();
  for (const s of byId.values())
    if (s.duplicateOf !== null && byId.has(s.duplicateOf))
      duplicates.set(s.duplicateOf, (duplicates.get(s.duplicateOf) ?? 0) + 1);
  const items: AlertItem[] = [];
  for (const s of byId.values()) {
    if (s.duplicateOf !== null && byId.has(s.duplicateOf)) continue;
    items.push(incidentItem(s, duplicates.get(s.id) ?? 0));
  }
  for (const a of alarms) if (a.clearedAt === null) items.push(alarmItem(a, place));
  return items.sort(compareAlerts);
}
