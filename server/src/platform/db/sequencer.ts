/**
 * Sequence numbers must become visible in the order they were handed out, or a console that resumes
 * "since N" could skip an event numbered below N that committed after it. `nextval` alone does not
 * promise that once two transactions write at the same time (two server processes, or two feeds).
 *
 * So every statement that stores events takes this transaction-scoped advisory lock before it draws
 * any number: writers take turns, and PostgreSQL releases the lock only after the commit is visible.
 * Use it as the first CTE and join it into the rows that draw numbers:
 *   WITH sequencer AS (${SEQUENCER_LOCK_SQL}), input AS (SELECT i.* FROM sequencer, unnest(...) i) ...
 * Writes are batched, so taking turns costs one lock per batch, not per event.
 */
export const SEQUENCER_LOCK_KEY = 7_012_017;
export const SEQUENCER_LOCK_SQL = `SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK_KEY}) AS locked`;
