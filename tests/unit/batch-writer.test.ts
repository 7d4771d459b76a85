import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../../server/src/ingest/batch-writer.js';
import { createLogger } from '../../server/src/platform/log.js';

const log = createLogger('silent');

describe('batch writer', () => {
  it('writes a burst of items in a few batches, not one statement per item', async () => {
    const batches: number[][] = [];
    const writer = new BatchWriter<number>({
      name: 't',
      maxRows: 100,
      maxWaitMs: 5,
      write: async (items) => void batches.push(items),
      reject: async () => undefined,
      log,
    });
    await Promise.all(Array.from({ length: 250 }, (_, i) => writer.submit(i)));
    expect(batches.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(3);
  });

  it('resolves a submit only after its batch was written', async () => {
    let written = false;
    const writer = new BatchWriter<number>({
      name: 't',
      maxRows: 10,
      maxWaitMs: 0,
      write: async () => {
        await new Promise((r) => setTimeout(r, 30));
        written = true;
      },
      reject: async () => undefined,
      log,
    });
    await writer.submit(1);
    expect(written).toBe(true);
  });

  it('keeps retrying while the database is down, losing nothing', async () => {
    let failures = 2;
    const stored: number[] = [];
    const writer = new BatchWriter<number>({
      name: 't',
      maxRows: 10,
      maxWaitMs: 0,
      write: async (items) => {
        if (failures-- > 0) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
        stored.push(...items);
      },
      reject: async () => undefined,
      log,
    });
    await Promise.all([writer.submit(1), writer.submit(2)]);
    expect(stored.sort()).toEqual([1, 2]);
  });

  it('sets aside only the row the database refuses and stores the rest', async () => {
    const stored: number[] = [];
    const refused: number[] = [];
    const writer = new BatchWriter<number>({
      name: 't',
      maxRows: 50,
      maxWaitMs: 5,
      write: async (items) => {
        if (items.includes(13)) throw Object.assign(new Error('value out of range'), { code: '22003' });
        stored.push(...items);
      },
      reject: async (item) => void refused.push(item),
      log,
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => writer.submit(i)));
    expect(refused).toEqual([13]);
    expect(stored.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 13));
  });

  it('writes what is queued when closed, then refuses new items', async () => {
    const stored: number[] = [];
    const writer = new BatchWriter<number>({
      name: 't',
      maxRows: 100,
      maxWaitMs: 1000,
      write: async (items) => void stored.push(...items),
      reject: async () => undefined,
      log,
    });
    const pending = writer.submit(7);
    await writer.close();
    await pending;
    expect(stored).toEqual([7]);
    await expect(writer.submit(8)).rejects.toThrow(/closed/);
  });
});
