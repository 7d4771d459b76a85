import { describe, expect, it } from 'vitest';
import type { BacklogBucketFigures, BacklogServiceLevels } from '../../protocol/index.js';
import {
  MAX_GRID_COLUMNS,
  gridColumns,
  gridRows,
  maxOverdue,
} from '../../client/src/features/analysis/backlog-grid.js';

const H = 3_600_000;
const FROM = Date.parse('2026-12-05T00:00:00Z');
const at = (i: number) => new Date(FROM + i * H).toISOString();
const figures = (i: number, received: number, online: number, overdue: number): BacklogBucketFigures => ({
  at: at(i),
  received,
  submittedOnline: online,
  overdue,
  onlineShare: received > 0 ? online / received : null,
  meetsTarget: received > 0 ? online / received >= 0.7 : null,
});
const district = (code: string, buckets: BacklogBucketFigures[]) => ({
  districtCode: code,
  buckets,
  latest: buckets.at(-1) ?? null,
});
const NAMES: Record<string, string> = { '001': 'Ba Đình', '002': 'Hoàn Kiếm', '003': 'Tây Hồ' };
const nameOf = (code: string) => NAMES[code] ?? code;

const data: BacklogServiceLevels = {
  from: at(0),
  to: at(4),
  bucket: '1h',
  target: 0.7,
  districts: [
    district('002', [figures(0, 10, 9, 0), figures(3, 10, 8, 1)]),
    district('001', [figures(1, 40, 32, 1), figures(3, 40, 20, 3)]),
    district('003', [figures(2, 0, 0, 0)]),
  ],
};

describe('the dossier grid by district and bucket', () => {
  it('has a column for every bucket of the window, gaps included', () => {
    expect(gridColumns(data)).toEqual([0, 1, 2, 3].map((i) => FROM + i * H));
  });

  it('keeps only the buckets with reports when the window holds too many', () => {
    const wide = { ...data, to: new Date(FROM + (MAX_GRID_COLUMNS + 1) * H).toISOString() };
    expect(gridColumns(wide)).toEqual([0, 1, 2, 3].map((i) => FROM + i * H));
  });

  it('puts each bucket under its column and an empty cell where a district did not report', () => {
    const rows = gridRows(data, gridColumns(data), 'overdue', nameOf);
    const baDinh = rows.find((r) => r.districtCode === '001')!;
    expect(baDinh.cells.map((c) => c?.overdue ?? null)).toEqual([null, 1, null, 3]);
    expect(maxOverdue(rows)).toBe(3);
  });

  it('lists the most overdue first, or the lowest online share first (nothing received last)', () => {
    const columns = gridColumns(data);
    expect(gridRows(data, columns, 'overdue', nameOf).map((r) => r.districtCode)).toEqual(['001', '002', '003']);
    expect(gridRows(data, columns, 'share', nameOf).map((r) => r.districtCode)).toEqual(['001', '002', '003']);
    const swapped = {
      districts: [district('001', [figures(3, 10, 9, 0)]), district('002', [figures(3, 10, 5, 0)])],
    };
    // Equal overdue: alphabetical in Vietnamese; by share: Hoàn Kiếm's 50% before Ba Đình's 90%.
    expect(gridRows(swapped, columns, 'overdue', nameOf).map((r) => r.districtCode)).toEqual(['001', '002']);
    expect(gridRows(swapped, columns, 'share', nameOf).map((r) => r.districtCode)).toEqual(['002', '001']);
  });
});
