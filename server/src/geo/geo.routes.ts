import { type RequestHandler, Router } from 'express';
import { communes, segments } from './gazetteer.js';
import { districtCellsGeoJSON, districtLabelsGeoJSON, networkGeoJSON } from './geo.geojson.js';

const CACHE_CONTROL = 'public, max-age=3600';
const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';

/** Serialises a body once, then serves it with a one-hour public cache (express adds an ETag). */
function cached(contentType: string, body: unknown): RequestHandler {
  const text = JSON.stringify(body);
  return (_req, res) => {
    res.set('Cache-Control', CACHE_CONTROL).type(contentType).send(text);
  };
}

/**
 * The static geography of the console, mounted at /api/v1/geo:
 * - GET /districts        GeoJSON Polygons: the 30 schematic district cells
 * - GET /district-labels  GeoJSON Points: where each district's label goes
 * - GET /network          GeoJSON: lake, rivers, road corridors, landmarks (`attribution` to display)
 * - GET /segments         JSON array of road segments (`<corridorId>:<index>`), what detectors report on
 * - GET /communes         JSON array of the 584 communes of 2016
 */
export function geoRouter(): Router {
  const router = Router();
  router.get('/districts', cached(GEOJSON, districtCellsGeoJSON()));
  router.get('/district-labels', cached(GEOJSON, districtLabelsGeoJSON()));
  router.get('/network', cached(GEOJSON, networkGeoJSON()));
  router.get('/segments', cached(JSON_TYPE, segments()));
  router.get('/communes', cached(JSON_TYPE, communes()));
  return router;
}
