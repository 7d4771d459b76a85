import { enAlerts } from './en.alerts.js';
import { enAnalysis } from './en.analysis.js';
import { enAudit } from './en.audit.js';
import { enAuth } from './en.auth.js';
import { enReplay } from './en.replay.js';
import { enUsers } from './en.users.js';
import { enConsole } from './en.console.js';
import { enDispatch } from './en.dispatch.js';
import { enEvents } from './en.events.js';
import { enFigures } from './en.figures.js';
import { enWall } from './en.wall.js';
import { enField } from './en.field.js';
import { enUnits } from './en.units.js';
import type { MessageSchema } from './vi.js';

export const en: MessageSchema = {
  app: {
    title: 'Hanoi Operations Centre',
    subtitle: 'Real-time traffic monitoring',
    language: 'Language',
  },
  connection: {
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    connecting: 'Connecting…',
    offline: 'Connection lost',
    syncing: 'syncing',
    detectors: 'detectors',
    lastUpdate: 'Updated',
    never: 'no data yet',
  },
  traffic: {
    legendTitle: 'Average speed',
    segments: 'Roads coloured by the mean speed of the detectors on each segment; grey: no data',
    class: {
      jam: 'Congested · under 15 km/h',
      slow: 'Slow · 15–30 km/h',
      moderate: 'Moderate · 30–45 km/h',
      free: 'Free flow · 45 km/h and above',
      unknown: 'No data',
    },
    popup: {
      detector: 'Detector',
      segment: 'Road segment',
      speed: 'Speed',
      flow: 'Flow',
      occupancy: 'Occupancy',
      observedAt: 'Observed at',
      none: '—',
    },
    unit: {
      speed: '{value} km/h',
      flow: '{value} veh/h',
    },
  },
  layers: {
    panelTitle: 'Map layers',
    show: 'Show the {layer} layer',
    hide: 'Hide the {layer} layer',
    group: {
      devices: 'Traffic and devices',
      events: 'Incidents, safety and services',
    },
    name: {
      traffic: 'Traffic',
      signals: 'Traffic signals',
      cameras: 'Cameras',
      units: 'Response units',
      network: 'Commune WAN',
      incidents: 'Incidents',
      alarms: 'Alarms',
      crime: 'Crime',
      backlog: 'Administrative dossiers',
    },
  },
  devices: {
    popup: {
      id: 'Device id',
      status: 'Status',
      observedAt: 'Last report',
      silent: 'Overdue, nothing heard: the state may have changed',
      none: '—',
    },
    lastKnown: '{state} (last: {last})',
    seconds: '{value} s',
  },
  signals: {
    class: {
      normal: 'Normal',
      flashing: 'Flashing amber',
      manual: 'Manual control',
      fault: 'Fault',
      off: 'Off',
      silent: 'No signal',
    },
    mode: {
      normal: 'Normal',
      flashing: 'Flashing amber',
      manual: 'Manual control',
      off: 'Off',
    },
    fault: {
      lamp_failure: 'Lamp failure',
      power: 'Power failure',
      communication: 'Communication fault',
      detector: 'Detector fault',
      conflict: 'Phase conflict',
      other: 'Other fault',
    },
    popup: {
      kind: 'Traffic signal',
      mode: 'Mode',
      plan: 'Timing plan',
      cycle: 'Cycle',
      faults: 'Faults',
      noFaults: 'None',
    },
  },
  cameras: {
    class: {
      online: 'Online',
      offline: 'Offline',
      silent: 'No signal',
    },
    popup: {
      kind: 'Camera',
      count: 'Vehicles',
      snapshot: 'Snapshot',
      openSnapshot: 'Open the latest image',
    },
    count: '{value} vehicles',
    countPer: '{value} vehicles / {period} s',
  },
  units: {
    kind: {
      police: 'Police',
      fire: 'Fire',
      ambulance: 'Ambulance',
    },
    initial: {
      police: 'P',
      fire: 'F',
      ambulance: 'A',
    },
    class: {
      available: 'Available',
      dispatched: 'Dispatched',
      en_route: 'En route',
      on_scene: 'On scene',
      out_of_service: 'Out of service',
      silent: 'No GPS signal',
    },
    popup: {
      type: 'Service',
      callSign: 'Call sign',
      speed: 'Speed',
      heading: 'Heading',
    },
    compass: {
      n: 'N',
      ne: 'NE',
      e: 'E',
      se: 'SE',
      s: 'S',
      sw: 'SW',
      w: 'W',
      nw: 'NW',
    },
    speed: '{value} km/h',
    heading: '{value}° ({direction})',
  },
  network: {
    class: {
      up: 'Up',
      degraded: 'Degraded',
      down: 'Down',
    },
    kind: {
      commune_node: 'Commune WAN node',
      centre_device: 'Centre device',
    },
    popup: {
      commune: 'Commune code',
      latency: 'Latency',
      uptime: 'Uptime',
      interval: 'Heartbeat period',
    },
    latency: '{value} ms',
    uptimeDays: '{days} d {hours} h',
    uptimeHours: '{hours} h {minutes} min',
  },
  ...enEvents,
  ...enFigures,
  ...enAlerts,
  ...enAnalysis,
  ...enAudit,
  ...enAuth,
  ...enReplay,
  ...enUsers,
  ...enConsole,
  ...enDispatch,
  ...enWall,
  ...enField,
  ...enUnits,
  map: {
    // The attribution is a legal notice; it stays in Vietnamese with the OSM credit in both languages.
    attribution: 'Sơ đồ quận mang tính minh hoạ · © OpenStreetMap contributors',
    loadFailed: 'Could not load the {layer} map layer; retrying…',
  },
};
