import type { Pool } from 'pg';
import type { IncidentReport, IncidentState } from '../../../../protocol/index.js';
import { seqQueries } from '../../platform/db/seq-queries.js';
import { SEQUENCER_LOCK_SQL } from '../../platform/db/sequencer.js';
import type { Tx } from '../../platform/db/transaction.js';

export interface IncidentRow {
  agency: string;
  report: IncidentReport;
  position: [number, number] | null;
  positionApproximate: boolean;
  districtCode: string | null;
}

/** Reports of the same kind this close in place and time are one incident: linked, never dropped. */
export const DUPLICATE_WITHIN = { metres: 300, minutes: 30 };

const COLUMNS = `seq, id, agency, external_id, category, sub_category, severity, status, description, alert_source,
  lon, lat, position_approximate, address, district_code, date_issued, received_at, duplicate_of, acknowledged_at,
  acknowledged_by_name`;

const toState = (r: Record<string, unknown>): IncidentState => ({
  seq: Number(r.seq),
  id: String(r.id),
  agency: String(r.agency),
  externalId: String(r.external_id),
  category: r.category as IncidentState['category'],
  subCategory: (r.sub_category as string | null) ?? null,
  severity: r.severity as IncidentState['severity'],
  status: r.status === 'acknowledged' ? 'acknowledged' : 'new',
  description: String(r.description),
  alertSource: r.alert_source as IncidentState['alertSource'],
  position: r.lon === null || r.lat === null ? null : [Number(r.lon), Number(r.lat)],
  positionApproximate: Boolean(r.position_approximate),
  address: (r.address as IncidentState['address']) ?? null,
  districtCode: (r.district_code as string | null) ?? null,
  dateIssued: new Date(r.date_issued as string).toISOString(),
  receivedAt: new Date(r.received_at as string).toISOString(),
  duplicateOf: (r.duplicate_of as string | null) ?? null,
  acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at as string).toISOString() : null,
  acknowledgedBy: (r.acknowledged_by_name as string | null) ?? null,
});

export function createIncidentsRepository(pool: Pool) {
  return {
    ...seqQueries(pool, { table: 'incidents', columns: COLUMNS }, toState),
    /**
     * Stores one report: the sequencer lock first (numbers visible in order), then the duplicate
     * check sees every incident committed before, then the insert. A report already stored (same
     * agency and externalId) returns the stored incident and `created: false`.
     */
    async store(row: IncidentRow): Promise<{ state: IncidentState; created: boolean }> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(SEQUENCER_LOCK_SQL);
        const existing = await client.query(`SELECT ${COLUMNS} FROM incidents WHERE agency = $1 AND external_id = $2`, [
          row.agency,
          row.report.externalId,
        ]);
        if (existing.rows[0]) {
          await client.query('COMMIT');
          return { state: toState(existing.rows[0]), created: false };
        }
        const r = row.report;
        const [lon, lat] = row.position ?? [null, null];
        const { rows } = await client.query(
          `WITH original AS (
             SELECT id FROM incidents
             WHERE duplicate_of IS NULL AND category = $4 AND lon IS NOT NULL AND $10::float8 IS NOT NULL
               AND abs(extract(epoch FROM (date_issued - $14::timestamptz))) <= $16 * 60
               AND 111320 * sqrt(power((lon - $10) * cos(radians($11)), 2) + power(lat - $11, 2)) <= $15
             ORDER BY date_issued LIMIT 1)
           INSERT INTO incidents (id, seq, agency, external_id, category, sub_category, severity, description,
             alert_source, reporter, lon, lat, position_approximate, address, date_issued, district_code, duplicate_of)
           SELECT 'INC-' || lpad(s.n::text, 7, '0'), s.n, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $1,
                  (SELECT id FROM original)
           FROM (SELECT nextval('event_seq') AS n) s
           RETURNING ${COLUMNS}`,
          [
            row.districtCode,
            row.agency,
            r.externalId,
            r.category,
            r.subCategory ?? null,
            r.severity,
            r.description,
            r.alertSource,
            r.reporter ? JSON.stringify(r.reporter) : null,
            lon,
            lat,
            row.positionApproximate,
            r.address ? JSON.stringify(r.address) : null,
            r.dateIssued,
            DUPLICATE_WITHIN.metres,
            DUPLICATE_WITHIN.minutes,
          ],
        );
        await client.query('COMMIT');
        return { state: toState(rows[0]), created: true };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },

    /** The incident, locked until `tx` ends; null when there is none. */
    async lock(tx: Tx, id: string): Promise<IncidentState | null> {
      const { rows } = await tx.query(`SELECT ${COLUMNS} FROM incidents WHERE id = $1 FOR UPDATE`, [id]);
      return rows[0] ? toState(rows[0]) : null;
    },

    /** Acknowledged by `by`, under a new sequence number: `tx` must hold the sequencer lock. */
    async acknowledge(tx: Tx, id: string, by: { userId: number; name: string }): Promise<IncidentState> {
      const { rows } = await tx.query(
        `UPDATE incidents SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2,
           acknowledged_by_name = $3, seq = nextval('event_seq')
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, by.userId, by.name],
      );
      return toState(rows[0]);
    },

    async open(): Promise<IncidentState[]> {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM incidents WHERE status NOT IN ('closed') ORDER BY seq`);
      return rows.map(toState);
    },
  };
}

export type IncidentsRepository = ReturnType<typeof createIncidentsRepository>;
