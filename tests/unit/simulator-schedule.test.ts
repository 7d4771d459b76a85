import { describe, expect, it } from 'vitest';
import { deviceSchemas, parseDeviceTopic, trafficReadingSchema, type DeviceFeed } from '../../protocol/index.js';
import {
  BURST_SIZE,
  createFaultInjector,
  FAULT_KINDS,
  malform,
  parseFaults,
  UnknownFaultError,
  type TimedMessage,
} from '../../simulators/src/faults.js';
import { createScheduler, periodicSlots, type Slot } from '../../simulators/src/schedule.js';
import { DEFAULT_SCENARIO, getScenario, type SimMessage } from '../../simulators/src/scenarios.js';

const START = Date.parse('2026-11-27T08:00:00+07:00');

/** Drives a scheduler through `simSeconds` of simulated time in ticks of `tickMs` of wall time, like the runner. */
function run(scenario: string, opts: { rate: number; speed: number; simSeconds: number; tickMs?: number }) {
  const source = getScenario(scenario).create({ seed: 2016, topicRoot: 'hanoi', startAt: new Date(0) });
  const scheduler = createScheduler(source, { rate: opts.rate, speed: opts.speed, startMs: START });
  const step = (opts.tickMs ?? 20) * opts.speed;
  const slots: Slot[] = [];
  for (let t = START + step; t <= START + opts.simSeconds * 1000 + 1e-6; t += step)
    slots.push(...scheduler.advance(Math.round(t)));
  const feedOf = (s: Slot) => (s.group < 0 ? 'traffic' : source.periodic![s.group]!.feed);
  const count: Record<string, number> = {};
  for (const s of slots) count[feedOf(s)] = (count[feedOf(s)] ?? 0) + 1;
  const messages = slots.map((s) => scheduler.build(s)).filter((m): m is SimMessage => m !== undefined);
  return { source, slots, count, messages };
}

