/** Ids of sources and layers other parts of the console (and the browser tests) refer to. */
export const LAYER_IDS = {
  districtFill: 'districts-fill',
  districtOutline: 'districts-outline',
  districtLabels: 'district-labels',
  trafficDetectors: 'traffic-detectors',
  signals: 'signals',
  cameras: 'cameras',
  units: 'units',
  networkNodes: 'network-nodes',
} as const;

export const SOURCE_IDS = {
  districts: 'districts',
  districtLabels: 'district-labels',
  network: 'network',
  traffic: 'traffic',
  signals: 'signals',
  cameras: 'cameras',
  units: 'units',
  networkNodes: 'network-nodes',
} as const;

/** The style layer that draws each device feed (what the debug handle queries). */
export const DEVICE_LAYER_IDS = {
  signals: LAYER_IDS.signals,
  cameras: LAYER_IDS.cameras,
  units: LAYER_IDS.units,
  network: LAYER_IDS.networkNodes,
} as const;
