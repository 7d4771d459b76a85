import { defineStore } from 'pinia';
import { computed, readonly, shallowRef } from 'vue';
import { OFFLINE_AFTER_MS } from '../realtime/connection.store.js';
import { AUTH_ERRORS, type ConsoleSocket } from '../realtime/socket.js';
import { wallEventHandlers, type AnyWallEventHandler } from './handlers/index.js';
import { useWallStore } from './wall.store.js';
import { subscribeWall } from './wall.sync.js';

/** What the wall's badge says: never connected yet, taking a snapshot, live, or down. */
export type WallStatus = 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'offline';

/** Pause before connecting again when a subscription failed. */
const RETRY_MS = 2_000;

/**
 * Owns the press wall's own socket (the console's live connection is for console roles only). The
 * wall has no resume: on every (re)connect it sends `wall:subscribe`, replaces its state with the
 * snapshot, then applies the frames that arrived meanwhile and every later one, merged by id.
 */
export const useWallConnectionStore = defineStore('wallConnection', () => {
  const socketUp = shallowRef(false);
  const syncing = shallowRef(false);
  const everConnected = shallowRef(false);
  const downTooLong = shallowRef(false);
  const browserOnline = shallowRef(globalThis.navigator?.onLine ?? true);
  const snapshots = shallowRef(0);
  const lastError = shallowRef<string | null>(null);

  const status = computed<WallStatus>(() => {
    if (!browserOnline.value) return 'offline';
    if (socketUp.value) return syncing.value ? 'syncing' : 'live';
    if (downTooLong.value) return 'offline';
    return everConnected.value ? 'reconnecting' : 'connecting';
  });

  let socket: ConsoleSocket | null = null;
  let onAuthRequired: ((reason: string) => void) | undefined;
  /** Bumped on every connect and disconnect: a subscription begun for an older link is dropped. */
  let generation = 0;
  /** Frames received while a subscription is under way, applied after its snapshot. */
  let held: Array<() => void> = [];
  let offlineTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const cleanups: Array<() => void> = [];

  function armOfflineTimer(): void {
    clearTimeout(offlineTimer);
    offlineTimer = setTimeout(() => (downTooLong.value = true), OFFLINE_AFTER_MS);
  }

  async function synchronise(s: ConsoleSocket, gen: number): Promise<void> {
    syncing.value = true;
    held = [];
    try {
      const snapshot = await subscribeWall(s);
      if (gen !== generation) return;
      useWallStore().replace(snapshot);
      // Frames that raced the answer may be newer than the snapshot: the store's rules decide.
      for (const apply of held.splice(0)) apply();
      snapshots.value++;
      lastError.value = null;
      syncing.value = false;
    } catch (err) {
      if (gen !== generation) return;
      syncing.value = false;
      held = [];
      lastError.value = err instanceof Error ? err.message : String(err);
      s.disconnect();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => s.connect(), RETRY_MS);
    }
  }

  function listen(s: ConsoleSocket, h: AnyWallEventHandler): void {
    const listener = (...args: unknown[]) => {
      const apply = () => (h.handle as (...a: unknown[]) => void)(...args);
      if (syncing.value) held.push(apply);
      else apply();
    };
    s.on(h.event, listener as never);
    cleanups.push(() => s.off(h.event, listener as never));
  }

  function onConnect(): void {
    if (!socket) return;
    const gen = ++generation;
    socketUp.value = true;
    everConnected.value = true;
    downTooLong.value = false;
    clearTimeout(offlineTimer);
    void synchronise(socket, gen);
  }

  function onDisconnect(reason: string): void {
    generation++;
    socketUp.value = false;
    syncing.value = false;
    armOfflineTimer();
    // The server closed the link on purpose (a session ended): Socket.IO does not retry by itself.
    if (reason === 'io server disconnect') socket?.connect();
  }

  function onConnectError(err: Error): void {
    // A refused handshake is not retried: the session is over, the app shows the sign-in page.
    if (AUTH_ERRORS.has(err.message)) onAuthRequired?.(err.message);
  }

  function onWindow(event: 'online' | 'offline', fn: () => void): void {
    globalThis.addEventListener?.(event, fn);
    cleanups.push(() => globalThis.removeEventListener?.(event, fn));
  }

  /** Wires the socket (created by the caller) and connects; `stop()` before starting another. */
  function start(s: ConsoleSocket, opts: { onAuthRequired?: (reason: string) => void } = {}): void {
    if (socket) throw new Error('the wall connection already owns a socket');
    socket = s;
    onAuthRequired = opts.onAuthRequired;
    s.on('connect_error', onConnectError);
    for (const h of wallEventHandlers) listen(s, h);
    s.on('connect', onConnect);
    s.on('disconnect', onDisconnect);
    cleanups.push(
      () => s.off('connect_error', onConnectError),
      () => s.off('connect', onConnect),
      () => s.off('disconnect', onDisconnect),
    );
    onWindow('online', () => (browserOnline.value = true));
    onWindow('offline', () => (browserOnline.value = false));
    armOfflineTimer();
    s.connect();
  }

  /** Disconnects and forgets the socket (the wall view unmounts). */
  function stop(): void {
    clearTimeout(offlineTimer);
    clearTimeout(retryTimer);
    for (const c of cleanups.splice(0)) c();
    socket?.disconnect();
    socket = null;
    generation++;
    held = [];
    socketUp.value = false;
    syncing.value = false;
    everConnected.value = false;
    downTooLong.value = false;
  }

  return {
    status,
    snapshots: readonly(snapshots),
    lastError: readonly(lastError),
    start,
    stop,
  };
});
