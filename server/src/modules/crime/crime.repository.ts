import type { Pool } from 'pg';
import type { CrimeDetail, CrimeReport } from '../../../../protocol/index.js';
import { seqQueries } from '../../platform/db/seq-queries.js';
import { SEQUENCER_LOCK_SQL } from '../../platform/db/sequencer.js';

export interface CrimeRecord {
  seq: number;
  id: string;
  category: CrimeReport['category'];
  status: CrimeReport['status'];
  privacy: CrimeReport['privacy'];
  lon: number;
  lat: number;
  districtCode: string | null;
  dateObserved: string;
}

const COLUMNS = 'seq, id, category, status, privacy, lon, lat, district_code, date_observed';

export const toRecord = (r: Record<string, unknown>): CrimeRecord => ({
  seq: Number(r.seq),
  id: String(r.id),
  category: r.category as CrimeRecord['category'],
  status: r.status as CrimeRecord['status'],
  privacy: r.privacy as CrimeRecord['privacy'],
  lon: Number(r.lon),
  lat: Number(r.lat),
  districtCode: (r.district_code as string | null) ?? null,
  dateObserved: new Date(r.date_observed as string).toISOString(),
});

/** What a supervisor may see of one report: never the `persons` column (it is not even read). */
const DETAIL_COLUMNS = `id, agency, external_id, category, status, privacy, district_code, lon, lat, address, description,
  date_observed, received_at, updated_at`;

/** Only the address fields the feed accepts, whatever else the stored JSON might hold. */
function addressOf(raw: unknown): CrimeDetail['address'] {
  if (!raw || typeof raw !== 'object') return null;
  const a = raw as Record<string, unknown>;
  const pick = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
  const address = {
    streetAddress: pick('streetAddress'),
    addressLocality: pick('addressLocality'),
    addressRegion: pick('addressRegion'),
  };
  const present = Object.entries(address).filter(([, v]) => v !== undefined);
  return present.length > 0 ? Object.fromEntries(present) : null;
}

const toDetail = (r: Record<string, unknown>): CrimeDetail => ({
  id: String(r.id),
  agency: String(r.agency),
  externalId: String(r.external_id),
  category: r.category as CrimeDetail['category'],
  status: r.status as CrimeDetail['status'],
  privacy: r.privacy as CrimeDetail['privacy'],
  districtCode: (r.district_code as string | null) ?? null,
  position: [Number(r.lon), Number(r.lat)],
  address: addressOf(r.address),
  description: (r.description as string | null) ?? null,
  dateObserved: new Date(r.date_observed as string).toISOString(),
  receivedAt: new Date(r.received_at as string).toISOString(),
  updatedAt: new Date(r.updated_at as string).toISOString(),
});

export function createCrimeRepository(pool: Pool) {
  return {
    ...seqQueries(pool, { table: 'crimes', columns: COLUMNS }, toRecord),
    /**
     * Stores a report once per agency and externalId; a repost that changes the status, privacy or
     * description updates it under a new sequence number. `changed` is false for a plain repost.
     */
    async store(
      agency: string,
      r: CrimeReport,
      districtCode: string | null,
    ): Promise<{ record: CrimeRecord; changed: boolean }> {
      const { rows } = await pool.query(
        `WITH sequencer AS (${SEQUENCER_LOCK_SQL}), upserted AS (
           INSERT INTO crimes AS c (id, seq, agency, external_id, category, status, privacy, lon, lat, address,
                                    description, persons, district_code, date_observed)
           SELECT 'CR-' || lpad(s.n::text, 7, '0'), s.n, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
           FROM sequencer, (SELECT nextval('event_seq') AS n) s
           ON CONFLICT (agency, external_id) DO UPDATE SET
             seq = excluded.seq, status = excluded.status, privacy = excluded.privacy, category = excluded.category,
             description = excluded.description, persons = excluded.persons, updated_at = now()
           WHERE (c.status, c.privacy, c.category, c.description) IS DISTINCT FROM
                 (excluded.status, excluded.privacy, excluded.category, excluded.description)
           RETURNING ${COLUMNS})
         SELECT ${COLUMNS}, true AS changed FROM upserted
         UNION ALL
         SELECT ${COLUMNS}, false FROM crimes WHERE agency = $1 AND external_id = $2 AND NOT EXISTS (SELECT 1 FROM upserted)`,
        [
          agency,
          r.externalId,
          r.category,
          r.status,
          r.privacy,
          r.location.coordinates[0],
          r.location.coordinates[1],
          r.address ? JSON.stringify(r.address) : null,
          r.description ?? null,
          r.persons ? JSON.stringify(r.persons) : null,
          districtCode,
          r.dateObserved,
        ],
      );
      return { record: toRecord(rows[0]), changed: Boolean(rows[0].changed) };
    },

    /** Reports observed in the last `days` days. */
    async recent(days: number): Promise<CrimeRecord[]> {
      const { rows } = await pool.query(
        `SELECT ${COLUMNS} FROM crimes WHERE date_observed > now() - make_interval(days => $1) ORDER BY seq`,
        [days],
      );
      return rows.map(toRecord);
    },

    /** One report with its exact place, address and description (never the persons), or null. */
    async detail(id: string): Promise<CrimeDetail | null> {
      const { rows } = await pool.query(`SELECT ${DETAIL_COLUMNS} FROM crimes WHERE id = $1`, [id]);
      return rows[0] ? toDetail(rows[0]) : null;
    },
  };
}

export type CrimeRepository = ReturnType<typeof createCrimeRepository>;
