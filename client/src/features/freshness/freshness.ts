import type { ToggleableLayer } from '../../stores/layers.store.js';

/**
 * How quiet each live layer's feed may be before its data counts as stale. Device and traffic feeds
 * report on a period: a whole feed silent for about two periods (traffic: a minute without a single
 * reading) means the feed, not a device, has stopped. Incidents, alarms and crime come when something
 * happens: quiet is normal, so they only show when their last update came; dossier figures come every
 * hour, so an hour and more without any is stale.
 */
export interface FreshnessRule {
  kind: 'periodic' | 'event';
  /** Stale past this many milliseconds without news; null: never stale. */
  staleAfterMs: number | null;
}

export const FRESHNESS_RULES: Record<ToggleableLayer, FreshnessRule> = {
  traffic: { kind: 'periodic', staleAfterMs: 60_000 },
  signals: { kind: 'periodic', staleAfterMs: 2 * 30_000 },
  cameras: { kind: 'periodic', staleAfterMs: 2 * 60_000 },
  units: { kind: 'periodic', staleAfterMs: 3 * 5_000 },
  network: { kind: 'periodic', staleAfterMs: 2 * 60_000 },
  incidents: { kind: 'event', staleAfterMs: null },
  alarms: { kind: 'event', staleAfterMs: null },
  crime: { kind: 'event', staleAfterMs: null },
  backlog: { kind: 'event', staleAfterMs: 60 * 60_000 },
};

export interface Freshness {
  /** When the feed last brought news (browser clock), or null: nothing since the console synchronised. */
  lastAt: number | null;
  /** How long it has been quiet: since `lastAt`, else since the console first synchronised. */
  ageMs: number | null;
  stale: boolean;
}

/** Where a layer stands at `now`, given when it last brought news and when the console synchronised. */
export function freshnessOf(rule: FreshnessRule, lastAt: number | null, since: number | null, now: number): Freshness {
  const from = lastAt ?? since;
  const ageMs = from === null ? null : Math.max(0, now - from);
  const limit = rule.staleAfterMs;
  return { lastAt, ageMs, stale: limit !== null && ageMs !== null && ageMs > limit };
}

/** An age in the largest unit that fits: seconds under a minute, minutes under an hour, else hours and minutes. */
export function ageParts(ms: number): { unit: 'seconds' | 'minutes' | 'hours'; value: number; minutes: number } {
  const s = Math.floor(ms / 1000);
  if (s < 60) return { unit: 'seconds', value: s, minutes: 0 };
  const m = Math.floor(s / 60);
  if (m < 60) return { unit: 'minutes', value: m, minutes: 0 };
  return { unit: 'hours', value: Math.floor(m / 60), minutes: m % 60 };
}
