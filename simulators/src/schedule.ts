/**
 * When each message of a scenario is due, in simulated time, with no timers and no I/O: the runner
 * asks "what is due up to simulated time T?" on every tick, and a test can ask the same questions
 * for a simulated minute and count the answers.
 *
 * Two kinds of devices. Round-robin devices (traffic detectors) share a budget of `rate` messages per
 * wall-clock second, i.e. `rate / speed` per simulated second. Periodic devices (signals, cameras,
 * units, network) each report every `periodMs` of simulated time, so their wall-clock period is the
 * period divided by `speed`; a group's devices are spread evenly over the period, not all at once.
 */
import type { PeriodicGroup, ScenarioSource, SimMessage } from './scenarios.js';

/** One due message: simulated time (ms), and which device. `group` is -1 for a round-robin device. */
export interface Slot {
  at: number;
  group: number;
  index: number;
}

export interface SchedulerOptions {
  /** Round-robin messages per wall-clock second. */
  rate: number;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** Simulated time at the start, ms. */
  startMs: number;
}

export interface Scheduler {
  /**
   * Everything due after the previous call (or the start) up to simulated time `toMs`, in time
   * order. Round-robin messages are limited to `capacity` (the rest wait for a later call, at most
   * one wall-clock second's worth); after a stall, at most one wall-clock second is caught up.
   */
  advance(toMs: number, capacity?: number): Slot[];
  /** The message of a slot; undefined when the device is silent at that time. */
  build(slot: Slot): SimMessage | undefined;
}

/**
 * Times of a periodic group's reports in (fromMs, toMs]: report j (a global counter) is at
 * floor(j * period / n) and comes from device j mod n, so each device reports exactly every period.
 */
export function periodicSlots(group: Pick<PeriodicGroup, 'periodMs' | 'size'>, fromMs: number, toMs: number) {
  const { periodMs: p, size: n } = group;
  const out: Array<{ at: number; index: number }> = [];
  if (n <= 0 || toMs <= fromMs) return out;
  const timeOf = (j: number) => Math.floor((j * p) / n);
  let j = Math.floor((fromMs * n) / p);
  while (timeOf(j) > fromMs) j--;
  while (timeOf(j) <= fromMs) j++;
  for (; timeOf(j) <= toMs; j++) out.push({ at: timeOf(j), index: ((j % n) + n) % n });
  return out;
}

export function createScheduler(source: ScenarioSource, opts: SchedulerOptions): Scheduler {
  const groups = source.periodic ?? [];
  const wallSecondMs = 1000 * opts.speed;
  let lastMs = opts.startMs;
  let due = 0;
  let cursor = 0;
  // Each round-robin device's last observation time, so two of its messages never share a
  // timestamp (the server would store the second as a duplicate).
  const lastAt = new Float64Array(source.size).fill(-Infinity);

  function advance(toMs: number, capacity = Infinity): Slot[] {
    if (toMs <= lastMs) return [];
    const fromMs = Math.max(lastMs, toMs - wallSecondMs);
    const slots: Slot[] = [];
    groups.forEach((g, group) => {
      for (const s of periodicSlots(g, fromMs, toMs)) slots.push({ at: s.at, group, index: s.index });
    });
    slots.sort((a, b) => a.at - b.at);

    if (source.size > 0) {
      due = Math.min(due + ((toMs - lastMs) / wallSecondMs) * opts.rate, Math.max(opts.rate, 1));
      for (let n = 0; due >= 1 && n < capacity; n++) {
        due--;
        const index = cursor;
        cursor = (cursor + 1) % source.size;
        const at = Math.max(toMs, (lastAt[index] as number) + 1);
        lastAt[index] = at;
        slots.push({ at, group: -1, index });
      }
    }
    lastMs = toMs;
    return slots;
  }

  function build(slot: Slot): SimMessage | undefined {
    const at = new Date(slot.at);
    if (slot.group < 0) return source.message(slot.index, at);
    const group = groups[slot.group];
    if (!group) throw new RangeError(`no periodic group ${slot.group}`);
    return group.message(slot.index, at);
  }

  return { advance, build };
}
