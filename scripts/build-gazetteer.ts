// Re-run after the reference facts change: `npx tsx scripts/build-gazetteer.ts [referenceDir] [outDir]`
// (defaults: ../shared/reference relative to the repo root, and server/src/geo/data). Commit its output.
//
// Converts the reference facts about Hanoi's 2016 layout into the gazetteer's own compact data:
// districts.json, communes.json, network.json and district-cells.json (schematic cells: Voronoi cells
// around the 30 label points, clipped to an outline derived from the districts' bounding boxes; the
// geometry is in build-gazetteer.cells.ts).
// It checks the facts first and refuses to write anything when one does not hold.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HANOI_BOUNDS } from '../protocol/geo.js';
import { type Bbox, insidePolygon, type Pair, round, roundPair, schematicCells } from './build-gazetteer.cells.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const referenceDir = resolve(repoRoot, process.argv[2] ?? '../shared/reference');
const outDir = resolve(repoRoot, process.argv[3] ?? 'server/src/geo/data');

/** The attribution OpenStreetMap's licence asks for wherever OSM-sourced points are shown. */
const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

// ---------------------------------------------------------------------------------------------
// Reference file shapes (only the fields used here)
const point = z.object({ lon: z.number(), lat: z.number() });
const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const districtsFile = z.object({
  meta: z.object({ phase_totals: z.record(z.string(), z.number()) }),
  districts: z.array(
    z.object({
      code: z.string().regex(/^\d{3}$/),
      name_vi: z.string().min(1),
      full_name_vi: z.string().min(1),
      name_en: z.string().min(1),
      type: z.enum(['quan', 'huyen', 'thi_xa']),
      centroid: point,
      label_point: point,
      bbox,
      area_km2_approx: z.number().positive(),
      population_2019_census: z.number().int().positive(),
      units_2016: z.object({ total: z.number(), phuong: z.number(), xa: z.number(), thi_tran: z.number() }),
      rollout_phase: z.number().int().min(1).max(4),
    }),
  ),
});
const communesFile = z.object({
  communes: z.array(
    z.object({
      code: z.string().regex(/^\d{5}$/),
      name_vi: z.string().min(1),
      full_name_vi: z.string().min(1),
      type: z.enum(['phuong', 'xa', 'thi_tran']),
      district_code: z.string(),
      rollout_phase: z.number().int().min(1).max(4),
    }),
  ),
});
const lonLat = z.tuple([z.number(), z.number()]);
const networkFile = z.object({
  features: z.array(
    z.object({
      properties: z.object({
        id: z.string().regex(/^[a-z0-9_]+$/),
        name_vi: z.string().min(1),
        name_en: z.string().min(1),
        kind: z.string(),
        confidence: z.enum(['H', 'M', 'L', 'OSM']),
        district_code: z.string().optional(),
        crosses: z.string().optional(),
        note: z.string().optional(),
      }),
      geometry: z.discriminatedUnion('type', [
        z.object({ type: z.literal('Point'), coordinates: lonLat }),
        z.object({ type: z.literal('LineString'), coordinates: z.array(lonLat).min(2) }),
        z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(lonLat).min(4)).min(1) }),
      ]),
    }),
  ),
});

const readJson = (name: string): unknown => JSON.parse(readFileSync(join(referenceDir, name), 'utf8'));
const rawDistricts = districtsFile.parse(readJson('hanoi-districts.json'));
const rawCommunes = communesFile.parse(readJson('hanoi-communes-2016.json')).communes;
const rawNetwork = networkFile.parse(readJson('hanoi-network.geojson')).features;

// ---------------------------------------------------------------------------------------------
// Checks: every failed one is listed, then the script stops.
const problems: string[] = [];
const check = (ok: boolean, message: string): void => {
  if (!ok) problems.push(message);
};
let denormalised = 0;
const nfc = (s: string): string => {
  const n = s.normalize('NFC');
  if (n !== s) denormalised += 1;
  return n;
};
const inBox = ([lon, lat]: Pair, [w, s, e, n]: Bbox): boolean => lon >= w && lon <= e && lat >= s && lat <= n;
const HANOI: Bbox = [HANOI_BOUNDS.minLon, HANOI_BOUNDS.minLat, HANOI_BOUNDS.maxLon, HANOI_BOUNDS.maxLat];
const inBounds = (p: Pair): boolean => inBox(p, HANOI);
/** "Nam Từ Liêm" -> "Nam Tu Liem": the English names are the Vietnamese ones without diacritics. */
const ascii = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

