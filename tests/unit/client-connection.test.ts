import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionStore } from '../../client/src/realtime/connection.store.js';
import { CONSOLE_LAYERS } from '../../client/src/realtime/feeds.js';
import type { ConsoleSocket } from '../../client/src/realtime/socket.js';
import { useTrafficStore } from '../../client/src/stores/traffic.store.js';
import {
  fail,
  ok,
  type Ack,
  type ClientToServerEvents,
  type FeedEvent,
  type LonLat,
  type ResumeResult,
  type SnapshotResult,
  type TrafficState,
} from '../../protocol/index.js';

type Command = keyof ClientToServerEvents;
type Listener = (...args: unknown[]) => void;

/** A command the console sent and the scripted server has not answered yet. */
interface PendingCommand {
  event: Command;
  req: { since?: number; layers: string[] };
  answer(ack: Ack<SnapshotResult> | Ack<ResumeResult>): void;
  reject(err: Error): void;
}

/** Lets the console's async work run until it waits on the fake server again. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/**
 * A stand-in for the Socket.IO client: only what the connection store and sync.ts use (on, off,
 * connect, disconnect, timeout(ms).emitWithAck). The test plays the server: it opens and drops the
 * link, pushes frames, and answers each command in turn. Like socket.io-client >= 4.7, a drop
 * rejects the acknowledgements still awaited.
 */
class FakeSocket {
  connected = false;
  connectCalls = 0;
  readonly sent: Array<{ event: Command; req: PendingCommand['req'] }> = [];
  private readonly pending: PendingCommand[] = [];
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
    this.connectCalls++;
    return this;
  }

  disconnect(): this {
    if (this.connected) this.drop('io client disconnect');
    return this;
  }

  timeout(_ms: number): { emitWithAck: (event: Command, req: PendingCommand['req']) => Promise<unknown> } {
    return {
      emitWithAck: (event, req) => {
        this.sent.push({ event, req });
        return new Promise((resolve, reject) => this.pending.push({ event, req, answer: resolve, reject }));
      },
    };
  }

  get asSocket(): ConsoleSocket {
    return this as unknown as ConsoleSocket;
  }

  // --- the scripted server's side ---

  up(): void {
    this.connected = true;
    this.fire('connect');
  }

  drop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
    for (const p of this.pending.splice(0)) p.reject(new Error('socket has been disconnected'));
  }

  frame(...items: TrafficState[]): void {
    this.fire('traffic:updated', { items });
  }

  /** Lets the console run, then returns the oldest unanswered command, which must be `event`. */
  async awaiting(event: Command): Promise<PendingCommand> {
    await settle();
    const p = this.pending[0];
    expect(p?.event, `the console should be waiting on ${event}`).toBe(event);
    return p!;
  }

  /** Answers the oldest unanswered command (which must be `event`) and lets the console apply it. */
  async reply(event: Command, ack: Ack<SnapshotResult> | Ack<ResumeResult>): Promise<PendingCommand['req']> {
    const p = await this.awaiting(event);
    this.pending.shift();
    p.answer(ack);
    await settle();
    return p.req;
  }

  get waiting(): number {
    return this.pending.length;
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(...args);
  }
}

const HOAN_KIEM: LonLat = [105.8542, 21.0285];

const reading = (detectorId: string, seq: number, observedAt: string, speed: number): TrafficState => ({
  seq,
  detectorId,
  segmentId: null,
  observedAt: `2026-11-27T${observedAt}Z`,
  intensity: null,
  speed,
  occupancy: null,
  position: HOAN_KIEM,
});

const events = (...states: TrafficState[]): FeedEvent[] =>
  states.map((data) => ({ feed: 'traffic', seq: data.seq, data }));
const page = (head: number, hasMore: boolean, ...states: TrafficState[]) =>
  ok<ResumeResult>({ events: events(...states), head, hasMore });
const snapshot = (head: number, ...traffic: TrafficState[]) =>
  ok<SnapshotResult>({
    head,
    traffic,
    signals: [],
    cameras: [],
    units: [],
    network: [],
    incidents: [],
    alarms: [],
    crime: [],
    backlog: [],
  });

