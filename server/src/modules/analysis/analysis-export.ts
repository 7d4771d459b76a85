import type {
  AnalysisView,
  BacklogServiceLevels,
  CongestionByCorridor,
  CrimeByDistrict,
  IncidentHotspots,
} from '../../../../protocol/index.js';
/**
 * Exports of the analysis panel: CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read the
 * diacritics) and GeoJSON. Pure: no I/O.
 */

/** A field as CSV: quoted when it holds a comma, quote or line break; a formula-like start neutralised. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value.normalize('NFC') : String(value);
  // A spreadsheet would run "=...", "+...", "-...", "@..." typed by a feed as a formula.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document: the BOM, the header, one line per row, CRLF line ends. */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>,
): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A file name safe everywhere: letters, digits, dash and dot only. */
export const exportName = (view: string, from: string, to: string, ext: string): string =>
  `hanoi-${view}-${from}-${to}`.replace(/[^A-Za-z0-9.-]+/g, '-') + `.${ext}`;

/** A number rounded for export (speeds, shares): at most 4 decimals. */
export const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10_000) / 10_000);

/** Where the exports find names and shapes: the gazetteer's district cells and corridor lines. */
export interface ExportPlaces {
  districtName(code: string): string;
  districtRings(code: string): number[][][] | undefined;
  corridorLine(id: string): number[][] | undefined;
}

export type AnyAnswer = IncidentHotspots | CongestionByCorridor | CrimeByDistrict | BacklogServiceLevels;

/** The CSV of a view's answer: one row per cell. */
export function answerCsv(view: AnalysisView, a: AnyAnswer, places: ExportPlaces): string {
  switch (view) {
    case 'incidents': {
      const x = a as IncidentHotspots;
      return toCsv(
        ['district_code', 'district_name', 'hour', 'count'],
        x.districts.flatMap((d) =>
          d.byHour.map((count, hour) => [d.districtCode, places.districtName(d.districtCode), hour, count]),
        ),
      );
    }
    case 'congestion': {
      const x = a as CongestionByCorridor;
      return toCsv(
        ['corridor_id', 'corridor_name', 'bucket_start', 'speed_avg', 'detectors', 'congested', 'congestion_index'],
        x.corridors.flatMap((c) =>
          c.buckets.map((b) => [
            c.corridorId,
            c.name,
            b.at,
            round(b.speedAvg),
            b.detectors,
            b.congested,
            round(b.congestionIndex),
          ]),
        ),
      );
    }
    case 'crime': {
      const x = a as CrimeByDistrict;
      if (!x.detail)
        return toCsv(
          ['district_code', 'district_name', 'total'],
          x.districts.map((d) => [d.districtCode, places.districtName(d.districtCode), d.total]),
        );
      return toCsv(
        ['district_code', 'district_name', 'category', 'count'],
        x.districts.flatMap((d) =>
          Object.entries(d.byCategory ?? {}).map(([c, n]) => [
            d.districtCode,
            places.districtName(d.districtCode),
            c,
            n,
          ]),
        ),
      );
    }
    case 'backlog': {
      const x = a as BacklogServiceLevels;
      return toCsv(
        [
          'district_code',
          'district_name',
          'bucket_start',
          'received',
          'submitted_online',
          'overdue',
          'online_share',
          'meets_target',
        ],
        x.districts.flatMap((d) =>
          d.buckets.map((b) => [
            d.districtCode,
            places.districtName(d.districtCode),
            b.at,
            b.received,
            b.submittedOnline,
            b.overdue,
            round(b.onlineShare),
            b.meetsTarget,
          ]),
        ),
      );
    }
  }
}

interface GeoFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'LineString'; coordinates: number[][] };
  properties: Record<string, unknown>;
}

/** The GeoJSON of a view's answer: district cells (schematic) or corridor lines, carrying the figures. */
export function answerGeoJson(view: AnalysisView, a: AnyAnswer, places: ExportPlaces) {
  const features: GeoFeature[] = [];
  const district = (code: string, properties: Record<string, unknown>) => {
    const rings = places.districtRings(code);
    if (rings)
      features.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: rings },
        properties: { districtCode: code, name: places.districtName(code), ...properties },
      });
  };
  if (view === 'congestion') {
    for (const c of (a as CongestionByCorridor).corridors) {
      const line = places.corridorLine(c.corridorId);
      if (line)
        features.push({
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: line },
          properties: {
            corridorId: c.corridorId,
            name: c.name,
            speedAvg: round(c.speedAvg),
            congestionIndex: round(c.congestionIndex),
            buckets: c.buckets,
          },
        });
    }
  } else if (view === 'incidents') {
    for (const d of (a as IncidentHotspots).districts)
      district(d.districtCode, { total: d.total, byHour: d.byHour, byCategory: d.byCategory });
  } else if (view === 'crime') {
    const x = a as CrimeByDistrict;
    for (const d of x.districts)
      district(d.districtCode, x.detail ? { total: d.total, byCategory: d.byCategory } : { total: d.total });
  } else {
    const x = a as BacklogServiceLevels;
    for (const d of x.districts) district(d.districtCode, { target: x.target, latest: d.latest, buckets: d.buckets });
  }
  return { type: 'FeatureCollection' as const, from: a.from, to: a.to, features };
}
