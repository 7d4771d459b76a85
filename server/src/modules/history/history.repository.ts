import type { Pool } from 'pg';
import {
  FINAL_STATUSES,
  type AlarmState,
  type BacklogState,
  type DeviceFeed,
  type DeviceState,
  type IncidentState,
  type TrafficState,
} from '../../../../protocol/index.js';
import { toState as alarmOf } from '../alarms/alarms.repository.js';
import { toState as backlogOf } from '../backlog/backlog.repository.js';
import { toRecord as crimeOf, type CrimeRecord } from '../crime/crime.repository.js';
import { toState as deviceOf } from '../devices/devices.repository.js';
import { toState as incidentOf } from '../incidents/incidents.repository.js';
import { toState as trafficOf } from '../traffic/traffic.repository.js';

/**
 * The feeds' history, read: each object's state as of an instant, and the observations and changes
 * of a window after a sequence number. A read model over the feeds' own tables (readings and reports
 * are kept whole there) and the history tables their triggers append to (migration 15); it writes
 * nothing. Rows map to the live snapshot's shapes with the feeds' own mappers.
 */

/** A window of event time, `from < time <= to`, read after a sequence number, at most `limit` rows. */
export interface EventWindow {
  from: Date;
  to: Date;
  after: number;
  limit: number;
}

/** A device's position: the one its report carried, else where the device is placed now. */
const DEVICE_POSITION = `coalesce((x.report->'location'->'coordinates'->>0)::float8, d.lon) AS lon,
  coalesce((x.report->'location'->'coordinates'->>1)::float8, d.lat) AS lat`;

/** Crime reports in a snapshot: observed in the 30 days before the instant (as the live one). */
export const CRIME_SNAPSHOT_DAYS = 30;

const CRIME_COLUMNS = `seq, crime_id AS id, category, status, privacy, lon, lat, district_code, date_observed`;
const BACKLOG_COLUMNS = `x.seq, x.commune_code, x.sector, k.district_code, x.observed_at, x.received, x.in_progress,
  x.resolved, x.overdue, x.submitted_online`;

