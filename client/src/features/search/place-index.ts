import type { FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import type { DistrictType, LonLat } from '../../../../protocol/index.js';
import type { CommuneInfo, DistrictCellProperties, DistrictLabelProperties } from '../../api/geo.js';
import { shortName } from '../../stores/geo.store.js';
import { caseKey, searchKey } from './fold.js';

export type PlaceKind = 'district' | 'commune' | 'road';
export type CommuneType = 'phuong' | 'xa' | 'thi_tran';
/** What the result list labels a place with: Quận/Huyện/Thị xã, Phường/Xã/Thị trấn, Đường. */
export type PlaceType = DistrictType | CommuneType | 'road';
/** [west, south, east, north] */
export type Bbox = [number, number, number, number];

export interface Place {
  kind: PlaceKind;
  type: PlaceType;
  /** District or commune code, or corridor id. */
  id: string;
  /** Display name, Vietnamese ("Hoàn Kiếm", "Phúc Xá", "Vành đai 2"), and English where one exists. */
  name: string;
  nameEn: string;
  /** A road's long name after its short one ("Minh Khai – Đại La – …"), or null. */
  detail: string | null;
  detailEn: string | null;
  /** The district a commune belongs to (a district: itself; a road: null). */
  districtCode: string | null;
  /** What the map fits when the place is chosen; districts and communes are centred on their label point. */
  bounds: Bbox;
  center: LonLat;
  /** Search keys (folded) of every name it goes by, and the same with diacritics kept. */
  keys: string[];
  caseKeys: string[];
}

/** The geography the index is built from (what the geo store holds). */
export interface PlaceSources {
  districts: FeatureCollection<Polygon, DistrictCellProperties> | null;
  districtLabels: FeatureCollection<Point, DistrictLabelProperties> | null;
  communes: Iterable<CommuneInfo>;
  communeAnchors: ReadonlyMap<string, LonLat>;
  network: FeatureCollection<Geometry, { id: string; kind: string; name: string; nameEn: string }> | null;
}

const ROAD_KINDS: ReadonlySet<string> = new Set(['ring', 'artery', 'expressway', 'street', 'bridge']);
const DISTRICT_PREFIX: Record<DistrictType, string> = { quan: 'Quận', huyen: 'Huyện', thi_xa: 'Thị xã' };
/** Half the size of the box a commune is shown in (it has no boundary of its own): about 1.2 km. */
const COMMUNE_HALF_SPAN: LonLat = [0.012, 0.01];

function bboxOf(points: readonly (readonly number[])[]): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    if (x === undefined || y === undefined) continue;
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

/** The smallest box centred on `c` that holds `box`: fitting it puts `c` in the middle of the view. */
function centredOn(c: LonLat, box: Bbox): Bbox {
  const dx = Math.max(c[0] - box[0], box[2] - c[0]);
  const dy = Math.max(c[1] - box[1], box[3] - c[1]);
  return [c[0] - dx, c[1] - dy, c[0] + dx, c[1] + dy];
}

export function communeType(fullName: string): CommuneType {
  if (fullName.startsWith('Phường')) return 'phuong';
  if (fullName.startsWith('Thị trấn')) return 'thi_tran';
  return 'xa';
}

function withKeys(place: Omit<Place, 'keys' | 'caseKeys'>, names: readonly string[]): Place {
  const unique = [...new Set(names.filter((n) => n.length > 0))];
  return { ...place, keys: unique.map(searchKey), caseKeys: unique.map(caseKey) };
}

/** Every district, commune and road of the geography as a searchable place. */
export function buildPlaceIndex(src: PlaceSources): Place[] {
  const places: Place[] = [];
  const labelAt = new Map(src.districtLabels?.features.map((f) => [f.properties.code, f.geometry.coordinates]) ?? []);
  for (const f of src.districts?.features ?? []) {
    const p = f.properties;
    const box = bboxOf(f.geometry.coordinates[0] ?? []);
    const label = labelAt.get(p.code);
    const center: LonLat = label ? [label[0]!, label[1]!] : [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
    places.push(
      withKeys(
        {
          kind: 'district',
          type: p.type,
          id: p.code,
          name: p.name,
          nameEn: p.nameEn || p.name,
          detail: null,
          detailEn: null,
          districtCode: p.code,
          bounds: centredOn(center, box),
          center,
        },
        [p.name, `${DISTRICT_PREFIX[p.type] ?? ''} ${p.name}`, p.nameEn],
      ),
    );
  }
  for (const c of src.communes) {
    const at = src.communeAnchors.get(c.code);
    if (!at) continue;
    const [dx, dy] = COMMUNE_HALF_SPAN;
    places.push(
      withKeys(
        {
          kind: 'commune',
          type: communeType(c.fullName),
          id: c.code,
          name: c.name,
          nameEn: c.name,
          detail: null,
          detailEn: null,
          districtCode: c.districtCode,
          bounds: [at[0] - dx, at[1] - dy, at[0] + dx, at[1] + dy],
          center: at,
        },
        [c.name, c.fullName],
      ),
    );
  }
  for (const f of src.network?.features ?? []) {
    const p = f.properties;
    if (!ROAD_KINDS.has(p.kind) || f.geometry.type !== 'LineString') continue;
    const bounds = bboxOf(f.geometry.coordinates);
    const label = shortName(p.name);
    const labelEn = shortName(p.nameEn) || label;
    const rest = (full: string, short: string) =>
      full.slice(short.length).replace(/^\s*[(/]\s*|\s*\)\s*$/g, '') || null;
    places.push(
      withKeys(
        {
          kind: 'road',
          type: 'road',
          id: p.id,
          name: label,
          nameEn: labelEn,
          detail: rest(p.name, label),
          detailEn: p.nameEn ? rest(p.nameEn, labelEn) : null,
          districtCode: null,
          bounds,
          center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2],
        },
        [p.name, p.nameEn],
      ),
    );
  }
  return places;
}

const KIND_ORDER: Record<PlaceKind, number> = { district: 0, commune: 1, road: 2 };

/**
 * How well a search key matches the folded query, best first: 0 the whole name, 1 its beginning,
 * 2 the beginning of a later word, 3 every typed word begins a word of it (any order); null: no match.
 */
export function matchTier(key: string, query: string, words: readonly string[]): number | null {
  if (key === query) return 0;
  if (key.startsWith(query)) return 1;
  if (key.includes(` ${query}`)) return 2;
  if (words.length > 1 && words.every((w) => key.startsWith(w) || key.includes(` ${w}`))) return 3;
  return null;
}

/**
 * The places matching what was typed, ignoring case and diacritics, best first: whole-name and
 * prefix matches before word matches; on a tie districts before communes before roads, then a name
 * typed with its diacritics, then the shorter name.
 */
export function searchPlaces(places: readonly Place[], typed: string, limit = 8): Place[] {
  const query = searchKey(typed);
  if (query.length === 0) return [];
  const words = query.split(' ');
  const typedCase = caseKey(typed);
  const hits: Array<{ place: Place; tier: number; accents: number }> = [];
  for (const place of places) {
    let tier: number | null = null;
    for (const key of place.keys) {
      const t = matchTier(key, query, words);
      if (t !== null && (tier === null || t < tier)) tier = t;
    }
    if (tier === null) continue;
    const accents = place.caseKeys.some((k) => k.includes(typedCase)) ? 0 : 1;
    hits.push({ place, tier, accents });
  }
  hits.sort(
    (a, b) =>
      a.tier - b.tier ||
      KIND_ORDER[a.place.kind] - KIND_ORDER[b.place.kind] ||
      a.accents - b.accents ||
      a.place.name.length - b.place.name.length ||
      a.place.name.localeCompare(b.place.name, 'vi'),
  );
  return hits.slice(0, limit).map((h) => h.place);
}
