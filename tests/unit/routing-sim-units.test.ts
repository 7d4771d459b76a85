import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deviceSchemas,
  parseDeviceTopic,
  parseUnitCommandTopic,
  unitCommandExample,
  unitCommandTopic,
  unitCommandTopicPattern,
  type LonLat,
  type UnitReport,
} from '../../protocol/index.js';
import { startSimulators } from '../../simulators/src/runner.js';
import { createUnitsModel } from '../../simulators/src/units.sim.js';

/** Metres from p to the nearest point of a polyline (flat, fine at city scale). */
function offPolyline(p: LonLat, line: readonly LonLat[]): number {
  const kx = Math.cos((p[1] * Math.PI) / 180) * 111_195;
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const [a, b] = [line[i]!, line[i + 1]!];
    const [bx, by, px, py] = [(b[0] - a[0]) * kx, (b[1] - a[1]) * 111_195, (p[0] - a[0]) * kx, (p[1] - a[1]) * 111_195];
    const len2 = bx * bx + by * by;
    const t = len2 > 0 ? Math.min(1, Math.max(0, (px * bx + py * by) / len2)) : 0;
    best = Math.min(best, Math.hypot(px - t * bx, py - t * by));
  }
  return best;
}
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
const AT = new Date('2026-11-27T10:00:00+07:00');

describe('a simulated unit on a dispatch route', () => {
  const model = createUnitsModel({ seed: 2016 });
  const station = model.devices.find((u) => u.id === 'amb-01')!.base;
  // An L: 2 km east along one road, then 2 km north along another, to the target.
  const corner: LonLat = [station[0] + 0.0192, station[1]];
  const target: LonLat = [corner[0], corner[1] + 0.018];
  const route: LonLat[] = [station, corner, target];
  model.dispatch({ unitId: 'amb-01', target, route, dispatchedAt: AT, commandId: 'c-1', incidentId: 'INC-1' });
  const at = (seconds: number): UnitReport => model.report('amb-01', plus(AT, seconds)).report;
  const position = (r: UnitReport) => r.location.coordinates as LonLat;

  it('turns out, then drives the route, not the straight line, at 45 km/h', () => {
    expect(at(30)).toMatchObject({ status: 'dispatched', location: { coordinates: station } });
    const legS = 2000 / 12.5;
    // Halfway along the first leg: on the eastward road, heading east.
    const early = at(60 + legS / 2);
    expect(early).toMatchObject({ status: 'en_route', speed: 45, heading: 90 });
    expect(offPolyline(position(early), route)).toBeLessThan(1);
    expect(offPolyline(position(early), [station, target])).toBeGreaterThan(400);
    // On the second leg: heading north.
    expect(at(60 + legS * 1.5)).toMatchObject({ status: 'en_route', heading: 0 });
    for (let s = 60; s < 60 + 2 * legS; s += 7) expect(offPolyline(position(at(s)), route)).toBeLessThan(1);
  });

  it('arrives when the route is driven, stays on scene, then comes back the same way', () => {
    const lengthM = 2 * 2000;
    expect(at(60 + lengthM / 12.5 + 2)).toMatchObject({ status: 'on_scene', location: { coordinates: target } });
    const back = at(60 + lengthM / 12.5 + 20 * 60 + 100);
    expect(back.status).toBe('available');
    expect(offPolyline(position(back), route)).toBeLessThan(1);
    expect(at(3 * 3600)).toEqual(createUnitsModel({ seed: 2016 }).report('amb-01', plus(AT, 3 * 3600)).report);
  });

  it("names the command's incident while on the job, and none once it clears or without one", () => {
    const lengthM = 2 * 2000;
    expect(at(30)).toMatchObject({ status: 'dispatched', incidentId: 'INC-1' });
    expect(at(60 + 100)).toMatchObject({ status: 'en_route', incidentId: 'INC-1' });
    expect(at(60 + lengthM / 12.5 + 2)).toMatchObject({ status: 'on_scene', incidentId: 'INC-1' });
    const back = at(60 + lengthM / 12.5 + 20 * 60 + 100);
    expect(back.status).toBe('available');
    expect(back).not.toHaveProperty('incidentId');
    expect(at(-60)).not.toHaveProperty('incidentId');
    const scripted = createUnitsModel({ seed: 2016 });
    scripted.dispatch({ unitId: 'amb-01', target, route, dispatchedAt: AT });
    expect(scripted.report('amb-01', plus(AT, 60 + 100)).report).toMatchObject({ status: 'en_route' });
    expect(scripted.report('amb-01', plus(AT, 60 + 100)).report).not.toHaveProperty('incidentId');
    for (const s of [30, 160, 400]) expect(deviceSchemas.units.safeParse(at(s)).success).toBe(true);
  });

  it('sets out from where an earlier mission has taken it', () => {
    const redirected = createUnitsModel({ seed: 2016 });
    redirected.dispatch({ unitId: 'amb-01', target, route, dispatchedAt: AT });
    const onTheWay = redirected.report('amb-01', plus(AT, 60 + 80)).report.location.coordinates as LonLat;
    const elsewhere: LonLat = [station[0], station[1] - 0.01];
    redirected.dispatch({ unitId: 'amb-01', target: elsewhere, dispatchedAt: plus(AT, 60 + 80) });
    expect(redirected.report('amb-01', plus(AT, 60 + 90)).report).toMatchObject({
      status: 'dispatched',
      location: { coordinates: onTheWay },
    });
  });
});

