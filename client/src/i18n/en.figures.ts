import type { viFigures } from './vi.figures.js';

/** English texts of the figures at a glance: the same keys as `vi.figures.ts`. */
export const enFigures: typeof viFigures = {
  figures: {
    title: 'Figures at a glance',
    collapse: 'Collapse the figures',
    expand: 'Show the figures',
    updatedAt: 'Updated {time}',
    waiting: 'Waiting for figures…',
    chartRange: 'Charts {from}–{to}',
    collecting: 'Collecting samples…',
    chartLabel: '{title}: chart of {count} samples',
    card: {
      openIncidents: 'Open incidents',
      timeToAcknowledge: 'Time to acknowledge',
      congestion: 'Congestion index',
      onlineSubmission: 'Dossiers submitted online',
      overdueDossiers: 'Overdue dossiers',
      devicesOffline: 'Devices offline',
    },
    detail: {
      severe: '{critical} critical · {high} high',
      acknowledged: 'Median, last hour · {count} acknowledged',
      noneAcknowledged: 'None acknowledged in the last hour',
      slowSegments: '{slow}/{segments} road segments under 15 km/h',
      noSegments: 'No detector readings yet',
      submitted: '{online}/{received} dossiers today',
      noneReceived: 'No dossiers received today',
      overdue: 'All communes and sectors',
      noDevices: 'No devices reporting yet',
      ofDevices: 'of {count} devices',
    },
    target: {
      met: 'Meets the {target} target',
      notMet: 'Below the {target} target',
      line: 'Target {target}',
    },
    feed: {
      signals: 'Signals',
      cameras: 'Cameras',
      units: 'Units',
      network: 'WAN',
    },
    duration: {
      seconds: '{s} s',
      minutes: '{m} min',
      minutesSeconds: '{m} min {s} s',
      hours: '{h} h',
      hoursMinutes: '{h} h {m} min',
    },
  },
};
