import { describe, expect, it } from 'vitest';
import type { IncidentState } from '../../protocol/index.js';
import type { IncidentNote } from '../../server/src/modules/incidents/incidents.repository.js';
import { buildTimeline, changedFields, type AuditRow } from '../../server/src/modules/incidents/timeline.service.js';

const base: IncidentState = {
  seq: 10,
  id: 'INC-0000010',
  version: 1,
  agency: 'police113',
  externalId: '113-1',
  category: 'traffic',
  subCategory: null,
  severity: 'high',
  status: 'new',
  statusTimes: {},
  priority: 2,
  noteCount: 0,
  description: 'Va chạm',
  alertSource: '113',
  position: null,
  positionApproximate: false,
  address: null,
  districtCode: null,
  dateIssued: '2026-11-27T01:15:00.000Z',
  receivedAt: '2026-11-27T01:15:01.000Z',
  duplicateOf: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
};
const T = (s: number) => new Date(Date.parse('2026-11-27T01:16:00.000Z') + s * 1000).toISOString();

const row = (id: number, at: string, before: IncidentState, after: IncidentState, action = 'update'): AuditRow => ({
  id,
  at,
  userId: 4,
  username: 'demo-dispatcher',
  displayName: 'Điều phối viên (demo)',
  action,
  targetKind: 'incident',
  targetId: base.id,
  before,
  after,
});
const note = (id: number, at: string, text: string): IncidentNote => ({
  id,
  at,
  incidentId: base.id,
  userId: 3,
  username: 'demo-operator',
  displayName: 'Trực ban (demo)',
  text,
});

describe('an incident timeline', () => {
  const acknowledged = { ...base, version: 2, status: 'acknowledged' as const, statusTimes: { acknowledged: T(0) } };
  const noted = { ...acknowledged, version: 3, noteCount: 1 };
  const dispatched = {
    ...noted,
    version: 4,
    status: 'dispatched' as const,
    priority: 1 as const,
    statusTimes: { ...noted.statusTimes, dispatched: T(20) },
  };
  const audit = [
    row(1, T(0), base, acknowledged, 'acknowledge'),
    row(2, T(10), acknowledged, noted, 'note'),
    row(3, T(20), noted, dispatched),
  ];
  const notes = [note(1, T(10), 'Người báo gọi lại: 2 xe máy')];

  it('merges the report, the audited changes and the notes, oldest first', () => {
    const entries = buildTimeline(dispatched, audit, notes, true);
    expect(entries.map((e) => e.kind)).toEqual(['reported', 'change', 'note', 'change']);
    expect(entries[0]).toEqual({ kind: 'reported', at: base.receivedAt, agency: 'police113', alertSource: '113' });
    expect(entries[1]).toMatchObject({
      at: T(0),
      action: 'acknowledge',
      by: { userId: 4, displayName: 'Điều phối viên (demo)' },
      changes: [{ field: 'status', from: 'new', to: 'acknowledged' }],
    });
    expect(entries[2]).toMatchObject({ text: 'Người báo gọi lại: 2 xe máy', by: { username: 'demo-operator' } });
    expect(entries[3]).toMatchObject({
      changes: [
        { field: 'status', from: 'acknowledged', to: 'dispatched' },
        { field: 'priority', from: 2, to: 1 },
      ],
    });
  });

  it('leaves the notes out for roles that may not read them, and the change that only added one', () => {
    const entries = buildTimeline(dispatched, audit, notes, false);
    expect(entries.map((e) => e.kind)).toEqual(['reported', 'change', 'change']);
    expect(JSON.stringify(entries)).not.toContain('xe máy');
  });

  it('shows a status time no audited change explains', () => {
    const legacy = { ...acknowledged, statusTimes: { acknowledged: T(5) } };
    const entries = buildTimeline(legacy, [], [], true);
    expect(entries).toEqual([
      { kind: 'reported', at: base.receivedAt, agency: 'police113', alertSource: '113' },
      { kind: 'status', at: T(5), status: 'acknowledged' },
    ]);
  });

  it('names the fields a change changed, from null links too', () => {
    expect(changedFields(base, { ...base, duplicateOf: 'INC-0000002', category: 'fire' })).toEqual([
      { field: 'category', from: 'traffic', to: 'fire' },
      { field: 'duplicateOf', from: null, to: 'INC-0000002' },
    ]);
    expect(changedFields(base, { ...base, version: 2, noteCount: 1 })).toEqual([]);
    expect(changedFields({ status: 'new' }, { status: 'acknowledged' })).toEqual([
      { field: 'status', from: 'new', to: 'acknowledged' },
    ]);
  });
});

describe('a unit sent to an incident, on its timeline', () => {
  it('shows who sent which unit and its travel time then, after the dispatch it caused', () => {
    const dispatched = { ...base, version: 2, status: 'dispatched' as const, statusTimes: { dispatched: T(5) } };
    const assign: AuditRow = {
      ...row(8, T(5), base, dispatched, 'assign_unit'),
      before: { unitId: 'police-hk-02', unitStatus: 'available', incidentStatus: 'new' },
      after: { unitId: 'police-hk-02', callSign: 'Tuần tra 02', etaSeconds: 372, incidentStatus: 'dispatched' },
    };
    const entries = buildTimeline(dispatched, [row(7, T(5), base, dispatched), assign], [], true);
    expect(entries.map((e) => e.kind)).toEqual(['reported', 'change', 'assignment']);
    expect(entries[2]).toEqual({
      kind: 'assignment',
      at: T(5),
      auditId: 8,
      by: { userId: 4, username: 'demo-dispatcher', displayName: 'Điều phối viên (demo)' },
      unitId: 'police-hk-02',
      callSign: 'Tuần tra 02',
      etaSeconds: 372,
    });
  });

  it('keeps an assignment recorded before call signs were audited, by its unit id', () => {
    const assign: AuditRow = {
      ...row(9, T(9), base, base, 'assign_unit'),
      before: { unitId: 'fire-01' },
      after: { unitId: 'fire-01', etaSeconds: 60 },
    };
    const [, entry] = buildTimeline(base, [assign], [], false);
    expect(entry).toMatchObject({ kind: 'assignment', unitId: 'fire-01', callSign: null, etaSeconds: 60 });
  });
});
