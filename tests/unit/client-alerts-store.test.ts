import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { AlertPlayer, AudioState } from '../../client/src/features/alerts/alert-player.js';
import type { AlertSeverity } from '../../client/src/features/alerts/alert-severity.js';
import { useAlertSoundStore } from '../../client/src/features/alerts/alert-sound.store.js';
import { useAlertsStore } from '../../client/src/features/alerts/alerts.store.js';
import { useIncidentsStore } from '../../client/src/stores/incidents.store.js';
import type { IncidentState } from '../../protocol/index.js';

/** A player that records what it was asked to play, as the Web Audio one would play it. */
function fakePlayer(initial: AudioState) {
  let state = initial;
  const listeners = new Set<(s: AudioState) => void>();
  const played: AlertSeverity[] = [];
  const player: AlertPlayer = {
    get state() {
      return state;
    },
    onStateChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async unlock() {
      state = 'ready';
      for (const l of listeners) l(state);
    },
    play(severity) {
      if (state !== 'ready') return false;
      played.push(severity);
      return true;
    },
    close: () => listeners.clear(),
  };
  return { player, played };
}

let seq = 0;
// Built by assertion: newer servers add fields (a version) the alerts do not read.
const incident = (id: string, severity: IncidentState['severity'], over: Partial<IncidentState> = {}): IncidentState =>
  ({
    seq: ++seq,
    id,
    agency: 'fire114',
    externalId: `114-${id}`,
    category: 'fire',
    subCategory: null,
    severity,
    status: 'new',
    description: 'Cháy nhà',
    alertSource: '114',
    position: [105.79, 21.04],
    positionApproximate: false,
    address: null,
    districtCode: '005',
    dateIssued: new Date().toISOString(),
    receivedAt: new Date().toISOString(),
    duplicateOf: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  }) as IncidentState;

/** Lets the stores' watchers and the list's throttle run. */
async function settle(ms = 300): Promise<void> {
  await nextTick();
  await vi.advanceTimersByTimeAsync(ms);
  await nextTick();
}

describe('the alert sound, driven by the alerts of the console', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
  });
  afterEach(() => {
    useAlertSoundStore().stop();
    vi.useRealTimers();
  });

  it('beeps a critical incident every 5 s until it is acknowledged, then stops', async () => {
    const incidents = useIncidentsStore();
    const sound = useAlertSoundStore();
    const { player, played } = fakePlayer('ready');
    sound.start(player);
    incidents.applyBatch([incident('INC-1', 'critical')]);
    await settle();
    expect(useAlertsStore().items.map((a) => a.id)).toEqual(['INC-1']);
    expect(sound.state).toMatchObject({ sounding: 'critical', beepsPlayed: 1 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(played).toEqual(['critical', 'critical', 'critical']);

    // Acknowledged on another console: it arrives as an update.
    const acked = incident('INC-1', 'critical', {
      status: 'acknowledged',
      acknowledgedAt: new Date().toISOString(),
      acknowledgedBy: 'Trực ban (demo)',
    });
    incidents.applyBatch([acked]);
    await settle();
    expect(sound.state.sounding).toBeNull();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(played).toHaveLength(3);
  });

  it('mutes for the configured time, then sounds again by itself', async () => {
    const sound = useAlertSoundStore();
    const { player, played } = fakePlayer('ready');
    sound.start(player, { muteMs: 2_000 });
    useIncidentsStore().applyBatch([incident('INC-2', 'high')]);
    await settle();
    expect(played).toEqual(['high']);
    sound.mute();
    expect(sound.state).toMatchObject({ sounding: null, muted: true });
    await vi.advanceTimersByTimeAsync(1_900);
    expect(sound.state.muted).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
    expect(sound.state).toMatchObject({ sounding: 'high', muted: false, mutedUntil: null });
    expect(played).toEqual(['high', 'high']);
  });

  it('counts no beep while the browser holds sound back, and sounds as soon as it is enabled', async () => {
    const sound = useAlertSoundStore();
    const { player, played } = fakePlayer('locked');
    sound.start(player);
    useIncidentsStore().applyBatch([incident('INC-3', 'medium')]);
    await settle();
    expect(sound.state).toMatchObject({ sounding: 'medium', beepsPlayed: 0, audio: 'locked' });
    await sound.enable();
    expect(sound.state).toMatchObject({ audio: 'ready', beepsPlayed: 1 });
    expect(played).toEqual(['medium']);
  });

  it('does not sound for low or informational incidents', async () => {
    const sound = useAlertSoundStore();
    const { player, played } = fakePlayer('ready');
    sound.start(player);
    useIncidentsStore().applyBatch([incident('INC-4', 'low'), incident('INC-5', 'informational')]);
    await settle(60_000);
    expect(sound.state.sounding).toBeNull();
    expect(played).toEqual([]);
  });
});

describe('acknowledging', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('keeps the reason when the console is offline, for the list and the popup to show', async () => {
    const alerts = useAlertsStore();
    expect(await alerts.acknowledge('incident', 'INC-9')).toBe('offline');
    expect(alerts.errors.get('incident:INC-9')).toBe('offline');
    expect(alerts.pending.size).toBe(0);
  });

  it('is offered only to roles that may acknowledge', () => {
    expect(useAlertsStore().canAcknowledge).toBe(false);
  });
});
