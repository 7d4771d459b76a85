/**
 * Fault injection between a scenario and the broker, to exercise the server's edge: what a real
 * device fleet does now and then. Each fault is chosen per message by a seeded draw on (seed, topic,
 * observation time), so a run with the same seed and times injects the same faults.
 *
 * - duplicates: the message is sent twice (a QoS 1 redelivery; the server must store it once).
 * - out-of-order: the message is held back and sent after the next batch (older after newer).
 * - malformed: the payload is broken: cut short, not JSON, a bad timestamp, a missing field or a
 *   wrong type (the server must quarantine it with a reason).
 * - burst: the device sends a burst of BURST_SIZE reports 1 ms apart (to be merged by id).
 * - silence: the device says nothing for a spell of SILENCE_BLOCK_MS (the watchdog should notice).
 */
import { hashString, uniformAt } from './random.js';
import type { SimMessage } from './scenarios.js';
import { toHanoiIso } from './traffic.sim.js';

export const FAULT_KINDS = ['duplicates', 'out-of-order', 'malformed', 'burst', 'silence'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  kinds: readonly FaultKind[];
  /** Chance per message (per device and 10-minute spell for silence), 0..1. Default 0.01. */
  probability?: number;
  seed: number;
}

export interface TimedMessage {
  /** Simulated observation time, ms. */
  at: number;
  message: SimMessage;
}

export interface FaultInjector {
  /** The messages to send for a batch, faults applied; held-back messages of the last batch go last. */
  apply(batch: readonly TimedMessage[]): TimedMessage[];
  /** Messages affected so far, per fault. */
  counts(): Record<FaultKind, number>;
}

export const BURST_SIZE = 10;
export const SILENCE_BLOCK_MS = 10 * 60_000;
const CODE: Record<FaultKind, number> = {
  duplicates: 0xd0,
  'out-of-order': 0x00,
  malformed: 0xba,
  burst: 0xb5,
  silence: 0x51,
};

export class UnknownFaultError extends Error {
  constructor(readonly fault: string) {
    super(`unknown fault "${fault}"; available: ${FAULT_KINDS.join(', ')}`);
    this.name = 'UnknownFaultError';
  }
}

/** `duplicates,burst` -> ['duplicates', 'burst']; `all` -> every kind. Throws UnknownFaultError. */
export function parseFaults(list: string): FaultKind[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.includes('all')) return [...FAULT_KINDS];
  return names.map((n) => {
    if (!(FAULT_KINDS as readonly string[]).includes(n)) throw new UnknownFaultError(n);
    return n as FaultKind;
  });
}

/** Shifts a JSON payload's dateObserved by `ms` (a new report of the same device), if it has one. */
function shifted(payload: string, ms: number): string {
  try {
    const obj = JSON.parse(payload) as Record<string, unknown>;
    const t = typeof obj.dateObserved === 'string' ? Date.parse(obj.dateObserved) : NaN;
    if (Number.isNaN(t)) return payload;
    return JSON.stringify({ ...obj, dateObserved: toHanoiIso(new Date(t + ms)) });
  } catch {
    return payload;
  }
}

/** One of five ways to break a payload, chosen by `pick` in [0, 1). */
export function malform(payload: string, pick: number): string {
  const way = Math.floor(pick * 5);
  if (way === 0) return payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
  if (way === 1) return 'not json \u0000\u00ff';
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return `${payload}}`;
  }
  if (way === 2) return JSON.stringify({ ...obj, dateObserved: 'yesterday at noon' });
  if (way === 3) return JSON.stringify({ ...obj, dateObserved: undefined });
  return JSON.stringify({ ...obj, location: { type: 'Point', coordinates: ['105.85', 21.03] } });
}

export function createFaultInjector(opts: FaultOptions): FaultInjector {
  const kinds = new Set(opts.kinds);
  const p = opts.probability ?? 0.01;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`fault probability must be within 0..1, got ${p}`);
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  let held: TimedMessage[] = [];

  const draw = (kind: FaultKind, m: TimedMessage, ...more: number[]) =>
    uniformAt(opts.seed, CODE[kind], hashString(m.message.topic), m.at, ...more);
  const hits = (kind: FaultKind, m: TimedMessage, chance = p) => kinds.has(kind) && draw(kind, m) < chance;

  function apply(batch: readonly TimedMessage[]): TimedMessage[] {
    const out: TimedMessage[] = [];
    const nextHeld: TimedMessage[] = [];
    for (const m of batch) {
      if (kinds.has('silence')) {
        const spell = Math.floor(m.at / SILENCE_BLOCK_MS);
        if (uniformAt(opts.seed, CODE.silence, hashString(m.message.topic), spell) < p) {
          counts.silence++;
          continue;
        }
      }
      if (hits('malformed', m)) {
        counts.malformed++;
        out.push({ at: m.at, message: { ...m.message, payload: malform(m.message.payload, draw('malformed', m, 1)) } });
        continue;
      }
      if (hits('out-of-order', m)) {
        counts['out-of-order']++;
        nextHeld.push(m);
        continue;
      }
      out.push(m);
      if (hits('duplicates', m)) {
        counts.duplicates++;
        out.push(m);
      }
      // A burst adds BURST_SIZE messages: draw it BURST_SIZE times rarer, to add about p overall.
      if (hits('burst', m, p / BURST_SIZE)) {
        counts.burst++;
        for (let k = 1; k <= BURST_SIZE; k++)
          out.push({ at: m.at + k, message: { ...m.message, payload: shifted(m.message.payload, k) } });
      }
    }
    out.push(...held);
    held = nextHeld;
    return out;
  }

  return { apply, counts: () => ({ ...counts }) };
}
