import type { Pool, PoolClient } from 'pg';
import { SEQUENCER_LOCK_SQL } from './sequencer.js';

/** A connection inside a transaction: repositories' `tx` methods take it, so one commit covers them all. */
export type Tx = Pick<PoolClient, 'query'>;

/** Runs `work` in one transaction; an error (an AppError included) rolls it back and is rethrown. */
export type SequencedTransaction = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

/** Runs `work` in one transaction on a connection of its own: commit, or roll back and rethrow. */
export async function inTransaction<T>(pool: Pool, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Transactions that store events: the sequencer lock first (see sequencer.ts), so sequence numbers
 * drawn inside become visible in order, then `work`, then the commit.
 */
export function sequencedTransactions(pool: Pool): SequencedTransaction {
  return (work) =>
    inTransaction(pool, async (tx) => {
      await tx.query(SEQUENCER_LOCK_SQL);
      return work(tx);
    });
}
