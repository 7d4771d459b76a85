import { describe, expect, it } from 'vitest';
import { advanceCursor, createReplayBuffer } from '../../client/src/features/replay/replay-buffer.js';

const T0 = Date.parse('2026-11-27T01:00:00Z');
const at = (s: number) => T0 + s * 1000;

describe('the events a replay holds ahead of its cursor', () => {
  it('hands out events in time order, each once, up to the cursor', () => {
    const buffer = createReplayBuffer<string>(at(0));
    buffer.add(
      [
        { at: at(30), event: 'c' },
        { at: at(5), event: 'a' },
        { at: at(10), event: 'b' },
      ],
      at(60),
    );
    expect(buffer.loadedUntil).toBe(at(60));
    expect(buffer.take(at(9))).toEqual(['a']);
    expect(buffer.take(at(9))).toEqual([]);
    expect(buffer.take(at(30))).toEqual(['b', 'c']);
    expect(buffer.size).toBe(0);
  });

  it('keeps a window fetched twice (a retry) once, and ignores what lies outside it', () => {
    const buffer = createReplayBuffer<string>(at(0));
    buffer.add([{ at: at(10), event: 'a' }], at(60));
    buffer.add(
      [
        { at: at(10), event: 'a' },
        { at: at(70), event: 'b' },
        { at: at(200), event: 'too far' },
      ],
      at(120),
    );
    expect(buffer.take(at(1000))).toEqual(['a', 'b']);
    expect(buffer.loadedUntil).toBe(at(120));
  });

  it('starts over from a new instant when the replay jumps', () => {
    const buffer = createReplayBuffer<string>(at(0));
    buffer.add([{ at: at(10), event: 'a' }], at(60));
    buffer.reset(at(600));
    expect(buffer.size).toBe(0);
    expect(buffer.loadedUntil).toBe(at(600));
    buffer.add([{ at: at(30), event: 'before the jump' }], at(660));
    expect(buffer.take(at(700))).toEqual([]);
  });
});

describe('the replay cursor', () => {
  it('moves at the chosen speed and never past now', () => {
    expect(advanceCursor(at(0), 250, 1, at(3600))).toBe(at(0.25));
    expect(advanceCursor(at(0), 1000, 60, at(3600))).toBe(at(60));
    expect(advanceCursor(at(3590), 1000, 60, at(3600))).toBe(at(3600));
    expect(advanceCursor(at(10), -5, 10, at(3600))).toBe(at(10));
  });
});

describe('picking a past instant in Hanoi time', async () => {
  const { fromHanoiInput, toHanoiInput } = await import('../../client/src/features/replay/hanoi-time.js');
  it('reads and writes datetime-local values as Hanoi time, whatever the machine says', () => {
    expect(fromHanoiInput('2026-11-27T08:15')).toBe(Date.parse('2026-11-27T01:15:00Z'));
    expect(fromHanoiInput('2026-11-27T08:15:30')).toBe(Date.parse('2026-11-27T01:15:30Z'));
    expect(toHanoiInput(Date.parse('2026-11-27T17:30:59Z'))).toBe('2026-11-28T00:30');
    expect(fromHanoiInput('27/11/2026 08:15')).toBeNull();
    expect(fromHanoiInput('')).toBeNull();
  });
});
