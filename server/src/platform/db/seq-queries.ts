import type { Pool } from 'pg';

/**
 * The two queries every streamed table answers for a (re)connecting console: the rows stored after a
 * sequence number, in order, and the highest sequence number stored. `table` and `columns` are the
 * repository's own constants, never user input.
 */
export function seqQueries<T>(
  pool: Pool,
  opts: { table: string; columns: string; seq?: string },
  toState: (row: Record<string, unknown>) => T,
) {
  const seq = opts.seq ?? 'seq';
  return {
    async since(since: number, limit: number): Promise<T[]> {
      const { rows } = await pool.query(
        `SELECT ${opts.columns} FROM ${opts.table} WHERE ${seq} > $1 ORDER BY ${seq} LIMIT $2`,
        [since, limit],
      );
      return rows.map(toState);
    },
    async head(): Promise<number> {
      const { rows } = await pool.query<{ head: string }>(`SELECT coalesce(max(${seq}), 0) AS head FROM ${opts.table}`);
      return Number(rows[0]!.head);
    },
  };
}
