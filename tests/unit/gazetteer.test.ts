import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { HANOI_BOUNDS, type LonLat } from '../../protocol/index.js';
import networkData from '../../server/src/geo/data/network.json' with { type: 'json' };
import {
  ATTRIBUTION,
  communes,
  communesOf,
  corridors,
  district,
  districtAt,
  districtCells,
  districts,
  inPolygon,
  landmarks,
  segment,
  segments,
} from '../../server/src/geo/gazetteer.js';
import { districtCellsGeoJSON, districtLabelsGeoJSON, networkGeoJSON } from '../../server/src/geo/geo.geojson.js';
import { geoRouter } from '../../server/src/geo/geo.routes.js';

const countBy = <T>(items: T[], key: (t: T) => string | number): Record<string, number> =>
  items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});
const withoutDiacritics = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

describe('Hanoi 2016 administrative units', () => {
  it('has 30 districts: 12 quận, 17 huyện and 1 thị xã', () => {
    expect(districts()).toHaveLength(30);
    expect(countBy(districts(), (d) => d.type)).toEqual({ quan: 12, huyen: 17, thi_xa: 1 });
  });

  it('has 584 communes: 177 phường, 386 xã and 21 thị trấn', () => {
    expect(communes()).toHaveLength(584);
    expect(countBy(communes(), (c) => c.type)).toEqual({ phuong: 177, xa: 386, thi_tran: 21 });
  });

  it('rolls out in phases of 24, 144, 139 and 277 communes, a whole district at a time', () => {
    expect(countBy(communes(), (c) => c.phase)).toEqual({ 1: 24, 2: 144, 3: 139, 4: 277 });
    for (const d of districts()) {
      const own = communesOf(d.code);
      expect(own).toHaveLength(d.communeCount);
      expect(own.every((c) => c.phase === d.phase)).toBe(true);
    }
    expect(communesOf('002').map((c) => c.fullName)).toContain('Phường Hàng Bạc');
  });

  it('keeps every name in NFC with its Vietnamese diacritics', () => {
    const names = [
      ...districts().flatMap((d) => [d.name, d.fullName]),
      ...communes().flatMap((c) => [c.name, c.fullName]),
    ];
    expect(names.filter((n) => n !== n.normalize('NFC'))).toEqual([]);
    expect(district('002')).toMatchObject({ name: 'Hoàn Kiếm', fullName: 'Quận Hoàn Kiếm', nameEn: 'Hoan Kiem' });
    expect(district('019')).toMatchObject({ name: 'Nam Từ Liêm', fullName: 'Quận Nam Từ Liêm', nameEn: 'Nam Tu Liem' });
    expect(district('006')?.name).toBe('Đống Đa');
    expect(district('269')?.fullName).toBe('Thị xã Sơn Tây');
    expect(district('281')?.fullName).toBe('Huyện Ứng Hòa');
    expect(communes().find((c) => c.code === '00001')).toMatchObject({
      fullName: 'Phường Phúc Xá',
      districtCode: '001',
    });
    // The English names are the Vietnamese ones without diacritics; only Thanh Oai has none to lose.
    for (const d of districts()) expect(withoutDiacritics(d.name)).toBe(d.nameEn);
    expect(
      districts()
        .filter((d) => d.name === d.nameEn)
        .map((d) => d.nameEn),
    ).toEqual(['Thanh Oai']);
  });

  it('sums the 2019 census to the city total of 8,053,663', () => {
    expect(districts().reduce((s, d) => s + d.population, 0)).toBe(8_053_663);
  });

  it('hands out frozen records, so one caller cannot change another caller’s data', () => {
    const first = districts()[0];
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.label)).toBe(true);
    districts().reverse();
    expect(districts()[0]).toBe(first);
  });
});

describe('schematic district cells', () => {
  it('gives every district a cell that contains its own label point', () => {
    const cells = districtCells();
    expect(cells.map((c) => c.code)).toEqual(districts().map((d) => d.code));
    for (const d of districts()) {
      const cell = cells.find((c) => c.code === d.code);
      expect(cell && inPolygon(d.label, cell.rings), d.name).toBe(true);
      expect(districtAt(d.label)?.code, d.name).toBe(d.code);
    }
  });

  it('never puts a point in two cells, and districtAt agrees (a 200 × 200 grid over Hanoi)', () => {
    const cells = structuredClone(districtCells()); // unfrozen copies test several times faster
    const { minLon, minLat, maxLon, maxLat } = HANOI_BOUNDS;
    const overlaps: string[] = [];
    let inside = 0;
    for (let i = 0; i < 200; i++) {
      for (let j = 0; j < 200; j++) {
        // Offsets keep the samples off the 5-decimal grid the cell vertices sit on.
        const p: LonLat = [
          minLon + ((i + 0.5137) * (maxLon - minLon)) / 200,
          minLat + ((j + 0.4729) * (maxLat - minLat)) / 200,
        ];
        const holders = cells.filter((c) => inPolygon(p, c.rings));
        if (holders.length > 1) overlaps.push(`${p.join(',')}: ${holders.map((c) => c.code).join('+')}`);
        if (districtAt(p)?.code !== holders[0]?.code) overlaps.push(`${p.join(',')}: districtAt disagrees`);
        inside += holders.length;
      }
    }
    expect(overlaps).toEqual([]);
    expect(inside).toBeGreaterThan(10_000); // the cells do cover a good part of the bounds
  });

  it('places Hoàn Kiếm Lake in Hoàn Kiếm, and nothing outside Hanoi in any district', () => {
    const lake = landmarks().find((l) => l.id === 'ho_hoan_kiem');
    expect(lake).toBeDefined();
    expect(districtAt(lake?.point ?? [0, 0])?.name).toBe('Hoàn Kiếm');
    expect(districtAt([105.8524, 21.0287])?.code).toBe('002');
    expect(districtAt([106.6, 20.85])).toBeUndefined(); // Hải Phòng
  });
});

