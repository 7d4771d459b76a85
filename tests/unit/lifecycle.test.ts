import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  canTransition,
  conflictOf,
  fail,
  FINAL_STATUSES,
  INCIDENT_STATUSES,
  incidentChangeSchema,
  ok,
  planChange,
  priorityOfSeverity,
  transitionPermission,
  TRANSITIONS,
  updateIncidentRequestSchema,
  type IncidentState,
  type IncidentStatus,
} from '../../protocol/index.js';

/** Every step the lifecycle allows, written out once more by hand: the table must say exactly this. */
const ALLOWED: Array<[IncidentStatus, IncidentStatus]> = [
  ['new', 'acknowledged'],
  ['new', 'cancelled'],
  ['new', 'duplicate'],
  ['acknowledged', 'dispatched'],
  ['acknowledged', 'resolved'],
  ['acknowledged', 'cancelled'],
  ['acknowledged', 'duplicate'],
  ['dispatched', 'en_route'],
  ['dispatched', 'on_scene'],
  ['dispatched', 'resolved'],
  ['dispatched', 'cancelled'],
  ['dispatched', 'acknowledged'],
  ['en_route', 'on_scene'],
  ['en_route', 'resolved'],
  ['en_route', 'cancelled'],
  ['en_route', 'acknowledged'],
  ['on_scene', 'resolved'],
  ['resolved', 'closed'],
  ['resolved', 'on_scene'],
];

const FORBIDDEN: Array<[IncidentStatus, IncidentStatus]> = [
  ['new', 'dispatched'],
  ['new', 'on_scene'],
  ['new', 'resolved'],
  ['new', 'closed'],
  ['acknowledged', 'new'],
  ['acknowledged', 'closed'],
  ['dispatched', 'new'],
  ['dispatched', 'duplicate'],
  ['en_route', 'dispatched'],
  ['on_scene', 'cancelled'],
  ['on_scene', 'closed'],
  ['on_scene', 'en_route'],
  ['resolved', 'cancelled'],
  ['resolved', 'acknowledged'],
  ['closed', 'on_scene'],
  ['closed', 'new'],
  ['cancelled', 'acknowledged'],
  ['cancelled', 'new'],
  ['duplicate', 'acknowledged'],
  ['duplicate', 'new'],
];

const incident = (over: Partial<IncidentState> = {}): IncidentState => ({
  seq: 10,
  id: 'INC-0000010',
  version: 3,
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
  position: [105.8, 21.02],
  positionApproximate: false,
  address: null,
  districtCode: null,
  dateIssued: '2026-11-27T01:15:00.000Z',
  receivedAt: '2026-11-27T01:15:01.000Z',
  duplicateOf: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ...over,
});

describe('incident lifecycle state machine', () => {
  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('allows nothing else: the table holds exactly the listed steps', () => {
    const table = INCIDENT_STATUSES.flatMap((from) => TRANSITIONS[from].map((to) => `${from}→${to}`));
    expect(table.sort()).toEqual(ALLOWED.map(([f, t]) => `${f}→${t}`).sort());
  });

  it.each(FORBIDDEN)('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('never moves a status to itself, and never out of closed, cancelled or duplicate', () => {
    for (const s of INCIDENT_STATUSES) expect(canTransition(s, s), s).toBe(false);
    for (const s of FINAL_STATUSES) expect(TRANSITIONS[s], s).toEqual([]);
  });

  it('lets operators acknowledge a new incident and keeps every other step for dispatchers', () => {
    for (const [from, to] of ALLOWED)
      expect(transitionPermission(from, to), `${from}→${to}`).toBe(
        from === 'new' && to === 'acknowledged' ? 'alerts.acknowledge' : 'incidents.dispatch',
      );
    expect(allowedTransitions('new', 'operator')).toEqual(['acknowledged']);
    expect(allowedTransitions('new', 'dispatcher')).toEqual(['acknowledged', 'cancelled', 'duplicate']);
    expect(allowedTransitions('dispatched', 'operator')).toEqual([]);
    for (const role of ['viewer', 'press'] as const)
      for (const s of INCIDENT_STATUSES) expect(allowedTransitions(s, role)).toEqual([]);
    for (const role of ['dispatcher', 'supervisor', 'admin'] as const)
      for (const s of INCIDENT_STATUSES) expect(allowedTransitions(s, role)).toEqual(TRANSITIONS[s]);
  });

  it('starts the priority from the severity, 1 the most urgent', () => {
    expect(priorityOfSeverity('critical')).toBe(1);
    expect(priorityOfSeverity('high')).toBe(2);
    expect(priorityOfSeverity('medium')).toBe(3);
    expect(priorityOfSeverity('low')).toBe(4);
    expect(priorityOfSeverity('informational')).toBe(5);
  });
});

