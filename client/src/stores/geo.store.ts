import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';
import { defineStore } from 'pinia';
import { markRaw, shallowRef } from 'vue';
import {
  geoApi,
  type CommuneInfo,
  type DistrictLabelProperties,
  type DistrictCellProperties,
  type NetworkProperties,
  type RoadSegmentInfo,
} from '../api/geo.js';

export type NetworkFeatures = FeatureCollection<LineString | Point | Polygon, NetworkProperties & NetworkLabels>;
/** Short names for map labels, added on load: "Vành đai 1 (Nguyễn Khoái – …)" -> "Vành đai 1". */
export interface NetworkLabels {
  label: string;
  labelEn: string;
}

/** Short form of a long corridor or place name: what comes before " (" or " / ". */
export function shortName(name: string | undefined): string {
  if (!name) return '';
  const cut = name.search(/\s[(/]/);
  return (cut > 0 ? name.slice(0, cut) : name).trim();
}

/**
 * The static geography of the console (district cells, label points, road network, segments):
 * loaded once, retried while the server is unreachable, held as raw (non-reactive) objects.
 */
export const useGeoStore = defineStore('geo', () => {
  const districts = shallowRef<FeatureCollection<Polygon, DistrictCellProperties> | null>(null);
  const districtLabels = shallowRef<FeatureCollection<Point, DistrictLabelProperties> | null>(null);
  const network = shallowRef<NetworkFeatures | null>(null);
  const segments = shallowRef<ReadonlyMap<string, RoadSegmentInfo>>(new Map());
  const communes = shallowRef<ReadonlyMap<string, CommuneInfo>>(new Map());
  const lastError = shallowRef<string | null>(null);
  let corridors = new Map<string, NetworkProperties>();
  let abort: AbortController | null = null;

  const onError = (err: Error) => (lastError.value = err.message);

  /** Starts loading everything (once). */
  function load(): void {
    if (abort) return;
    abort = new AbortController();
    const { signal } = abort;
    const ignore = () => undefined;
    geoApi.districts(signal, onError).then((fc) => (districts.value = markRaw(fc)), ignore);
    geoApi.districtLabels(signal, onError).then((fc) => (districtLabels.value = markRaw(fc)), ignore);
    geoApi.network(signal, onError).then((fc) => {
      const withLabels = fc as NetworkFeatures;
      for (const f of withLabels.features) {
        f.properties.label = shortName(f.properties.name);
        f.properties.labelEn = shortName(f.properties.nameEn);
      }
      corridors = new Map(fc.features.map((f) => [f.properties.id, f.properties]));
      network.value = markRaw(withLabels);
    }, ignore);
    geoApi
      .segments(signal, onError)
      .then((list) => (segments.value = markRaw(new Map(list.map((s) => [s.id, s])))), ignore);
    geoApi
      .communes(signal, onError)
      .then((list) => (communes.value = markRaw(new Map(list.map((c) => [c.code, c])))), ignore);
  }

  /** "Phường Phúc Xá, Ba Đình" for a GSO commune code; null while unknown (or not loaded yet). */
  function communeName(code: string | undefined, locale: string): string | null {
    const commune = code === undefined ? undefined : communes.value.get(code);
    if (!commune) return null;
    const district = districtLabels.value?.features.find((f) => f.properties.code === commune.districtCode);
    const districtName = district
      ? locale.startsWith('vi')
        ? district.properties.name
        : district.properties.nameEn
      : '';
    return districtName ? `${commune.fullName}, ${districtName}` : commune.fullName;
  }

  /** The road a segment belongs to, in short form ("Vành đai 2"), or null when unknown. */
  function roadName(segmentId: string, locale: string): string | null {
    void network.value; // reactive: recomputed once the network has loaded
    const segment = segments.value.get(segmentId);
    const corridorId = segment?.corridorId ?? segmentId.split(':')[0] ?? '';
    const corridor = corridors.get(corridorId);
    if (corridor) return shortName(locale.startsWith('vi') ? corridor.name : corridor.nameEn || corridor.name);
    return segment ? shortName(segment.name) : null;
  }

  function stop(): void {
    abort?.abort();
    abort = null;
  }

  return { districts, districtLabels, network, segments, communes, lastError, load, stop, roadName, communeName };
});
