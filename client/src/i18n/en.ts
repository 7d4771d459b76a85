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
  map: {
    // The attribution is a legal notice; it stays in Vietnamese with the OSM credit in both languages.
    attribution: 'Sơ đồ quận mang tính minh hoạ · © OpenStreetMap contributors',
    loadFailed: 'Could not load the {layer} map layer; retrying…',
  },
};
