import { describe, expect, it } from 'vitest';
import {
  deviceExamples,
  INCIDENT_STATUSES,
  nextIncidentStatus,
  unitReportSchema,
  unitStatusSchema,
  type IncidentState,
  type IncidentStatus,
  type UnitStatus,
} from '../../protocol/index.js';
import { buildTimeline, type AuditRow } from '../../server/src/modules/incidents/timeline.service.js';

/** Every step a unit's report takes an incident, written out by hand: nothing else may move. */
const STEPS: Array<[UnitStatus, IncidentStatus, IncidentStatus]> = [
  ['en_route', 'dispatched', 'en_route'],
  ['on_scene', 'dispatched', 'on_scene'],
  ['on_scene', 'en_route', 'on_scene'],
];

describe("an incident following its unit's reports", () => {
  it.each(STEPS)('moves forward: unit %s, incident %s -> %s', (unit, incident, next) => {
    expect(nextIncidentStatus(unit, incident)).toBe(next);
  });

  it('changes nothing for any other pair: no step back, no repeat, nothing resolved, stood down or over', () => {
    for (const unit of unitStatusSchema.options)
      for (const incident of INCIDENT_STATUSES) {
        if (STEPS.some(([u, i]) => u === unit && i === incident)) continue;
        expect(nextIncidentStatus(unit, incident), `${unit} on ${incident}`).toBeNull();
      }
    // The cases a dispatcher would notice first.
    expect(nextIncidentStatus('en_route', 'on_scene')).toBeNull();
    expect(nextIncidentStatus('on_scene', 'on_scene')).toBeNull();
    expect(nextIncidentStatus('on_scene', 'resolved')).toBeNull();
    expect(nextIncidentStatus('en_route', 'acknowledged')).toBeNull();
    expect(nextIncidentStatus('available', 'on_scene')).toBeNull();
  });
});

describe('a unit report naming its incident', () => {
  const example = deviceExamples.units.report;

  it('keeps reports without an incident valid', () => {
    expect(unitReportSchema.safeParse(example).success).toBe(true);
  });

  it('accepts the incident the unit is on, and refuses an empty or overlong one', () => {
    const on = unitReportSchema.parse({ ...example, status: 'en_route', incidentId: 'INC-0000042' });
    expect(on.incidentId).toBe('INC-0000042');
    expect(unitReportSchema.safeParse({ ...example, incidentId: '' }).success).toBe(false);
    expect(unitReportSchema.safeParse({ ...example, incidentId: 'x'.repeat(65) }).success).toBe(false);
    expect(unitReportSchema.safeParse({ ...example, incidentId: 42 }).success).toBe(false);
  });
});

describe('a step made by a unit in the timeline', () => {
  const dispatched: IncidentState = {
    seq: 10,
    id: 'INC-0000010',
    version: 3,
    agency: 'police113',
    externalId: '113-1',
    category: 'traffic',
    subCategory: null,
    severity: 'high',
    status: 'dispatched',
    statusTimes: { acknowledged: '2026-11-27T01:16:00.000Z', dispatched: '2026-11-27T01:16:00.000Z' },
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
    acknowledgedAt: '2026-11-27T01:16:00.000Z',
    acknowledgedBy: 'Điều phối viên (demo)',
  };
  const at = '2026-11-27T01:20:00.000Z';
  const enRoute: IncidentState = {
    ...dispatched,
    version: 4,
    status: 'en_route',
    statusTimes: { ...dispatched.statusTimes, en_route: at },
  };
  const row: AuditRow = {
    id: 7,
    at,
    userId: null,
    unit: { id: 'amb-01', callSign: 'Cấp cứu 01' },
    username: 'unit:amb-01',
    displayName: null,
    action: 'unit_report',
    targetKind: 'incident',
    targetId: dispatched.id,
    before: dispatched,
    after: enRoute,
  };

  it('names the unit by its call sign', () => {
    const entries = buildTimeline(enRoute, [row], [], true);
    expect(entries.find((e) => e.kind === 'change')).toEqual({
      kind: 'change',
      at,
      auditId: 7,
      action: 'unit_report',
      by: { unitId: 'amb-01', callSign: 'Cấp cứu 01', displayName: 'Đơn vị Cấp cứu 01' },
      changes: [{ field: 'status', from: 'dispatched', to: 'en_route' }],
    });
    // The audited change explains the status time: it is not shown twice.
    expect(entries.filter((e) => e.kind === 'status').map((e) => e.at)).not.toContain(at);
  });
});
