/** Sources and style layers of the wall's own map layers (each source shares its layer's id). */
export const WALL_LAYER_IDS = {
  trafficSegments: 'wall-traffic-segments',
  trafficDetectors: 'wall-traffic-detectors',
  incidents: 'wall-incidents',
  incidentHalo: 'wall-incidents-halo',
  incidentLabels: 'wall-incident-labels',
  districtFill: 'wall-district-fill',
  districtOutline: 'wall-district-outline',
  districtValues: 'wall-district-values',
} as const;