const DISTRICT_PREFIX = { quan: 'Quận', huyen: 'Huyện', thi_xa: 'Thị xã' } as const;
const COMMUNE_PREFIX = { phuong: 'Phường', xa: 'Xã', thi_tran: 'Thị trấn' } as const;

const rawD = rawDistricts.districts;
check(rawD.length === 30, `expected 30 districts, found ${rawD.length}`);
check(new Set(rawD.map((d) => d.code)).size === rawD.length, 'district codes are not unique');
const typeCount = (type: string): number => rawD.filter((d) => d.type === type).length;
check(
  typeCount('quan') === 12 && typeCount('huyen') === 17 && typeCount('thi_xa') === 1,
  'expected 12 quận, 17 huyện, 1 thị xã',
);
check(rawCommunes.length === 584, `expected 584 communes, found ${rawCommunes.length}`);
check(new Set(rawCommunes.map((c) => c.code)).size === rawCommunes.length, 'commune codes are not unique');
const communeTypes = { phuong: 177, xa: 386, thi_tran: 21 } as const;
for (const [type, want] of Object.entries(communeTypes)) {
  const got = rawCommunes.filter((c) => c.type === type).length;
  check(got === want, `expected ${want} communes of type ${type}, found ${got}`);
}
const phaseTotals = { 1: 24, 2: 144, 3: 139, 4: 277 } as const;
for (const [phase, want] of Object.entries(phaseTotals)) {
  const got = rawCommunes.filter((c) => c.rollout_phase === Number(phase)).length;
  check(got === want, `expected ${want} communes in phase ${phase}, found ${got}`);
  check(rawDistricts.meta.phase_totals[phase] === want, `meta.phase_totals[${phase}] is not ${want}`);
}

const districts = rawD.map((d) => {
  const name = nfc(d.name_vi);
  const own = rawCommunes.filter((c) => c.district_code === d.code);
  const label = roundPair([d.label_point.lon, d.label_point.lat]);
  const centroid = roundPair([d.centroid.lon, d.centroid.lat]);
  const u = d.units_2016;
  check(
    nfc(d.full_name_vi) === `${DISTRICT_PREFIX[d.type]} ${name}`,
    `${d.code}: full name "${d.full_name_vi}" does not match type and name`,
  );
  check(ascii(name) === d.name_en, `${d.code}: English name "${d.name_en}" is not "${ascii(name)}"`);
  check(
    u.total === u.phuong + u.xa + u.thi_tran && u.total === own.length,
    `${d.code}: units_2016 total ${u.total} but ${own.length} communes listed`,
  );
  for (const t of ['phuong', 'xa', 'thi_tran'] as const) {
    check(own.filter((c) => c.type === t).length === u[t], `${d.code}: ${t} count differs from the commune list`);
  }
  check(
    own.every((c) => c.rollout_phase === d.rollout_phase),
    `${d.code}: communes in a different phase than their district`,
  );
  check(d.type !== 'quan' || u.xa + u.thi_tran === 0, `${d.code}: an urban district with xã or thị trấn`);
  check(inBox(label, d.bbox) && inBox(centroid, d.bbox), `${d.code}: label or centroid outside its bbox`);
  check(inBounds([d.bbox[0], d.bbox[1]]) && inBounds([d.bbox[2], d.bbox[3]]), `${d.code}: bbox outside HANOI_BOUNDS`);
  const [fullName, bbox] = [`${DISTRICT_PREFIX[d.type]} ${name}`, d.bbox.map(round) as Bbox];
  return {
    code: d.code,
    name,
    fullName,
    nameEn: d.name_en,
    type: d.type,
    label,
    centroid,
    bbox,
    areaKm2: d.area_km2_approx,
    population: d.population_2019_census,
    communeCount: own.length,
    phase: d.rollout_phase,
  };
});
const population = districts.reduce((sum, d) => sum + d.population, 0);
check(population === 8_053_663, `2019 census population sums to ${population}, not 8,053,663`);

const districtCodes = new Set(districts.map((d) => d.code));
const communes = rawCommunes.map((c) => {
  const name = nfc(c.name_vi);
  check(districtCodes.has(c.district_code), `${c.code}: unknown district ${c.district_code}`);
  check(
    nfc(c.full_name_vi) === `${COMMUNE_PREFIX[c.type]} ${name}`,
    `${c.code}: full name "${c.full_name_vi}" does not match type and name`,
  );
  return {
    code: c.code,
    name,
    fullName: `${COMMUNE_PREFIX[c.type]} ${name}`,
    type: c.type,
    districtCode: c.district_code,
    phase: c.rollout_phase,
  };
});

