import { describe, expect, it } from 'vitest';
import type { LonLat, UnitReport } from '../../protocol/index.js';
import { distanceM } from '../../server/src/geo/gazetteer.js';
import { createUnitsModel } from '../../simulators/src/units.sim.js';

const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
const AT = new Date('2026-11-27T10:00:00+07:00');
const position = (r: UnitReport) => r.location.coordinates as LonLat;

/** A model with amb-01 sent 4 km east of its hospital at AT (45 km/h: 12.5 m/s, a minute to turn out). */
function sentAmbulance() {
  const model = createUnitsModel({ seed: 2016 });
  const base = model.devices.find((u) => u.id === 'amb-01')!.base;
  const target: LonLat = [base[0] + 0.0384, base[1]];
  model.dispatch({ unitId: 'amb-01', target, route: [base, target], dispatchedAt: AT, incidentId: 'INC-1' });
  const at = (seconds: number): UnitReport => model.report('amb-01', plus(AT, seconds)).report;
  return { model, base, target, at };
}

describe('a simulated unit recalled from its job', () => {
  it('stops where it is on the way, reports available without the incident, and drives back to base', () => {
    const { model, base, at } = sentAmbulance();
    // 1 km along the road when recalled.
    const recallS = 60 + 1000 / 12.5;
    const stopped = position(at(recallS));
    expect(at(recallS)).toMatchObject({ status: 'en_route', incidentId: 'INC-1' });
    expect(model.recall({ unitId: 'amb-01', incidentId: 'INC-1', at: plus(AT, recallS) })).toBe(true);

    const leaving = at(recallS + 4);
    expect(leaving).toMatchObject({ status: 'available', speed: 45, heading: 270 });
    expect(leaving.incidentId).toBeUndefined();
    expect(distanceM(position(leaving), stopped)).toBeCloseTo(50, -1);
    expect(distanceM(position(leaving), base)).toBeLessThan(distanceM(stopped, base));
    // Home after the kilometre back, waiting at its station; never on scene.
    expect(at(recallS + 1000 / 12.5 + 5)).toMatchObject({
      status: 'available',
      speed: 0,
      location: { coordinates: base },
    });
    for (let s = recallS; s < recallS + 2000; s += 30) expect(at(s).status).toBe('available');
  });

  it('leaves the scene at once when recalled there, back along the way it came', () => {
    const { model, base, target, at } = sentAmbulance();
    const onSceneS = 60 + 4000 / 12.5 + 60;
    expect(at(onSceneS)).toMatchObject({ status: 'on_scene', location: { coordinates: target } });
    expect(model.recall({ unitId: 'amb-01', incidentId: 'INC-1', at: plus(AT, onSceneS) })).toBe(true);
    expect(at(onSceneS + 40)).toMatchObject({ status: 'available', speed: 45, heading: 270 });
    expect(at(onSceneS + 4000 / 12.5 + 5)).toMatchObject({ status: 'available', location: { coordinates: base } });
  });

  it('ignores a recall from another incident, or once the job is done', () => {
    const { model, at } = sentAmbulance();
    expect(model.recall({ unitId: 'amb-01', incidentId: 'INC-2', at: plus(AT, 120) })).toBe(false);
    expect(at(125)).toMatchObject({ status: 'en_route', incidentId: 'INC-1' });
    // Twenty minutes on scene, then back: by three hours it is home and free.
    expect(model.recall({ unitId: 'amb-01', incidentId: 'INC-1', at: plus(AT, 3 * 3600) })).toBe(false);
    expect(() => model.recall({ unitId: 'nobody', incidentId: 'INC-1', at: AT })).toThrow();
  });
});

describe('a simulated unit taken out of service by a dispatcher', () => {
  it('stops where it is, reports out of service until put back, then resumes its beat', () => {
    const model = createUnitsModel({ seed: 2016 });
    const at = (seconds: number) => model.report('pol-03', plus(AT, seconds)).report;
    // A moment the patrol is driving its beat.
    const from = [0, 60, 120, 180, 240, 300, 600, 900].find((s) => at(s).status === 'available' && at(s).speed! > 0)!;
    expect(from).toBeDefined();
    const where = position(at(from));
    model.setStatus({ unitId: 'pol-03', status: 'out_of_service', at: plus(AT, from) });
    for (const s of [from, from + 30, from + 600])
      expect(at(s)).toMatchObject({ status: 'out_of_service', speed: 0, location: { coordinates: where } });
    model.setStatus({ unitId: 'pol-03', status: 'available', at: plus(AT, from + 900) });
    expect(at(from + 905).status).toBe('available');
    expect(at(from + 905 + 60)).not.toMatchObject({ location: { coordinates: where } });
  });

  it('ends a spell out of service when put back in service during it', () => {
    const model = createUnitsModel({ seed: 2016 });
    // The first ambulance out of service by itself at some ten-minute mark of the day.
    const spell = model.devices
      .filter((u) => u.kind === 'ambulance')
      .flatMap((u) =>
        Array.from({ length: 144 }, (_, k) => ({ id: u.id, s: k * 600 })).filter(
          ({ id, s }) => model.report(id, plus(AT, s)).report.status === 'out_of_service',
        ),
      )[0]!;
    expect(spell).toBeDefined();
    model.setStatus({ unitId: spell.id, status: 'available', at: plus(AT, spell.s) });
    expect(model.report(spell.id, plus(AT, spell.s + 5)).report.status).toBe('available');
  });
});
