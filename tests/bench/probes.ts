/**
 * The bench's instruments: a paced QoS 1 publisher, a bare MQTT subscriber (the raw baseline), a
 * fleet of console sockets that time each reading from publish to frame, and a row counter on the
 * server's database. All share one clock, performance.now(), in this process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { trafficTopic, trafficTopicPattern } from '../../protocol/index.js';
import type { TrafficModel } from '../../simulators/src/traffic.sim.js';
import type { ConsoleWorkerData, FromWorker, ToWorker } from './consoles.worker.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Epoch milliseconds with sub-millisecond resolution, comparable across threads. */
export const clock = () => performance.timeOrigin + performance.now();

export interface BurstResult {
  published: number;
  acked: number;
  errors: number;
  /** performance.now() of the first and the last publish call. */
  startedAt: number;
  lastPublishAt: number;
}

/**
 * Publishes readings at a paced rate. Message k goes to detector `bench-<k mod detectors>` with
 * observation time t0 + k ms, so no two messages share an idempotency key, and carries the values
 * and location of one of the model's detectors.
 */
export function createPublisher(opts: {
  client: MqttClient;
  topicRoot: string;
  model: TrafficModel;
  detectors: number;
  t0: number;
  /** Publish time of message n is written at index n (shared with the console worker). */
  sentAt: Float64Array;
  maxInFlight?: number;
}) {
  const size = opts.model.detectors.length;
  const maxInFlight = opts.maxInFlight ?? 20_000;
  let k = 0;
  const capacity = opts.sentAt.length;
  return {
    burst(rate: number, wanted: number): Promise<BurstResult> {
      const count = Math.min(wanted, capacity - k);
      return new Promise((resolve) => {
        const r: BurstResult = { published: 0, acked: 0, errors: 0, startedAt: performance.now(), lastPublishAt: 0 };
        let inFlight = 0;
        let due = 0;
        let last = r.startedAt;
        const done = () => r.published === count && inFlight === 0 && (clearInterval(timer), resolve(r));
        const tick = () => {
          const now = performance.now();
          due = Math.min(due + ((now - last) / 1000) * rate, rate);
          last = now;
          while (due >= 1 && r.published < count && inFlight < maxInFlight) {
            due--;
            const n = k++;
            const j = n % opts.detectors;
            const at = new Date(opts.t0 + n);
            const detectorId = `bench-${String(j).padStart(5, '0')}`;
            const { reading } = opts.model.reading(j % size, at);
            opts.sentAt[n] = clock();
            inFlight++;
            r.published++;
            r.lastPublishAt = performance.now();
            opts.client.publish(
              trafficTopic(detectorId, opts.topicRoot),
              JSON.stringify(reading),
              { qos: 1 },
              (err) => {
                inFlight--;
                if (err) r.errors++;
                else r.acked++;
                done();
              },
            );
          }
        };
        const timer = setInterval(tick, 5);
        tick();
      });
    },
  };
}

/** A bare mqtt.js subscriber on the same broker and topic: how fast the broker alone delivers. */
export async function rawSubscriber(url: string, topicRoot: string, clientId: string) {
  const client = await mqtt.connectAsync(url, { clientId, clean: true });
  let count = 0;
  let lastAt = 0;
  client.on('message', () => {
    count++;
    lastAt = performance.now();
  });
  await client.subscribeAsync(trafficTopicPattern(topicRoot), { qos: 1 });
  return {
    count: () => count,
    lastAt: () => lastAt,
    close: () => client.endAsync(),
  };
}

/**
 * `n` console sockets subscribed to the traffic layer, in a worker thread (see consoles.worker.ts),
 * timing every item they receive against the publish times in `sentAt`.
 */
export async function consoleFleet(url: string, cookie: string, n: number, t0: number, sentAt: SharedArrayBuffer) {
  const api = import.meta.resolve('tsx/esm/api');
  const file = new URL('./consoles.worker.ts', import.meta.url).href;
  // The worker loads TypeScript through tsx, registered first by a small bootstrap.
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(file)}); })`;
  const workerData: ConsoleWorkerData = { url, cookie, sockets: n, t0, sentAt };
  const worker = new Worker(bootstrap, { eval: true, workerData });
  const next = <T extends FromWorker['type']>(type: T) =>
    new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
      const onMessage = (msg: FromWorker) => {
        if (msg.type === type) {
          worker.off('message', onMessage);
          resolve(msg as Extract<FromWorker, { type: T }>);
        } else if (msg.type === 'failed') reject(new Error(`console sockets: ${msg.message}`));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const send = (msg: ToWorker) => worker.postMessage(msg);
  await next('ready');
  return {
    reset: () => send({ type: 'reset' }),
    async snapshot() {
      const reply = next('snapshot');
      send({ type: 'snapshot' });
      const { latencies, seen, frames, unmatched } = await reply;
      return { latencies, seen, frames, unmatched };
    },
    async close() {
      send({ type: 'close' });
      await sleep(100);
      await worker.terminate();
    },
  };
}

/** Counts the readings the server committed, and waits for a step's to arrive. */
export function rowCounter(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const head = async (): Promise<number> => {
    const { rows } = await pool.query<{ head: string }>('SELECT coalesce(max(seq), 0) AS head FROM traffic_readings');
    return Number(rows[0]!.head);
  };
  const countSince = async (seq: number): Promise<number> => {
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM traffic_readings WHERE seq > $1', [
      seq,
    ]);
    return Number(rows[0]!.n);
  };
  return {
    head,
    /**
     * Polls until `expected()` rows are stored past `sinceSeq`. Gives up when nothing new arrived
     * for `idleMs` after publishing finished. Returns the count and when the last one was seen.
     */
    async waitFor(sinceSeq: number, expected: () => number, publishing: () => boolean, idleMs = 10_000) {
      let stored = 0;
      let lastProgressAt = performance.now();
      for (;;) {
        const n = await countSince(sinceSeq);
        const now = performance.now();
        if (n > stored) {
          stored = n;
          lastProgressAt = now;
        }
        if (!publishing() && stored >= expected()) return { stored, doneAt: lastProgressAt, timedOut: false };
        if (!publishing() && now - lastProgressAt > idleMs) return { stored, doneAt: lastProgressAt, timedOut: true };
        await sleep(20);
      }
    },
    close: () => pool.end(),
  };
}

/** The p-th percentile (0..100) of the samples, nearest-rank; NaN when there are none. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The whole machine's CPU time so far (Linux /proc/stat; null elsewhere), in clock ticks. */
export function machineCpu(): { busy: number; total: number } | null {
  if (!existsSync('/proc/stat')) return null;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  // idle and iowait
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}
