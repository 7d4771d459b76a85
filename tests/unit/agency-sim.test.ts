import { describe, expect, it } from 'vitest';
import { backlogReportSchema, crimeReportSchema, incidentReportSchema } from '../../protocol/index.js';
import { communes, districtAt, districts } from '../../server/src/geo/gazetteer.js';
import { backlogReports, SIMULATED_SECTORS } from '../../simulators/src/agencies/backlog.sim.js';
import { crimeReports } from '../../simulators/src/agencies/crime.sim.js';
import { hotlineCalls } from '../../simulators/src/agencies/hotlines.sim.js';

const HOUR = 3_600_000;
const at = (iso: string): Date => new Date(iso);
const plus = (d: Date, hours: number): Date => new Date(d.getTime() + hours * HOUR);
/** Friday 27 November 2026, midnight in Hanoi. */
const FRIDAY = at('2026-11-27T00:00:00+07:00');
const localHour = (iso: string): number => Number(iso.slice(11, 13));

describe('agency simulators: determinism', () => {
  const from = at('2026-11-27T06:00:00+07:00');
  const to = at('2026-11-27T20:00:00+07:00');
  const cut = at('2026-11-27T13:37:21.500+07:00');

  it('gives the same hotline calls for the same seed and window, and the same whole for two halves', () => {
    const whole = hotlineCalls({ seed: 42, from, to });
    expect(whole.length).toBeGreaterThan(100);
    expect(hotlineCalls({ seed: 42, from, to })).toEqual(whole);
    expect([...hotlineCalls({ seed: 42, from, to: cut }), ...hotlineCalls({ seed: 42, from: cut, to })]).toEqual(whole);
    expect(hotlineCalls({ seed: 43, from, to })).not.toEqual(whole);
  });

  it('gives the same crime reports whatever the chunking of the window', () => {
    const whole = crimeReports({ seed: 7, from, to });
    expect(whole.length).toBeGreaterThan(20);
    const chunks = [0, 1, 2, 3, 4, 5, 6].flatMap((i) =>
      crimeReports({ seed: 7, from: plus(from, 2 * i), to: i === 6 ? to : plus(from, 2 * i + 2) }),
    );
    expect(chunks).toEqual(whole);
  });

  it('gives the same backlog figures for two halves cut between hours', () => {
    const communes = ['00001', '00004', '10084'];
    const whole = backlogReports({ seed: 3, from, to, communes });
    expect(whole).toHaveLength(14 * communes.length * SIMULATED_SECTORS.length);
    const halves = [
      ...backlogReports({ seed: 3, from, to: cut, communes }),
      ...backlogReports({ seed: 3, from: cut, to, communes }),
    ];
    expect(halves).toEqual(whole);
  });

  it('numbers calls per hotline and local day, without gaps', () => {
    const calls = hotlineCalls({ seed: 5, from: FRIDAY, to: plus(FRIDAY, 24) });
    for (const line of ['113', '114', '115']) {
      const ids = calls.filter((c) => c.alertSource === line).map((c) => c.externalId);
      expect(ids[0]).toBe(`${line}-20261127-000001`);
      expect(ids.at(-1)).toBe(`${line}-20261127-${String(ids.length).padStart(6, '0')}`);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('agency simulators: reports are valid', () => {
  const to = plus(FRIDAY, 24);

  it('every hotline call passes incidentReportSchema, in NFC Vietnamese, inside its own district', () => {
    const calls = hotlineCalls({ seed: 11, from: FRIDAY, to });
    const byName = new Map(districts().map((d) => [d.name, d.code]));
    for (const call of calls) {
      expect(incidentReportSchema.safeParse(call).error?.issues).toBeUndefined();
      expect(call.description.normalize('NFC')).toBe(call.description);
      expect(call.externalId).toMatch(/^11[345]-\d{8}-\d{6}$/);
      expect(call.dateIssued).toMatch(/^2026-11-27T\d\d:\d\d:\d\d\+07:00$/);
      expect(districtAt(call.location!.coordinates)?.code).toBe(byName.get(call.address!.addressRegion!));
      expect(call.reporter?.phone).toMatch(/^0\d{3} \d{3} \d{3}$/);
    }
    expect(new Set(calls.map((c) => c.category))).toEqual(
      new Set(['traffic', 'security', 'fire', 'health', 'naturalDisaster', 'infrastructure']),
    );
    const critical = calls.filter((c) => c.severity === 'critical').length;
    expect(critical / calls.length).toBeGreaterThan(0.02);
    expect(critical / calls.length).toBeLessThan(0.2);
  });

  it('every crime report passes crimeReportSchema; most are restricted and just reported', () => {
    const reports = crimeReports({ seed: 11, from: FRIDAY, to: plus(FRIDAY, 72) });
    for (const r of reports) {
      expect(crimeReportSchema.safeParse(r).error?.issues).toBeUndefined();
      expect(r.description?.normalize('NFC')).toBe(r.description);
    }
    expect(new Set(reports.map((r) => r.externalId)).size).toBe(reports.length);
    const share = (pred: (r: (typeof reports)[number]) => boolean): number =>
      reports.filter(pred).length / reports.length;
    expect(share((r) => r.privacy === 'restricted')).toBeGreaterThan(0.6);
    expect(share((r) => r.privacy === 'public')).toBeGreaterThan(0.1);
    expect(share((r) => r.privacy === 'confidential')).toBeLessThan(0.15);
    expect(share((r) => r.status === 'reported')).toBeGreaterThan(0.75);
  });

  it('every backlog report passes backlogReportSchema, on the hour with +07:00', () => {
    const reports = backlogReports({
      seed: 11,
      from: at('2026-11-27T16:30:00+07:00'),
      to: at('2026-11-27T18:30:00+07:00'),
    });
    expect(reports).toHaveLength(2 * 584 * 5);
    for (const r of reports) {
      expect(backlogReportSchema.safeParse(r).error?.issues).toBeUndefined();
      expect(r.dateObserved).toMatch(/^2026-11-27T1[78]:00:00\+07:00$/);
      expect(r.overdue).toBeLessThanOrEqual(r.inProgress);
    }
  });
});

describe('agency simulators: shape of the day and of the city', () => {
  const week = { from: at('2026-11-23T00:00:00+07:00'), to: at('2026-11-30T00:00:00+07:00') };

  it('has more hotline calls in rush hours (7-9h, 17-19h) than in the small hours (0-4h)', () => {
    const calls = hotlineCalls({ seed: 21, ...week });
    const hours = calls.map((c) => localHour(c.dateIssued));
    const rush = hours.filter((h) => (h >= 7 && h < 9) || (h >= 17 && h < 19)).length;
    const night = hours.filter((h) => h < 4).length;
    expect(rush).toBeGreaterThan(2.5 * night);
    expect(calls.length / (7 * 24)).toBeGreaterThan(25);
    expect(calls.length / (7 * 24)).toBeLessThan(35);
  });

  it('has more thefts and burglaries at night than around midday', () => {
    const reports = crimeReports({ seed: 21, ...week }).filter((r) => ['theft', 'burglary'].includes(r.category));
    const hours = reports.map((r) => localHour(r.dateObserved));
    expect(hours.filter((h) => h < 4).length).toBeGreaterThan(1.5 * hours.filter((h) => h >= 10 && h < 14).length);
  });

  it('spreads calls over districts roughly by population', () => {
    const calls = hotlineCalls({ seed: 21, from: week.from, to: plus(week.from, 72) });
    const byPopulation = districts().sort((a, b) => b.population - a.population);
    const count = (names: string[]): number => calls.filter((c) => names.includes(c.address!.addressRegion!)).length;
    const top = count(byPopulation.slice(0, 5).map((d) => d.name));
    const bottom = count(byPopulation.slice(-5).map((d) => d.name));
    expect(top).toBeGreaterThan(1.5 * bottom);
    expect(new Set(calls.map((c) => c.address!.addressRegion)).size).toBe(30);
  });

  it('puts the city-wide online share of a working day near the 70% target, ordered by rollout phase', () => {
    const endOfDay = backlogReports({
      seed: 21,
      from: at('2026-11-27T17:00:00+07:00'),
      to: at('2026-11-27T17:30:00+07:00'),
    });
    const share = (reports: typeof endOfDay): number =>
      reports.reduce((s, r) => s + r.submittedOnline, 0) / reports.reduce((s, r) => s + r.received, 0);
    expect(share(endOfDay)).toBeGreaterThan(0.65);
    expect(share(endOfDay)).toBeLessThan(0.75);
    const phase = new Map(communes().map((c) => [c.code, c.phase]));
    const ofPhase = (p: number): number => share(endOfDay.filter((r) => phase.get(r.communeCode) === p));
    expect(ofPhase(1)).toBeGreaterThan(ofPhase(2));
    expect(ofPhase(2)).toBeGreaterThan(ofPhase(3));
    expect(ofPhase(3)).toBeGreaterThan(ofPhase(4));
  });

  it('grows received dossiers through office hours on weekdays only', () => {
    const total = (iso: string): number =>
      backlogReports({ seed: 21, from: at(iso), to: plus(at(iso), 0.5) }).reduce((s, r) => s + r.received, 0);
    expect(total('2026-11-27T08:00:00+07:00')).toBe(0);
    expect(total('2026-11-27T12:00:00+07:00')).toBeGreaterThan(0);
    expect(total('2026-11-27T17:00:00+07:00')).toBeGreaterThan(1.5 * total('2026-11-27T12:00:00+07:00'));
    expect(total('2026-11-27T22:00:00+07:00')).toBe(total('2026-11-27T17:00:00+07:00'));
    expect(total('2026-11-28T15:00:00+07:00')).toBe(0); // Saturday
  });
});
