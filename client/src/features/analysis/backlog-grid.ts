import {
  ANALYSIS_BUCKET_MS,
  type BacklogBucketFigures,
  type BacklogServiceLevels,
} from '../../../../protocol/index.js';

/** More columns than this and only the buckets with reports are shown (a grid a person can still read). */
export const MAX_GRID_COLUMNS = 200;

/** What the dossier grid shows: the overdue count or the online share, per district and bucket. */
export type BacklogGridMode = 'overdue' | 'share';

export interface BacklogGridRow {
  districtCode: string;
  /** One per column: the district's figures in that bucket, or null when none of its communes reported. */
  cells: (BacklogBucketFigures | null)[];
  latest: BacklogBucketFigures | null;
}

/**
 * The columns of the grid (bucket starts, epoch ms): every bucket of the answered window, so a
 * bucket without reports shows as a gap; only those with reports when there would be too many.
 */
export function gridColumns(data: Pick<BacklogServiceLevels, 'from' | 'to' | 'bucket' | 'districts'>): number[] {
  const size = ANALYSIS_BUCKET_MS[data.bucket];
  const from = Date.parse(data.from);
  const to = Date.parse(data.to);
  if ((to - from) / size <= MAX_GRID_COLUMNS) {
    const all: number[] = [];
    for (let at = from; at < to; at += size) all.push(at);
    return all;
  }
  const seen = new Set<number>();
  for (const d of data.districts) for (const b of d.buckets) seen.add(Date.parse(b.at));
  return [...seen].sort((a, b) => a - b);
}

/**
 * One row per district with its figures under `columns`, worst first for the mode: the most overdue
 * dossiers in the last bucket, or the lowest online share (a district that received nothing last).
 * `nameOf` breaks ties alphabetically in Vietnamese.
 */
export function gridRows(
  data: Pick<BacklogServiceLevels, 'districts'>,
  columns: readonly number[],
  mode: BacklogGridMode,
  nameOf: (code: string) => string,
): BacklogGridRow[] {
  const rows = data.districts.map((d) => {
    const byStart = new Map(d.buckets.map((b) => [Date.parse(b.at), b]));
    return { districtCode: d.districtCode, cells: columns.map((at) => byStart.get(at) ?? null), latest: d.latest };
  });
  const worse = (a: BacklogGridRow, b: BacklogGridRow) =>
    mode === 'overdue'
      ? (b.latest?.overdue ?? -1) - (a.latest?.overdue ?? -1)
      : (a.latest?.onlineShare ?? 2) - (b.latest?.onlineShare ?? 2);
  return rows.sort((a, b) => worse(a, b) || nameOf(a.districtCode).localeCompare(nameOf(b.districtCode), 'vi'));
}

/** The most overdue dossiers in any cell: the overdue heat is measured against it. */
export const maxOverdue = (rows: readonly BacklogGridRow[]): number =>
  Math.max(0, ...rows.flatMap((r) => r.cells.map((c) => c?.overdue ?? 0)));
