import type { IncidentState } from '../../../../protocol/index.js';

/**
 * Severities of an incident, lowest first: one colour each, shared by the map, the legend and the
 * counts. A cool grey-blue for informational reports, then yellow to red as it gets worse.
 */
export const INCIDENT_SEVERITIES = [
  'informational',
  'low',
  'medium',
  'high',
  'critical',
] as const satisfies readonly IncidentState['severity'][];
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const SEVERITY_COLOURS: Record<IncidentSeverity, string> = {
  informational: '#94a3b8',
  low: '#fde047',
  medium: '#fb923c',
  high: '#ef4444',
  critical: '#f43f5e',
};

/** Drawing order and size step: a worse incident is drawn above and larger. */
export const SEVERITY_RANK: Record<IncidentSeverity, number> = {
  informational: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

export const INCIDENT_CATEGORIES = [
  'traffic',
  'fire',
  'health',
  'security',
  'naturalDisaster',
  'environment',
  'infrastructure',
  'other',
] as const satisfies readonly IncidentState['category'][];

/**
 * Sub-categories the console names in the operator's language (the FIWARE Alert values the hotlines
 * and the CAP mapping use); any other is shown as sent, as text.
 */
export const KNOWN_SUB_CATEGORIES: ReadonlySet<string> = new Set([
  'carAccident',
  'trafficJam',
  'trafficInjury',
  'brokenDownVehicle',
  'houseFire',
  'shopFire',
  'vehicleFire',
  'wasteFire',
  'electricalFire',
  'gasLeak',
  'elevatorRescue',
  'structureCollapse',
  'flooding',
  'fallenTree',
  'injury',
  'fall',
  'stroke',
  'cardiac',
  'poisoning',
  'pediatric',
  'childbirth',
  'fight',
  'snatchTheft',
  'suspiciousPerson',
  'publicDisorder',
  'domesticViolence',
]);

/** Whether a report repeats another incident (same kind, close in place and time). */
export const isDuplicate = (s: IncidentState): boolean => s.duplicateOf !== null;