/** An event of a window with the instant it happened (an observation's time, a change's time). */
export interface Timed<T> {
  at: Date;
  state: T;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row, typed by the feed's own mapper
const timed = <T>(rows: any[], of: (r: any) => T): Timed<T>[] =>
  rows.map((r: { event_at: Date }) => ({ at: r.event_at, state: of(r) }));

const stateOf = <T>(rows: Array<{ state: Record<string, unknown> }>, of: (r: Record<string, unknown>) => T) =>
  rows.map((r) => of(r.state));

export function createHistoryRepository(pool: Pool) {
  return {
    /** Each detector's latest reading at or before `at` (detectors that had none are left out). */
    async trafficAt(at: Date): Promise<TrafficState[]> {
      const { rows } = await pool.query(
        `SELECT x.seq, d.id AS detector_id, coalesce(x.segment_id, d.segment_id) AS segment_id, x.observed_at,
                x.intensity, x.speed, x.occupancy, d.lon, d.lat
         FROM detectors d
         CROSS JOIN LATERAL (SELECT seq, segment_id, observed_at, intensity, speed, occupancy FROM traffic_readings r
                             WHERE r.detector_id = d.id AND r.observed_at <= $1
                             ORDER BY r.observed_at DESC LIMIT 1) x
         ORDER BY d.id`,
        [at],
      );
      return rows.map(trafficOf);
    },

    /**
     * Each device's latest report at or before `at`; silent when the watchdog had marked it so by
     * then (a silence stored after that report).
     */
    async devicesAt<F extends DeviceFeed>(feed: F, at: Date): Promise<DeviceState<F>[]> {
      const { rows } = await pool.query(
        `SELECT d.feed, d.id, coalesce(s.seq, x.seq) AS state_seq, x.observed_at, x.report, ${DEVICE_POSITION},
                s.seq IS NOT NULL AS silent
         FROM devices d
         CROSS JOIN LATERAL (SELECT seq, observed_at, report FROM device_reports r
                             WHERE r.feed = d.feed AND r.device_id = d.id AND r.observed_at <= $2
                             ORDER BY r.observed_at DESC LIMIT 1) x
         LEFT JOIN LATERAL (SELECT seq FROM device_silences z
                            WHERE z.feed = d.feed AND z.device_id = d.id AND z.at <= $2 AND z.seq > x.seq
                            ORDER BY z.seq DESC LIMIT 1) s ON true
         WHERE d.feed = $1
         ORDER BY d.id`,
        [feed, at],
      );
      return rows.map((r) => deviceOf<F>(r));
    },

    /** Incidents open at `at` (not closed, cancelled or a duplicate), each in its state then. */
    async incidentsAt(at: Date): Promise<IncidentState[]> {
      const { rows } = await pool.query(
        `SELECT state FROM (SELECT DISTINCT ON (incident_id) state, status, seq FROM incident_history
                            WHERE at <= $1 ORDER BY incident_id, seq DESC) h
         WHERE status <> ALL ($2) ORDER BY seq`,
        [at, FINAL_STATUSES],
      );
      return stateOf(rows, incidentOf);
    },

    /** Alarms raised and not yet cleared at `at`. */
    async alarmsAt(at: Date): Promise<AlarmState[]> {
      const { rows } = await pool.query(
        `SELECT state FROM (SELECT DISTINCT ON (alarm_id) state, seq FROM alarm_history
                            WHERE at <= $1 ORDER BY alarm_id, seq DESC) h
         WHERE state->>'cleared_at' IS NULL ORDER BY seq`,
        [at],
      );
      return stateOf(rows, alarmOf);
    },

    /** Crime reports observed in the 30 days up to `at`, as they stood then (never the exact place out). */
    async crimesAt(at: Date): Promise<CrimeRecord[]> {
      const { rows } = await pool.query(
        `SELECT * FROM (SELECT DISTINCT ON (crime_id) ${CRIME_COLUMNS} FROM crime_history
                        WHERE at <= $1 AND date_observed > $1::timestamptz - make_interval(days => $2)
                        ORDER BY crime_id, seq DESC) h
         ORDER BY seq`,
        [at, CRIME_SNAPSHOT_DAYS],
      );
      return rows.map(crimeOf);
    },

    /** Each commune's and sector's latest dossier figures at or before `at`. */
    async backlogAt(at: Date): Promise<BacklogState[]> {
      const { rows } = await pool.query(
        `SELECT ${BACKLOG_COLUMNS} FROM backlog_state k
         CROSS JOIN LATERAL (SELECT * FROM backlog_reports r
                             WHERE r.commune_code = k.commune_code AND r.sector = k.sector AND r.observed_at <= $1
                             ORDER BY r.observed_at DESC LIMIT 1) x
         ORDER BY k.commune_code, k.sector`,
        [at],
      );
      return rows.map(backlogOf);
    },

    // The events of a window, per layer, in sequence order (merged across layers by the service).

    async trafficEvents(w: EventWindow): Promise<Timed<TrafficState>[]> {
      const { rows } = await pool.query(
        `SELECT x.observed_at AS event_at, x.seq, x.detector_id, coalesce(x.segment_id, d.segment_id) AS segment_id, x.observed_at,
                x.intensity, x.speed, x.occupancy, d.lon, d.lat
         FROM traffic_readings x LEFT JOIN detectors d ON d.id = x.detector_id
         WHERE x.observed_at > $1 AND x.observed_at <= $2 AND x.seq > $3 ORDER BY x.seq LIMIT $4`,
        [w.from, w.to, w.after, w.limit],
      );
      return timed(rows, trafficOf);
    },

    /** Reports, and silences (the device's state when it fell silent), of one device feed. */
    async deviceEvents<F extends DeviceFeed>(feed: F, w: EventWindow): Promise<Timed<DeviceState<F>>[]> {
      const { rows } = await pool.query(
        `(SELECT x.observed_at AS event_at, x.feed, x.device_id AS id, x.seq AS state_seq, x.observed_at, x.report, ${DEVICE_POSITION},
                 false AS silent
          FROM device_reports x LEFT JOIN devices d ON d.feed = x.feed AND d.id = x.device_id
          WHERE x.feed = $5 AND x.observed_at > $1 AND x.observed_at <= $2 AND x.seq > $3 ORDER BY x.seq LIMIT $4)
         UNION ALL
         (SELECT at, feed, device_id, seq, observed_at, report, lon, lat, true FROM device_silences
          WHERE feed = $5 AND at > $1 AND at <= $2 AND seq > $3 ORDER BY seq LIMIT $4)
         ORDER BY state_seq LIMIT $4`,
        [w.from, w.to, w.after, w.limit, feed],
      );
      return timed(rows, (r) => deviceOf<F>(r));
    },

    async incidentEvents(w: EventWindow): Promise<Timed<IncidentState>[]> {
      const { rows } = await pool.query(
        `SELECT at AS event_at, state FROM incident_history WHERE at > $1 AND at <= $2 AND seq > $3 ORDER BY seq LIMIT $4`,
        [w.from, w.to, w.after, w.limit],
      );
      return timed(rows, (r) => incidentOf(r.state as Record<string, unknown>));
    },

    async alarmEvents(w: EventWindow): Promise<Timed<AlarmState>[]> {
      const { rows } = await pool.query(
        `SELECT at AS event_at, state FROM alarm_history WHERE at > $1 AND at <= $2 AND seq > $3 ORDER BY seq LIMIT $4`,
        [w.from, w.to, w.after, w.limit],
      );
      return timed(rows, (r) => alarmOf(r.state as Record<string, unknown>));
    },

    async crimeEvents(w: EventWindow): Promise<Timed<CrimeRecord>[]> {
      const { rows } = await pool.query(
        `SELECT at AS event_at, ${CRIME_COLUMNS} FROM crime_history WHERE at > $1 AND at <= $2 AND seq > $3 ORDER BY seq LIMIT $4`,
        [w.from, w.to, w.after, w.limit],
      );
      return timed(rows, crimeOf);
    },

    async backlogEvents(w: EventWindow): Promise<Timed<BacklogState>[]> {
      const { rows } = await pool.query(
        `SELECT x.observed_at AS event_at, ${BACKLOG_COLUMNS} FROM backlog_reports x
         LEFT JOIN backlog_state k ON k.commune_code = x.commune_code AND k.sector = x.sector
         WHERE x.observed_at > $1 AND x.observed_at <= $2 AND x.seq > $3 ORDER BY x.seq LIMIT $4`,
        [w.from, w.to, w.after, w.limit],
      );
      return timed(rows, backlogOf);
    },

    /** Whether a detector has ever been registered. */
    async detectorExists(id: string): Promise<boolean> {
      const { rows } = await pool.query('SELECT 1 FROM detectors WHERE id = $1', [id]);
      return rows.length > 0;
    },
  };
}

export type HistoryRepository = ReturnType<typeof createHistoryRepository>;
