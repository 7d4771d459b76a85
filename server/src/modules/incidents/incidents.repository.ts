import type { Pool } from 'pg';
import {
  FINAL_STATUSES,
  priorityOfSeverity,
  type IncidentPatch,
  type IncidentReport,
  type IncidentState,
  type StatusTimes,
} from '../../../../protocol/index.js';
import { seqQueries } from '../../platform/db/seq-queries.js';
import { SEQUENCER_LOCK_SQL } from '../../platform/db/sequencer.js';
import type { Tx } from '../../platform/db/transaction.js';

export interface IncidentNote {
  id: number;
  at: string;
  incidentId: string;
  userId: number;
  username: string;
  displayName: string;
  text: string;
}

export interface IncidentRow {
  agency: string;
  report: IncidentReport;
  position: [number, number] | null;
  positionApproximate: boolean;
  districtCode: string | null;
}

/** Reports of the same kind this close in place and time are one incident: linked, never dropped. */
export const DUPLICATE_WITHIN = { metres: 300, minutes: 30 };

const COLUMNS = `seq, id, version, agency, external_id, category, sub_category, severity, status, status_times, priority,
  note_count, description, alert_source, lon, lat, position_approximate, address, district_code, date_issued,
  received_at, duplicate_of, acknowledged_at, acknowledged_by_name`;

const iso = (t: unknown): string => new Date(t as string).toISOString();
const statusTimes = (raw: unknown): StatusTimes =>
  Object.fromEntries(Object.entries((raw ?? {}) as Record<string, string>).map(([status, at]) => [status, iso(at)]));

export const toState = (r: Record<string, unknown>): IncidentState => ({
  seq: Number(r.seq),
  id: String(r.id),
  version: Number(r.version),
  agency: String(r.agency),
  externalId: String(r.external_id),
  category: r.category as IncidentState['category'],
  subCategory: (r.sub_category as string | null) ?? null,
  severity: r.severity as IncidentState['severity'],
  status: r.status as IncidentState['status'],
  statusTimes: statusTimes(r.status_times),
  priority: Number(r.priority) as IncidentState['priority'],
  noteCount: Number(r.note_count),
  description: String(r.description),
  alertSource: r.alert_source as IncidentState['alertSource'],
  position: r.lon === null || r.lat === null ? null : [Number(r.lon), Number(r.lat)],
  positionApproximate: Boolean(r.position_approximate),
  address: (r.address as IncidentState['address']) ?? null,
  districtCode: (r.district_code as string | null) ?? null,
  dateIssued: iso(r.date_issued),
  receivedAt: iso(r.received_at),
  duplicateOf: (r.duplicate_of as string | null) ?? null,
  acknowledgedAt: r.acknowledged_at ? iso(r.acknowledged_at) : null,
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
               AND status <> ALL ($18::text[])
               AND abs(extract(epoch FROM (date_issued - $14::timestamptz))) <= $16 * 60
               AND 111320 * sqrt(power((lon - $10) * cos(radians($11)), 2) + power(lat - $11, 2)) <= $15
             ORDER BY date_issued LIMIT 1)
           INSERT INTO incidents (id, seq, agency, external_id, category, sub_category, severity, description,
             alert_source, reporter, lon, lat, position_approximate, address, date_issued, district_code, duplicate_of,
             priority)
           SELECT 'INC-' || lpad(s.n::text, 7, '0'), s.n, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $1,
                  (SELECT id FROM original), $17
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
            priorityOfSeverity(r.severity),
            FINAL_STATUSES,
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

    /** The incident as it is (inside `tx` when given); null when there is none. */
    async get(id: string, tx: Tx = pool): Promise<IncidentState | null> {
      const { rows } = await tx.query(`SELECT ${COLUMNS} FROM incidents WHERE id = $1`, [id]);
      return rows[0] ? toState(rows[0]) : null;
    },

    /**
     * Applies a planned change (lifecycle.ts `planChange`) under a new sequence number and version:
     * `tx` must hold the sequencer lock and the row (`lock`). A new status is timed; the first
     * acknowledgement also keeps who and when (`by`: null for a unit's report, which never acknowledges).
     */
    async update(
      tx: Tx,
      id: string,
      patch: IncidentPatch,
      by: { userId: number; name: string } | null,
    ): Promise<IncidentState> {
      const { rows } = await tx.query(
        `UPDATE incidents SET
           status = coalesce($2, status),
           status_times = CASE WHEN $2::text IS NULL THEN status_times
                               ELSE status_times || jsonb_build_object($2::text, now()) END,
           acknowledged_at = CASE WHEN $2 = 'acknowledged' AND acknowledged_at IS NULL THEN now() ELSE acknowledged_at END,
           acknowledged_by = CASE WHEN $2 = 'acknowledged' AND acknowledged_at IS NULL THEN $7 ELSE acknowledged_by END,
           acknowledged_by_name = CASE WHEN $2 = 'acknowledged' AND acknowledged_at IS NULL THEN $8
                                       ELSE acknowledged_by_name END,
           priority = coalesce($3, priority),
           category = coalesce($4, category),
           -- A new category drops the old one's sub-category (a fire is no longer a 'carAccident').
           sub_category = CASE WHEN $4::text IS DISTINCT FROM category AND $4::text IS NOT NULL THEN NULL
                               ELSE sub_category END,
           duplicate_of = CASE WHEN $5 THEN $6 ELSE duplicate_of END,
           note_count = note_count + $9,
           version = version + 1,
           seq = nextval('event_seq')
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          id,
          patch.status ?? null,
          patch.priority ?? null,
          patch.category ?? null,
          patch.duplicateOf !== undefined,
          patch.duplicateOf ?? null,
          by?.userId ?? null,
          by?.name ?? null,
          patch.note === undefined ? 0 : 1,
        ],
      );
      return toState(rows[0]);
    },

    /** Appends an internal note (append-only table), in the transaction of its change. */
    async addNote(tx: Tx, note: Omit<IncidentNote, 'id' | 'at'>): Promise<IncidentNote> {
      const { rows } = await tx.query(
        `INSERT INTO incident_notes (incident_id, user_id, username, display_name, text) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, at`,
        [note.incidentId, note.userId, note.username, note.displayName, note.text],
      );
      return { ...note, id: Number(rows[0].id), at: iso(rows[0].at) };
    },

    /** An incident's notes, oldest first. */
    async notes(incidentId: string): Promise<IncidentNote[]> {
      const { rows } = await pool.query(
        `SELECT id, at, incident_id, user_id, username, display_name, text FROM incident_notes
         WHERE incident_id = $1 ORDER BY id`,
        [incidentId],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        at: iso(r.at),
        incidentId: String(r.incident_id),
        userId: Number(r.user_id),
        username: String(r.username),
        displayName: String(r.display_name),
        text: String(r.text),
      }));
    },

    /** What a console's snapshot shows: every incident not closed, cancelled or marked a duplicate. */
    async open(): Promise<IncidentState[]> {
      const { rows } = await pool.query(`SELECT ${COLUMNS} FROM incidents WHERE status <> ALL ($1) ORDER BY seq`, [
        FINAL_STATUSES,
      ]);
      return rows.map(toState);
    },
  };
}

export type IncidentsRepository = ReturnType<typeof createIncidentsRepository>;
