import type { Map as MaplibreMap } from 'maplibre-gl';
import { openFeaturePopup } from '../../map/feature-popup.js';
import { LAYER_IDS } from '../../map/layer-ids.js';
import type { AlertItem } from './alert-list.js';

/** Close enough to see the street: the map zooms in to this when it is further out. */
export const FOCUS_ZOOM = 15;

/**
 * Flies the map to an alert and opens its popup (the same one a click on its marker opens). False
 * when the alert has no known place yet.
 */
export function focusAlert(map: MaplibreMap, alert: Pick<AlertItem, 'kind' | 'id' | 'position'>): boolean {
  if (!alert.position) return false;
  map.flyTo({ center: alert.position, zoom: Math.max(map.getZoom(), FOCUS_ZOOM), maxDuration: 2_500, essential: true });
  const layer = alert.kind === 'incident' ? LAYER_IDS.incidents : LAYER_IDS.alarms;
  openFeaturePopup(map, layer, alert.id, alert.position);
  return true;
}
