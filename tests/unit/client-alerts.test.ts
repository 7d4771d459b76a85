import { describe, expect, it } from 'vitest';
import { ackError } from '../../client/src/features/alerts/ack-errors.js';
import { alertAge, formatCountdown } from '../../client/src/features/alerts/alert-age.js';
import { buildAlerts, compareAlerts, type AlarmPlace } from '../../client/src/features/alerts/alert-list.js';
import { toAlertSeverity } from '../../client/src/features/alerts/alert-severity.js';
import { districtAt } from '../../client/src/features/alerts/district-at.js';
import { CommandError } from '../../client/src/realtime/sync.js';
import type { AlarmState, IncidentState } from '../../protocol/index.js';

const at = (time: string) => `2026-11-27T${time}Z`;

// Built by assertion: newer servers add fields (a version) the alerts do not read.
const incident = (id: string, over: Partial<IncidentState> = {}): IncidentState =>
  ({
    seq: 1,
    id,
    agency: 'police',
    externalId: `113-${id}`,
    category: 'traffic',
    subCategory: 'carAccident',
    severity: 'high',
    status: 'new',
    description: 'Va chạm trên đường Trường Chinh',
    alertSource: '113',
    position: [105.8245, 21.0105],
    positionApproximate: false,
    address: null,
    districtCode: '006',
    dateIssued: at('08:15:00'),
    receivedAt: at('08:15:02'),
    duplicateOf: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  }) as IncidentState;

const alarm = (id: string, over: Partial<AlarmState> = {}): AlarmState => ({
  seq: 1,
  id,
  kind: 'signal_fault',
  severity: 'medium',
  source: { feed: 'signals', id: 'sig-1' },
  position: null,
  details: {},
  raisedAt: at('08:00:00'),
  clearedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ...over,
});

const place: AlarmPlace = () => ({ position: [105.84, 21.03], districtCode: '001' });
const ids = (list: { id: string }[]) => list.map((a) => a.id);

describe('the alerts list', () => {
  it('puts unacknowledged alerts first, then the worst severity, then the newest', () => {
    const list = buildAlerts(
      [
        incident('low-new', { severity: 'low', receivedAt: at('09:00:00') }),
        incident('critical-old', { severity: 'critical', receivedAt: at('07:00:00') }),
        incident('critical-new', { severity: 'critical', receivedAt: at('08:30:00') }),
        incident('critical-acked', {
          severity: 'critical',
          receivedAt: at('09:30:00'),
          status: 'acknowledged',
          acknowledgedAt: at('09:31:00'),
          acknowledgedBy: 'Nguyễn Thị C',
        }),
        incident('info', { severity: 'informational', receivedAt: at('09:45:00') }),
      ],
      [alarm('A-high', { severity: 'high', raisedAt: at('06:00:00') }), alarm('A-medium')],
      place,
    );
    expect(ids(list)).toEqual([
      'critical-new',
      'critical-old',
      'A-high',
      'A-medium',
      'low-new',
      'info',
      'critical-acked',
    ]);
  });

  it('ranks alarms and incidents on one scale: a high alarm with high incidents, by time', () => {
    const list = buildAlerts(
      [incident('I-high', { receivedAt: at('08:10:00') })],
      [alarm('A-high', { severity: 'high', raisedAt: at('08:20:00') })],
      place,
    );
    expect(ids(list)).toEqual(['A-high', 'I-high']);
    expect(list.map((a) => a.severity)).toEqual(['high', 'high']);
  });

  it('shows a duplicate report as "+N" on its primary, not as a row of its own', () => {
    const list = buildAlerts(
      [
        incident('P'),
        incident('D1', { duplicateOf: 'P', severity: 'critical' }),
        incident('D2', { duplicateOf: 'P' }),
        // Its primary is not held (closed): listed, so nothing goes unseen.
        incident('orphan', { duplicateOf: 'gone', severity: 'low' }),
      ],
      [],
      place,
    );
    expect(ids(list)).toEqual(['P', 'orphan']);
    expect(list[0]!.duplicates).toBe(2);
    expect(list[1]!.duplicates).toBe(0);
  });

  it('names what each alert is and where, and who acknowledged it', () => {
    const list = buildAlerts(
      [
        incident('I', {
          category: 'fire',
          subCategory: 'houseFire',
          acknowledgedAt: at('08:20:00'),
          acknowledgedBy: 'Nguyễn Thị C',
        }),
      ],
      [alarm('A', { kind: 'camera_offline', source: { feed: 'cameras', id: 'cam-7' }, severity: 'low' })],
      place,
    );
    const i = list.find((x) => x.id === 'I');
    const a = list.find((x) => x.id === 'A');
    expect(i).toMatchObject({
      key: 'incident:I',
      title: { key: 'incidents.category.fire' },
      detail: { key: 'incidents.subCategory.houseFire' },
      districtCode: '006',
      acknowledgedBy: 'Nguyễn Thị C',
    });
    expect(a).toMatchObject({
      key: 'alarm:A',
      title: { key: 'alarms.kind.camera_offline' },
      detail: { key: 'alarms.source.cameras', params: { id: 'cam-7' } },
      districtCode: '001',
      position: [105.84, 21.03],
    });
    // An unknown sub-category is kept as the text that was sent (shown as text).
    const j = buildAlerts([incident('J', { subCategory: 'ngập <b>sâu</b>' })], [], place)[0];
    expect(j?.detail).toEqual({ text: 'ngập <b>sâu</b>' });
  });

  it('leaves out a cleared alarm', () => {
    expect(buildAlerts([], [alarm('A', { clearedAt: at('09:00:00') })], place)).toEqual([]);
  });

  it('orders the same alerts the same way every time', () => {
    const a = buildAlerts([incident('X'), incident('Y')], [], place);
    const b = buildAlerts([incident('Y'), incident('X')], [], place);
    expect(ids(a)).toEqual(ids(b));
    expect(compareAlerts(a[0]!, a[0]!)).toBe(0);
  });

  it('maps an unknown severity to medium', () => {
    expect(toAlertSeverity('critical')).toBe('critical');
    expect(toAlertSeverity('extreme')).toBe('medium');
  });
});

