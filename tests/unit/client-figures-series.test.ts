import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CHART_SPECS,
  chartData,
  lineData,
  mixWithPanel,
  stackedData,
} from '../../client/src/features/figures/figures-series.js';
import { mergeSamples, useFiguresStore } from '../../client/src/features/figures/figures.store.js';
import type { Figures, FiguresSample } from '../../protocol/index.js';

const T0 = Date.parse('2026-11-27T01:00:00Z');

function figures(over: { incidents?: Partial<Figures['openIncidents']['bySeverity']>; median?: number | null } = {}) {
  const bySeverity = { informational: 0, low: 0, medium: 0, high: 0, critical: 0, ...over.incidents };
  const f: Figures = {
    openIncidents: { total: Object.values(bySeverity).reduce((a, b) => a + b, 0), bySeverity },
    timeToAcknowledge: { medianSeconds: over.median === undefined ? 90 : over.median, acknowledged: 3 },
    congestion: { index: 0.25, slowSegments: 1, segments: 4 },
    onlineSubmission: { share: 0.72, target: 0.7, submittedOnline: 72, received: 100 },
    overdueDossiers: { total: 17 },
    devicesOffline: {
      total: 2,
      byFeed: {
        signals: { offline: 0, devices: 1 },
        cameras: { offline: 2, devices: 3 },
        units: { offline: 0, devices: 0 },
        network: { offline: 0, devices: 0 },
      },
    },
  };
  return f;
}

/** A sample `minutes` after T0. */
const sample = (minutes: number, f: Figures = figures()): FiguresSample => ({
  at: new Date(T0 + minutes * 60_000).toISOString(),
  figures: f,
});

describe('turning the figures history into chart series', () => {
  it('puts the sample times in Unix seconds and one value per sample, null where there was none', () => {
    const history = [sample(0), sample(1, figures({ median: null })), sample(2, figures({ median: 150 }))];
    expect(lineData(history, (f) => f.timeToAcknowledge.medianSeconds)).toEqual([
      [T0 / 1000, T0 / 1000 + 60, T0 / 1000 + 120],
      [90, null, 150],
    ]);
    expect(lineData([], (f) => f.overdueDossiers.total)).toEqual([[], []]);
  });

  it('stacks the open incidents by severity, the worst at the bottom, the total drawn first', () => {
    const history = [
      sample(0, figures({ incidents: { critical: 1, high: 2, low: 1, informational: 3 } })),
      sample(1, figures({ incidents: { medium: 4 } })),
    ];
    const [times, ...series] = CHART_SPECS.openIncidents.data(history);
    expect(times).toHaveLength(2);
    // Outermost first: through informational (the total), low, medium, high, then critical alone.
    expect(series).toEqual([
      [7, 4],
      [4, 4],
      [3, 4],
      [3, 0],
      [1, 0],
    ]);
    // One colour per band, in the same order: informational first, critical last.
    expect(CHART_SPECS.openIncidents.series.map((s) => s.colour)).toEqual([
      '#94a3b8',
      '#fde047',
      '#fb923c',
      '#ef4444',
      '#f43f5e',
    ]);
    expect(stackedData(history, [(f) => f.overdueDossiers.total])).toEqual([times, [17, 17]]);
  });

  it('gives every figure a chart of the same samples, and keeps the online target in view', () => {
    const history = [sample(0), sample(1)];
    const data = chartData(history);
    expect(Object.keys(data)).toEqual([
      'openIncidents',
      'timeToAcknowledge',
      'congestion',
      'onlineSubmission',
      'overdueDossiers',
      'devicesOffline',
    ]);
    for (const d of Object.values(data)) expect(d[0]).toHaveLength(2);
    expect(data.onlineSubmission[1]).toEqual([0.72, 0.72]);
    expect(data.devicesOffline[1]).toEqual([2, 2]);

    const online = CHART_SPECS.onlineSubmission;
    expect(online.target!(figures())).toBe(0.7);
    const [lo, hi] = online.range(0.9, 0.95, 0.7);
    expect(lo).toBeLessThan(0.7);
    expect(hi).toBeGreaterThan(0.95);
    // Counts start at zero, with room above the highest.
    expect(CHART_SPECS.overdueDossiers.range(10, 20)).toEqual([0, 23]);
    expect(CHART_SPECS.openIncidents.range(0, 0)).toEqual([0, 1]);
  });

  it('mixes a band colour into the panel background', () => {
    expect(mixWithPanel('#ffffff', 1)).toBe('#ffffff');
    expect(mixWithPanel('#ffffff', 0)).toBe('#0d1524');
  });
});

describe('the figures store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('merges samples by time, oldest first, within the window of the newest', () => {
    const merged = mergeSamples([sample(0), sample(1)], [sample(1), sample(2), sample(-200)], 2);
    expect(merged.map((s) => s.at)).toEqual([sample(0).at, sample(1).at, sample(2).at]);
    // A newest sample three hours on leaves only itself in a 2-hour window.
    expect(mergeSamples(merged, [sample(180)], 2).map((s) => s.at)).toEqual([sample(180).at]);
  });

  it('takes the subscription answer, then grows the history by one point per pushed sample', () => {
    const store = useFiguresStore();
    expect(store.current).toBeNull();
    store.applySnapshot({
      at: sample(2.5).at,
      current: figures({ median: 30 }),
      everyMs: 60_000,
      history: [sample(0), sample(1), sample(2)],
    });
    expect(store.history).toHaveLength(3);
    expect(store.current?.timeToAcknowledge.medianSeconds).toBe(30);
    expect(store.subscriptions).toBe(1);

    // A sample stored while the answer was being read arrives again as a push: counted once.
    store.applyUpdate({ at: sample(2).at, current: figures(), everyMs: 60_000 });
    expect(store.history).toHaveLength(3);
    // ... and being older than the answer's figures, it does not replace them.
    expect(store.current?.timeToAcknowledge.medianSeconds).toBe(30);

    store.applyUpdate({ at: sample(3).at, current: figures({ median: 150 }), everyMs: 60_000 });
    expect(store.history).toHaveLength(4);
    expect(store.current?.timeToAcknowledge.medianSeconds).toBe(150);
    expect(store.at).toBe(sample(3).at);
    expect(chartData(store.history).timeToAcknowledge[0]).toHaveLength(4);

    // After a reconnect the answer again: merged, nothing lost or doubled.
    store.applySnapshot({
      at: sample(4.2).at,
      current: figures(),
      everyMs: 60_000,
      history: [sample(2), sample(3), sample(4)],
    });
    expect(store.history.map((s) => s.at)).toEqual([0, 1, 2, 3, 4].map((m) => sample(m).at));
    expect(store.subscriptions).toBe(2);
    expect(store.debugView()).toMatchObject({ samples: 5, subscriptions: 2, everyMs: 60_000, at: sample(4.2).at });
  });
});
