import type { Logger } from '../platform/log.js';

interface Pending<T> {
  item: T;
  resolve: () => void;
}

export interface BatchWriterOptions<T> {
  name: string;
  maxRows: number;
  /** How long the first item of a batch waits for company before the batch is written. */
  maxWaitMs: number;
  /** Writes many items in one transaction; resolves after the commit. */
  write(items: T[]): Promise<void>;
  /** An item the database refuses on its own (a data error): keep it elsewhere, never drop it. */
  reject(item: T, err: Error): Promise<void>;
  log: Logger;
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity violation) blame the rows, not the database. */
const isDataError = (err: unknown): boolean => /^2[23]/.test(String((err as { code?: unknown }).code ?? ''));

/**
 * Collects items and writes them in batches, one batch at a time, so many rows share one statement
 * and one commit. `submit` resolves when the item's batch committed. When the database is down the
 * batch is retried with backoff until it succeeds: nothing accepted is dropped.
 */
export class BatchWriter<T> {
  private queue: Pending<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing = false;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(private readonly opts: BatchWriterOptions<T>) {}

  submit(item: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.opts.name} writer is closed`));
    return new Promise((resolve) => {
      this.queue.push({ item, resolve });
      this.schedule();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Writes what is queued, then stops accepting. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && !this.writing) return;
    await new Promise<void>((resolve) => {
      this.idle.push(resolve);
      this.schedule(true);
    });
  }

  private schedule(now = false): void {
    if (this.writing) return;
    if (now || this.queue.length >= this.opts.maxRows || this.opts.maxWaitMs === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.opts.maxWaitMs);
    }
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxRows);
      await this.writeWithRetry(batch);
      for (const p of batch) p.resolve();
      if (this.queue.length > 0 && this.queue.length < this.opts.maxRows && !this.closed) break;
    }
    this.writing = false;
    if (this.queue.length > 0) this.schedule();
    else for (const wake of this.idle.splice(0)) wake();
  }

  private async writeWithRetry(batch: Pending<T>[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.writeIsolating(batch.map((p) => p.item));
        return;
      } catch (err) {
        const delay = Math.min(5000, 100 * 2 ** attempt);
        this.opts.log.error(
          { writer: this.opts.name, err: (err as Error).message, rows: batch.length, retryInMs: delay },
          'batch write failed; retrying',
        );
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** A data error in a batch is narrowed down by halves so only the offending rows are set aside. */
  private async writeIsolating(items: T[]): Promise<void> {
    try {
      await this.opts.write(items);
    } catch (err) {
      if (!isDataError(err)) throw err;
      if (items.length === 1) {
        await this.opts.reject(items[0]!, err as Error);
        return;
      }
      const mid = Math.ceil(items.length / 2);
      await this.writeIsolating(items.slice(0, mid));
      await this.writeIsolating(items.slice(mid));
    }
  }
}
