import { describe, expect, it } from 'vitest';
import type { IncidentState } from '../../protocol/index.js';
import {
  DUPLICATE_CHOICES,
  distanceBetween,
  duplicateCandidates,
} from '../../client/src/features/dispatch/duplicate-candidates.js';

const NOW = Date.parse('2026-12-05T08:00:00Z');
let seq = 0;
function incident(over: Partial<IncidentState> & { id: string }): IncidentState {
  return {
    seq: ++seq,
    version: 1,
    agency: 'test',
    externalId: over.id,
    category: 'traffic',
    subCategory: null,
    severity: 'high',
    status: 'new',
    statusTimes: {},
    priority: 2,
    noteCount: 0,
    description: 'Va chạm',
    alertSource: '113',
    position: [105.8245, 21.0105],
    positionApproximate: false,
    address: null,
    districtCode: '006',
    dateIssued: new Date(NOW).toISOString(),
    receivedAt: new Date(NOW).toISOString(),
    duplicateOf: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  };
}
const ids = (list: ReturnType<typeof duplicateCandidates>) => list.map((c) => c.incident.id);

describe('the incidents a report may be marked a duplicate of', () => {
  const open = incident({ id: 'INC-1' });

  it('offers the same category first, then the nearest, then the unplaced', () => {
    const list = duplicateCandidates(open, [
      open,
      incident({ id: 'far-same', position: [105.85, 21.03] }),
      incident({ id: 'near-fire', category: 'fire', position: [105.825, 21.011] }),
      incident({ id: 'near-same', position: [105.8255, 21.0108] }),
      incident({ id: 'unplaced-same', position: null }),
    ]);
    expect(ids(list)).toEqual(['near-same', 'far-same', 'unplaced-same', 'near-fire']);
    expect(list[0]!.distanceM).toBeGreaterThan(50);
    expect(list[0]!.distanceM).toBeLessThan(150);
    expect(list[0]!.sameCategory).toBe(true);
    expect(list[2]!.distanceM).toBeNull();
  });

  it('leaves out itself, duplicates (the server refuses a duplicate of one), the finished and the old', () => {
    const list = duplicateCandidates(open, [
      open,
      incident({ id: 'linked', duplicateOf: 'INC-9' }),
      incident({ id: 'closed', status: 'closed' }),
      incident({ id: 'yesterday', receivedAt: new Date(NOW - 25 * 3_600_000).toISOString() }),
      incident({ id: 'this-morning', receivedAt: new Date(NOW - 3 * 3_600_000).toISOString() }),
    ]);
    expect(ids(list)).toEqual(['this-morning']);
  });

  it('keeps the list short, and closer in time first among equals', () => {
    const many = Array.from({ length: 10 }, (_, i) =>
      incident({ id: `same-${i}`, receivedAt: new Date(NOW - (10 - i) * 60_000).toISOString() }),
    );
    const list = duplicateCandidates(open, many);
    expect(list).toHaveLength(DUPLICATE_CHOICES);
    expect(list[0]!.incident.id).toBe('same-9');
  });

  it('measures great-circle distance in metres', () => {
    // Hoàn Kiếm lake to the Opera House: about 900 m.
    const d = distanceBetween([105.8522, 21.0288], [105.8578, 21.0242]);
    expect(d).toBeGreaterThan(700);
    expect(d).toBeLessThan(1_000);
  });
});
