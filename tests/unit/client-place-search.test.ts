import type { FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { caseKey, fold, foldName, searchKey } from '../../client/src/features/search/fold.js';
import { buildPlaceIndex, searchPlaces, type Place } from '../../client/src/features/search/place-index.js';
import type { CommuneInfo, DistrictCellProperties, DistrictLabelProperties } from '../../client/src/api/geo.js';
import { computeCommuneAnchors } from '../../client/src/stores/geo/commune-anchors.js';
import { communes, districts } from '../../server/src/geo/gazetteer.js';
import { districtCellsGeoJSON, districtLabelsGeoJSON, networkGeoJSON } from '../../server/src/geo/geo.geojson.js';
import { foldName as serverFoldName } from '../../server/src/geo/locate.js';

/** What the console gets from GET /api/v1/geo/*, as JSON. */
const wire = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

function cityIndex(): Place[] {
  const cells = wire<FeatureCollection<Polygon, DistrictCellProperties>>(districtCellsGeoJSON());
  const labels = wire<FeatureCollection<Point, DistrictLabelProperties>>(districtLabelsGeoJSON());
  const list = wire<CommuneInfo[]>(communes());
  return buildPlaceIndex({
    districts: cells,
    districtLabels: labels,
    communes: list,
    communeAnchors: computeCommuneAnchors(list, cells, labels),
    network:
      wire<FeatureCollection<Geometry, { id: string; kind: string; name: string; nameEn: string }>>(networkGeoJSON()),
  });
}

/** A hand-made place: only what the ranking reads. */
const place = (kind: Place['kind'], name: string, fullName = name): Place => ({
  kind,
  type: kind === 'district' ? 'quan' : kind === 'commune' ? 'phuong' : 'road',
  id: `${kind}:${name}`,
  name,
  nameEn: name,
  detail: null,
  detailEn: null,
  districtCode: null,
  bounds: [105.8, 21, 105.9, 21.1],
  center: [105.85, 21.05],
  keys: [...new Set([name, fullName])].map(searchKey),
  caseKeys: [...new Set([name, fullName])].map(caseKey),
});
const names = (list: Place[]) => list.map((p) => `${p.kind}:${p.name}`);

describe('folding Vietnamese names for search', () => {
  it('drops diacritics and case, and folds đ to d', () => {
    expect(fold('Hoàn Kiếm')).toBe('hoan kiem');
    expect(fold('ĐỐNG ĐA')).toBe('dong da');
    expect(fold('Ứng Hòa')).toBe('ung hoa');
    expect(fold('Thường Tín')).toBe('thuong tin');
    expect(fold('Ðông Anh')).toBe('dong anh'); // U+00D0, as some old encodings write Đ
  });

  it('reads a name typed in decomposed form (NFD) like the composed one (NFC)', () => {
    const nfd = 'Cầu Giấy'.normalize('NFD');
    expect(nfd).not.toBe('Cầu Giấy');
    expect(fold(nfd)).toBe('cau giay');
    expect(caseKey(nfd)).toBe(caseKey('Cầu Giấy'));
    expect(caseKey(nfd)).toBe('cầu giấy'.normalize('NFC'));
  });

  it('turns punctuation into single spaces in search keys', () => {
    expect(searchKey('Vành đai 2 (Minh Khai – Đại La)')).toBe('vanh dai 2 minh khai dai la');
    expect(searchKey('  Lê Duẩn – Giải Phóng – Ngọc Hồi (QL1A) ')).toBe('le duan giai phong ngoc hoi ql1a');
  });

  it('folds every district and commune name as the server does when it places a report by address', () => {
    const all = [
      ...districts().flatMap((d) => [d.name, d.fullName]),
      ...communes().flatMap((c) => [c.name, c.fullName]),
      'HOÀN KIẾM',
      '  Quận   Đống  Đa ',
      'thi tran Trâu Quỳ',
    ];
    for (const name of all) expect(foldName(name), name).toBe(serverFoldName(name));
    expect(foldName('Quận Hoàn Kiếm')).toBe('hoan kiem');
  });
});

describe('ranking places', () => {
  it('puts prefix matches before word matches', () => {
    const list = [place('district', 'Hà Đông'), place('road', 'Nguyễn Văn Linh'), place('district', 'Linh Đàm')];
    expect(names(searchPlaces(list, 'linh'))).toEqual(['district:Linh Đàm', 'road:Nguyễn Văn Linh']);
  });

  it('puts a whole-name match before a longer name it begins', () => {
    const list = [place('commune', 'Thanh Xuân Bắc'), place('commune', 'Thanh Xuân')];
    expect(names(searchPlaces(list, 'thanh xuan'))).toEqual(['commune:Thanh Xuân', 'commune:Thanh Xuân Bắc']);
  });

  it('puts districts before communes, and communes before roads, on a tie', () => {
    const list = [
      place('road', 'Long Biên'),
      place('commune', 'Long Biên', 'Phường Long Biên'),
      place('district', 'Long Biên', 'Quận Long Biên'),
    ];
    expect(names(searchPlaces(list, 'long bien'))).toEqual([
      'district:Long Biên',
      'commune:Long Biên',
      'road:Long Biên',
    ]);
  });

  it('prefers the name typed with its diacritics among equal matches', () => {
    const list = [place('commune', 'Đồng Mai'), place('commune', 'Đông Mai')];
    expect(names(searchPlaces(list, 'Đông'))[0]).toBe('commune:Đông Mai');
    expect(names(searchPlaces(list, 'Đồng'))[0]).toBe('commune:Đồng Mai');
  });

  it('matches typed words in any order, after the word matches', () => {
    const list = [place('commune', 'Kiếm Hoàn'), place('district', 'Hoàn Kiếm')];
    expect(names(searchPlaces(list, 'kiem hoan'))).toEqual(['commune:Kiếm Hoàn', 'district:Hoàn Kiếm']);
  });

  it('finds nothing for an empty query, and keeps to the limit', () => {
    const list = Array.from({ length: 20 }, (_, i) => place('commune', `An ${i}`));
    expect(searchPlaces(list, '  ')).toEqual([]);
    expect(searchPlaces(list, 'an')).toHaveLength(8);
    expect(searchPlaces(list, 'an', 3)).toHaveLength(3);
  });
});

describe('searching the places of Hanoi', () => {
  const index = cityIndex();

  it('holds the 30 districts, the 584 communes and the road corridors', () => {
    const count = (kind: Place['kind']) => index.filter((p) => p.kind === kind).length;
    expect(count('district')).toBe(30);
    expect(count('commune')).toBe(584);
    expect(count('road')).toBeGreaterThan(20);
  });

  it('finds Hoàn Kiếm from "hoan kiem", first, as a district centred on its label point', () => {
    const [first] = searchPlaces(index, 'hoan kiem');
    expect(first).toMatchObject({ kind: 'district', type: 'quan', name: 'Hoàn Kiếm' });
    const hk = districts().find((d) => d.name === 'Hoàn Kiếm')!;
    expect(first!.center).toEqual(hk.label);
    const [w, s, e, n] = first!.bounds;
    expect((w + e) / 2).toBeCloseTo(hk.label[0], 9);
    expect((s + n) / 2).toBeCloseTo(hk.label[1], 9);
  });

  it('finds Cầu Giấy from "cau giay": the district first, then the road that begins with it', () => {
    const found = searchPlaces(index, 'cau giay');
    expect(found[0]).toMatchObject({ kind: 'district', name: 'Cầu Giấy' });
    expect(found.some((p) => p.kind === 'road' && p.name.startsWith('Cầu Giấy'))).toBe(true);
  });

  it('finds both halves of Ring Road 2 from "vanh dai 2", with their long names as detail', () => {
    const found = searchPlaces(index, 'vanh dai 2');
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const p of found.slice(0, 2)) {
      expect(p).toMatchObject({ kind: 'road', type: 'road', name: 'Vành đai 2' });
      expect(p.detail).toBeTruthy();
    }
    expect(found[0]!.detail).not.toBe(found[1]!.detail);
  });

  it('folds đ and d alike: "dong da", "đống đa" and "Đống Đa" find the same district', () => {
    for (const typed of ['dong da', 'đống đa', 'Đống Đa', 'DONG DA']) {
      expect(searchPlaces(index, typed)[0], typed).toMatchObject({ kind: 'district', name: 'Đống Đa' });
    }
  });

  it('finds a commune by its name with or without its type, labelled with its type', () => {
    const [bare] = searchPlaces(index, 'phuc xa');
    const [typed] = searchPlaces(index, 'phường phúc xá');
    expect(bare).toMatchObject({ kind: 'commune', type: 'phuong', name: 'Phúc Xá', districtCode: '001' });
    expect(typed).toEqual(bare);
    const township = index.find((p) => p.kind === 'commune' && p.type === 'thi_tran');
    expect(township).toBeDefined();
  });

  it('finds a road by a word inside its long name', () => {
    const found = searchPlaces(index, 'giai phong');
    expect(found.some((p) => p.kind === 'road' && p.id === 'giai_phong_ql1a')).toBe(true);
  });
});
