import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { communeBacklogs, backlogClass } from '../../client/src/features/backlog/backlog-classes.js';
import { applyFeedEvents, applySnapshot } from '../../client/src/realtime/feeds.js';
import { serverEventHandlers } from '../../client/src/realtime/handlers/index.js';
import { useAlarmsStore } from '../../client/src/stores/alarms.store.js';
import { useBacklogStore } from '../../client/src/stores/backlog.store.js';
import { useCrimeStore } from '../../client/src/stores/crime.store.js';
import { useIncidentsStore } from '../../client/src/stores/incidents.store.js';
import {
  BACKLOG_SECTORS,
  type AlarmState,
  type BacklogSector,
  type BacklogState,
  type CrimeState,
  type FeedEvent,
  type IncidentState,
  type SnapshotResult,
} from '../../protocol/index.js';

const at = (time: string) => `2026-11-27T${time}Z`;

// Built by assertion: the acknowledgement fields are new on the wire (older servers leave them out).
const incident = (id: string, seq: number, over: Partial<IncidentState> = {}): IncidentState =>
  ({
    seq,
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
    address: { streetAddress: 'Trường Chinh', addressRegion: 'Đống Đa' },
    districtCode: '006',
    dateIssued: at('08:15:00'),
    receivedAt: at('08:15:02'),
    duplicateOf: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  }) as IncidentState;

const alarm = (id: string, seq: number, clearedAt: string | null = null): AlarmState =>
  ({
    seq,
    id,
    kind: 'signal_fault',
    severity: 'medium',
    source: { feed: 'signals', id: 'sig-1' },
    position: [105.84, 21.03],
    details: { faults: [{ type: 'lamp_failure' }] },
    raisedAt: at('08:00:00'),
    clearedAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
  }) as AlarmState;

const crime = (id: string, seq: number, status: CrimeState['status'] = 'reported'): CrimeState => ({
  seq,
  id,
  category: 'theft',
  status,
  privacy: 'restricted',
  districtCode: '002',
  position: [105.85, 21.03],
  precision: '1km',
  dateObserved: at('21:40:00'),
});

const figures = (
  communeCode: string,
  sector: BacklogSector,
  seq: number,
  received: number,
  online: number,
  overdue = 0,
  time = '10:00:00',
): BacklogState => ({
  seq,
  id: `${communeCode}:${sector}`,
  communeCode,
  districtCode: '001',
  sector,
  dateObserved: at(time),
  received,
  inProgress: 3,
  resolved: received - 3,
  overdue,
  submittedOnline: online,
});

const snapshot = (head: number, parts: Partial<SnapshotResult>): SnapshotResult => ({
  head,
  traffic: [],
  signals: [],
  cameras: [],
  units: [],
  network: [],
  incidents: [],
  alarms: [],
  crime: [],
  backlog: [],
  ...parts,
});

const handle = (event: string, frame: unknown): number => {
  const h = serverEventHandlers.find((x) => x.event === event)!;
  return (h.handle as (f: unknown) => number)(frame);
};

