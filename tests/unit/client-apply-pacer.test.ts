import { describe, expect, it } from 'vitest';
import { APPLY_MAX_MS, APPLY_MIN_MS, FRAME_MS, createApplyPacer } from '../../client/src/map/apply-pacer.js';

describe('apply pacer (how often live layers send the map their changes)', () => {
  it('lets the first apply run at once', () => {
    expect(createApplyPacer().dueAt()).toBeLessThanOrEqual(0);
  });

  it('applies twice a second at most when the map paints at full speed', () => {
    const pacer = createApplyPacer();
    pacer.applied(1000);
    for (let i = 0; i < 30; i++) pacer.painted(FRAME_MS);
    expect(pacer.dueAt()).toBe(1000 + APPLY_MIN_MS);
  });

  it('spaces applies out so that slow frames take at most the budget of the time', () => {
    const pacer = createApplyPacer({ minMs: 500, maxMs: 5000, budget: 0.3 });
    pacer.applied(0);
    // Two repaints of 300 ms each: 2 × (300 - 16.7) ms over the normal frame.
    pacer.painted(300);
    pacer.painted(300);
    expect(pacer.dueAt()).toBeCloseTo((2 * (300 - FRAME_MS)) / 0.3, 5);
  });

  it('never waits longer than the maximum, however slowly the map paints', () => {
    const pacer = createApplyPacer();
    pacer.applied(0);
    for (let i = 0; i < 20; i++) pacer.painted(1000);
    expect(pacer.dueAt()).toBe(APPLY_MAX_MS);
  });

  it('counts the slow frames since the last apply only', () => {
    const pacer = createApplyPacer();
    pacer.applied(0);
    pacer.painted(2000);
    pacer.applied(10_000);
    expect(pacer.dueAt()).toBe(10_000 + APPLY_MIN_MS);
  });
});
