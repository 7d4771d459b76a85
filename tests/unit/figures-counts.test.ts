import { describe, expect, it } from 'vitest';
import { figuresFromCounts, share, type FigureCounts } from '../../server/src/modules/figures/figures.counts.js';

const empty: FigureCounts = {
  incidents: {},
  acknowledge: { medianSeconds: null, acknowledged: 0 },
  congestion: { slow: 0, segments: 0 },
  backlog: { received: 0, submittedOnline: 0, overdue: 0 },
  devices: {},
};

describe('figures from counts', () => {
  it('gives every severity and every device feed a zero when nothing was counted, and no shares', () => {
    expect(figuresFromCounts(empty)).toEqual({
      openIncidents: { total: 0, bySeverity: { informational: 0, low: 0, medium: 0, high: 0, critical: 0 } },
      timeToAcknowledge: { medianSeconds: null, acknowledged: 0 },
      congestion: { index: null, slowSegments: 0, segments: 0 },
      onlineSubmission: { share: null, target: 0.7, submittedOnline: 0, received: 0 },
      overdueDossiers: { total: 0 },
      devicesOffline: {
        total: 0,
        byFeed: {
          signals: { offline: 0, devices: 0 },
          cameras: { offline: 0, devices: 0 },
          units: { offline: 0, devices: 0 },
          network: { offline: 0, devices: 0 },
        },
      },
    });
  });

  it('totals open incidents over the severities, and devices offline over the feeds', () => {
    const f = figuresFromCounts({
      ...empty,
      incidents: { high: 2, critical: 1, low: 4 },
      devices: { cameras: { offline: 3, devices: 10 }, network: { offline: 1, devices: 584 } },
    });
    expect(f.openIncidents).toEqual({
      total: 7,
      bySeverity: { informational: 0, low: 4, medium: 0, high: 2, critical: 1 },
    });
    expect(f.devicesOffline.total).toBe(4);
    expect(f.devicesOffline.byFeed.cameras).toEqual({ offline: 3, devices: 10 });
    expect(f.devicesOffline.byFeed.signals).toEqual({ offline: 0, devices: 0 });
  });

  it('ignores a severity or a feed it does not know, so an old sample still reads', () => {
    const f = figuresFromCounts({
      ...empty,
      incidents: { severe: 5, high: 1 },
      devices: { drones: { offline: 2, devices: 2 } },
    });
    expect(f.openIncidents.total).toBe(1);
    expect(f.devicesOffline.total).toBe(0);
  });

  it('computes the online share and the congestion index as shares of their wholes', () => {
    const f = figuresFromCounts({
      ...empty,
      congestion: { slow: 3, segments: 12 },
      backlog: { received: 200, submittedOnline: 130, overdue: 9 },
      acknowledge: { medianSeconds: 84.5, acknowledged: 6 },
    });
    expect(f.congestion).toEqual({ index: 0.25, slowSegments: 3, segments: 12 });
    expect(f.onlineSubmission).toEqual({ share: 0.65, target: 0.7, submittedOnline: 130, received: 200 });
    expect(f.overdueDossiers.total).toBe(9);
    expect(f.timeToAcknowledge).toEqual({ medianSeconds: 84.5, acknowledged: 6 });
  });

  it('reads a sample without counts as zeros, not an error', () => {
    expect(figuresFromCounts({})).toEqual(figuresFromCounts(empty));
  });

  it('has no share of nothing', () => {
    expect(share(0, 0)).toBeNull();
    expect(share(5, 0)).toBeNull();
    expect(share(0, 4)).toBe(0);
    expect(share(4, 4)).toBe(1);
  });
});
