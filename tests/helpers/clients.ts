import mqtt, { type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  ResumeResult,
  ServerToClientEvents,
  SnapshotResult,
  TrafficReading,
  TrafficState,
} from '../../protocol/index.js';
import { trafficTopic } from '../../protocol/index.js';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function connectPublisher(url: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, { clientId: `pub-${Math.random().toString(36).slice(2)}` });
}

export async function publishReading(
  client: MqttClient,
  topicRoot: string,
  detectorId: string,
  reading: TrafficReading | string | Buffer,
): Promise<void> {
  const payload = typeof reading === 'string' || Buffer.isBuffer(reading) ? reading : JSON.stringify(reading);
  await client.publishAsync(trafficTopic(detectorId, topicRoot), payload, { qos: 1 });
}

/** The demo accounts' password on test servers (startTestServer seeds one account per role). */
export const TEST_PASSWORD = 'test-password-not-secret';

/** Signs in as `username` and returns the session cookie (`name=value`) to send with requests. */
export async function signIn(url: string, username = 'demo-operator', password = TEST_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 201) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hanoi_session='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return cookie.split(';')[0]!;
}

/** A socket carrying a session cookie (or none), as a browser would open it. */
export async function openSocket(url: string, cookie?: string): Promise<ConsoleSocket> {
  const socket: ConsoleSocket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/**
 * A console socket, signed in as a demo account (an operator unless told), that records every
 * traffic item it receives in frames.
 */
export async function connectConsole(
  url: string,
  username = 'demo-operator',
): Promise<{ socket: ConsoleSocket; received: TrafficState[] }> {
  const socket: ConsoleSocket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: await signIn(url, username) },
  });
  const received: TrafficState[] = [];
  socket.on('traffic:updated', (frame) => received.push(...frame.items));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, received };
}

export async function subscribe(socket: ConsoleSocket): Promise<SnapshotResult> {
  const ack: Ack<SnapshotResult> = await socket.emitWithAck('layers:subscribe', { layers: ['traffic'] });
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data;
}

export async function resume(socket: ConsoleSocket, since: number, limit?: number): Promise<ResumeResult> {
  const ack: Ack<ResumeResult> = await socket.emitWithAck('session:resume', { since, layers: ['traffic'], limit });
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data;
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const at = (second: number): string =>
  `2026-11-27T08:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}+07:00`;
