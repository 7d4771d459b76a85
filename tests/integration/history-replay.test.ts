import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deviceTopic,
  trafficTopic,
  type BacklogReport,
  type CrimeReport,
  type TimedFeedEvent,
  type HistoryEvents,
  type HistoryState,
  type IncidentReport,
  type IncidentState,
  type TrafficState,
} from '../../protocol/index.js';
import { backlogReports } from '../../simulators/src/agencies/backlog.sim.js';
import { crimeReports } from '../../simulators/src/agencies/crime.sim.js';
import { hotlineCalls } from '../../simulators/src/agencies/hotlines.sim.js';
import { createSignalsModel } from '../../simulators/src/signals.sim.js';
import { createTrafficModel, type TrafficMessage } from '../../simulators/src/traffic.sim.js';
import { connectPublisher, eventually } from '../helpers/clients.js';
import { connectAs, type RoleSession } from '../helpers/roles.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The state of every object as of an instant, against a simulated history: two hours of detectors,
 * signal controllers, hotline calls, crime reports and dossier figures, made by the simulators with
 * one seed and stored through the real feeds (MQTT and the agencies' HTTP endpoints); then incidents
 * cancelled, a crime report updated, an alarm raised and cleared and a WAN node falling silent, live.
 * For several instants the answer must be what the simulated history says was true then.
 */
const KEY = 'a-history-key-of-enough-length';
const SEED = 2016;
const MIN = 60_000;
const DAY = 86_400_000;
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL and Mosquitto', embedded: false }] : []),
  { name: 'the embedded engines', embedded: true },
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString();
/** The latest item of each key with a time at or before `at`. */
function latestBy<T>(items: T[], key: (t: T) => string, time: (t: T) => number, at: number): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) {
    if (time(item) > at) continue;
    const prev = out.get(key(item));
    if (!prev || time(item) >= time(prev)) out.set(key(item), item);
  }
  return out;
}