describe('road corridors and segments', () => {
  it('lists the 22 road corridors and the bridges, without the rivers', () => {
    const kinds = countBy(corridors(), (c) => c.kind);
    expect((kinds.ring ?? 0) + (kinds.artery ?? 0) + (kinds.expressway ?? 0) + (kinds.street ?? 0)).toBe(22);
    expect(kinds.bridge).toBe(9);
    expect(corridors().map((c) => c.id)).not.toContain('song_hong');
  });

  it('cuts vd2_south_west into consecutive segments with stable ids', () => {
    const vd2 = corridors().find((c) => c.id === 'vd2_south_west');
    const own = segments().filter((s) => s.corridorId === 'vd2_south_west');
    expect(own.map((s) => s.id)).toEqual(Array.from({ length: 9 }, (_, i) => `vd2_south_west:${i}`));
    expect(own).toHaveLength((vd2?.coordinates.length ?? 0) - 1);
    own.forEach((s, i) => {
      expect(s.index).toBe(i);
      expect(s.from).toEqual(vd2?.coordinates[i]);
      if (i > 0) expect(s.from).toEqual(own[i - 1]?.to);
      expect(s.midpoint).toEqual(
        [(s.from[0] + s.to[0]) / 2, (s.from[1] + s.to[1]) / 2].map((x) => Math.round(x * 1e6) / 1e6),
      );
      expect(s.lengthM).toBeGreaterThan(100);
    });
    expect(own[0]?.from).toEqual([105.8735, 20.9995]);
    expect(Math.abs(own.reduce((sum, s) => sum + s.lengthM, 0) - (vd2?.lengthM ?? 0))).toBeLessThanOrEqual(own.length);
  });

  it('finds the segment the traffic example reports on', () => {
    expect(segment('vd2_south_west:3')).toMatchObject({ corridorId: 'vd2_south_west', index: 3, kind: 'ring' });
    expect(segment('vd2_south_west:99')).toBeUndefined();
    expect(new Set(segments().map((s) => s.id)).size).toBe(segments().length);
  });
});

describe('map data', () => {
  it('names the attribution every OpenStreetMap point requires', () => {
    for (const a of networkData.attributions) expect(ATTRIBUTION).toContain(a.text);
    const osm = landmarks().filter((l) => l.confidence === 'OSM');
    expect(osm.length).toBeGreaterThan(0);
    expect(networkData.attributions.flatMap((a) => a.features)).toEqual(expect.arrayContaining(osm.map((l) => l.id)));
  });

  it('builds schematic cell polygons, label points and the network as GeoJSON', () => {
    const cells = districtCellsGeoJSON();
    expect(cells.features).toHaveLength(30);
    expect(cells.features[1]?.properties).toMatchObject({
      code: '002',
      name: 'Hoàn Kiếm',
      schematic: true,
      communeCount: 18,
    });
    expect(districtLabelsGeoJSON().features[1]?.geometry.coordinates).toEqual(district('002')?.label);
    const network = networkGeoJSON();
    const byKind = countBy(network.features, (f) => `${f.properties.kind}/${f.geometry.type}`);
    expect(byKind).toMatchObject({
      'lake/Polygon': 1,
      'river/LineString': 2,
      'bridge/LineString': 9,
      'landmark/Point': 3,
    });
    expect(network.attribution).toBe(ATTRIBUTION);
  });

  it('serves the geography with a one-hour public cache', async () => {
    const app = express().use('/api/v1/geo', geoRouter());
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/geo`;
      for (const path of ['/districts', '/district-labels', '/network', '/segments', '/communes']) {
        const res = await fetch(base + path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('cache-control'), path).toBe('public, max-age=3600');
        expect(res.headers.get('content-type'), path).toMatch(/json/);
      }
      const segs = (await (await fetch(`${base}/segments`)).json()) as { id: string }[];
      expect(segs.map((s) => s.id)).toContain('vd2_south_west:3');
      expect(((await (await fetch(`${base}/communes`)).json()) as unknown[]).length).toBe(584);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
