import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFiguresSync } from '../../client/src/features/figures/figures-sync.js';
import { useFiguresStore } from '../../client/src/features/figures/figures.store.js';
import { useConnectionStore } from '../../client/src/realtime/connection.store.js';
import { serverEventHandlers } from '../../client/src/realtime/handlers/index.js';
import type { ConsoleSocket } from '../../client/src/realtime/socket.js';
import {
  fail,
  ok,
  type Ack,
  type ClientToServerEvents,
  type Figures,
  type FiguresSnapshot,
  type ResumeResult,
  type SnapshotResult,
} from '../../protocol/index.js';

type Command = keyof ClientToServerEvents;
type Listener = (...args: unknown[]) => void;
type AnyAck = Ack<SnapshotResult> | Ack<ResumeResult> | Ack<FiguresSnapshot>;

interface Pending {
  event: Command;
  req: unknown;
  answer(ack: AnyAck): void;
  reject(err: Error): void;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/** The Socket.IO client as far as the console uses it; the test plays the server (as in client-connection.test.ts). */
class FakeSocket {
  connected = false;
  readonly sent: Command[] = [];
  private readonly pending: Pending[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, fn: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
    return this;
  }
  off(event: string, fn: Listener): this {
    this.listeners.get(event)?.delete(fn);
    return this;
  }
  connect(): this {
    return this;
  }
  disconnect(): this {
    if (this.connected) this.drop('io client disconnect');
    return this;
  }
  timeout(_ms: number) {
    return {
      emitWithAck: (event: Command, req: unknown) => {
        this.sent.push(event);
        return new Promise((answer, reject) => this.pending.push({ event, req, answer, reject }));
      },
    };
  }
  get asSocket(): ConsoleSocket {
    return this as unknown as ConsoleSocket;
  }
  up(): void {
    this.connected = true;
    this.fire('connect');
  }
  drop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
    for (const p of this.pending.splice(0)) p.reject(new Error('socket has been disconnected'));
  }
  push(event: string, payload: unknown): void {
    this.fire(event, payload);
  }
  /** Answers the oldest unanswered command, which must be `event`; returns its request. */
  async reply(event: Command, ack: AnyAck): Promise<unknown> {
    await settle();
    const p = this.pending[0];
    expect(p?.event, `the console should be waiting on ${event}`).toBe(event);
    this.pending.shift();
    p!.answer(ack);
    await settle();
    return p!.req;
  }
  /** The oldest unanswered command (which must be `event`) gets no answer: its ack fails with `err`. */
  async lose(event: Command, err: Error): Promise<void> {
    await settle();
    const p = this.pending.shift();
    expect(p?.event).toBe(event);
    p!.reject(err);
    await settle();
  }
  get waiting(): Command[] {
    return this.pending.map((p) => p.event);
  }
  private fire(event: string, ...args: unknown[]): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(...args);
  }
}

const figures = (overdue: number): Figures => ({
  openIncidents: { total: 1, bySeverity: { informational: 0, low: 0, medium: 0, high: 1, critical: 0 } },
  timeToAcknowledge: { medianSeconds: null, acknowledged: 0 },
  congestion: { index: null, slowSegments: 0, segments: 0 },
  onlineSubmission: { share: null, target: 0.7, submittedOnline: 0, received: 0 },
  overdueDossiers: { total: overdue },
  devicesOffline: {
    total: 0,
    byFeed: {
      signals: { offline: 0, devices: 0 },
      cameras: { offline: 0, devices: 0 },
      units: { offline: 0, devices: 0 },
      network: { offline: 0, devices: 0 },
    },
  },
});
const at = (minute: number) => `2026-11-27T01:${String(minute).padStart(2, '0')}:00.000Z`;
const snapshot = (minute: number, ...historyMinutes: number[]): FiguresSnapshot => ({
  at: at(minute),
  current: figures(minute),
  everyMs: 60_000,
  history: historyMinutes.map((m) => ({ at: at(m), figures: figures(m) })),
});
const layers = ok({ head: 0 } as SnapshotResult);
const resumed = ok<ResumeResult>({ events: [], head: 0, hasMore: false });