describe.each(modes)('history: state as of an instant and replay on $name', ({ embedded }) => {
  let server: TestServer;
  let mqtt: MqttClient;
  let admin: RoleSession;
  const T1 = Math.floor(Date.now() / MIN) * MIN - 2 * MIN;
  const T0 = T1 - 2 * 3_600_000;
  const traffic = createTrafficModel({ seed: SEED });
  const signals = createSignalsModel({ seed: SEED });
  const detectors = traffic.detectors.filter((_, i) => i % 4 === 0);
  const readings: TrafficMessage[] = [];
  const signalReports: Array<{ deviceId: string; at: number; status: string }> = [];
  let calls: IncidentReport[] = [];
  let crimes: CrimeReport[] = [];
  let dossiers: BacklogReport[] = [];
  /** Stored ids of the simulated reports, by externalId. */
  const incidentIds = new Map<string, string>();
  const crimeIds = new Map<string, string>();
  /** Live changes: the instants just before and after each. */
  const live: Record<string, { before: number; after: number; id: string }> = {};

  const get = async <T>(path: string, cookie = admin.cookie): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${server.url}/api/v1/history/${path}`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as T };
  };
  const stateAt = async (at: number, layers = 'traffic,signals,network,incidents,alarms,crime,backlog') => {
    const res = await get<HistoryState>(`state?at=${iso(at)}&layers=${layers}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const post = async (feed: string, body: unknown) => {
    const res = await fetch(`${server.url}/api/v1/feeds/${feed}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    return (await res.json()) as { id: string };
  };
  const count = async (table: string) =>
    Number((await server.sql.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  beforeAll(async () => {
    server = await startTestServer({
      embedded,
      overrides: {
        feedApiKeys: [{ agency: 'police', key: KEY }],
        watchdogEveryMs: 200,
        watchdogGrace: 1,
        history: { rawDays: 14, minuteDays: 90, hourDays: 730, lateSeconds: 120, rollupEveryMs: 3_600_000 },
      },
    });
    admin = await connectAs(server.url, 'admin');
    mqtt = await connectPublisher(server.mqttUrl);

    // Detectors every 10 minutes, signal controllers every 15, shuffled a little (late arrivals).
    for (let t = T0; t <= T1; t += 10 * MIN)
      for (const d of detectors) readings.push(traffic.reading(d.id, new Date(t + (d.id.length % 7) * 1000)));
    readings.reverse();
    for (const r of readings)
      await mqtt.publishAsync(trafficTopic(r.detectorId, server.topicRoot), JSON.stringify(r.reading), { qos: 1 });
    for (let t = T0; t <= T1; t += 15 * MIN)
      for (const d of signals.devices.slice(0, 20)) {
        const { report } = signals.report(d.id, new Date(t));
        signalReports.push({ deviceId: d.id, at: t, status: report.status });
        await mqtt.publishAsync(deviceTopic('signals', d.id, server.topicRoot), JSON.stringify(report), { qos: 1 });
      }

    // The agencies: hotline calls and dossier figures of the window, crime reports of the last 32 days.
    calls = hotlineCalls({ seed: SEED, from: new Date(T0), to: new Date(T1) });
    for (const call of calls) incidentIds.set(call.externalId, (await post('incidents', call)).id);
    crimes = crimeReports({ seed: SEED, from: new Date(T0 - 32 * DAY), to: new Date(T1), crimesPerHour: 0.06 });
    for (const c of crimes) crimeIds.set(c.externalId, (await post('crime', c)).id);
    const communes = ['00001', '00004', '00006', '00007', '00008'];
    dossiers = backlogReports({ seed: SEED, from: new Date(T0), to: new Date(T1), communes });
    await post('backlog', dossiers);
    await eventually(async () => (await count('traffic_readings')) === readings.length, 20_000, 'readings');
    await eventually(async () => (await count('device_reports')) === signalReports.length, 20_000, 'reports');

    // Live: two incidents cancelled, a crime report taken up, an alarm raised and cleared, a node silent.
    for (const call of calls.slice(3, 5)) {
      const id = incidentIds.get(call.externalId)!;
      const before = Date.now();
      await sleep(5);
      const ack = await admin.socket.emitWithAck('incidents:update', {
        id,
        version: 1,
        change: { status: 'cancelled' },
      });
      expect(ack.ok).toBe(true);
      live[`cancel ${id}`] = { before, after: Date.now() + 5, id };
      await sleep(10);
    }
    const taken = crimes[crimes.length - 1]!;
    live.crime = { before: Date.now(), after: 0, id: crimeIds.get(taken.externalId)! };
    await sleep(5);
    await post('crime', { ...taken, status: 'investigating' });
    live.crime.after = Date.now() + 5;

    const faulty = signals.report(signals.devices[30]!.id, new Date()).report;
    const sig = 'sig-history-faulty';
    live.alarm = { before: Date.now(), after: 0, id: sig };
    const publish = (report: object) =>
      mqtt.publishAsync(deviceTopic('signals', sig, server.topicRoot), JSON.stringify(report), { qos: 1 });
    await publish({ ...faulty, dateObserved: iso(Date.now()), faults: [{ type: 'power' }] });
    const open = async () => (await server.sql.query(`SELECT cleared_at FROM alarms WHERE source_id = $1`, [sig])).rows;
    await eventually(async () => (await open()).length === 1, 10_000, 'the alarm');
    live.alarm.after = Date.now() + 5;
    live.cleared = { before: Date.now(), after: 0, id: sig };
    await publish({ ...faulty, dateObserved: iso(Date.now() + 1000), faults: [] });
    await eventually(async () => (await open())[0]?.cleared_at ?? undefined, 10_000, 'the alarm cleared');
    live.cleared.after = Date.now() + 5;

    const node = 'wan-history';
    live.silent = { before: 0, after: 0, id: node };
    await mqtt.publishAsync(
      deviceTopic('network', node, server.topicRoot),
      JSON.stringify({
        dateObserved: iso(Date.now()),
        kind: 'commune_node',
        communeCode: '00001',
        expectedIntervalSeconds: 5,
      }),
      { qos: 1 },
    );
    await eventually(async () => (await count('devices')) > 20, 10_000, 'the node');
    live.silent.before = Date.now();
    await eventually(async () => (await count('device_silences')) > 0, 15_000, 'the node silent');
    live.silent.after = Date.now() + 5;
  });
  afterAll(async () => {
    admin?.socket.disconnect();
    await mqtt?.endAsync();
    await server?.close();
  });

  /** What the simulated history (with the live changes) says was true at `at`. */
  function truth(at: number) {
    const traffic = latestBy(
      readings,
      (r) => r.detectorId,
      (r) => Date.parse(r.reading.dateObserved),
      at,
    );
    const sigs = latestBy(
      signalReports,
      (r) => r.deviceId,
      (r) => r.at,
      at,
    );
    const cancelled = Object.values(live)
      .filter((c) => c.id.startsWith('INC-') && c.after <= at)
      .map((c) => c.id);
    const incidents = calls
      .filter((c) => Date.parse(c.dateIssued) <= at)
      .map((c) => incidentIds.get(c.externalId)!)
      .filter((id) => !cancelled.includes(id));
    const crime = crimes
      .filter((c) => Date.parse(c.dateObserved) <= at && Date.parse(c.dateObserved) > at - 30 * DAY)
      .map((c) => {
        const id = crimeIds.get(c.externalId)!;
        return [id, id === live.crime!.id && at >= live.crime!.after ? 'investigating' : c.status] as const;
      });
    const backlog = latestBy(
      dossiers,
      (d) => `${d.communeCode}:${d.sector}`,
      (d) => Date.parse(d.dateObserved),
      at,
    );
    return { traffic, sigs, incidents, crime, backlog };
  }

  it('answers each detector, controller, open incident, crime report and dossier as the simulated history had it', async () => {
    for (const at of [T0 - 1000, T0 + 7 * MIN, T0 + 41 * MIN + 30_000, T0 + 83 * MIN, T1, T1 + MIN]) {
      const state = await stateAt(at);
      const want = truth(at);
      const when = `at ${iso(at)}`;
      expect(state.at).toBe(iso(at));
      expect(state.traffic.map((t) => t.detectorId).sort(), when).toEqual([...want.traffic.keys()].sort());
      for (const t of state.traffic) {
        const r = want.traffic.get(t.detectorId)!.reading;
        expect(t, `${when} ${t.detectorId}`).toMatchObject({
          observedAt: iso(Date.parse(r.dateObserved)),
          speed: r.averageVehicleSpeed,
          intensity: r.intensity,
          segmentId: r.refRoadSegment,
          position: r.location!.coordinates,
        });
        expect(t.occupancy).toBeCloseTo(r.occupancy!, 5);
      }
      const sigs = state.signals.filter((s) => s.deviceId.startsWith('sig-') && s.deviceId !== 'sig-history-faulty');
      expect(sigs.map((s) => [s.deviceId, s.observedAt, s.report.status, s.silent]).sort(), when).toEqual(
        [...want.sigs.values()].map((s) => [s.deviceId, iso(s.at), s.status, false]).sort(),
      );
      expect(state.incidents.map((i) => i.id).sort(), when).toEqual([...want.incidents].sort());
      expect(state.incidents.every((i) => i.status === 'new')).toBe(true);
      expect(state.crime.map((c) => [c.id, c.status]).sort(), when).toEqual([...want.crime].sort());
      expect(state.crimeTotals).toBeNull();
      expect(JSON.stringify(state.crime)).not.toMatch(/description|persons|phone/);
      expect(state.backlog.map((b) => [b.id, b.dateObserved, b.received, b.overdue]).sort(), when).toEqual(
        [...want.backlog.entries()]
          .map(([id, d]) => [id, iso(Date.parse(d.dateObserved)), d.received, d.overdue])
          .sort(),
      );
      const items: Array<{ seq: number }> = [...state.traffic, ...state.signals, ...state.network];
      items.push(...state.incidents, ...state.alarms, ...state.crime, ...state.backlog);
      expect(state.head).toBe(Math.max(0, ...items.map((i) => i.seq)));
    }
  });

  it('shows incidents open until cancelled, alarms while raised and devices silent once the watchdog said so', async () => {
    for (const [name, change] of Object.entries(live).filter(([n]) => n.startsWith('cancel'))) {
      expect(
        (await stateAt(change.before, 'incidents')).incidents.map((i) => i.id),
        name,
      ).toContain(change.id);
      expect(
        (await stateAt(change.after, 'incidents')).incidents.map((i) => i.id),
        name,
      ).not.toContain(change.id);
    }
    const alarmed = async (at: number) =>
      (await stateAt(at, 'alarms')).alarms.filter((a) => a.source.id === 'sig-history-faulty');
    expect(await alarmed(live.alarm!.before)).toEqual([]);
    expect(await alarmed(live.alarm!.after)).toMatchObject([
      { kind: 'signal_fault', severity: 'high', clearedAt: null },
    ]);
    expect(await alarmed(live.cleared!.before)).toHaveLength(1);
    expect(await alarmed(live.cleared!.after)).toEqual([]);
    const node = async (at: number) =>
      (await stateAt(at, 'network')).network.find((n) => n.deviceId === 'wan-history')?.silent;
    expect(await node(live.silent!.before)).toBe(false);
    expect(await node(live.silent!.after)).toBe(true);
  });

  it('replays: the state at the start, with the window’s events applied by the live rules, is the state at the end', async () => {
    const from = T0 + 25 * MIN;
    const to = T0 + 95 * MIN;
    const events: TimedFeedEvent[] = [];
    let after = 0;
    let pages = 0;
    for (;;) {
      const page = await get<HistoryEvents>(
        `events?from=${iso(from)}&to=${iso(to)}&layers=traffic,incidents,signals&after=${after}&limit=50`,
      );
      expect(page.status).toBe(200);
      events.push(...page.body.events);
      pages++;
      after = page.body.head;
      if (!page.body.hasMore) break;
    }
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(pages).toBeGreaterThan(1);
    const inWindow = (t: number) => t > from && t <= to;
    expect(events.filter((e) => e.feed === 'traffic')).toHaveLength(
      readings.filter((r) => inWindow(Date.parse(r.reading.dateObserved))).length,
    );
    expect(events.filter((e) => e.feed === 'signals')).toHaveLength(signalReports.filter((r) => inWindow(r.at)).length);
    // Each event says when it happened, inside the window: a reading's or report's observation time.
    expect(events.every((e) => inWindow(Date.parse(e.at)))).toBe(true);
    for (const e of events)
      if (e.feed === 'traffic' || e.feed === 'signals') expect(Date.parse(e.at)).toBe(Date.parse(e.data.observedAt));

    // Replay, as a console applies frames: by id, the newer observation (traffic) or the higher seq wins.
    const start = await stateAt(from, 'traffic,incidents');
    const detectorsNow = new Map(start.traffic.map((t) => [t.detectorId, t]));
    const incidentsNow = new Map(start.incidents.map((i) => [i.id, i]));
    for (const e of events) {
      if (e.feed === 'traffic') {
        const prev = detectorsNow.get(e.data.detectorId);
        if (!prev || e.data.observedAt > prev.observedAt) detectorsNow.set(e.data.detectorId, e.data);
      } else if (e.feed === 'incidents') {
        const i = e.data as IncidentState;
        if (['closed', 'cancelled', 'duplicate'].includes(i.status)) incidentsNow.delete(i.id);
        else incidentsNow.set(i.id, i);
      }
    }
    const end = await stateAt(to, 'traffic,incidents');
    const byId = (list: TrafficState[]) => list.map((t) => [t.detectorId, t.seq, t.speed]).sort();
    expect(byId([...detectorsNow.values()])).toEqual(byId(end.traffic));
    expect([...incidentsNow.keys()].sort()).toEqual(end.incidents.map((i) => i.id).sort());
  });

  it('refuses malformed questions with 400 naming the parameter, unknown places with 404, and strangers', async () => {
    const fields = async (path: string) => {
      const res = await get<{ error: { code: string; details: Record<string, string[]> } }>(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      return Object.keys(res.body.error.details);
    };
    const window = `from=${iso(T0)}&to=${iso(T1)}`;
    expect(await fields(`series?id=x&${window}`)).toEqual(['kind']);
    expect(await fields(`series?kind=district&id=001&from=${iso(T1)}&to=${iso(T0)}`)).toEqual(['to']);
    expect(await fields(`series?kind=district&id=001&from=2026-11-27T08:00:00&to=${iso(T1)}`)).toEqual(['from']);
    expect(await fields(`series?kind=district&id=001&from=${iso(T1 - 8 * DAY)}&to=${iso(T1)}&bucket=1m`)).toEqual([
      'bucket',
    ]);
    expect(await fields(`series?kind=feed&id=weather&${window}`)).toEqual(['id']);
    expect(await fields('state?layers=traffic')).toEqual(['at']);
    expect(await fields(`state?at=${iso(T1)}&layers=traffic,weather`)).toEqual(['layers']);
    expect(await fields(`events?from=${iso(T1 - 2 * DAY)}&to=${iso(T1)}`)).toEqual(['to']);
    expect(await fields(`events?${window}&limit=0`)).toEqual(['limit']);
    expect((await get(`series?kind=segment&id=no_such_road:9&${window}`)).status).toBe(404);
    expect((await get(`series?kind=detector&id=det-nowhere&${window}`)).status).toBe(404);
    expect((await get(`series?kind=feed&id=incidents&${window}&bucket=1h`)).body).toMatchObject({
      source: 'raw',
      buckets: expect.arrayContaining([expect.objectContaining({ count: expect.any(Number), speedAvg: null })]),
    });

    expect((await get(`state?at=${iso(T1)}`, '')).status).toBe(401);
    const press = await connectAs(server.url, 'press');
    expect((await get(`state?at=${iso(T1)}`, press.cookie)).status).toBe(403);
    press.socket.disconnect();
    const viewer = await connectAs(server.url, 'viewer');
    expect((await get<HistoryState>(`state?at=${iso(T1)}&layers=crime`, viewer.cookie)).body.crime.length).toBe(
      truth(T1).crime.length,
    );
    viewer.socket.disconnect();
  });
});
