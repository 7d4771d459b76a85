import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimedEvent } from '../../client/src/features/replay/replay-buffer.js';
import { REPLAY_TICK_MS, useReplayStore, type ReplayDeps } from '../../client/src/features/replay/replay.store.js';

const NOW = Date.parse('2026-11-27T03:00:00Z');
const PAST = NOW - 3_600_000; // an hour ago

/** A recorded past: one event every 10 s (its name is its second after PAST). */
const history: TimedEvent<string>[] = Array.from({ length: 360 }, (_, i) => ({
  at: PAST + i * 10_000,
  event: `e${i * 10}`,
}));

function fakeDeps() {
  const log: string[] = [];
  const applied: string[] = [];
  const deps: ReplayDeps<{ at: number }, string> = {
    stateAt: vi.fn(async (at: number) => ({ at })),
    events: vi.fn(async (from: number, to: number) => history.filter((e) => e.at > from && e.at <= to)),
    show: (state) => log.push(`show ${(state.at - PAST) / 1000}`),
    apply: (events) => applied.push(...events),
    setLive: vi.fn(async (live: boolean) => void log.push(live ? 'live' : 'paused live')),
    now: () => Date.now(),
  };
  return { deps, log, applied };
}

describe('replaying the past in the console', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());

  it('shows the state at the chosen instant, paused, with the live feed stopped', async () => {
    const { deps, log } = fakeDeps();
    const replay = useReplayStore();
    replay.configure(deps);
    expect(await replay.seek(PAST + 5_000)).toBe(true);
    expect(log).toEqual(['paused live', 'show 5']);
    expect(replay.mode).toBe('replay');
    expect(replay.cursor).toBe(PAST + 5_000);
    expect(replay.playing).toBe(false);
  });

  it('plays forward at the chosen speed, applying each event once, in order, when its time comes', async () => {
    const { deps, applied } = fakeDeps();
    const replay = useReplayStore();
    replay.configure(deps);
    await replay.seek(PAST + 5_000);
    replay.setSpeed(60);
    replay.play();
    // One second of wall time at 60x: a minute of the past.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(replay.cursor).toBeGreaterThanOrEqual(PAST + 60_000);
    expect(replay.cursor).toBeLessThanOrEqual(PAST + 65_000 + REPLAY_TICK_MS * 60);
    const seconds = applied.map((e) => Number(e.slice(1)));
    expect(seconds[0]).toBe(10); // not e0: that was before the instant shown
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
    expect(new Set(seconds).size).toBe(seconds.length);
    expect(seconds.every((s) => PAST + s * 1000 <= replay.cursor!)).toBe(true);

    replay.pause();
    const held = applied.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(applied.length).toBe(held);
  });

  it('waits for the next window rather than skipping events when the history answers slowly', async () => {
    const { deps, applied } = fakeDeps();
    let release: () => void = () => undefined;
    deps.events = vi.fn(
      (from: number, to: number) =>
        new Promise<TimedEvent<string>[]>((resolve) => {
          release = () => resolve(history.filter((e) => e.at > from && e.at <= to));
        }),
    );
    const replay = useReplayStore();
    replay.configure(deps);
    await replay.seek(PAST);
    replay.setSpeed(60);
    replay.play();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(replay.cursor).toBe(PAST); // nothing fetched yet: the cursor waits
    release();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(replay.cursor).toBeGreaterThan(PAST);
    expect(applied[0]).toBe('e10');
  });

  it('steps back by showing the earlier state, and goes back to live without a reload', async () => {
    const { deps, log, applied } = fakeDeps();
    const replay = useReplayStore();
    replay.configure(deps);
    await replay.seek(PAST + 600_000);
    await replay.step(-60_000);
    expect(replay.cursor).toBe(PAST + 540_000);
    expect(log).toEqual(['paused live', 'show 600', 'show 540']);
    await replay.backToLive();
    expect(replay.mode).toBe('live');
    expect(replay.cursor).toBeNull();
    expect(log.at(-1)).toBe('live');
    replay.play(); // nothing to play in live mode
    await vi.advanceTimersByTimeAsync(5_000);
    expect(applied).toEqual([]);
  });

  it('never replays the future: the cursor stops at now', async () => {
    const { deps } = fakeDeps();
    const replay = useReplayStore();
    replay.configure(deps);
    await replay.seek(NOW + 3_600_000);
    expect(replay.cursor).toBe(NOW);
    await replay.seek(NOW - 2_000);
    replay.setSpeed(60);
    replay.play();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(replay.cursor).toBeLessThanOrEqual(Date.now());
    expect(replay.playing).toBe(false);
  });
});