describe("an alert's age and the mute's countdown", () => {
  const now = Date.parse(at('10:00:00'));
  it('says "just now" under a minute, then minutes, hours and minutes, days', () => {
    expect(alertAge(at('09:59:30'), now)).toMatchObject({ key: 'alerts.age.justNow' });
    expect(alertAge(at('09:57:00'), now)).toEqual({ key: 'alerts.age.minutes', params: { minutes: 3 }, count: 3 });
    expect(alertAge(at('08:55:00'), now)).toMatchObject({ key: 'alerts.age.hours', params: { hours: 1, minutes: 5 } });
    expect(alertAge('2026-11-25T09:00:00Z', now)).toMatchObject({ key: 'alerts.age.days', params: { days: 2 } });
    // A clock a little ahead of the console's is not "in the future".
    expect(alertAge(at('10:00:20'), now)).toMatchObject({ key: 'alerts.age.justNow' });
  });

  it('counts down in minutes and seconds, never showing 0:00 while running', () => {
    expect(formatCountdown(5 * 60_000)).toBe('5:00');
    expect(formatCountdown(64_500)).toBe('1:05');
    expect(formatCountdown(200)).toBe('0:01');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});

describe('acknowledgement errors', () => {
  it("names the server's refusals, a link that is down and a command that got no answer", () => {
    expect(ackError(new CommandError('alerts:acknowledge', 'forbidden', 'no'))).toBe('forbidden');
    expect(ackError(new CommandError('alerts:acknowledge', 'not_found', 'no'))).toBe('not_found');
    expect(ackError(new CommandError('command', 'offline', 'not connected'))).toBe('offline');
    expect(ackError(new Error('operation has timed out'))).toBe('timeout');
    expect(ackError(new CommandError('alerts:acknowledge', 'internal', 'boom'))).toBe('other');
  });
});

describe('the district of an alarm', () => {
  const cells = {
    type: 'FeatureCollection' as const,
    features: [
      {
        type: 'Feature' as const,
        properties: { code: '001' },
        geometry: {
          type: 'Polygon' as const,
          coordinates: [
            [
              [105.8, 21.0],
              [105.9, 21.0],
              [105.9, 21.1],
              [105.8, 21.1],
              [105.8, 21.0],
            ],
            [
              [105.84, 21.04],
              [105.86, 21.04],
              [105.86, 21.06],
              [105.84, 21.06],
              [105.84, 21.04],
            ],
          ],
        },
      },
    ],
  };
  it('is the cell that holds its place, outside its holes', () => {
    expect(districtAt([105.81, 21.01], cells)).toBe('001');
    expect(districtAt([105.85, 21.05], cells)).toBeNull();
    expect(districtAt([106.2, 21.01], cells)).toBeNull();
  });
});
