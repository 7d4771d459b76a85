import { defineStore } from 'pinia';
import { computed, readonly, shallowRef } from 'vue';
import type { Layer } from '../../../protocol/index.js';
import { applyFeedEvents, applySnapshot, CONSOLE_LAYERS } from './feeds.js';
import { serverEventHandlers, type AnyServerEventHandler } from './handlers/index.js';
import { AUTH_ERRORS, type ConsoleSocket } from './socket.js';
import { CommandError, resumePage, subscribe } from './sync.js';

/** The live layers' frames (`traffic:updated`, ...): what a replay holds back. */
const LAYER_FRAME_EVENTS: ReadonlySet<string> = new Set(CONSOLE_LAYERS.map((l) => `${l}:updated`));

export type ConnectionStatus = 'connected' | 'reconnecting' | 'offline';

/** A socket down longer than this counts as offline, not as a blip. */
export const OFFLINE_AFTER_MS = 15_000;
/**
 * After a long outage, replaying every stored event is slower than starting over: past this many
 * resume pages the console takes a fresh snapshot instead (the stores merge it by id).
 */
export const MAX_RESUME_PAGES = 20;
/** Pause before starting over when a (re)synchronisation failed. */
const RETRY_SYNC_MS = 2_000;

export interface ResumeReport {
  since: number;
  head: number;
  pages: number;
  events: number;
  at: Date;
}

/**
 * Owns the console's one socket: its status, the highest sequence number applied (`lastSeq`), and
 * the (re)synchronisation. First connection: `layers:subscribe` -> snapshot. Every later one:
 * `session:resume` from `lastSeq`, page after page while `hasMore`. Frames that arrive meanwhile are
 * applied at once (stores keep the newer state per id), but only move `lastSeq` once the resume has
 * caught up, so a drop in the middle of a resume never skips the pages not yet read.
 */
