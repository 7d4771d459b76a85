/**
 * Runs in a worker thread: the bench's console sockets, so decoding their frames does not compete
 * with the server for the main event loop. Message n of the run is detector `bench-<n mod D>` at
 * observation time t0 + n ms; its publish time (epoch ms, high resolution) is `sentAt[n]` in memory
 * shared with the publisher, so each item received is timed without any messages between threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents, SnapshotResult } from '../../protocol/index.js';

export interface ConsoleWorkerData {
  url: string;
  /** A signed-in session cookie: sockets authenticate when they connect. */
  cookie: string;
  sockets: number;
  t0: number;
  sentAt: SharedArrayBuffer;
}
export type ToWorker = { type: 'reset' } | { type: 'snapshot' } | { type: 'close' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'snapshot'; latencies: Float64Array; seen: number; frames: number; unmatched: number };

const data = workerData as ConsoleWorkerData;
const port = parentPort!;
const sentAt = new Float64Array(data.sentAt);
const now = () => performance.timeOrigin + performance.now();

let latencies: number[] = [];
let seen = new Set<number>();
let frames = 0;
let unmatched = 0;

async function connect(): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(data.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: data.cookie },
  });
  socket.on('traffic:updated', (frame) => {
    const t = now();
    frames++;
    for (const item of frame.items) {
      const n = Date.parse(item.observedAt) - data.t0;
      const published = n >= 0 && n < sentAt.length ? (sentAt[n] as number) : 0;
      if (published > 0 && item.detectorId.startsWith('bench-')) {
        latencies.push(t - published);
        seen.add(n);
      } else unmatched++;
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack: Ack<SnapshotResult> = await socket.emitWithAck('layers:subscribe', { layers: ['traffic'] });
  if (!ack.ok) throw new Error(`layers:subscribe refused: ${ack.error.message}`);
  return socket;
}

const sockets = await Promise.all(Array.from({ length: data.sockets }, connect)).catch((err: Error) => {
  port.postMessage({ type: 'failed', message: err.message } satisfies FromWorker);
  return [];
});
if (sockets.length === data.sockets) port.postMessage({ type: 'ready' } satisfies FromWorker);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'reset') {
    latencies = [];
    seen = new Set();
    frames = 0;
    unmatched = 0;
  } else if (msg.type === 'snapshot') {
    const l = Float64Array.from(latencies);
    port.postMessage({ type: 'snapshot', latencies: l, seen: seen.size, frames, unmatched } satisfies FromWorker, [
      l.buffer,
    ]);
  } else {
    for (const s of sockets) s.disconnect();
    port.close();
  }
});
