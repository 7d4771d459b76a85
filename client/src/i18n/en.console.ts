import type { viConsole } from './vi.console.js';

/** English texts of the console's tools (filters, place search, data freshness), spread into `en.ts`. */
export const enConsole: typeof viConsole = {
  filters: {
    title: 'Filters',
    label: 'Filter the map',
    district: 'District',
    window: 'Time',
    windows: {
      '1h': '1 h',
      '6h': '6 h',
      '24h': '24 h',
      all: 'All',
    },
    windowTitle: 'Incidents, crime and alarms of the last {window}',
    incidentCategories: 'Incident type',
    crimeCategories: 'Crime type',
    all: 'All',
    selected: '{count} selected',
    districtType: {
      quan: 'Urban districts',
      thi_xa: 'Town',
      huyen: 'Rural districts',
    },
    findDistrict: 'Find a district…',
    selectAll: 'Select all',
    selectNone: 'Clear',
    close: 'Close',
    reset: 'Clear filters',
    active: 'Filtered',
    showing: '{shown}/{total} {layer}',
    hint: 'The district filter applies to every layer; time to incidents, crime and alarms.',
  },
  search: {
    label: 'Find a place',
    placeholder: 'Find a district, ward, road… (/)',
    results: 'Search results',
    none: 'No place found',
    hint: '↑ ↓ to choose · Enter to go · Esc to close',
    clear: 'Clear the search',
    type: {
      quan: 'District',
      huyen: 'Rural district',
      thi_xa: 'Town',
      phuong: 'Ward',
      xa: 'Commune',
      thi_tran: 'Township',
      road: 'Road',
    },
  },
  freshness: {
    stale: 'stale ({age})',
    staleTitle: 'No new data for more than {limit}',
    updatedAt: 'Updated {time}',
    nothingSince: 'Nothing new since {time}',
    age: {
      seconds: '{value} s',
      minutes: '{value} min',
      hours: '{value} h',
      hoursMinutes: '{hours} h {minutes} min',
    },
  },
};
