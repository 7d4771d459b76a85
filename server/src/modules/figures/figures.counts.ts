import {
  DEVICE_FEEDS,
  ONLINE_SUBMISSION_TARGET,
  incidentSeveritySchema,
  type DeviceFeed,
  type Figures,
  type IncidentSeverity,
} from '../../../../protocol/index.js';

/**
 * What the database measures for one sample, as stored in `figure_samples.figures`: counts only.
 * The figures (shares, totals, zeros for what was not seen) are derived from them in one place, so
 * a stored sample and the live figures read the same way.
 */
export interface FigureCounts {
  /** Open incidents (duplicates left out) per severity; a severity with none is absent. */
  incidents: Partial<Record<string, number>>;
  acknowledge: { medianSeconds: number | null; acknowledged: number };
  congestion: { slow: number; segments: number };
  backlog: { received: number; submittedOnline: number; overdue: number };
  /** Per feed that has devices: how many are silent or report offline, out of how many. */
  devices: Partial<Record<string, { offline: number; devices: number }>>;
}

const SEVERITIES = incidentSeveritySchema.options;

/** A share in [0, 1], or null when there is nothing to divide by. */
export const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The console's figures from one sample's counts; what a sample lacks reads as zero (or null). */
export function figuresFromCounts(c: Partial<FigureCounts>): Figures {
  const incidents = c.incidents ?? {};
  const devices = c.devices ?? {};
  const acknowledge = c.acknowledge ?? { medianSeconds: null, acknowledged: 0 };
  const congestion = c.congestion ?? { slow: 0, segments: 0 };
  const backlog = c.backlog ?? { received: 0, submittedOnline: 0, overdue: 0 };
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, incidents[s] ?? 0])) as Record<
    IncidentSeverity,
    number
  >;
  const byFeed = Object.fromEntries(
    DEVICE_FEEDS.map((f) => [f, { offline: devices[f]?.offline ?? 0, devices: devices[f]?.devices ?? 0 }]),
  ) as Record<DeviceFeed, { offline: number; devices: number }>;
  return {
    openIncidents: { total: SEVERITIES.reduce((n, s) => n + bySeverity[s], 0), bySeverity },
    timeToAcknowledge: {
      medianSeconds: acknowledge.medianSeconds,
      acknowledged: acknowledge.acknowledged,
    },
    congestion: {
      index: share(congestion.slow, congestion.segments),
      slowSegments: congestion.slow,
      segments: congestion.segments,
    },
    onlineSubmission: {
      share: share(backlog.submittedOnline, backlog.received),
      target: ONLINE_SUBMISSION_TARGET,
      submittedOnline: backlog.submittedOnline,
      received: backlog.received,
    },
    overdueDossiers: { total: backlog.overdue },
    devicesOffline: { total: DEVICE_FEEDS.reduce((n, f) => n + byFeed[f].offline, 0), byFeed },
  };
}
