import { afterEach, describe, expect, it } from 'vitest';
import type { TrafficState } from '../../protocol/index.js';
import { mergeRules } from '../../server/src/modules/session/merge-rules.js';
import { createMetrics } from '../../server/src/platform/metrics.js';
import { createBroadcaster, type Broadcaster } from '../../server/src/platform/realtime/broadcaster.js';

const state = (detectorId: string, seq: number, observedAt: string, speed: number): TrafficState => ({
  seq,
  detectorId,
  segmentId: null,
  observedAt,
  intensity: null,
  speed,
  occupancy: null,
  position: null,
});

describe('frame broadcaster', () => {
  let b: Broadcaster | undefined;
  afterEach(() => b?.stop());

  const setup = () => {
    const emits: Array<{ room: string; items: TrafficState[] }> = [];
    b = createBroadcaster({
      emit: (room, _event, frame) => void emits.push({ room, items: frame.items as TrafficState[] }),
      rules: mergeRules,
      frameMs: 10_000,
      metrics: createMetrics(),
    });
    return { b, emits };
  };

  it('emits one frame per room per tick, with a burst merged by id', () => {
    const { b, emits } = setup();
    for (let i = 1; i <= 100; i++)
      b.publish('layer:traffic', 'traffic:updated', [
        state(`d${i % 3}`, i, `2026-11-27T01:00:${String(i % 60).padStart(2, '0')}Z`, i),
      ]);
    b.flush();
    expect(emits).toHaveLength(1);
    expect(emits[0]!.items.map((s) => s.detectorId).sort()).toEqual(['d0', 'd1', 'd2']);
  });

  it('keeps the newest observation, even when an older one arrives later', () => {
    const { b, emits } = setup();
    b.publish('layer:traffic', 'traffic:updated', [state('d', 1, '2026-11-27T01:00:10Z', 40)]);
    b.publish('layer:traffic', 'traffic:updated', [state('d', 2, '2026-11-27T01:00:05Z', 12)]);
    b.flush();
    expect(emits[0]!.items).toEqual([state('d', 1, '2026-11-27T01:00:10Z', 40)]);
  });

  it('emits nothing when nothing happened', () => {
    const { b, emits } = setup();
    b.publish('layer:traffic', 'traffic:updated', []);
    b.flush();
    expect(emits).toEqual([]);
  });
});