describe('keeping the figures subscribed on the console socket', () => {
  let socket: FakeSocket;
  let stopSync: () => void;

  beforeEach(() => {
    setActivePinia(createPinia());
    socket = new FakeSocket();
    stopSync = startFiguresSync({ connection: useConnectionStore(), figures: useFiguresStore(), retryMs: 20 });
    useConnectionStore().start(socket.asSocket, { handlers: serverEventHandlers });
  });
  afterEach(() => {
    stopSync();
    useConnectionStore().stop();
  });

  it('subscribes once the live connection is synchronised, then applies every pushed sample', async () => {
    socket.up();
    await settle();
    // Not before the layers' snapshot is in.
    expect(socket.waiting).toEqual(['layers:subscribe']);
    await socket.reply('layers:subscribe', layers);
    expect(await socket.reply('figures:subscribe', ok(snapshot(2, 0, 1, 2)))).toEqual({ hours: 2 });
    const store = useFiguresStore();
    expect(store.history).toHaveLength(3);
    expect(store.current?.overdueDossiers.total).toBe(2);

    socket.push('figures:updated', { at: at(3), current: figures(3), everyMs: 60_000 });
    expect(store.history).toHaveLength(4);
    expect(store.current?.overdueDossiers.total).toBe(3);
    expect(useConnectionStore().lastSeq).toBe(0);
  });

  it('subscribes again after every reconnect, once the resume has caught up', async () => {
    socket.up();
    await socket.reply('layers:subscribe', layers);
    await socket.reply('figures:subscribe', ok(snapshot(1, 0, 1)));

    socket.drop();
    socket.up();
    await settle();
    expect(socket.waiting).toEqual(['session:resume']);
    await socket.reply('session:resume', resumed);
    await socket.reply('figures:subscribe', ok(snapshot(5, 1, 2, 3, 4, 5)));
    const store = useFiguresStore();
    expect(store.history.map((s) => s.at)).toEqual([0, 1, 2, 3, 4, 5].map(at));
    expect(store.subscriptions).toBe(2);
    expect(socket.sent.filter((e) => e === 'figures:subscribe')).toHaveLength(2);
  });

  it('asks again when the answer is lost or failed on a link that stays up, but not when refused', async () => {
    socket.up();
    await socket.reply('layers:subscribe', layers);
    // The ack timed out, then the server failed: asked again each time, after a pause.
    await socket.lose('figures:subscribe', new Error('operation has timed out'));
    await new Promise((r) => setTimeout(r, 50));
    await socket.reply('figures:subscribe', fail('internal', 'database busy') as Ack<FiguresSnapshot>);
    expect(useFiguresStore().lastError).toContain('database busy');
    await new Promise((r) => setTimeout(r, 50));
    await socket.reply('figures:subscribe', ok(snapshot(1, 1)));
    expect(useFiguresStore()).toMatchObject({ subscriptions: 1, lastError: null });

    // A refusal is final for this connection.
    socket.drop();
    socket.up();
    await socket.reply('session:resume', resumed);
    await socket.reply('figures:subscribe', fail('forbidden', 'no') as Ack<FiguresSnapshot>);
    await new Promise((r) => setTimeout(r, 50));
    expect(socket.waiting).toEqual([]);
  });

  it('runs a listener registered after the synchronisation at once, and no more once stopped', async () => {
    socket.up();
    await socket.reply('layers:subscribe', layers);
    await socket.reply('figures:subscribe', ok(snapshot(1, 1)));
    const calls: ConsoleSocket[] = [];
    const stop = useConnectionStore().onSynchronised((s) => calls.push(s));
    await settle();
    expect(calls).toEqual([socket.asSocket]);

    stop();
    stopSync();
    socket.drop();
    socket.up();
    await socket.reply('session:resume', resumed);
    await settle();
    expect(calls).toHaveLength(1);
    expect(socket.waiting).toEqual([]);
  });
});
