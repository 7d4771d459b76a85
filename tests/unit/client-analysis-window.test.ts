import { describe, expect, it } from 'vitest';
import { analysisUrl } from '../../client/src/api/analysis.js';
import { bucketsFor, customRequest, heat, presetRequest } from '../../client/src/features/analysis/analysis-window.js';

const NOW = Date.parse('2026-12-06T03:41:25Z');

describe('the analysis panel’s window', () => {
  it('ends a preset at the next whole minute and picks buckets a person can read', () => {
    const day = presetRequest('24h', NOW);
    expect(new Date(day.to).toISOString()).toBe('2026-12-06T03:42:00.000Z');
    expect(day.to - day.from).toBe(86_400_000);
    expect([day.congestionBucket, day.backlogBucket]).toEqual(['1h', '1h']);
    const week = presetRequest('7d', NOW);
    expect([week.congestionBucket, week.backlogBucket]).toEqual(['1h', '1d']);
    const month = presetRequest('30d', NOW);
    expect([month.congestionBucket, month.backlogBucket]).toEqual(['1d', '1d']);
    expect(bucketsFor(2 * 3_600_000)).toEqual({ congestionBucket: '1m', backlogBucket: '1h' });
  });

  it('refuses an empty or reversed custom window', () => {
    expect(customRequest(NOW, NOW)).toBeNull();
    expect(customRequest(NOW, NOW - 1)).toBeNull();
    expect(customRequest(null, NOW)).toBeNull();
    expect(customRequest(NOW - 3_600_000, NOW)).toMatchObject({ congestionBucket: '1m' });
  });

  it('asks the API with ISO instants, the view’s bucket, and the export format', () => {
    const q = presetRequest('7d', NOW);
    expect(analysisUrl('incidents', q)).toBe(
      '/api/v1/analysis/incidents?from=2026-11-29T03%3A42%3A00.000Z&to=2026-12-06T03%3A42%3A00.000Z',
    );
    expect(analysisUrl('congestion', q, 'csv')).toContain('bucket=1h&format=csv');
    expect(analysisUrl('backlog', q, 'geojson')).toContain('bucket=1d&format=geojson');
    expect(analysisUrl('crime', q)).not.toContain('bucket');
  });

  it('colours a heat cell against the busiest one', () => {
    expect(heat(0, 0)).toBe(0);
    expect(heat(3, 12)).toBe(0.25);
    expect(heat(12, 12)).toBe(1);
  });
});
