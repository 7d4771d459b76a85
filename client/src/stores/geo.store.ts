import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';
import { defineStore } from 'pinia';
import { computed, markRaw, shallowRef } from 'vue';
import type { LonLat } from '../../../protocol/index.js';
import {
  geoApi,
  type CommuneInfo,
  type DistrictLabelProperties,
  type DistrictCellProperties,
  type NetworkProperties,
  type RoadSegmentInfo,
} from '../api/geo.js';
import { computeCommuneAnchors } from './geo/commune-anchors.js';

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

  /** The schematic point of every commune (where its WAN node is drawn), once the geography has loaded. */
  const communeAnchors = computed<ReadonlyMap<string, LonLat>>(() =>
    districts.value && districtLabels.value && communes.value.size > 0
      ? markRaw(computeCommuneAnchors(communes.value.values(), districts.value, districtLabels.value))
      : new Map(),
  );

  /** "Ba Đình" (or its English name) for a district code; null while unknown (or not loaded yet). */
  function districtName(code: string | null | undefined, locale: string): string | null {
    const district = code ? districtLabels.value?.features.find((f) => f.properties.code === code) : undefined;
    if (!district) return null;
    return locale.startsWith('vi') ? district.properties.name : district.properties.nameEn || district.properties.name;
  }

  /** "Phường Phúc Xá, Ba Đình" for a GSO commune code; null while unknown (or not loaded yet). */
  function communeName(code: string | undefined, locale: string): string | null {
    const commune = code === undefined ? undefined : communes.value.get(code);
    if (!commune) return null;
    const district = districtName(commune.districtCode, locale);
    return district ? `${commune.fullName}, ${district}` : commune.fullName;
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

  return {
    districts,
    districtLabels,
    network,
    segments,
    communes,
    communeAnchors,
    lastError,
    load,
    stop,
    roadName,
    districtName,
    communeName,
  };
});
