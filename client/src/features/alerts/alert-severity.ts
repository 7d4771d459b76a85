import type { AlarmState, IncidentState } from '../../../../protocol/index.js';

/**
 * One severity scale for everything the alerts list shows. Incidents use all five levels (FIWARE
 * Alert); the server's alarms use low, medium and high of the same names, so they sit on the same
 * rungs: a faulty signal on a power cut (high) ranks with a high-severity crash.
 */
export const ALERT_SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Higher is worse: critical 4 > high 3 > medium 2 > low 1 > informational 0. */
export const ALERT_SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = {
  informational: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

const isAlertSeverity = (value: string): value is AlertSeverity => value in ALERT_SEVERITY_RANK;

/**
 * An incident's or an alarm's severity on the common scale. A value this console does not know
 * (a newer server) counts as medium: it still sounds, without drowning out a critical one.
 */
export function toAlertSeverity(value: IncidentState['severity'] | AlarmState['severity'] | string): AlertSeverity {
  return isAlertSeverity(value) ? value : 'medium';
}
