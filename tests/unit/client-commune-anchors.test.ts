import type { FeatureCollection, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { computeCommuneAnchors } from '../../client/src/stores/geo/commune-anchors.js';
import { communeAnchor } from '../../server/src/geo/anchors.js';
import { communes } from '../../server/src/geo/gazetteer.js';
import { districtCellsGeoJSON, districtLabelsGeoJSON } from '../../server/src/geo/geo.geojson.js';

describe('commune anchors in the console', () => {
  it('puts every one of the 584 communes where the server draws its WAN node', () => {
    // What the console gets from GET /api/v1/geo/{communes,districts,district-labels}, as JSON.
    const wire = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;
    const list = wire<Array<{ code: string; districtCode: string }>>(communes());
    const anchors = computeCommuneAnchors(
      list,
      wire<FeatureCollection<Polygon, { code: string }>>(districtCellsGeoJSON()),
      wire<FeatureCollection<Point, { code: string }>>(districtLabelsGeoJSON()),
    );

    expect(anchors.size).toBe(584);
    for (const c of list) expect(anchors.get(c.code), c.code).toEqual(communeAnchor(c.code));
  });
});
