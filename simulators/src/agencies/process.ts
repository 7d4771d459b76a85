/**
 * A seeded, non-homogeneous Poisson process cut into fixed time buckets: the count in a bucket and
 * the times and attributes of its events come only from (seed, stream, bucket), so any window, asked
 * in any order or in any chunks, yields exactly the same events. Events are numbered from 1 within
 * each local (Hanoi) day, as a call centre numbers its calls.
 */
import { hashInts, mulberry32, uniformAt, type Rng } from '../random.js';
import { DAY_MS, HOUR_MS, localDayStartMs, localTime } from './clock.js';

export interface ProcessSpec {
  seed: number;
  /** Tells independent processes of one seed apart (e.g. one per hotline). */
  stream: number;
  /** Expected events per hour around an instant (epoch ms). */
  ratePerHour: (ms: number) => number;
}

export interface SimEvent {
  /** Epoch ms, on a whole second. */
  atMs: number;
  /** 1-based number of the event within its local day. */
  seq: number;
  /** A generator of this event's own: draw its attributes from it in a fixed order. */
  rng: Rng;
}

const BUCKET_MS = 60_000;
/** Rates above this make the inverse-CDF draw slow and pointless for a console demo. */
export const MAX_RATE_PER_HOUR = 20_000;

/** A Poisson-distributed count with mean `lambda`, from one uniform number (inverse CDF). */
export function poissonFromUniform(u: number, lambda: number): number {
  if (!(lambda > 0)) return 0;
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  while (u > cdf && k < 10 * lambda + 50) {
    k += 1;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

function bucketCount(spec: ProcessSpec, bucket: number): number {
  const lambda = (spec.ratePerHour(bucket * BUCKET_MS + BUCKET_MS / 2) * BUCKET_MS) / HOUR_MS;
  return poissonFromUniform(uniformAt(spec.seed, spec.stream, bucket), lambda);
}

/** The bucket's events in time order (times on whole seconds). */
function bucketEvents(spec: ProcessSpec, bucket: number, count: number): Array<{ atMs: number; rng: Rng }> {
  const times = mulberry32(hashInts(spec.seed, spec.stream, bucket, 0x7173));
  const offsets = Array.from({ length: count }, () => Math.floor((times() * BUCKET_MS) / 1000) * 1000).sort(
    (a, b) => a - b,
  );
  return offsets.map((offset, i) => ({
    atMs: bucket * BUCKET_MS + offset,
    rng: mulberry32(hashInts(spec.seed, spec.stream, bucket, i + 1)),
  }));
}

/** The process's events with `fromMs <= atMs < toMs`, in time order. */
export function eventsIn(spec: ProcessSpec, fromMs: number, toMs: number): SimEvent[] {
  const out: SimEvent[] = [];
  if (!(toMs > fromMs)) return out;
  for (let day = localTime(fromMs).day; localDayStartMs(day) < toMs; day++) {
    const dayStart = localDayStartMs(day);
    const lo = Math.max(fromMs, dayStart);
    const hi = Math.min(toMs, dayStart + DAY_MS);
    const first = Math.floor(lo / BUCKET_MS);
    const end = Math.ceil(hi / BUCKET_MS);
    let seq = 0;
    // The day's numbering: count what happened since local midnight (counts only, cheap).
    for (let b = dayStart / BUCKET_MS; b < first; b++) seq += bucketCount(spec, b);
    for (let b = first; b < end; b++) {
      const count = bucketCount(spec, b);
      if (count === 0) continue;
      for (const e of bucketEvents(spec, b, count)) {
        seq += 1;
        if (e.atMs >= lo && e.atMs < hi) out.push({ atMs: e.atMs, seq, rng: e.rng });
      }
    }
  }
  return out;
}

/** One item of `items`, chosen with probability proportional to `weight(item)`. */
export function weightedPick<T>(rng: Rng, items: readonly T[], weight: (item: T) => number): T {
  if (items.length === 0) throw new RangeError('weightedPick from an empty array');
  const total = items.reduce((sum, item) => sum + Math.max(0, weight(item)), 0);
  let x = rng() * total;
  for (const item of items) {
    x -= Math.max(0, weight(item));
    if (x < 0) return item;
  }
  return items[items.length - 1] as T;
}
