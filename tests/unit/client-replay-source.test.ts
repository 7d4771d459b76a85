import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createReplaySource } from '../../client/src/features/replay/replay-source.js';
import { applySnapshot } from '../../client/src/realtime/feeds.js';
import { useIncidentsStore } from '../../client/src/stores/incidents.store.js';
import { useTrafficStore } from '../../client/src/stores/traffic.store.js';
import type { HistoryEvents, HistoryState, IncidentState, TimedFeedEvent, TrafficState } from '../../protocol/index.js';

const at = (time: string) => `2026-11-27T${time}Z`;

const reading = (detectorId: string, seq: number, observedAt: string, speed: number): TrafficState => ({
  seq,
  detectorId,
  segmentId: 'ring2:3',
  observedAt,
  intensity: 900,
  speed,
  occupancy: 0.3,
  position: [105.82, 21.01],
});

const incident = (id: string, seq: number, status: IncidentState['status'] = 'new'): IncidentState =>
  ({
    seq,
    id,
    version: 1,
    agency: 'police',
    externalId: `113-${id}`,
    category: 'traffic',
    subCategory: null,
    severity: 'high',
    status,
    statusTimes: {},
    priority: 2,
    noteCount: 0,
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
  }) as IncidentState;

const emptyState = (over: Partial<HistoryState>): HistoryState => ({
  at: at('08:00:00'),
  head: 0,
  traffic: [],
  signals: [],
  cameras: [],
  units: [],
  network: [],
  incidents: [],
  alarms: [],
  crime: [],
  backlog: [],
  crimeTotals: null,
  ...over,
});

describe('the replay source: the history API shown through the live stores', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('shows a past instant in place of the live state, even where the live state is newer', () => {
    // Live: the detector reads 50 km/h now, and an incident is open.
    applySnapshot({
      ...emptyState({}),
      head: 900,
      traffic: [reading('det-1', 900, at('09:00:00'), 50)],
      incidents: [incident('INC-9', 880)],
    });
    const source = createReplaySource({ setLivePaused: async () => {} });
    // At 08:00 it read 12 km/h and INC-9 did not exist; INC-1 (seq above the state's head) was open.
    source.show(
      emptyState({
        head: 120,
        traffic: [reading('det-1', 120, at('08:00:00'), 12)],
        incidents: [incident('INC-1', 100)],
      }),
    );
    expect(useTrafficStore().get('det-1')?.speed).toBe(12);
    expect(
      useIncidentsStore()
        .all()
        .map((i) => i.id),
    ).toEqual(['INC-1']);
  });

  it('applies what happened after the instant by time, whatever the sequence numbers (a late report stored last)', () => {
    const source = createReplaySource({ setLivePaused: async () => {} });
    // The state's newest item has seq 500 (a backlog report stored late); the incident was raised
    // at 08:05 with seq 300: it must still appear when the replay reaches 08:05.
    source.show(emptyState({ head: 500, traffic: [reading('det-1', 500, at('07:59:00'), 40)] }));
    source.apply([{ feed: 'incidents', seq: 300, data: incident('INC-2', 300) }]);
    expect(useIncidentsStore().get('INC-2')?.status).toBe('new');
    // And its closing later takes it off the map, as live.
    source.apply([{ feed: 'incidents', seq: 320, data: incident('INC-2', 320, 'closed') }]);
    expect(useIncidentsStore().get('INC-2')).toBeUndefined();
  });

  it('pages through a window and gives each event the instant it happened', async () => {
    const page = (events: TimedFeedEvent[], head: number, hasMore: boolean): HistoryEvents => ({
      events,
      head,
      hasMore,
      layers: ['traffic'],
    });
    const e = (seq: number, time: string): TimedFeedEvent => ({
      feed: 'traffic',
      seq,
      at: at(time),
      data: reading('det-1', seq, at(time), 30),
    });
    const eventsPage = vi
      .fn()
      .mockResolvedValueOnce(page([e(10, '08:00:10'), e(11, '08:00:20')], 11, true))
      .mockResolvedValueOnce(page([e(14, '08:00:05')], 14, false));
    const source = createReplaySource({ setLivePaused: async () => {}, eventsPage, layers: ['traffic'] });
    const from = Date.parse(at('08:00:00'));
    const got = await source.events(from, from + 60_000);
    expect(eventsPage.mock.calls.map((c) => c[3])).toEqual([0, 11]);
    expect(got.map((x) => [x.at, x.event.seq])).toEqual([
      [Date.parse(at('08:00:10')), 10],
      [Date.parse(at('08:00:20')), 11],
      [Date.parse(at('08:00:05')), 14],
    ]);
  });

  it('pauses the live feed for a replay, and empties the past out before the live state comes back', async () => {
    const calls: boolean[] = [];
    const source = createReplaySource({ setLivePaused: async (p) => void calls.push(p) });
    await source.setLive(false);
    source.show(emptyState({ incidents: [incident('INC-1', 100)] }));
    await source.setLive(true);
    expect(calls).toEqual([true, false]);
    expect(useIncidentsStore().size).toBe(0);
  });
});
