import type { Pool } from 'pg';
import type { LonLat, UnitAssignmentSummary, UnitKind, UnitStation } from '../../../../protocol/index.js';
import type { Tx } from '../../platform/db/transaction.js';

/** A unit of the registry: who it is and where it is based (its live state comes from the units feed). */
export interface RegistryUnit {
  id: string;
  kind: UnitKind;
  callSign: string;
  station: UnitStation;
}

export interface AssignmentRow {
  commandId: string;
  incidentId: string;
  unitId: string;
  target: LonLat;
  route: LonLat[];
  segmentIds: string[];
  etaSeconds: number;
  distanceM: number;
  assignedBy: { userId: number; name: string };
}

const toRegistryUnit = (r: Record<string, unknown>): RegistryUnit => ({
  id: String(r.id),
  kind: r.kind as UnitKind,
  callSign: String(r.call_sign),
  station: {
    id: String(r.station_id),
    name: String(r.station_name),
    kind: r.station_kind as UnitStation['kind'],
    point: [Number(r.station_lon), Number(r.station_lat)],
  },
});

export function createUnitsRepository(pool: Pool) {
  return {
    /** Adds the fleet's units and updates the ones already registered (call sign, station). */
    async upsert(units: readonly RegistryUnit[]): Promise<void> {
      if (units.length === 0) return;
      await pool.query(
        `INSERT INTO units (id, kind, call_sign, station_id, station_name, station_kind, station_lon, station_lat)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::float8[], $8::float8[])
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, call_sign = excluded.call_sign,
           station_id = excluded.station_id, station_name = excluded.station_name,
           station_kind = excluded.station_kind, station_lon = excluded.station_lon, station_lat = excluded.station_lat`,
        [
          units.map((u) => u.id),
          units.map((u) => u.kind),
          units.map((u) => u.callSign),
          units.map((u) => u.station.id),
          units.map((u) => u.station.name),
          units.map((u) => u.station.kind),
          units.map((u) => u.station.point[0]),
          units.map((u) => u.station.point[1]),
        ],
      );
    },

    async registry(): Promise<RegistryUnit[]> {
      const { rows } = await pool.query(
        `SELECT id, kind, call_sign, station_id, station_name, station_kind, station_lon, station_lat
         FROM units ORDER BY id`,
      );
      return rows.map(toRegistryUnit);
    },

    /**
     * Each unit's latest delivered assignment, and whether it was made in the last `pendingSeconds`
     * and is still the unit's job (not recalled nor superseded).
     */
    async latestAssignments(
      pendingSeconds: number,
    ): Promise<Map<string, { assignment: UnitAssignmentSummary; pending: boolean }>> {
      const { rows } = await pool.query(
        `SELECT DISTINCT ON (unit_id) unit_id, command_id, incident_id, assigned_at, assigned_by_name,
                released_at IS NULL AND assigned_at > now() - make_interval(secs => $1::float8) AS pending
         FROM unit_assignments WHERE published_at IS NOT NULL
         ORDER BY unit_id, assigned_at DESC, id DESC`,
        [pendingSeconds],
      );
      return new Map(
        rows.map((r) => [
          String(r.unit_id),
          {
            assignment: {
              commandId: String(r.command_id),
              incidentId: String(r.incident_id),
              assignedAt: new Date(r.assigned_at as string).toISOString(),
              assignedBy: String(r.assigned_by_name),
            },
            pending: Boolean(r.pending),
          },
        ]),
      );
    },

    /**
     * The incident the unit is on: its latest delivered command, when that was within the last
     * `withinSeconds` and has not been released (recalled, or superseded by another); null otherwise.
     */
    async currentAssignment(unitId: string, withinSeconds: number): Promise<{ incidentId: string } | null> {
      const { rows } = await pool.query(
        `SELECT incident_id,
                released_at IS NULL AND assigned_at > now() - make_interval(secs => $2::float8) AS current
         FROM unit_assignments WHERE unit_id = $1 AND published_at IS NOT NULL
         ORDER BY assigned_at DESC, id DESC LIMIT 1`,
        [unitId, withinSeconds],
      );
      return rows[0]?.current ? { incidentId: String(rows[0].incident_id) } : null;
    },

    /**
     * Inside a transaction holding the sequencer lock: the incident of the unit's job made in the last
     * `withinSeconds` and not released (a command still in flight counts for its first
     * `inFlightSeconds`, a delivered one for the whole window); null when the unit has none.
     */
    async openAssignment(
      tx: Tx,
      unitId: string,
      window: { withinSeconds: number; inFlightSeconds: number },
    ): Promise<{ incidentId: string } | null> {
      const { rows } = await tx.query(
        `SELECT incident_id FROM unit_assignments
         WHERE unit_id = $1 AND released_at IS NULL
           AND assigned_at > now() - make_interval(secs => $2::float8)
           AND (published_at IS NOT NULL OR assigned_at > now() - make_interval(secs => $3::float8))
         ORDER BY assigned_at DESC, id DESC LIMIT 1`,
        [unitId, window.withinSeconds, window.inFlightSeconds],
      );
      return rows[0] ? { incidentId: String(rows[0].incident_id) } : null;
    },

    /** Inside a new assignment's transaction: the unit's earlier jobs on other incidents end (superseded). */
    async releaseOtherAssignments(tx: Tx, unitId: string, incidentId: string): Promise<void> {
      await tx.query(
        `UPDATE unit_assignments SET released_at = now(), released_reason = 'reassigned'
         WHERE unit_id = $1 AND incident_id <> $2 AND released_at IS NULL`,
        [unitId, incidentId],
      );
    },

    /**
     * Inside the recall's transaction: every assignment to the incident not yet released is released
     * as recalled. Returns each unit once, with its latest command to the incident.
     */
    async releaseIncidentAssignments(
      tx: Tx,
      incidentId: string,
    ): Promise<Array<{ unitId: string; commandId: string }>> {
      const { rows } = await tx.query(
        `WITH released AS (
           UPDATE unit_assignments SET released_at = now(), released_reason = 'recalled'
           WHERE incident_id = $1 AND released_at IS NULL
           RETURNING id, unit_id, command_id, assigned_at)
         SELECT DISTINCT ON (unit_id) unit_id, command_id FROM released
         ORDER BY unit_id, assigned_at DESC, id DESC`,
        [incidentId],
      );
      return rows.map((r) => ({ unitId: String(r.unit_id), commandId: String(r.command_id) }));
    },

    /** Incidents in one of `statuses` that still have assignments not released (a recall left unfinished). */
    async unrecalledIncidents(statuses: readonly string[]): Promise<Array<{ incidentId: string; status: string }>> {
      const { rows } = await pool.query(
        `SELECT DISTINCT i.id, i.status FROM unit_assignments a JOIN incidents i ON i.id = a.incident_id
         WHERE a.released_at IS NULL AND i.status = ANY($1::text[]) ORDER BY i.id`,
        [statuses],
      );
      return rows.map((r) => ({ incidentId: String(r.id), status: String(r.status) }));
    },

    /** The registered call sign of a unit; null when it is not registered (inside `tx` when given). */
    async callSign(unitId: string, tx: Tx = pool): Promise<string | null> {
      const { rows } = await tx.query('SELECT call_sign FROM units WHERE id = $1', [unitId]);
      return rows[0] ? String(rows[0].call_sign) : null;
    },

    /** Inside the transaction that audits it (and marks the incident dispatched). */
    async insertAssignment(tx: Tx, a: AssignmentRow): Promise<void> {
      await tx.query(
        `INSERT INTO unit_assignments (command_id, incident_id, unit_id, target_lon, target_lat, route, segment_ids,
           eta_seconds, distance_m, assigned_by, assigned_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          a.commandId,
          a.incidentId,
          a.unitId,
          a.target[0],
          a.target[1],
          JSON.stringify(a.route),
          a.segmentIds,
          a.etaSeconds,
          a.distanceM,
          a.assignedBy.userId,
          a.assignedBy.name,
        ],
      );
    },

    /** The broker has the command (QoS 1 acknowledged). */
    async markPublished(commandId: string): Promise<void> {
      await pool.query('UPDATE unit_assignments SET published_at = now() WHERE command_id = $1', [commandId]);
    },
  };
}

export type UnitsRepository = ReturnType<typeof createUnitsRepository>;