export const useConnectionStore = defineStore('connection', () => {
  const socketUp = shallowRef(false);
  const browserOnline = shallowRef(globalThis.navigator?.onLine ?? true);
  const downTooLong = shallowRef(false);
  const everConnected = shallowRef(false);
  const syncing = shallowRef(false);
  const lastSeq = shallowRef(0);
  const lastError = shallowRef<string | null>(null);
  const lastResume = shallowRef<ResumeReport | null>(null);
  const resumeCount = shallowRef(0);
  /** True while a replay shows the past: live layer frames are not applied. */
  const livePaused = shallowRef(false);

  const status = computed<ConnectionStatus>(() => {
    if (!browserOnline.value) return 'offline';
    if (socketUp.value) return 'connected';
    return downTooLong.value ? 'offline' : 'reconnecting';
  });

  let socket: ConsoleSocket | null = null;
  let layers: Layer[] = CONSOLE_LAYERS;
  /** Bumped on every connect and disconnect: work begun for an older connection stops. */
  let generation = 0;
  /** True once a snapshot was applied: from then on a reconnect resumes instead. */
  let hasBaseline = false;
  /** Highest seq seen in frames while a synchronisation is running. */
  let pendingSeq = 0;
  let offlineTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const cleanups: Array<() => void> = [];
  /** Called after every completed (re)synchronisation, with its socket (see onSynchronised). */
  const synchronisedListeners = new Set<(s: ConsoleSocket) => void>();
  /** The connection (generation) whose synchronisation last completed. */
  let synchronisedGeneration = -1;

  function advance(seq: number): void {
    if (seq > lastSeq.value) lastSeq.value = seq;
  }

  function track(seq: number): void {
    if (syncing.value) pendingSeq = Math.max(pendingSeq, seq);
    else advance(seq);
  }

  function armOfflineTimer(): void {
    clearTimeout(offlineTimer);
    offlineTimer = setTimeout(() => (downTooLong.value = true), OFFLINE_AFTER_MS);
  }

  async function takeSnapshot(s: ConsoleSocket): Promise<void> {
    const snapshot = await subscribe(s, layers);
    // A snapshot is a new baseline: after a history reset its head may be lower than what we held.
    lastSeq.value = applySnapshot(snapshot);
    hasBaseline = true;
  }

  /** Replays what was stored since `lastSeq`, page by page. False when the gap was too long to replay. */
  async function resume(s: ConsoleSocket, gen: number): Promise<boolean> {
    const report: ResumeReport = { since: lastSeq.value, head: lastSeq.value, pages: 0, events: 0, at: new Date() };
    let since = lastSeq.value;
    for (;;) {
      const page = await resumePage(s, since, layers);
      applyFeedEvents(page.events);
      // Pages are contiguous from `since`: everything up to page.head is now held.
      advance(page.head);
      report.pages++;
      report.events += page.events.length;
      report.head = page.head;
      if (gen !== generation) return true;
      if (!page.hasMore || page.head <= since) break;
      if (report.pages >= MAX_RESUME_PAGES) return false;
      since = page.head;
    }
    lastResume.value = report;
    resumeCount.value++;
    return true;
  }

  async function synchronise(s: ConsoleSocket, gen: number): Promise<void> {
    syncing.value = true;
    pendingSeq = 0;
    try {
      if (hasBaseline) {
        let resumed: boolean;
        try {
          resumed = await resume(s, gen);
        } catch (err) {
          // The server refused to resume from here: start over from a snapshot.
          if (!(err instanceof CommandError)) throw err;
          resumed = false;
        }
        if (!resumed && gen === generation) await takeSnapshot(s);
      } else {
        await takeSnapshot(s);
      }
      if (gen !== generation) return;
      advance(pendingSeq);
      syncing.value = false;
      lastError.value = null;
      synchronisedGeneration = gen;
      // Each in its own task: a listener that fails never undoes the synchronisation.
      for (const fn of synchronisedListeners) queueMicrotask(() => fn(s));
    } catch (err) {
      if (gen !== generation) return;
      syncing.value = false;
      lastError.value = err instanceof Error ? err.message : String(err);
      // The link answers nothing useful: drop it and connect again shortly.
      s.disconnect();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => s.connect(), RETRY_SYNC_MS);
    }
  }

  function onConnect(): void {
    if (!socket) return;
    const gen = ++generation;
    socketUp.value = true;
    everConnected.value = true;
    downTooLong.value = false;
    clearTimeout(offlineTimer);
    // A replay is on: the stores show the past; the live state is taken when it ends.
    if (livePaused.value) return;
    void synchronise(socket, gen);
  }

  /**
   * Pauses the live layers for a replay (their frames are dropped, a reconnect does not fill the
   * stores) or ends the pause: then the live state is taken again as a fresh snapshot, once the
   * socket is up. Resolves when that snapshot is applied (or at once while disconnected).
   */
  async function setLivePaused(paused: boolean): Promise<void> {
    if (paused === livePaused.value) return;
    livePaused.value = paused;
    // Whatever the stores hold after a replay is the past: start again from a snapshot.
    hasBaseline = false;
    if (paused || !socket?.connected) return;
    const gen = ++generation;
    await synchronise(socket, gen);
  }

  function onDisconnect(reason: string): void {
    generation++;
    socketUp.value = false;
    syncing.value = false;
    armOfflineTimer();
    // The server closed this session on purpose: Socket.IO does not retry by itself then.
    if (reason === 'io server disconnect') socket?.connect();
  }

  /** The server refused the socket's session: the caller shows the sign-in page, then `reconnect()`. */
  let onAuthRequired: ((reason: string) => void) | undefined;
  function onConnectError(err: Error): void {
    // A refused handshake is not retried by Socket.IO: nothing to do until the user signs in again.
    if (AUTH_ERRORS.has(err.message)) onAuthRequired?.(err.message);
  }

  function listen(s: ConsoleSocket, h: AnyServerEventHandler): void {
    // While a replay shows the past, the layers' live frames are dropped (going back takes a snapshot).
    const layerFrame = LAYER_FRAME_EVENTS.has(h.event);
    const listener = (...args: unknown[]) => {
      if (layerFrame && livePaused.value) return;
      track((h.handle as (...a: unknown[]) => number)(...args));
    };
    s.on(h.event, listener as never);
    cleanups.push(() => s.off(h.event, listener as never));
  }

  function onWindow(event: 'online' | 'offline', fn: () => void): void {
    globalThis.addEventListener?.(event, fn);
    cleanups.push(() => globalThis.removeEventListener?.(event, fn));
  }

  /** Wires the socket (created by the caller) and connects. Called once, from main.ts. */
  function start(
    s: ConsoleSocket,
    opts: {
      layers?: Layer[];
      handlers?: readonly AnyServerEventHandler[];
      onAuthRequired?: (reason: string) => void;
    } = {},
  ): void {
    if (socket) throw new Error('the connection store already owns a socket');
    socket = s;
    layers = opts.layers ?? CONSOLE_LAYERS;
    onAuthRequired = opts.onAuthRequired;
    s.on('connect_error', onConnectError);
    cleanups.push(() => s.off('connect_error', onConnectError));
    for (const h of opts.handlers ?? serverEventHandlers) listen(s, h);
    s.on('connect', onConnect);
    s.on('disconnect', onDisconnect);
    cleanups.push(
      () => s.off('connect', onConnect),
      () => s.off('disconnect', onDisconnect),
    );
    onWindow('online', () => (browserOnline.value = true));
    onWindow('offline', () => (browserOnline.value = false));
    armOfflineTimer();
    s.connect();
  }

  /** Connects again after a sign-in (a refused socket does not retry by itself). */
  function reconnect(): void {
    if (socket && !socket.connected) socket.connect();
  }

  /**
   * Sends a command on the live socket, e.g. `command((s) => acknowledgeAlert(s, req))`; rejects with
   * a CommandError `offline` while the socket is down (nothing is queued: the operator tries again).
   */
  function command<T>(send: (s: ConsoleSocket) => Promise<T>): Promise<T> {
    if (!socket?.connected) return Promise.reject(new CommandError('command', 'offline', 'not connected'));
    return send(socket);
  }

  /**
   * Runs `fn` with the socket once the live connection is synchronised, and again after every
   * reconnect's synchronisation: for features that join a room of their own (the server re-joins
   * only the layers' rooms on resume). At once when the connection is synchronised already.
   * Returns a function that stops it.
   */
  function onSynchronised(fn: (s: ConsoleSocket) => void): () => void {
    synchronisedListeners.add(fn);
    const s = socket;
    if (s && socketUp.value && synchronisedGeneration === generation) queueMicrotask(() => fn(s));
    return () => synchronisedListeners.delete(fn);
  }

  /** Disconnects and forgets the socket (tests, hot reload). */
  function stop(): void {
    clearTimeout(offlineTimer);
    clearTimeout(retryTimer);
    for (const c of cleanups.splice(0)) c();
    socket?.disconnect();
    socket = null;
    generation++;
    socketUp.value = false;
  }

  return {
    status,
    everConnected: readonly(everConnected),
    syncing: readonly(syncing),
    lastSeq: readonly(lastSeq),
    lastError: readonly(lastError),
    lastResume: readonly(lastResume),
    resumeCount: readonly(resumeCount),
    livePaused: readonly(livePaused),
    setLivePaused,
    start,
    reconnect,
    onSynchronised,
    command,
    stop,
  };
});