describe('periodic schedule', () => {
  it('reports every device once per period, spread evenly rather than all at once', () => {
    const group = { periodMs: 60_000, size: 584 };
    const slots = periodicSlots(group, START, START + 60_000);
    expect(slots).toHaveLength(584);
    expect(new Set(slots.map((s) => s.index)).size).toBe(584);
    const perSecond = new Map<number, number>();
    for (const s of slots) perSecond.set(Math.floor(s.at / 1000), (perSecond.get(Math.floor(s.at / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(11);
    // The next window repeats each device exactly one period later.
    const next = periodicSlots(group, START + 60_000, START + 120_000);
    expect(next.map((s) => s.at - 60_000)).toEqual(slots.map((s) => s.at));
    expect(next.map((s) => s.index)).toEqual(slots.map((s) => s.index));
  });

  it('splits a window anywhere without losing or repeating a report', () => {
    const group = { periodMs: 5000, size: 60 };
    const whole = periodicSlots(group, START, START + 30_000);
    const cuts = [START, START + 7, START + 4999, START + 12_345, START + 30_000];
    const pieces = cuts.slice(1).flatMap((to, i) => periodicSlots(group, cuts[i]!, to));
    expect(pieces).toEqual(whole);
  });
});

describe('the city scenario', () => {
  it('is the default scenario', () => {
    expect(DEFAULT_SCENARIO).toBe('city');
  });

  it('mixes traffic at the rate with every device on its own period in a simulated minute', () => {
    const { count } = run('city', { rate: 40, speed: 10, simSeconds: 60 });
    // A simulated minute at x10 is 6 s of wall time: 240 traffic readings at 40/s.
    expect(count.traffic).toBeGreaterThanOrEqual(239);
    expect(count.traffic).toBeLessThanOrEqual(240);
    expect(count).toMatchObject({ signals: 60 * 2, cameras: 40, units: 60 * 12, network: 584 + 20 * 2 });
  });

  it('keeps device periods in simulated time whatever the speed; the rate is per wall-clock second', () => {
    const fast = run('city', { rate: 40, speed: 60, simSeconds: 60 });
    expect(fast.count.traffic).toBe(40);
    expect(fast.count).toMatchObject({ signals: 120, cameras: 40, units: 720, network: 624 });
  });

  it('builds messages that pass their schema, on the topic of their feed, one device time each', () => {
    const { messages, slots } = run('city', { rate: 40, speed: 10, simSeconds: 60 });
    expect(messages.length).toBeGreaterThan(slots.length - 20); // a few commune nodes may be without power
    const seen = new Set<string>();
    for (const m of messages) {
      const id = parseDeviceTopic(m.topic, m.feed, 'hanoi');
      expect(id, m.topic).not.toBeNull();
      const body = JSON.parse(m.payload) as { dateObserved: string };
      const schema = m.feed === 'traffic' ? trafficReadingSchema : deviceSchemas[m.feed as DeviceFeed];
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new Error(`${m.topic}: ${parsed.error.message}`);
      const key = `${m.topic}@${body.dateObserved}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it('schedules the same messages for the same seed', () => {
    const a = run('city', { rate: 40, speed: 10, simSeconds: 20 }).messages;
    const b = run('city', { rate: 40, speed: 10, simSeconds: 20 }).messages;
    expect(b).toEqual(a);
  });

  it('runs one device feed alone at its cadence, ignoring the rate', () => {
    for (const [feed, perMinute] of [
      ['signals', 120],
      ['cameras', 40],
      ['units', 720],
      ['network', 624],
    ] as const) {
      const { count, source } = run(feed, { rate: 1000, speed: 10, simSeconds: 60 });
      expect(source.size).toBe(0);
      expect(count).toEqual({ [feed]: perMinute });
    }
  });

  it('keeps the traffic scenario round-robin at the rate', () => {
    const { count, slots } = run('traffic', { rate: 100, speed: 1, simSeconds: 2 });
    expect(count).toEqual({ traffic: 200 });
    expect(slots.slice(0, 50).map((s) => s.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('fault injection', () => {
  const batch = (n: number, at = START): TimedMessage[] =>
    Array.from({ length: n }, (_, i) => ({
      at: at + i,
      message: {
        feed: 'units',
        topic: `hanoi/units/pol-${i % 30}`,
        payload: JSON.stringify({ dateObserved: new Date(at + i).toISOString(), kind: 'police' }),
      },
    }));

  it('parses the fault list and names the available faults for an unknown one', () => {
    expect(parseFaults('duplicates, burst')).toEqual(['duplicates', 'burst']);
    expect(parseFaults('all')).toEqual([...FAULT_KINDS]);
    expect(() => parseFaults('duplicates,gremlins')).toThrow(UnknownFaultError);
  });

  it('injects nothing with no faults chosen, and the same faults for the same seed', () => {
    const none = createFaultInjector({ kinds: [], probability: 1, seed: 1 });
    expect(none.apply(batch(100))).toEqual(batch(100));
    const a = createFaultInjector({ kinds: FAULT_KINDS, probability: 0.2, seed: 1 });
    const b = createFaultInjector({ kinds: FAULT_KINDS, probability: 0.2, seed: 1 });
    expect(b.apply(batch(500))).toEqual(a.apply(batch(500)));
  });

  it('duplicates messages', () => {
    const f = createFaultInjector({ kinds: ['duplicates'], probability: 0.1, seed: 3 });
    const out = f.apply(batch(1000));
    expect(out.length - 1000).toBe(f.counts().duplicates);
    expect(f.counts().duplicates).toBeGreaterThan(50);
  });

  it('sends held-back messages after the next batch', () => {
    const f = createFaultInjector({ kinds: ['out-of-order'], probability: 0.1, seed: 3 });
    const first = f.apply(batch(200));
    const held = 200 - first.length;
    expect(held).toBe(f.counts()['out-of-order']);
    const second = f.apply(batch(10, START + 10_000));
    expect(second.slice(-held).every((m) => m.at < START + 10_000)).toBe(true);
  });

  it('breaks payloads so that the schema rejects them', () => {
    const good = JSON.stringify({ dateObserved: '2026-11-27T08:00:00+07:00', kind: 'commune_node' });
    expect(deviceSchemas.network.safeParse(JSON.parse(good)).success).toBe(true);
    for (const pick of [0, 0.2, 0.4, 0.6, 0.8]) {
      const bad = malform(good, pick);
      let ok = true;
      try {
        ok = deviceSchemas.network.safeParse(JSON.parse(bad)).success;
      } catch {
        ok = false;
      }
      expect(ok, bad).toBe(false);
    }
  });

  it('sends bursts of reports 1 ms apart and silences devices for a spell', () => {
    const f = createFaultInjector({ kinds: ['burst', 'silence'], probability: 0.2, seed: 5 });
    const out = f.apply(batch(1000));
    expect(f.counts().burst).toBeGreaterThan(0);
    expect(f.counts().silence).toBeGreaterThan(0);
    expect(out.length).toBe(1000 - f.counts().silence + BURST_SIZE * f.counts().burst);
    const silenced = new Set(batch(1000).map((m) => m.message.topic));
    for (const m of out) silenced.delete(m.message.topic);
    // Silence is per device and spell: a silenced device sends nothing in this batch.
    expect(silenced.size).toBeGreaterThan(0);
  });
});
