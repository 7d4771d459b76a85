import { describe, expect, it } from 'vitest';
import type { AlertSeverity } from '../../client/src/features/alerts/alert-severity.js';
import {
  DEFAULT_MUTE_MS,
  muteMsFromQuery,
  planSound,
  type LastBeep,
  type SoundCandidate,
  type SoundState,
} from '../../client/src/features/alerts/sound-schedule.js';

const alert = (key: string, severity: AlertSeverity, acknowledged = false): SoundCandidate => ({
  key,
  severity,
  acknowledged,
});
const beep = (at: number, severity: AlertSeverity, keys: string[]): LastBeep => ({ at, severity, keys: new Set(keys) });
const fresh: SoundState = { mutedUntil: null, lastBeep: null };
const T = 1_000_000;

describe('what the alerts sound, and when', () => {
  it('sounds the worst unacknowledged severity at once, then every 5 s for critical', () => {
    const alerts = [alert('a', 'medium'), alert('b', 'critical'), alert('c', 'high')];
    const first = planSound(alerts, T, fresh);
    expect(first).toMatchObject({ sounding: 'critical', alerting: 'critical', beepNow: true, nextAt: T + 5_000 });
    const keys = [...first.keys];
    expect(keys.sort()).toEqual(['a', 'b', 'c']);

    const state = { mutedUntil: null, lastBeep: beep(T, 'critical', keys) };
    expect(planSound(alerts, T + 4_000, state)).toMatchObject({ beepNow: false, nextAt: T + 5_000 });
    expect(planSound(alerts, T + 5_000, state)).toMatchObject({ beepNow: true, nextAt: T + 10_000 });
  });

  it('repeats high every 10 s and medium every 30 s', () => {
    const high = [alert('h', 'high')];
    expect(planSound(high, T + 9_999, { mutedUntil: null, lastBeep: beep(T, 'high', ['h']) })).toMatchObject({
      beepNow: false,
      nextAt: T + 10_000,
    });
    const medium = [alert('m', 'medium')];
    expect(planSound(medium, T + 1, { mutedUntil: null, lastBeep: beep(T, 'medium', ['m']) })).toMatchObject({
      sounding: 'medium',
      beepNow: false,
      nextAt: T + 30_000,
    });
  });

  it('never sounds for low or informational alerts', () => {
    const plan = planSound([alert('l', 'low'), alert('i', 'informational')], T, fresh);
    expect(plan).toMatchObject({ sounding: null, alerting: null, beepNow: false, nextAt: null });
  });

  it('stops once every sounding alert is acknowledged, whoever acknowledged it', () => {
    const plan = planSound([alert('b', 'critical', true), alert('l', 'low')], T, {
      mutedUntil: null,
      lastBeep: beep(T - 1_000, 'critical', ['b']),
    });
    expect(plan).toMatchObject({ sounding: null, beepNow: false, nextAt: null });
  });

  it('keeps sounding the next worst when the worst is acknowledged, on its own period', () => {
    const alerts = [alert('b', 'critical', true), alert('c', 'high')];
    const state = { mutedUntil: null, lastBeep: beep(T, 'critical', ['b', 'c']) };
    expect(planSound(alerts, T + 5_000, state)).toMatchObject({ sounding: 'high', beepNow: false, nextAt: T + 10_000 });
  });

  it('sounds at once for a worse severity or a new alert, without waiting for the repeat', () => {
    const state = { mutedUntil: null, lastBeep: beep(T, 'medium', ['m']) };
    expect(planSound([alert('m', 'medium'), alert('c', 'critical')], T + 1_000, state)).toMatchObject({
      sounding: 'critical',
      beepNow: true,
    });
    expect(planSound([alert('m', 'medium'), alert('m2', 'medium')], T + 1_000, state)).toMatchObject({
      sounding: 'medium',
      beepNow: true,
      nextAt: T + 31_000,
    });
  });

  it('is silent while muted, plans again at the end of the mute, and sounds at once then', () => {
    const alerts = [alert('b', 'critical')];
    const muted = { mutedUntil: T + 120_000, lastBeep: beep(T, 'critical', ['b']) };
    expect(planSound(alerts, T + 60_000, muted)).toMatchObject({
      alerting: 'critical',
      sounding: null,
      muted: true,
      beepNow: false,
      nextAt: T + 120_000,
    });
    // A new critical alert while muted does not break the mute.
    expect(planSound([...alerts, alert('b2', 'critical')], T + 61_000, muted)).toMatchObject({ beepNow: false });
    expect(planSound(alerts, T + 120_000, muted)).toMatchObject({ sounding: 'critical', muted: false, beepNow: true });
  });

  it('ends a mute with nothing to sound on time too', () => {
    expect(planSound([], T, { mutedUntil: T + 2_000, lastBeep: null })).toMatchObject({
      muted: true,
      sounding: null,
      nextAt: T + 2_000,
    });
  });
});

describe('the length of a mute', () => {
  it('is five minutes unless the address says ?muteMs= (1 s to 1 h)', () => {
    expect(DEFAULT_MUTE_MS).toBe(300_000);
    expect(muteMsFromQuery('')).toBe(DEFAULT_MUTE_MS);
    expect(muteMsFromQuery('?muteMs=2000')).toBe(2_000);
    expect(muteMsFromQuery('?layers=x&muteMs=90000')).toBe(90_000);
    expect(muteMsFromQuery('?muteMs=5')).toBe(DEFAULT_MUTE_MS);
    expect(muteMsFromQuery('?muteMs=abc')).toBe(DEFAULT_MUTE_MS);
    expect(muteMsFromQuery('?muteMs=86400000')).toBe(DEFAULT_MUTE_MS);
  });
});
