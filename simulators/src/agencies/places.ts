/**
 * Where simulated reports happen: a district chosen by its share of Hanoi's population (2019
 * census), one of its communes, and a point within about 300 m of the commune's schematic anchor
 * that stays inside the same district's schematic cell (so the server places it where we meant).
 */
import { inHanoi, type LonLat } from '../../../protocol/index.js';
import { communeAnchor } from '../../../server/src/geo/anchors.js';
import { communesOf, districtAt, districts, type Commune, type District } from '../../../server/src/geo/gazetteer.js';
import type { Rng } from '../random.js';
import { weightedPick } from './process.js';

export interface Place {
  district: District;
  commune: Commune;
  point: LonLat;
  /** Names as the incident and crime schemas want them. */
  address: { addressLocality: string; addressRegion: string };
  /** "phường Phúc Xá, quận Ba Đình": for descriptions. */
  phrase: string;
}

const MAX_JITTER_M = 300;
const METRES_PER_DEGREE = 111_320;

interface DistrictEntry {
  district: District;
  communes: Commune[];
}
let entries: DistrictEntry[] | undefined;
function districtEntries(): DistrictEntry[] {
  entries ??= districts()
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((district) => ({
      district,
      communes: communesOf(district.code).sort((a, b) => a.code.localeCompare(b.code)),
    }))
    .filter((e) => e.communes.length > 0);
  return entries;
}

const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/** A point within `MAX_JITTER_M` of `anchor` inside the same district; the anchor itself at worst. */
export function jitter(rng: Rng, anchor: LonLat, districtCode: string): LonLat {
  const angle = rng() * 2 * Math.PI;
  let radius = MAX_JITTER_M * Math.sqrt(rng());
  for (let attempt = 0; attempt < 4; attempt++, radius /= 2) {
    const dLat = (radius * Math.sin(angle)) / METRES_PER_DEGREE;
    const dLon = (radius * Math.cos(angle)) / (METRES_PER_DEGREE * Math.cos((anchor[1] * Math.PI) / 180));
    const point: LonLat = [round5(anchor[0] + dLon), round5(anchor[1] + dLat)];
    if (inHanoi(point) && districtAt(point)?.code === districtCode) return point;
  }
  return anchor;
}

/** A place drawn from `rng`: district by population, commune uniformly within it, a jittered point. */
export function randomPlace(rng: Rng): Place {
  const { district, communes } = weightedPick(rng, districtEntries(), (e) => e.district.population);
  const commune = communes[Math.floor(rng() * communes.length)] as Commune;
  const anchor = communeAnchor(commune.code) ?? district.label;
  return {
    district,
    commune,
    point: jitter(rng, anchor, district.code),
    address: { addressLocality: commune.name, addressRegion: district.name },
    phrase: `${lowerFirst(commune.fullName)}, ${lowerFirst(district.fullName)}`,
  };
}
