/**
 * Schema migrations, applied in order at start, each once (recorded in schema_migrations).
 * Plain SQL that runs on PostgreSQL, TimescaleDB and the embedded engine alike; the hypertable
 * step is separate (see migrate.ts) because it depends on the extension being available.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'event sequence, detectors, traffic readings, quarantine',
    sql: `
      -- One global sequence: every stored event gets its number here, so a console that reconnects
      -- asks for "since seq" across feeds and processes.
      CREATE SEQUENCE IF NOT EXISTS event_seq AS bigint;

      CREATE TABLE IF NOT EXISTS detectors (
        id text PRIMARY KEY,
        segment_id text,
        lon double precision NOT NULL,
        lat double precision NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        -- latest observation (newest dateObserved wins), kept for the console's snapshot
        last_seq bigint,
        last_observed_at timestamptz,
        intensity integer,
        speed real,
        occupancy real
      );

      CREATE TABLE IF NOT EXISTS traffic_readings (
        detector_id text NOT NULL,
        observed_at timestamptz NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('event_seq'),
        segment_id text,
        intensity integer,
        speed real,
        occupancy real,
        received_at timestamptz NOT NULL DEFAULT now(),
        -- the idempotency key: a redelivered reading is stored once
        PRIMARY KEY (detector_id, observed_at)
      );
      CREATE INDEX IF NOT EXISTS traffic_readings_seq_idx ON traffic_readings (seq);
      CREATE INDEX IF NOT EXISTS traffic_readings_time_idx ON traffic_readings (observed_at DESC);

      CREATE TABLE IF NOT EXISTS quarantine (
        id bigserial PRIMARY KEY,
        feed text NOT NULL,
        source text NOT NULL,
        payload text NOT NULL,
        payload_encoding text NOT NULL DEFAULT 'utf8',
        reason jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS quarantine_feed_time_idx ON quarantine (feed, received_at DESC);
    `,
  },
];
