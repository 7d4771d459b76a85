import type { Pool } from 'pg';
import type { BacklogReport, BacklogState } from '../../../../protocol/index.js';
import { seqQueries } from '../../platform/db/seq-queries.js';
import { SEQUENCER_LOCK_SQL } from '../../platform/db/sequencer.js';

const COLUMNS = `seq, commune_code, sector, district_code, observed_at, received, in_progress, resolved, overdue,
  submitted_online`;

export const toState = (r: Record<string, unknown>): BacklogState => ({
  seq: Number(r.seq),
  id: `${r.commune_code}:${r.sector}`,
  communeCode: String(r.commune_code),
  districtCode: (r.district_code as string | null) ?? null,
  sector: r.sector as BacklogState['sector'],
  dateObserved: new Date(r.observed_at as string).toISOString(),
  received: Number(r.received),
  inProgress: Number(r.in_progress),
  resolved: Number(r.resolved),
  overdue: Number(r.overdue),
  submittedOnline: Number(r.submitted_online),
});

export function createBacklogRepository(pool: Pool) {
  return {
    ...seqQueries(pool, { table: 'backlog_state', columns: COLUMNS }, toState),
    /**
     * Stores the figures once per commune, sector and dateObserved, and keeps them as the latest
     * when they are the newest. Returns the stored report's seq, whether it was new, and the new
     * latest state when it changed.
     */
    async store(
      agency: string,
      r: BacklogReport,
      districtCode: string | null,
    ): Promise<{ seq: number; created: boolean; state: BacklogState | null }> {
      const { rows } = await pool.query(
        `WITH sequencer AS (${SEQUENCER_LOCK_SQL}), ins AS (
           INSERT INTO backlog_reports (commune_code, sector, observed_at, agency, received, in_progress, resolved,
                                        overdue, submitted_online)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM sequencer
           ON CONFLICT (commune_code, sector, observed_at) DO NOTHING
           RETURNING seq, commune_code, sector, observed_at, received, in_progress, resolved, overdue, submitted_online
         ), latest AS (
           INSERT INTO backlog_state AS s (commune_code, sector, district_code, observed_at, seq, received, in_progress,
                                           resolved, overdue, submitted_online)
           SELECT commune_code, sector, $10, observed_at, seq, received, in_progress, resolved, overdue, submitted_online
           FROM ins
           ON CONFLICT (commune_code, sector) DO UPDATE SET observed_at = excluded.observed_at, seq = excluded.seq,
             received = excluded.received, in_progress = excluded.in_progress, resolved = excluded.resolved,
             overdue = excluded.overdue, submitted_online = excluded.submitted_online
           WHERE excluded.observed_at > s.observed_at
           RETURNING ${COLUMNS}
         )
         SELECT (SELECT seq FROM ins) AS inserted_seq,
                (SELECT seq FROM backlog_reports WHERE commune_code = $1 AND sector = $2 AND observed_at = $3) AS stored_seq,
                (SELECT row_to_json(latest) FROM latest) AS state`,
        [
          r.communeCode,
          r.sector,
          r.dateObserved,
          agency,
          r.received,
          r.inProgress,
          r.resolved,
          r.overdue,
          r.submittedOnline,
          districtCode,
        ],
      );
      const row = rows[0]!;
      return {
        seq: Number(row.inserted_seq ?? row.stored_seq),
        created: row.inserted_seq !== null,
        state: row.state ? toState(row.state) : null,
      };
    },

    /**
     * Stores a batch in one statement, so it commits whole or not at all: each report once per commune,
     * sector and dateObserved (a report already stored, or repeated within the batch, is skipped), and
     * the newest of each commune and sector as the latest when it is newer than what is there. Returns
     * how many were new and the latest states that changed.
     */
    async storeMany(
      agency: string,
      reports: readonly BacklogReport[],
      districtCodes: ReadonlyArray<string | null>,
    ): Promise<{ created: number; states: BacklogState[] }> {
      const { rows } = await pool.query(
        `WITH sequencer AS (${SEQUENCER_LOCK_SQL}), input AS (
           SELECT i.* FROM sequencer,
             unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
                    $9::text[]) WITH ORDINALITY
               AS i(commune_code, sector, observed_at, received, in_progress, resolved, overdue, submitted_online,
                    district_code, ord)
         ), ins AS (
           INSERT INTO backlog_reports (commune_code, sector, observed_at, agency, received, in_progress, resolved,
                                        overdue, submitted_online)
           SELECT commune_code, sector, observed_at, $10, received, in_progress, resolved, overdue, submitted_online
           FROM input ORDER BY ord
           ON CONFLICT (commune_code, sector, observed_at) DO NOTHING
           RETURNING seq, commune_code, sector, observed_at, received, in_progress, resolved, overdue, submitted_online
         ), latest AS (
           INSERT INTO backlog_state AS s (commune_code, sector, district_code, observed_at, seq, received, in_progress,
                                           resolved, overdue, submitted_online)
           SELECT DISTINCT ON (ins.commune_code, ins.sector) ins.commune_code, ins.sector, d.district_code,
                  ins.observed_at, ins.seq, ins.received, ins.in_progress, ins.resolved, ins.overdue, ins.submitted_online
           FROM ins JOIN (SELECT DISTINCT commune_code, district_code FROM input) d ON d.commune_code = ins.commune_code
           ORDER BY ins.commune_code, ins.sector, ins.observed_at DESC
           ON CONFLICT (commune_code, sector) DO UPDATE SET observed_at = excluded.observed_at, seq = excluded.seq,
             received = excluded.received, in_progress = excluded.in_progress, resolved = excluded.resolved,
             overdue = excluded.overdue, submitted_online = excluded.submitted_online
           WHERE excluded.observed_at > s.observed_at
           RETURNING ${COLUMNS}
         )
         SELECT (SELECT count(*) FROM ins) AS created,
                (SELECT coalesce(json_agg(latest ORDER BY latest.seq), '[]'::json) FROM latest) AS states`,
        [
          reports.map((r) => r.communeCode),
          reports.map((r) => r.sector),
          reports.map((r) => r.dateObserved),
          reports.map((r) => r.received),
          reports.map((r) => r.inProgress),
          reports.map((r) => r.resolved),
          reports.map((r) => r.overdue),
          reports.map((r) => r.submittedOnline),
          districtCodes,
          agency,
        ],
      );
      const row = rows[0]!;
      return { created: Number(row.created), states: (row.states as Record<string, unknown>[]).map(toState) };
    },

    async latest(): Promise<BacklogState[]> {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM backlog_state ORDER BY commune_code, sector`);
      return rows.map(toState);
    },
  };
}

export type BacklogRepository = ReturnType<typeof createBacklogRepository>;