describe('unit command topics', () => {
  it('sit one level below the unit feed, out of reach of its pattern', () => {
    expect(unitCommandTopic('amb-01', 'hanoi')).toBe('hanoi/units/amb-01/commands');
    expect(unitCommandTopicPattern('hanoi')).toBe('hanoi/units/+/commands');
    expect(parseUnitCommandTopic('hanoi/units/amb-01/commands', 'hanoi')).toBe('amb-01');
    expect(parseUnitCommandTopic('hanoi/units/amb-01', 'hanoi')).toBeNull();
    expect(parseDeviceTopic('hanoi/units/amb-01/commands', 'units', 'hanoi')).toBeNull();
  });
});

describe('the simulator runner obeys commands', () => {
  let broker: Aedes;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    broker = await Aedes.createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('turns a command on <root>/units/<id>/commands into a mission, and ignores bad ones', async () => {
    const sub = await mqtt.connectAsync(url, { clientId: `sub-${Date.now()}` });
    const reports: UnitReport[] = [];
    sub.on('message', (topic, payload) => {
      if (parseDeviceTopic(topic, 'units', 'cmd') === 'amb-01')
        reports.push(deviceSchemas.units.parse(JSON.parse(payload.toString())));
    });
    await sub.subscribeAsync('cmd/units/+', { qos: 1 });
    const sims = await startSimulators({
      mqttUrl: url,
      topicRoot: 'cmd',
      rate: 1,
      seed: 7,
      speed: 60,
      scenario: 'units',
    });
    const station = createUnitsModel({ seed: 7 }).devices.find((u) => u.id === 'amb-01')!.base;
    const target: LonLat = [station[0] + 0.01, station[1]];
    const command = { ...unitCommandExample, target, route: [station, target], issuedAt: new Date().toISOString() };
    await sub.publishAsync(unitCommandTopic('amb-01', 'cmd'), JSON.stringify(command), { qos: 1 });
    await sub.publishAsync(unitCommandTopic('amb-01', 'cmd'), '{"type":"recall"}', { qos: 1 });
    await sub.publishAsync(unitCommandTopic('nobody', 'cmd'), JSON.stringify(command), { qos: 1 });
    const deadline = Date.now() + 10_000;
    while (!reports.some((r) => r.status === 'en_route') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await sims.stop();
    await sub.endAsync();
    expect(reports.map((r) => r.status)).toContain('dispatched');
    expect(reports.map((r) => r.status)).toContain('en_route');
    // The command's incident, on every report of the job.
    for (const r of reports.filter((x) => x.status === 'dispatched' || x.status === 'en_route'))
      expect(r.incidentId).toBe(unitCommandExample.incidentId);
    expect(sims.stats().commands).toEqual({ obeyed: 1, refused: 2 });
  });
});
