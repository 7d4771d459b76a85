import { type BacklogBucket, type CongestionBucket } from '../../../../protocol/index.js';
import type { AnalysisRequest } from '../../api/analysis.js';

/** The windows offered: the last day, week or month, ending now. */
export const ANALYSIS_PRESETS = ['24h', '7d', '30d'] as const;
export type AnalysisPreset = (typeof ANALYSIS_PRESETS)[number];

const DAY = 86_400_000;
const PRESET_MS: Record<AnalysisPreset, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };

/** Series fine enough to see a rush hour in a day, coarse enough to read a month. */
export function bucketsFor(windowMs: number): { congestionBucket: CongestionBucket; backlogBucket: BacklogBucket } {
  if (windowMs <= 6 * 3_600_000) return { congestionBucket: '1m', backlogBucket: '1h' };
  if (windowMs <= 2 * DAY) return { congestionBucket: '1h', backlogBucket: '1h' };
  if (windowMs <= 14 * DAY) return { congestionBucket: '1h', backlogBucket: '1d' };
  return { congestionBucket: '1d', backlogBucket: '1d' };
}

/**
 * The question a preset asks, ending at `now` rounded up to the next whole minute (so two desks
 * opening the panel in the same minute see the same figures).
 */
export function presetRequest(preset: AnalysisPreset, now: number): AnalysisRequest {
  const to = Math.ceil(now / 60_000) * 60_000;
  const from = to - PRESET_MS[preset];
  return { from, to, ...bucketsFor(to - from) };
}

/** A chosen window (epoch ms), or null when it is empty or reversed. */
export function customRequest(from: number | null, to: number | null): AnalysisRequest | null {
  if (from === null || to === null || !(from < to)) return null;
  return { from, to, ...bucketsFor(to - from) };
}

/** 0 for none, up to 1 for the busiest cell: how strongly a heat-grid cell is coloured. */
export const heat = (count: number, max: number): number => (max > 0 ? Math.min(1, count / max) : 0);