describe('console connection', () => {
  let fake: FakeSocket;
  let connection: ReturnType<typeof useConnectionStore>;
  let traffic: ReturnType<typeof useTrafficStore>;

  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
    fake = new FakeSocket();
    connection = useConnectionStore();
    traffic = useTrafficStore();
  });

  afterEach(() => {
    connection.stop();
    vi.useRealTimers();
  });

  /** Starts the console and lets it take its first snapshot. */
  async function connectWith(head: number, ...states: TrafficState[]): Promise<void> {
    connection.start(fake.asSocket);
    expect(fake.connectCalls).toBe(1);
    fake.up();
    await fake.reply('layers:subscribe', snapshot(head, ...states));
  }

  it('shows the detectors of the first snapshot and remembers how far it has read', async () => {
    connection.start(fake.asSocket);
    fake.up();
    const req = await fake.reply(
      'layers:subscribe',
      snapshot(42, reading('d1', 40, '01:00:00', 38), reading('d2', 41, '01:00:00', 9)),
    );

    expect(req).toEqual({ layers: CONSOLE_LAYERS });
    expect(traffic.count).toBe(2);
    expect(traffic.get('d2')?.speed).toBe(9);
    expect(connection.lastSeq).toBe(42);
    expect(connection.status).toBe('connected');
    expect(connection.syncing).toBe(false);
  });

  it('after a reconnect catches up on what it missed, page by page, without a new snapshot', async () => {
    await connectWith(10, reading('d1', 10, '01:00:00', 50));
    fake.drop();
    fake.up();

    const first = await fake.reply(
      'session:resume',
      page(12, true, reading('d1', 11, '01:01:00', 31), reading('d2', 12, '01:01:00', 44)),
    );
    const second = await fake.reply('session:resume', page(13, false, reading('d3', 13, '01:02:00', 5)));

    expect(first).toEqual({ since: 10, layers: CONSOLE_LAYERS });
    expect(second).toEqual({ since: 12, layers: CONSOLE_LAYERS });
    expect(fake.waiting).toBe(0);
    expect(fake.sent.filter((c) => c.event === 'layers:subscribe')).toHaveLength(1);
    expect(traffic.count).toBe(3);
    expect(traffic.get('d1')?.speed).toBe(31);
    expect(connection.lastSeq).toBe(13);
    expect(connection.lastResume).toMatchObject({ since: 10, head: 13, pages: 2, events: 3 });
    expect(connection.resumeCount).toBe(1);
  });

  it('shows live frames during a resume at once, but counts them as read only once it has caught up', async () => {
    await connectWith(10, reading('d1', 10, '01:00:00', 50));
    fake.drop();
    fake.up();
    await fake.awaiting('session:resume');

    fake.frame(reading('d9', 50, '01:05:00', 12));
    expect(traffic.get('d9')?.speed).toBe(12);
    expect(connection.lastSeq).toBe(10);

    await fake.reply('session:resume', page(20, true, reading('d2', 20, '01:01:00', 40)));
    expect(connection.lastSeq).toBe(20);
    await fake.reply('session:resume', page(30, false, reading('d3', 30, '01:02:00', 40)));
    expect(connection.lastSeq).toBe(50);
    expect(connection.syncing).toBe(false);
  });

  it('resumes again from the last page it read, not from a live frame, when the link drops mid-resume', async () => {
    await connectWith(10, reading('d1', 10, '01:00:00', 50));
    fake.drop();
    fake.up();
    await fake.awaiting('session:resume');
    fake.frame(reading('d9', 50, '01:05:00', 12));
    await fake.reply('session:resume', page(20, true, reading('d2', 20, '01:01:00', 40)));
    expect((await fake.awaiting('session:resume')).req.since).toBe(20);
    fake.drop();
    expect(connection.lastSeq).toBe(20);

    fake.up();
    const again = await fake.reply('session:resume', page(55, false, reading('d3', 55, '01:06:00', 40)));

    expect(again.since).toBe(20);
    expect(connection.lastSeq).toBe(55);
    expect(traffic.get('d9')?.speed).toBe(12);
  });

  it('keeps the newer observation of a detector when an older one arrives later in a frame', async () => {
    await connectWith(10);
    fake.frame(reading('d1', 11, '01:05:00', 42));
    fake.frame(reading('d1', 12, '01:01:00', 7)); // stored later, but observed earlier

    expect(traffic.get('d1')).toMatchObject({ speed: 42, seq: 11 });
    expect(connection.lastSeq).toBe(12);
  });

  it('keeps the live state of a detector when the resume replays an older observation of it', async () => {
    await connectWith(10, reading('d1', 10, '01:00:00', 50));
    fake.drop();
    fake.up();
    await fake.awaiting('session:resume');
    fake.frame(reading('d1', 30, '01:09:00', 22));
    await fake.reply('session:resume', page(25, false, reading('d1', 25, '01:04:00', 8)));

    expect(traffic.get('d1')).toMatchObject({ speed: 22, seq: 30 });
    expect(connection.lastSeq).toBe(30);
  });

  it('takes a fresh snapshot when the server refuses to resume from where the console left off', async () => {
    await connectWith(100, reading('d1', 100, '01:00:00', 50));
    fake.drop();
    fake.up();

    await fake.reply('session:resume', fail('history_reset', 'The history is older than this console.'));
    await fake.reply(
      'layers:subscribe',
      snapshot(30, reading('d1', 30, '02:00:00', 17), reading('d2', 29, '02:00:00', 60)),
    );

    expect(traffic.get('d1')?.speed).toBe(17);
    expect(traffic.count).toBe(2);
    expect(connection.status).toBe('connected');
    expect(connection.syncing).toBe(false);
    expect(connection.lastError).toBeNull();
  });

  // BUG (client/src/realtime/connection.store.ts, takeSnapshot): after `history_reset` the new
  // history's head is below lastSeq, but advance() only moves lastSeq forward, so the console keeps
  // the old, higher lastSeq. Its next resume then skips the new history's events between the
  // snapshot's head and the old lastSeq. Remove `.fails` once takeSnapshot sets lastSeq outright.
  it('after the history was reset, next resumes from the new history, not the old one', async () => {
    await connectWith(100, reading('d1', 100, '01:00:00', 50));
    fake.drop();
    fake.up();
    await fake.reply('session:resume', fail('history_reset', 'The history is older than this console.'));
    await fake.reply('layers:subscribe', snapshot(30, reading('d1', 30, '02:00:00', 17)));
    fake.frame(reading('d2', 31, '02:00:05', 40));

    expect(connection.lastSeq).toBe(31);
    fake.drop();
    fake.up();
    expect((await fake.awaiting('session:resume')).req.since).toBe(31);
  });

  it('shows reconnecting while the link is down, offline after 15 s, and connected when it returns', async () => {
    await connectWith(10);
    expect(connection.status).toBe('connected');

    fake.drop();
    expect(connection.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(14_999);
    expect(connection.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(connection.status).toBe('offline');

    fake.up();
    expect(connection.status).toBe('connected');
    await fake.reply('session:resume', page(10, false));
    expect(connection.status).toBe('connected');
  });

  it('never shows offline for short blips, even several in a row', async () => {
    await connectWith(10);
    for (let i = 0; i < 3; i++) {
      fake.drop();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(connection.status).toBe('reconnecting');
      fake.up();
      await fake.reply('session:resume', page(10, false));
    }
    expect(connection.status).toBe('connected');
  });

  it('reopens a session the server closed on purpose', async () => {
    await connectWith(10);
    fake.drop('io server disconnect');
    expect(fake.connectCalls).toBe(2);
  });

  it('drops the link and connects again 2 s later when the snapshot fails', async () => {
    connection.start(fake.asSocket);
    fake.up();
    await fake.reply('layers:subscribe', fail('internal', 'The server could not complete this request.'));

    expect(connection.lastError).toMatch(/internal/);
    expect(fake.connected).toBe(false);
    expect(connection.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fake.connectCalls).toBe(2);

    fake.up();
    await fake.reply('layers:subscribe', snapshot(5, reading('d1', 5, '01:00:00', 50)));
    expect(connection.lastError).toBeNull();
    expect(connection.lastSeq).toBe(5);
  });

  it('after a long outage stops replaying after 20 pages and takes a fresh snapshot instead', async () => {
    await connectWith(0);
    fake.drop();
    fake.up();
    for (let i = 1; i <= 20; i++) await fake.reply('session:resume', page(i, true, reading('d1', i, '01:00:00', i)));

    await fake.reply('layers:subscribe', snapshot(500, reading('d1', 480, '03:00:00', 33)));
    expect(connection.lastSeq).toBe(500);
    expect(traffic.get('d1')?.speed).toBe(33);
    expect(connection.resumeCount).toBe(0);
  });
});
