import type { viAlerts } from './vi.alerts.js';

/** English texts of the alerts list and its sound (same keys as `vi.alerts.ts`). */
export const enAlerts: typeof viAlerts = {
  alerts: {
    title: 'Alerts this shift',
    unacknowledged: '{count} not acknowledged',
    empty: 'No open incidents or alarms.',
    more: '{count} more acknowledged, not shown',
    collapse: 'Collapse the alerts list',
    expand: 'Open the alerts list',
    kind: {
      incident: 'Incident',
      alarm: 'Device alarm',
    },
    duplicates: '+{count}',
    duplicatesTitle: 'one more report of the same event | {count} more reports of the same event',
    noDistrict: 'District not known',
    noPlace: 'No position yet',
    showOnMap: 'Show on the map: {what}',
    acknowledge: 'Acknowledge',
    acknowledging: 'Acknowledging…',
    acknowledged: 'Acknowledged: {who} · {at}',
    age: {
      justNow: 'Just now',
      minutes: 'one minute ago | {minutes} minutes ago',
      hours: '{hours} h {minutes} min ago',
      days: 'one day ago | {days} days ago',
    },
    error: {
      forbidden: 'Your role may not acknowledge alerts',
      not_found: 'This alert is no longer open (closed or cleared).',
      offline: 'No connection to the server: not acknowledged, please try again.',
      timeout: 'The server did not answer: please try again.',
      other: 'Could not acknowledge. Please try again.',
    },
    sound: {
      enable: 'Enable alert sound',
      locked: 'The browser holds sound back until the first click',
      unsupported: 'This browser cannot play sound',
      ready: 'Sound ready',
      sounding: 'Sounding: {severity}',
      every: 'every {seconds} s',
      waiting: 'Waiting: {severity}',
      mute: 'Mute for {duration}',
      muted: 'Muted · {remaining} left',
      unmute: 'Unmute',
      minutes: 'one minute | {count} minutes',
      seconds: 'one second | {count} seconds',
    },
  },
};