describe('event feeds in the console', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('puts the incidents, alarms, crime reports and backlogs of a snapshot into their stores', () => {
    const head = applySnapshot(
      snapshot(50, {
        incidents: [incident('INC-1', 10), incident('INC-2', 11, { duplicateOf: 'INC-1', severity: 'medium' })],
        alarms: [alarm('ALM-1', 12)],
        crime: [crime('CR-1', 13), crime('CR-2', 14, 'solved')],
        backlog: [figures('00001', 'justice', 15, 40, 30), figures('00001', 'land', 16, 10, 2)],
      }),
    );

    expect(head).toBe(50);
    expect(useIncidentsStore().counts).toEqual({
      bySeverity: { informational: 0, low: 0, medium: 0, high: 1, critical: 0 },
      duplicates: 1,
    });
    expect(useAlarmsStore().countsByKind.signal_fault).toBe(1);
    expect(useCrimeStore().countsByGroup).toEqual({ violent: 0, property: 2, other: 0 });
    const commune = useBacklogStore().commune('00001');
    expect(commune?.received).toBe(50);
    expect(commune?.onlineShare).toBeCloseTo(0.64);
    expect(useBacklogStore().countsByClass).toEqual({ on_target: 0, below_target: 1, no_dossiers: 0 });
  });

  it('removes a cleared alarm, and a late frame of it raised does not bring it back', () => {
    const alarms = useAlarmsStore();
    expect(handle('alarms:updated', { items: [alarm('ALM-7', 20)] })).toBe(20);
    expect(alarms.size).toBe(1);

    expect(handle('alarms:updated', { items: [alarm('ALM-7', 25, at('08:05:00'))] })).toBe(25);
    expect(alarms.size).toBe(0);

    handle('alarms:updated', { items: [alarm('ALM-7', 20)] });
    expect(alarms.size).toBe(0);
    expect(alarms.get('ALM-7')).toBeUndefined();
  });

  it('forgets what a new snapshot no longer lists, but keeps what arrived after it was taken', () => {
    applySnapshot(
      snapshot(30, { alarms: [alarm('ALM-1', 10), alarm('ALM-2', 11)], incidents: [incident('INC-1', 12)] }),
    );
    // A frame newer than the next snapshot's head arrives before the snapshot's answer does.
    handle('alarms:updated', { items: [alarm('ALM-3', 45)] });

    // Cleared while the console was away: the new snapshot lists only ALM-2.
    applySnapshot(snapshot(40, { alarms: [alarm('ALM-2', 11)], incidents: [incident('INC-1', 12)] }));

    const alarms = useAlarmsStore();
    expect(
      alarms
        .all()
        .map((a) => a.id)
        .sort(),
    ).toEqual(['ALM-2', 'ALM-3']);
    // A late frame from before the snapshot, of an alarm it no longer lists, stays out.
    handle('alarms:updated', { items: [alarm('ALM-1', 10)] });
    expect(alarms.get('ALM-1')).toBeUndefined();
    expect(useIncidentsStore().size).toBe(1);
  });

  it('applies resumed events of the event feeds, newest state per object', () => {
    const events: FeedEvent[] = [
      { feed: 'crime', seq: 61, data: crime('CR-9', 61) },
      { feed: 'alarms', seq: 62, data: alarm('ALM-9', 62) },
      { feed: 'crime', seq: 63, data: crime('CR-9', 63, 'investigating') },
      { feed: 'backlog', seq: 64, data: figures('00004', 'justice', 64, 20, 15, 2, '10:00:00') },
      { feed: 'backlog', seq: 65, data: figures('00004', 'justice', 65, 30, 25, 4, '11:00:00') },
      { feed: 'incidents', seq: 66, data: incident('INC-9', 66) },
      { feed: 'alarms', seq: 67, data: alarm('ALM-9', 67, at('09:00:00')) },
    ];
    applyFeedEvents(events);

    expect(useCrimeStore().get('CR-9')?.status).toBe('investigating');
    expect(useAlarmsStore().size).toBe(0);
    expect(useBacklogStore().commune('00004')).toMatchObject({ received: 30, overdue: 4 });
    expect(useIncidentsStore().get('INC-9')?.severity).toBe('high');
  });

  it('keeps the later figures of a commune and sector even when an older observation arrives after them', () => {
    const backlog = useBacklogStore();
    handle('backlog:updated', { items: [figures('00006', 'land', 70, 10, 8, 1, '11:00:00')] });
    handle('backlog:updated', { items: [figures('00006', 'land', 71, 99, 1, 9, '09:00:00')] });
    expect(backlog.commune('00006')).toMatchObject({ received: 10, overdue: 1 });
  });

  it('draws a duplicate incident with a line to the incident it repeats', () => {
    applySnapshot(
      snapshot(5, {
        incidents: [
          incident('INC-1', 1),
          incident('INC-2', 2, { duplicateOf: 'INC-1', position: [105.825, 21.011] }),
          incident('INC-3', 3, { position: null, positionApproximate: true }),
        ],
      }),
    );
    const fc = useIncidentsStore().toFeatureCollection();
    const points = fc.features.filter((f) => f.geometry.type === 'Point');
    const lines = fc.features.filter((f) => f.geometry.type === 'LineString');
    expect(points.map((f) => f.properties.id).sort()).toEqual(['INC-1', 'INC-2']);
    expect(points.find((f) => f.properties.id === 'INC-2')?.properties).toMatchObject({ duplicate: true });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.properties).toEqual({ id: 'INC-2', primary: 'INC-1' });
  });
});

describe('commune backlogs', () => {
  it('sums the sectors of a commune and judges its online share against the 70% target', () => {
    const communes = communeBacklogs(
      [
        figures('00001', 'land', 1, 30, 20, 2),
        figures('00001', 'justice', 2, 70, 50, 1, '11:00:00'),
        figures('00004', 'citizen', 3, 0, 0),
      ],
      BACKLOG_SECTORS,
    );
    const phucXa = communes.get('00001')!;
    expect(phucXa).toMatchObject({ received: 100, submittedOnline: 70, overdue: 3, dateObserved: at('11:00:00') });
    expect(phucXa.sectors.map((s) => s.sector)).toEqual(['justice', 'land']);
    expect(backlogClass(phucXa)).toBe('on_target');
    expect(backlogClass({ onlineShare: 0.69 })).toBe('below_target');
    expect(backlogClass(communes.get('00004')!)).toBe('no_dossiers');
  });
});
