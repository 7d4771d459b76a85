/** Ids of sources and layers other parts of the console (and the browser tests) refer to. */
export const LAYER_IDS = {
  districtFill: 'districts-fill',
  districtOutline: 'districts-outline',
  districtLabels: 'district-labels',
  trafficDetectors: 'traffic-detectors',
} as const;

export const SOURCE_IDS = {
  districts: 'districts',
  districtLabels: 'district-labels',
  network: 'network',
  traffic: 'traffic',
} as const;
