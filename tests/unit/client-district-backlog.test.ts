import type { FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { DistrictCellProperties } from '../../protocol/index.js';
import type { CommuneBacklog } from '../../client/src/features/backlog/backlog-classes.js';
import { districtBacklogFeatures, districtBacklogs } from '../../client/src/features/backlog/district-backlog.js';
import { districtCellsGeoJSON } from '../../server/src/geo/geo.geojson.js';

const commune = (communeCode: string, districtCode: string, received: number, online: number, overdue: number) =>
  ({ communeCode, districtCode, received, submittedOnline: online, overdue }) as CommuneBacklog;

describe('dossier backlog by district (the console choropleth)', () => {
  const sums = districtBacklogs([
    commune('00001', '001', 100, 80, 2),
    commune('00004', '001', 50, 25, 3),
    commune('00100', '002', 0, 0, 0),
  ]);

  it("sums a district's communes and judges its online share against 70%", () => {
    expect(sums.get('001')).toEqual({
      districtCode: '001',
      received: 150,
      submittedOnline: 105,
      overdue: 5,
      communes: 2,
      onlineShare: 0.7,
    });
    expect(sums.get('002')?.onlineShare).toBeNull();
  });

  it('shades the district cells that have figures, as the filters allow', () => {
    const cells = JSON.parse(JSON.stringify(districtCellsGeoJSON())) as FeatureCollection<
      Polygon,
      DistrictCellProperties
    >;
    const all = districtBacklogFeatures(cells, sums, () => true);
    expect(all.features.map((f) => [f.properties.id, f.properties.cls, f.properties.onlineShare])).toEqual([
      ['001', 'on_target', 0.7],
      ['002', 'no_dossiers', -1],
    ]);
    expect(all.features[0]!.properties.name).toBe('Ba Đình');
    expect(districtBacklogFeatures(cells, sums, (code) => code === '002').features).toHaveLength(1);
  });
});
