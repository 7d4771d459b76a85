import type { AlarmKind, AlarmSeverity } from '../../../../protocol/index.js';

/**
 * The kinds of alarm the server raises from the feeds, each with its own marker shape and colour
 * (map, legend): a congested road, a faulty signal controller, a camera or a WAN node gone quiet.
 */
export const ALARM_KINDS = [
  'congestion',
  'signal_fault',
  'camera_offline',
  'node_offline',
] as const satisfies readonly AlarmKind[];

export const ALARM_COLOURS: Record<AlarmKind, string> = {
  congestion: '#f97316',
  signal_fault: '#ef4444',
  camera_offline: '#38bdf8',
  node_offline: '#c084fc',
};

/** The marker's outline: the console's background, or white for a high-severity alarm. */
export const ALARM_SEVERITY_RANK: Record<AlarmSeverity, number> = { low: 0, medium: 1, high: 2 };
