import type { AlertSeverity } from './alert-severity.js';

/**
 * `locked`: the browser holds sound back until the operator clicks or presses a key on the page;
 * `ready`: sound plays; `unsupported`: no Web Audio in this browser.
 */
export type AudioState = 'locked' | 'ready' | 'unsupported';

/** Plays the alert tones. What to play and when is decided elsewhere (sound-schedule.ts). */
export interface AlertPlayer {
  readonly state: AudioState;
  /** Called whenever `state` changes; returns a function that stops listening. */
  onStateChange(listener: (state: AudioState) => void): () => void;
  /** Lets sound play: call it from a user gesture (a click), which is what browsers require. */
  unlock(): Promise<void>;
  /** Plays one pattern of a severity; false when nothing could be played (locked, unsupported, silent severity). */
  play(severity: AlertSeverity): boolean;
  close(): void;
}

/** One tone of a pattern: start (s after the pattern's start), length (s), pitch (Hz). */
interface Tone {
  at: number;
  length: number;
  hz: number;
}
interface Pattern {
  wave: OscillatorType;
  gain: number;
  tones: Tone[];
}

/**
 * A pattern per severity that can be told apart without looking: critical a fast high-low burst of
 * six (a siren in miniature), high two firm mid tones, medium one soft low chime. No audio files:
 * oscillators, with short fades so no tone clicks.
 */
export const TONE_PATTERNS: Readonly<Partial<Record<AlertSeverity, Pattern>>> = {
  critical: {
    wave: 'square',
    gain: 0.09,
    tones: [0, 1, 2, 3, 4, 5].map((i) => ({ at: i * 0.16, length: 0.12, hz: i % 2 === 0 ? 1175 : 880 })),
  },
  high: {
    wave: 'triangle',
    gain: 0.28,
    tones: [
      { at: 0, length: 0.22, hz: 740 },
      { at: 0.32, length: 0.22, hz: 740 },
    ],
  },
  medium: { wave: 'sine', gain: 0.3, tones: [{ at: 0, length: 0.6, hz: 523 }] },
};

type AudioContextCtor = new () => AudioContext;

/**
 * The Web Audio player. The context is made at once; until the first click or key press on the page
 * the browser keeps it suspended (`locked`), and that gesture resumes it.
 */
export function createWebAudioPlayer(win: Window = window): AlertPlayer {
  const Ctor = (win as unknown as { AudioContext?: AudioContextCtor }).AudioContext;
  const listeners = new Set<(state: AudioState) => void>();
  let ctx: AudioContext | null = null;
  try {
    ctx = Ctor ? new Ctor() : null;
  } catch {
    ctx = null;
  }
  let state: AudioState = !ctx ? 'unsupported' : ctx.state === 'running' ? 'ready' : 'locked';

  const update = () => {
    const next: AudioState =
      !ctx || ctx.state === 'closed' ? 'unsupported' : ctx.state === 'running' ? 'ready' : 'locked';
    if (next === state) return;
    state = next;
    for (const l of listeners) l(state);
  };
  const unlock = async (): Promise<void> => {
    if (!ctx || ctx.state === 'running' || ctx.state === 'closed') return;
    await ctx.resume().catch(() => undefined);
    update();
  };
  const onGesture = () => void unlock();
  const gestures = ['pointerdown', 'keydown'] as const;
  if (ctx) {
    ctx.addEventListener('statechange', update);
    for (const g of gestures) win.addEventListener(g, onGesture, { capture: true });
  }

  function play(severity: AlertSeverity): boolean {
    const pattern = TONE_PATTERNS[severity];
    if (!ctx || state !== 'ready' || !pattern) return false;
    const start = ctx.currentTime + 0.02;
    for (const tone of pattern.tones) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = pattern.wave;
      osc.frequency.value = tone.hz;
      const t0 = start + tone.at;
      const t1 = t0 + tone.length;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(pattern.gain, t0 + 0.015);
      gain.gain.setValueAtTime(pattern.gain, Math.max(t0 + 0.015, t1 - 0.04));
      gain.gain.exponentialRampToValueAtTime(0.0001, t1);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t1 + 0.01);
    }
    return true;
  }

  return {
    get state() {
      return state;
    },
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    unlock,
    play,
    close() {
      for (const g of gestures) win.removeEventListener(g, onGesture, { capture: true });
      listeners.clear();
      void ctx?.close().catch(() => undefined);
      ctx = null;
    },
  };
}
