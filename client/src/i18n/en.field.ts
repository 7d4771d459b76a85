import type { viField } from './vi.field.js';

/** English texts of the field view: the same keys as `vi.field.ts`. */
export const enField: typeof viField = {
  field: {
    title: 'Field map',
    subtitle: 'Hanoi Operations Centre',
    map: 'Live map',
    loading: 'Loading the map…',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    layers: 'Layers shown',
    layer: {
      incidents: 'Incidents',
      units: 'Units',
      traffic: 'Traffic',
      alarms: 'Alarms',
    },
    legend: 'Legend',
    closeLegend: 'Close the legend',
    legendGroup: {
      traffic: 'Detectors by speed',
      incidents: 'Incidents by severity',
      units: 'Units by status',
      alarms: 'Alarms by kind',
    },
    incidents: {
      title: 'Open incidents',
      open: 'Open the incident list',
      collapse: 'Collapse the list',
      empty: 'No open incidents.',
      back: 'List',
      recentre: 'Centre on the incident',
      noPosition: 'No position on the map yet',
      duplicates: '+{count} duplicate reports',
      gone: 'This incident has been closed.',
    },
  },
};