describe('planning a change', () => {
  it('plans an allowed step for a role that may take it', () => {
    expect(planChange(incident(), { status: 'acknowledged' }, 'operator')).toEqual({
      ok: true,
      patch: { status: 'acknowledged' },
    });
    expect(planChange(incident({ status: 'acknowledged' }), { status: 'dispatched' }, 'dispatcher')).toEqual({
      ok: true,
      patch: { status: 'dispatched' },
    });
  });

  it('refuses a step the state machine does not allow, to every role', () => {
    for (const role of ['operator', 'admin'] as const)
      expect(planChange(incident(), { status: 'closed' }, role)).toMatchObject({
        ok: false,
        code: 'invalid_transition',
      });
    expect(planChange(incident({ status: 'cancelled' }), { status: 'acknowledged' }, 'operator')).toMatchObject({
      code: 'invalid_transition',
    });
  });

  it('refuses what the role may not do, whatever the state', () => {
    for (const role of ['viewer', 'press'] as const) {
      expect(planChange(incident(), { status: 'acknowledged' }, role)).toMatchObject({ code: 'forbidden' });
      expect(planChange(incident(), { note: 'x' }, role)).toMatchObject({ code: 'forbidden' });
    }
    const operator = (i: IncidentState, change: Parameters<typeof planChange>[1]) => planChange(i, change, 'operator');
    expect(operator(incident({ status: 'acknowledged' }), { status: 'dispatched' })).toMatchObject({
      code: 'forbidden',
    });
    expect(operator(incident({ status: 'dispatched' }), { status: 'acknowledged' })).toMatchObject({
      code: 'forbidden',
    });
    expect(operator(incident(), { priority: 1 })).toMatchObject({ code: 'forbidden' });
    expect(operator(incident(), { category: 'fire' })).toMatchObject({ code: 'forbidden' });
    expect(operator(incident(), { duplicateOf: 'INC-0000001' })).toMatchObject({ code: 'forbidden' });
    expect(operator(incident(), { note: 'gọi lại cho người báo' })).toEqual({
      ok: true,
      patch: { note: 'gọi lại cho người báo' },
    });
  });

  it('drops values that are already the current ones', () => {
    expect(
      planChange(incident(), { status: 'new', priority: 2, category: 'traffic', duplicateOf: null }, 'dispatcher'),
    ).toEqual({ ok: true, patch: {} });
    expect(planChange(incident(), { priority: 1, category: 'traffic' }, 'dispatcher')).toEqual({
      ok: true,
      patch: { priority: 1 },
    });
  });

  it('needs a primary for a duplicate, never the incident itself', () => {
    expect(planChange(incident(), { status: 'duplicate' }, 'dispatcher')).toMatchObject({ code: 'invalid_request' });
    expect(planChange(incident(), { status: 'duplicate', duplicateOf: 'INC-0000010' }, 'dispatcher')).toMatchObject({
      code: 'invalid_request',
    });
    expect(planChange(incident(), { status: 'duplicate', duplicateOf: 'INC-0000002' }, 'dispatcher')).toEqual({
      ok: true,
      patch: { status: 'duplicate', duplicateOf: 'INC-0000002' },
    });
    // A report linked on arrival already names its primary.
    expect(planChange(incident({ duplicateOf: 'INC-0000002' }), { status: 'duplicate' }, 'dispatcher')).toEqual({
      ok: true,
      patch: { status: 'duplicate' },
    });
  });

  it('only takes notes once an incident is closed, cancelled or a duplicate', () => {
    for (const status of FINAL_STATUSES) {
      const i = incident({ status, duplicateOf: status === 'duplicate' ? 'INC-0000002' : null });
      expect(planChange(i, { priority: 5 }, 'admin')).toMatchObject({ code: 'invalid_transition' });
      expect(planChange(i, { note: 'đã kiểm tra lại' }, 'operator')).toEqual({
        ok: true,
        patch: { note: 'đã kiểm tra lại' },
      });
    }
  });
});

describe('the incidents:update request', () => {
  it('takes a version and at least one known change', () => {
    expect(updateIncidentRequestSchema.safeParse({ id: 'INC-1', version: 1, change: { priority: 3 } }).success).toBe(
      true,
    );
    for (const bad of [
      { id: 'INC-1', change: { priority: 3 } },
      { id: 'INC-1', version: 0, change: { priority: 3 } },
      { id: 'INC-1', version: 1, change: {} },
      { id: 'INC-1', version: 1, change: { priority: 6 } },
      { id: 'INC-1', version: 1, change: { status: 'lost' } },
      { id: 'INC-1', version: 1, change: { severity: 'low' } },
      { id: 'INC-1', version: 1, change: { note: '   ' } },
    ])
      expect(updateIncidentRequestSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(incidentChangeSchema.parse({ note: '  trimmed  ' })).toEqual({ note: 'trimmed' });
  });

  it('finds the current incident in a conflict answer', () => {
    const current = incident({ version: 7 });
    expect(conflictOf(fail('conflict', 'changed meanwhile', { current }))).toEqual(current);
    expect(conflictOf(fail('forbidden', 'no'))).toBeUndefined();
    expect(conflictOf(ok(current))).toBeUndefined();
  });
});
