import { defineStore } from 'pinia';
import { computed, readonly, shallowRef, watch } from 'vue';
import type { AlertPlayer, AudioState } from './alert-player.js';
import type { AlertSeverity } from './alert-severity.js';
import { isAcknowledgedAlert } from './alert-list.js';
import { useAlertsStore } from './alerts.store.js';
import { DEFAULT_MUTE_MS, isMuted, planSound, type LastBeep, type SoundPlan } from './sound-schedule.js';
import { useReplayStore } from '../replay/replay.store.js';

/** What the alert sound is doing, for the panel and the debug handle. */
export interface AlertSoundState {
  /** The severity sounding now; null when nothing sounds (all acknowledged, or muted). */
  sounding: AlertSeverity | null;
  muted: boolean;
  /** Epoch ms the mute ends at; null when not muted. */
  mutedUntil: number | null;
  /** Patterns actually played since the console opened. */
  beepsPlayed: number;
  audio: AudioState | 'off';
}

const QUIET: SoundPlan = {
  alerting: null,
  sounding: null,
  muted: false,
  beepNow: false,
  nextAt: null,
  keys: new Set(),
};

/**
 * Runs the alert sound: plans with sound-schedule.ts whenever the alerts or the mute change and at
 * the times the plan asks for, and has the player (Web Audio, given by the view) play the beeps.
 * A beep the browser held back (sound not enabled yet) is not counted, and the sound starts at once
 * when the operator enables it.
 */
export const useAlertSoundStore = defineStore('alertSound', () => {
  const alerts = useAlertsStore();
  const replay = useReplayStore();
  const plan = shallowRef<SoundPlan>(QUIET);
  const mutedUntil = shallowRef<number | null>(null);
  const beepsPlayed = shallowRef(0);
  const audio = shallowRef<AudioState | 'off'>('off');
  const muteMs = shallowRef(DEFAULT_MUTE_MS);

  let player: AlertPlayer | null = null;
  let lastBeep: LastBeep | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cleanups: Array<() => void> = [];

  function evaluate(): void {
    clearTimeout(timer);
    timer = undefined;
    if (!player) return;
    const now = Date.now();
    if (mutedUntil.value !== null && !isMuted(mutedUntil.value, now)) {
      // The mute is over: what is still waiting sounds now, not at its next repeat.
      mutedUntil.value = null;
      lastBeep = null;
    }
    // A replay shows the past: its alerts were answered then (or not); nothing sounds for them now.
    const candidates = (replay.replaying ? [] : alerts.items).map((a) => ({
      key: a.key,
      severity: a.severity,
      acknowledged: isAcknowledgedAlert(a),
    }));
    const next = planSound(candidates, now, { mutedUntil: mutedUntil.value, lastBeep });
    if (next.beepNow && next.sounding) {
      if (player.play(next.sounding)) beepsPlayed.value++;
      lastBeep = { at: now, severity: next.sounding, keys: next.keys };
    }
    plan.value = next;
    if (next.nextAt !== null) timer = setTimeout(evaluate, Math.max(20, next.nextAt - now));
  }

  /** Starts the sound with this player (the console view's, while it is shown). */
  function start(p: AlertPlayer, opts: { muteMs?: number } = {}): void {
    stop();
    player = p;
    muteMs.value = opts.muteMs ?? DEFAULT_MUTE_MS;
    audio.value = p.state;
    cleanups.push(
      p.onStateChange((state) => {
        audio.value = state;
        // Enabled at last: what is waiting sounds now rather than at its next repeat.
        if (state === 'ready') lastBeep = null;
        evaluate();
      }),
      watch(
        () => [alerts.items, replay.replaying],
        () => evaluate(),
      ),
    );
    evaluate();
  }

  function stop(): void {
    clearTimeout(timer);
    timer = undefined;
    for (const c of cleanups.splice(0)) c();
    player?.close();
    player = null;
    lastBeep = null;
    plan.value = QUIET;
    audio.value = 'off';
  }

  /** Silences the alerts for `muteMs`; they sound again by themselves after that. */
  function mute(): void {
    mutedUntil.value = Date.now() + muteMs.value;
    evaluate();
  }

  function unmute(): void {
    mutedUntil.value = null;
    lastBeep = null;
    evaluate();
  }

  /** Lets the browser play sound: call from the click on "enable sound". */
  async function enable(): Promise<void> {
    await player?.unlock();
  }

  const state = computed<AlertSoundState>(() => ({
    sounding: plan.value.sounding,
    muted: mutedUntil.value !== null,
    mutedUntil: mutedUntil.value,
    beepsPlayed: beepsPlayed.value,
    audio: audio.value,
  }));

  return {
    state,
    /** The worst unacknowledged severity with a sound, muted or not. */
    alerting: computed(() => plan.value.alerting),
    muteMs: readonly(muteMs),
    start,
    stop,
    mute,
    unmute,
    enable,
  };
});

export type AlertSoundStore = ReturnType<typeof useAlertSoundStore>;
