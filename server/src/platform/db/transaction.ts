import type { Pool, PoolClient } from 'pg';
import { SEQUENCER_LOCK_SQL } from './sequencer.js';

/** A connection inside a transaction: repositories' `tx` methods take it, so one commit covers them all. */
export type Tx = Pick<PoolClient, 'query'>;

/** Runs `work` in one transaction; an error (an AppError included) rolls it back and is rethrown. */
export type SequencedTransaction = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Transactions that store events: the sequencer lock first (see sequencer.ts), so sequence numbers
 * drawn inside become visible in order, then `work`, then the commit.
 */
export function sequencedTransactions(pool: Pool): SequencedTransaction {
  return async (work) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(SEQUENCER_LOCK_SQL);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
}
