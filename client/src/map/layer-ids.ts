/** Ids of sources and layers other parts of the console (and the browser tests) refer to. */
export const LAYER_IDS = {
  districtFill: 'districts-fill',
  districtOutline: 'districts-outline',
  districtLabels: 'district-labels',
  trafficDetectors: 'traffic-detectors',
  trafficSegments: 'traffic-segments',
  signals: 'signals',
  cameras: 'cameras',
  units: 'units',
  unitDots: 'unit-dots',
  networkNodes: 'network-nodes',
  incidents: 'incidents',
  incidentLinks: 'incident-links',
  alarms: 'alarms',
  crimeHeat: 'crime-heat',
  crimePoints: 'crime-points',
  crimeClusters: 'crime-clusters',
  crimeClusterCounts: 'crime-cluster-counts',
  backlog: 'backlog-communes',
  backlogDistricts: 'backlog-districts',
  backlogDistrictOverdue: 'backlog-district-overdue',
  dispatchRoute: 'dispatch-route',
  dispatchRouteUnit: 'dispatch-route-unit',
} as const;

export const SOURCE_IDS = {
  districts: 'districts',
  districtLabels: 'district-labels',
  network: 'network',
  traffic: 'traffic',
  trafficSegments: 'traffic-segments',
  signals: 'signals',
  cameras: 'cameras',
  units: 'units',
  networkNodes: 'network-nodes',
  incidents: 'incidents',
  alarms: 'alarms',
  crime: 'crime',
  crimeClusters: 'crime-clusters',
  backlog: 'backlog',
  backlogDistricts: 'backlog-districts',
  backlogDistrictOverdue: 'backlog-district-overdue',
  dispatchRoute: 'dispatch-route',
} as const;

/** The style layers that draw each device feed (what the debug handle queries). */
export const DEVICE_LAYER_IDS = {
  signals: [LAYER_IDS.signals],
  cameras: [LAYER_IDS.cameras],
  units: [LAYER_IDS.unitDots, LAYER_IDS.units],
  network: [LAYER_IDS.networkNodes],
} as const;

/**
 * The style layers that draw each live layer's objects, whose features carry the object's `id`
 * (what the debug handle's renderedIds queries). Links between duplicate incidents, rings and
 * halos are left out: they are not objects of their own.
 */
export const LIVE_LAYER_IDS = {
  traffic: [LAYER_IDS.trafficDetectors],
  signals: [LAYER_IDS.signals],
  cameras: [LAYER_IDS.cameras],
  units: [LAYER_IDS.units],
  network: [LAYER_IDS.networkNodes],
  incidents: [LAYER_IDS.incidents],
  alarms: [LAYER_IDS.alarms],
  crime: [LAYER_IDS.crimeHeat, LAYER_IDS.crimePoints],
  backlog: [LAYER_IDS.backlog],
} as const;