// ---------------------------------------------------------------------------------------------
// Network: corridors, rivers, the lake and landmarks, in the project's own field names.
const CORRIDOR_KINDS = new Set(['ring', 'artery', 'expressway', 'street', 'bridge']);
const POINT_KINDS = new Set(['landmark', 'government', 'transport', 'police', 'hospital']);
const ids = new Set<string>();
const features = rawNetwork.map(({ properties: p, geometry: g }) => {
  check(!ids.has(p.id), `network: duplicate id ${p.id}`);
  ids.add(p.id);
  const expected =
    g.type === 'Point' ? POINT_KINDS : g.type === 'Polygon' ? new Set(['lake']) : new Set([...CORRIDOR_KINDS, 'river']);
  check(expected.has(p.kind), `network ${p.id}: kind ${p.kind} with a ${g.type}`);
  check(
    p.district_code === undefined || districtCodes.has(p.district_code),
    `network ${p.id}: unknown district ${p.district_code}`,
  );
  const coordinates =
    g.type === 'Point'
      ? roundPair(g.coordinates)
      : g.type === 'LineString'
        ? g.coordinates.map(roundPair)
        : g.coordinates.map((r) => r.map(roundPair));
  const vertices: Pair[] =
    g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.coordinates.flat();
  check(vertices.map(roundPair).every(inBounds), `network ${p.id}: a vertex outside HANOI_BOUNDS`);
  return {
    id: p.id,
    kind: p.kind,
    name: nfc(p.name_vi),
    nameEn: p.name_en,
    confidence: p.confidence,
    ...(p.district_code === undefined ? {} : { districtCode: p.district_code }),
    ...(p.crosses === undefined ? {} : { crosses: p.crosses }),
    ...(p.note === undefined ? {} : { note: nfc(p.note) }),
    geometry: { type: g.type, coordinates },
  };
});
const corridorCount = features.filter((f) => CORRIDOR_KINDS.has(f.kind) && f.kind !== 'bridge').length;
check(corridorCount === 22, `expected 22 road corridors, found ${corridorCount}`);
check(
  features.some((f) => f.id === 'vd2_south_west'),
  'network: vd2_south_west is missing (the traffic example uses it)',
);
const attributions = [
  { text: OSM_ATTRIBUTION, features: features.filter((f) => f.confidence === 'OSM').map((f) => f.id) },
];

// ---------------------------------------------------------------------------------------------
// Schematic cells (see build-gazetteer.cells.ts for the outline and the clipping).
const cells = schematicCells(districts, HANOI, check);
// How well the cells place the landmarks whose district is known (information, not a check).
const placed = features.filter((f) => f.districtCode && f.geometry.type === 'Point');
const misplaced = placed.filter(
  (f) => cells.find((c) => insidePolygon(f.geometry.coordinates as Pair, c.polygon))?.code !== f.districtCode,
);

// ---------------------------------------------------------------------------------------------
if (problems.length > 0) {
  console.error(`build-gazetteer: ${problems.length} problem(s) in ${referenceDir}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
/** One record per line: small diffs, and still valid JSON. */
const writeRecords = (file: string, records: unknown[]): void => {
  writeFileSync(join(outDir, file), `[\n${records.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`);
};
mkdirSync(outDir, { recursive: true });
writeRecords('districts.json', districts);
writeRecords('communes.json', communes);
const featureLines = features.map((f) => `    ${JSON.stringify(f)}`).join(',\n');
writeFileSync(
  join(outDir, 'network.json'),
  `{\n  "attributions": ${JSON.stringify(attributions)},\n  "features": [\n${featureLines}\n  ]\n}\n`,
);
writeRecords('district-cells.json', cells);
console.log(
  `build-gazetteer: wrote ${districts.length} districts, ${communes.length} communes, ${features.length} network features, ` +
    `${cells.length} cells to ${outDir} (${denormalised} names NFC-normalised; ` +
    `${placed.length - misplaced.length}/${placed.length} landmarks fall in their district's cell` +
    `${misplaced.length ? `; not: ${misplaced.map((f) => f.id).join(', ')}` : ''})`,
);
