import { ALERT_SEVERITY_RANK, type AlertSeverity } from './alert-severity.js';

/**
 * What should sound, and when: pure, so it is tested without a browser (the Web Audio player only
 * plays what this decides; see alert-player.ts and alert-sound.store.ts).
 *
 * Rules:
 * - the worst unacknowledged alert of a sounding severity sets the sound: critical every 5 s, high
 *   every 10 s, medium every 30 s; low and informational never sound;
 * - the sound repeats until every such alert is acknowledged (by anyone: it arrives as an update);
 * - a worse severity, or an alert that was not there at the last beep, sounds at once instead of
 *   waiting for the next repeat; a milder one waits its own period from the last beep;
 * - while muted nothing sounds; the mute ends by itself at `mutedUntil` (plan again then). When a
 *   mute ends the caller forgets the last beep (`lastBeep: null`), so what is still unacknowledged
 *   sounds at once.
 */

/** How often each severity repeats its sound; a severity left out never sounds. */
export type SoundPeriods = Readonly<Partial<Record<AlertSeverity, number>>>;
export const SOUND_EVERY_MS: SoundPeriods = { critical: 5_000, high: 10_000, medium: 30_000 };

/** The mute button silences the alerts this long, then they sound again by themselves. */
export const DEFAULT_MUTE_MS = 5 * 60_000;

/** What the schedule needs of an alert. */
export interface SoundCandidate {
  key: string;
  severity: AlertSeverity;
  acknowledged: boolean;
}

/** The last beep: when, of which severity, and the alerts that were sounding then. */
export interface LastBeep {
  at: number;
  severity: AlertSeverity;
  keys: ReadonlySet<string>;
}

export interface SoundState {
  /** Epoch ms the mute ends at; null when not muted. */
  mutedUntil: number | null;
  lastBeep: LastBeep | null;
}

export interface SoundPlan {
  /** The worst unacknowledged severity that has a sound, muted or not. */
  alerting: AlertSeverity | null;
  /** What sounds now: `alerting`, or null while muted. */
  sounding: AlertSeverity | null;
  muted: boolean;
  /** Play `sounding` now (and record it as the last beep, with `keys`). */
  beepNow: boolean;
  /** When to plan again (the next beep, or the mute's end); null when nothing is waiting. */
  nextAt: number | null;
  /** The unacknowledged alerts of sounding severities. */
  keys: ReadonlySet<string>;
}

export const isMuted = (mutedUntil: number | null, now: number): boolean => mutedUntil !== null && now < mutedUntil;

export function planSound(
  alerts: Iterable<SoundCandidate>,
  now: number,
  state: SoundState,
  every: SoundPeriods = SOUND_EVERY_MS,
): SoundPlan {
  let alerting: AlertSeverity | null = null;
  const keys = new Set<string>();
  for (const a of alerts) {
    if (a.acknowledged || every[a.severity] === undefined) continue;
    keys.add(a.key);
    if (alerting === null || ALERT_SEVERITY_RANK[a.severity] > ALERT_SEVERITY_RANK[alerting]) alerting = a.severity;
  }
  const muted = isMuted(state.mutedUntil, now);
  const quiet = { alerting, sounding: null, muted, beepNow: false, keys };
  if (alerting === null) return { ...quiet, nextAt: muted ? state.mutedUntil : null };
  if (muted) return { ...quiet, nextAt: state.mutedUntil };

  const period = every[alerting]!;
  const last = state.lastBeep;
  const fresh =
    last === null ||
    ALERT_SEVERITY_RANK[alerting] > ALERT_SEVERITY_RANK[last.severity] ||
    [...keys].some((k) => !last.keys.has(k));
  const due = fresh ? now : last.at + period;
  const beepNow = due <= now;
  return { alerting, sounding: alerting, muted, beepNow, nextAt: beepNow ? now + period : due, keys };
}

/**
 * The mute duration for this page: `?muteMs=2000` in the console's address (the browser tests use
 * it to see the mute end by itself), between 1 s and 1 h; otherwise `DEFAULT_MUTE_MS`.
 */
export function muteMsFromQuery(search: string): number {
  const raw = new URLSearchParams(search).get('muteMs');
  const ms = raw === null ? NaN : Number(raw);
  return Number.isFinite(ms) && ms >= 1_000 && ms <= 3_600_000 ? Math.round(ms) : DEFAULT_MUTE_MS;
}
