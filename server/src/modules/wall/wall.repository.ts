import type { Pool } from 'pg';
import {
  FINAL_STATUSES,
  type CrimeDistrictTotal,
  type CrimeReport,
  type DistrictBacklog,
  type WallIncident,
} from '../../../../protocol/index.js';
import { toDistrictBacklog, toWallIncident } from './wall.projection.js';

/**
 * The press wall's reads: only public columns (never descriptions, addresses, reporters, persons or a
 * crime's place), and crime and backlog only as sums per district. `districts` null means all.
 */
export function createWallRepository(pool: Pool) {
  return {
    async openIncidents(): Promise<WallIncident[]> {
      const { rows } = await pool.query(
        `SELECT seq, id, category, sub_category, severity, status, lon, lat, district_code, date_issued, duplicate_of
         FROM incidents WHERE status <> ALL ($1) ORDER BY seq`,
        [FINAL_STATUSES],
      );
      return rows.map((r) =>
        toWallIncident({
          seq: Number(r.seq),
          id: String(r.id),
          category: r.category,
          subCategory: r.sub_category ?? null,
          severity: r.severity,
          status: r.status,
          position: r.lon === null || r.lat === null ? null : [Number(r.lon), Number(r.lat)],
          districtCode: r.district_code ?? null,
          dateIssued: new Date(r.date_issued).toISOString(),
          duplicateOf: r.duplicate_of ?? null,
        }),
      );
    },

    /** Crime reports observed in the last `hours`, counted per district and category. */
    async crimeTotals(hours: number, districts: string[] | null): Promise<CrimeDistrictTotal[]> {
      const { rows } = await pool.query<{ district_code: string; category: CrimeReport['category']; n: number }>(
        `SELECT district_code, category, count(*)::int AS n FROM crimes
         WHERE date_observed > now() - make_interval(hours => $1) AND district_code IS NOT NULL
           AND ($2::text[] IS NULL OR district_code = ANY($2))
         GROUP BY district_code, category ORDER BY district_code, category`,
        [hours, districts],
      );
      const totals = new Map<string, CrimeDistrictTotal>();
      for (const r of rows) {
        let t = totals.get(r.district_code);
        if (!t) totals.set(r.district_code, (t = { districtCode: r.district_code, total: 0, byCategory: {} }));
        t.total += r.n;
        t.byCategory[r.category] = r.n;
      }
      return [...totals.values()];
    },

    /** The latest figures of every commune and sector, summed per district. */
    async backlogTotals(districts: string[] | null): Promise<DistrictBacklog[]> {
      const { rows } = await pool.query(
        `SELECT district_code, sum(received) AS received, sum(in_progress) AS in_progress, sum(resolved) AS resolved,
                sum(overdue) AS overdue, sum(submitted_online) AS submitted_online
         FROM backlog_state WHERE district_code IS NOT NULL AND ($1::text[] IS NULL OR district_code = ANY($1))
         GROUP BY district_code ORDER BY district_code`,
        [districts],
      );
      return rows.map((r) =>
        toDistrictBacklog(String(r.district_code), {
          received: Number(r.received),
          inProgress: Number(r.in_progress),
          resolved: Number(r.resolved),
          overdue: Number(r.overdue),
          submittedOnline: Number(r.submitted_online),
        }),
      );
    },
  };
}

export type WallRepository = ReturnType<typeof createWallRepository>;
