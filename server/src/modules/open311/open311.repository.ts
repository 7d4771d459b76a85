import type { Pool } from 'pg';
import { SEQUENCER_LOCK_SQL } from '../../platform/db/sequencer.js';

export interface ServiceRequestRow {
  agency: string;
  serviceCode: string;
  description: string | null;
  lat: number | null;
  lon: number | null;
  addressString: string | null;
  communeCode: string | null;
  districtCode: string | null;
  personal: Record<string, string> | null;
  mediaUrl: string | null;
}

/** A service request as GeoReport v2 returns it: no personal data. */
export interface ServiceRequestRecord {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_code: string;
  description: string | null;
  requested_datetime: string;
  updated_datetime: string;
  address: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  commune_code: string | null;
}

const COLUMNS = `id, status, status_notes, service_code, description, requested_at, updated_at, address_string, lat, lon,
  media_url, commune_code`;

const toRecord = (r: Record<string, unknown>): ServiceRequestRecord => ({
  service_request_id: String(r.id),
  status: r.status as 'open' | 'closed',
  status_notes: (r.status_notes as string | null) ?? null,
  service_code: String(r.service_code),
  description: (r.description as string | null) ?? null,
  requested_datetime: new Date(r.requested_at as string).toISOString(),
  updated_datetime: new Date(r.updated_at as string).toISOString(),
  address: (r.address_string as string | null) ?? null,
  lat: r.lat === null ? null : Number(r.lat),
  long: r.lon === null ? null : Number(r.lon),
  media_url: (r.media_url as string | null) ?? null,
  commune_code: (r.commune_code as string | null) ?? null,
});

export function createOpen311Repository(pool: Pool) {
  return {
    async insert(row: ServiceRequestRow): Promise<ServiceRequestRecord> {
      const { rows } = await pool.query(
        `WITH sequencer AS (${SEQUENCER_LOCK_SQL})
         INSERT INTO service_requests (id, seq, agency, service_code, description, lat, lon, address_string,
                                       commune_code, district_code, personal, media_url)
         SELECT 'SR-' || lpad(s.n::text, 7, '0'), s.n, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
         FROM sequencer, (SELECT nextval('event_seq') AS n) s
         RETURNING ${COLUMNS}`,
        [
          row.agency,
          row.serviceCode,
          row.description,
          row.lat,
          row.lon,
          row.addressString,
          row.communeCode,
          row.districtCode,
          row.personal ? JSON.stringify(row.personal) : null,
          row.mediaUrl,
        ],
      );
      return toRecord(rows[0]);
    },

    async linkIncident(id: string, incidentId: string): Promise<void> {
      await pool.query('UPDATE service_requests SET incident_id = $2 WHERE id = $1', [id, incidentId]);
    },

    async find(q: {
      ids?: string[];
      serviceCodes?: string[];
      status?: 'open' | 'closed';
      start?: string;
      end?: string;
      limit: number;
    }): Promise<ServiceRequestRecord[]> {
      const { rows } = await pool.query(
        `SELECT ${COLUMNS} FROM service_requests
         WHERE ($1::text[] IS NULL OR id = ANY($1)) AND ($2::text[] IS NULL OR service_code = ANY($2))
           AND ($3::text IS NULL OR status = $3)
           AND ($1::text[] IS NOT NULL OR requested_at BETWEEN coalesce($4::timestamptz, '-infinity') AND coalesce($5::timestamptz, 'infinity'))
         ORDER BY requested_at DESC LIMIT $6`,
        [q.ids ?? null, q.serviceCodes ?? null, q.status ?? null, q.start ?? null, q.end ?? null, q.limit],
      );
      return rows.map(toRecord);
    },

    /** A commune's citizen requests, counted as its `citizen` backlog: all online by nature. */
    async communeCounts(
      communeCode: string,
    ): Promise<{ total: number; open: number; closed: number; overdue: number }> {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'open')::int AS open,
                count(*) FILTER (WHERE status = 'closed')::int AS closed,
                count(*) FILTER (WHERE status = 'open' AND requested_at < now() - interval '3 days')::int AS overdue
         FROM service_requests WHERE commune_code = $1`,
        [communeCode],
      );
      return rows[0];
    },
  };
}

export type Open311Repository = ReturnType<typeof createOpen311Repository>;
