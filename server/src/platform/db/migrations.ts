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
  {
    version: 2,
    name: 'device feeds: reports and the latest state of each device',
    sql: `
      -- Every report of the device feeds (signals, cameras, units, network), as validated.
      CREATE TABLE IF NOT EXISTS device_reports (
        feed text NOT NULL,
        device_id text NOT NULL,
        observed_at timestamptz NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('event_seq'),
        report jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        -- the idempotency key: a redelivered report is stored once
        PRIMARY KEY (feed, device_id, observed_at)
      );
      CREATE INDEX IF NOT EXISTS device_reports_seq_idx ON device_reports (seq);
      CREATE INDEX IF NOT EXISTS device_reports_time_idx ON device_reports (observed_at DESC);

      -- The latest state of each device. state_seq changes with every change a console must see
      -- (a newer report, the watchdog marking the device silent), so consoles resume from it.
      CREATE TABLE IF NOT EXISTS devices (
        feed text NOT NULL,
        id text NOT NULL,
        observed_at timestamptz NOT NULL,
        state_seq bigint NOT NULL,
        report jsonb NOT NULL,
        lon double precision,
        lat double precision,
        expected_interval_s integer NOT NULL,
        silent boolean NOT NULL DEFAULT false,
        received_at timestamptz NOT NULL DEFAULT now(),
        registered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (feed, id)
      );
      CREATE INDEX IF NOT EXISTS devices_state_seq_idx ON devices (state_seq);
      CREATE INDEX IF NOT EXISTS devices_watch_idx ON devices (received_at) WHERE NOT silent;
    `,
  },
  {
    version: 3,
    name: 'agency API keys for the HTTP feeds',
    sql: `
      -- Only a SHA-256 of each key is kept; the key itself is shown once, when it is made.
      CREATE TABLE IF NOT EXISTS api_keys (
        id bigserial PRIMARY KEY,
        agency text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX IF NOT EXISTS api_keys_agency_idx ON api_keys (agency);
    `,
  },
  {
    version: 4,
    name: 'incidents from the hotlines and agencies',
    sql: `
      CREATE TABLE IF NOT EXISTS incidents (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        agency text NOT NULL,
        external_id text NOT NULL,
        category text NOT NULL,
        sub_category text,
        severity text NOT NULL,
        status text NOT NULL DEFAULT 'new',
        description text NOT NULL,
        alert_source text NOT NULL,
        lon double precision,
        lat double precision,
        position_approximate boolean NOT NULL DEFAULT false,
        address jsonb,
        district_code text,
        -- personal data: never streamed; shown to authorised roles only
        reporter jsonb,
        date_issued timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        duplicate_of text REFERENCES incidents (id),
        -- the idempotency key: a report posted twice is stored once
        UNIQUE (agency, external_id)
      );
      CREATE INDEX IF NOT EXISTS incidents_seq_idx ON incidents (seq);
      CREATE INDEX IF NOT EXISTS incidents_open_idx ON incidents (category, date_issued) WHERE duplicate_of IS NULL;
    `,
  },
  {
    version: 5,
    name: 'alarms derived from the device feeds and traffic',
    sql: `
      CREATE TABLE IF NOT EXISTS alarms (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        kind text NOT NULL,
        severity text NOT NULL,
        source_feed text NOT NULL,
        source_id text NOT NULL,
        lon double precision,
        lat double precision,
        details jsonb NOT NULL DEFAULT '{}',
        raised_at timestamptz NOT NULL DEFAULT now(),
        cleared_at timestamptz
      );
      -- one open alarm per kind and source
      CREATE UNIQUE INDEX IF NOT EXISTS alarms_open_idx ON alarms (kind, source_id) WHERE cleared_at IS NULL;
      CREATE INDEX IF NOT EXISTS alarms_seq_idx ON alarms (seq);

      -- Since when each road segment has been slow (server time), for congestion alarms.
      CREATE TABLE IF NOT EXISTS congestion_watch (
        segment_id text PRIMARY KEY,
        max_speed real,
        slow_since timestamptz
      );
    `,
  },
  {
    version: 6,
    name: 'crime reports',
    sql: `
      CREATE TABLE IF NOT EXISTS crimes (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        agency text NOT NULL,
        external_id text NOT NULL,
        category text NOT NULL,
        status text NOT NULL,
        privacy text NOT NULL,
        -- exact place, description and persons: for authorised roles only, never streamed
        lon double precision NOT NULL,
        lat double precision NOT NULL,
        address jsonb,
        description text,
        persons jsonb,
        district_code text,
        date_observed timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (agency, external_id)
      );
      CREATE INDEX IF NOT EXISTS crimes_seq_idx ON crimes (seq);
      CREATE INDEX IF NOT EXISTS crimes_time_idx ON crimes (date_observed DESC);
    `,
  },
  {
    version: 7,
    name: 'service backlog per commune and sector',
    sql: `
      CREATE TABLE IF NOT EXISTS backlog_reports (
        commune_code text NOT NULL,
        sector text NOT NULL,
        observed_at timestamptz NOT NULL,
        seq bigint NOT NULL DEFAULT nextval('event_seq'),
        agency text NOT NULL,
        received integer NOT NULL,
        in_progress integer NOT NULL,
        resolved integer NOT NULL,
        overdue integer NOT NULL,
        submitted_online integer NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (commune_code, sector, observed_at)
      );
      CREATE INDEX IF NOT EXISTS backlog_reports_seq_idx ON backlog_reports (seq);

      -- The latest figures of each commune and sector (newest dateObserved wins).
      CREATE TABLE IF NOT EXISTS backlog_state (
        commune_code text NOT NULL,
        sector text NOT NULL,
        district_code text,
        observed_at timestamptz NOT NULL,
        seq bigint NOT NULL,
        received integer NOT NULL,
        in_progress integer NOT NULL,
        resolved integer NOT NULL,
        overdue integer NOT NULL,
        submitted_online integer NOT NULL,
        PRIMARY KEY (commune_code, sector)
      );
      CREATE INDEX IF NOT EXISTS backlog_state_seq_idx ON backlog_state (seq);
    `,
  },
  {
    version: 8,
    name: 'Open311 citizen service requests',
    sql: `
      CREATE TABLE IF NOT EXISTS service_requests (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        agency text NOT NULL,
        service_code text NOT NULL,
        status text NOT NULL DEFAULT 'open',
        status_notes text,
        description text,
        lat double precision,
        lon double precision,
        address_string text,
        commune_code text,
        district_code text,
        -- personal data: never returned by GET requests
        personal jsonb,
        media_url text,
        incident_id text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS service_requests_time_idx ON service_requests (requested_at DESC);
      CREATE INDEX IF NOT EXISTS service_requests_commune_idx ON service_requests (commune_code);
    `,
  },
  {
    version: 9,
    name: 'operator accounts, sessions and sign-in throttling',
    sql: `
      CREATE TABLE IF NOT EXISTS users (
        id bigserial PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role text NOT NULL,
        -- argon2id (PHC string); never leaves the server
        password_hash text NOT NULL,
        must_change_password boolean NOT NULL DEFAULT false,
        disabled boolean NOT NULL DEFAULT false,
        -- demo accounts of the embedded engine (see README); never seeded on real services
        demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- A signed-in browser: the cookie holds a random token, the table only its SHA-256.
      CREATE TABLE IF NOT EXISTS sessions (
        token_hash text PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX IF NOT EXISTS sessions_user_idx ON sessions (user_id);

      -- Failed sign-ins per username and per client address, to slow down guessing.
      CREATE TABLE IF NOT EXISTS sign_in_failures (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        last_failure_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 10,
    name: 'samples of the figures at a glance',
    sql: `
      -- One row per FIGURES_EVERY_MS: the counts the console's figures are computed from (open
      -- incidents by severity, slow segments, dossiers, devices offline by feed). Kept 7 days.
      CREATE TABLE IF NOT EXISTS figure_samples (
        at timestamptz NOT NULL,
        figures jsonb NOT NULL
      );
      CREATE INDEX IF NOT EXISTS figure_samples_at_idx ON figure_samples (at);
    `,
  },
  {
    version: 11,
    name: 'acknowledged incidents and alarms, the audit log',
    sql: `
      -- Who acknowledged first and when; the display name as it was, for the consoles.
      ALTER TABLE incidents
        ADD COLUMN IF NOT EXISTS acknowledged_at timestamptz,
        ADD COLUMN IF NOT EXISTS acknowledged_by bigint REFERENCES users (id),
        ADD COLUMN IF NOT EXISTS acknowledged_by_name text;
      ALTER TABLE alarms
        ADD COLUMN IF NOT EXISTS acknowledged_at timestamptz,
        ADD COLUMN IF NOT EXISTS acknowledged_by bigint REFERENCES users (id),
        ADD COLUMN IF NOT EXISTS acknowledged_by_name text;

      -- What operators did: written in the same transaction as the change, never updated or deleted.
      CREATE TABLE IF NOT EXISTS audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        user_id bigint NOT NULL,
        username text NOT NULL,
        action text NOT NULL,
        target_kind text NOT NULL,
        target_id text NOT NULL,
        before jsonb,
        after jsonb
      );
      CREATE INDEX IF NOT EXISTS audit_log_target_idx ON audit_log (target_kind, target_id);
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only';
        END
      $$;
      DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    `,
  },
  {
    version: 12,
    name: 'incident lifecycle: version, priority, status times, notes; shift handover notes',
    sql: `
      -- version: +1 per change (edits name the version they were made against); priority 1 (most
      -- urgent) to 5, from the severity at first; when each status was last entered.
      ALTER TABLE incidents
        ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 1,
        ADD COLUMN IF NOT EXISTS priority smallint NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
        ADD COLUMN IF NOT EXISTS status_times jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN IF NOT EXISTS note_count integer NOT NULL DEFAULT 0;
      UPDATE incidents SET priority = CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3
        WHEN 'low' THEN 4 ELSE 5 END;
      UPDATE incidents SET status_times = jsonb_build_object('acknowledged', acknowledged_at)
        WHERE acknowledged_at IS NOT NULL;

      CREATE OR REPLACE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END
      $$;

      -- Internal notes on an incident: never streamed, never changed.
      CREATE TABLE IF NOT EXISTS incident_notes (
        id bigserial PRIMARY KEY,
        incident_id text NOT NULL REFERENCES incidents (id),
        at timestamptz NOT NULL DEFAULT now(),
        user_id bigint NOT NULL,
        username text NOT NULL,
        display_name text NOT NULL,
        text text NOT NULL
      );
      CREATE INDEX IF NOT EXISTS incident_notes_incident_idx ON incident_notes (incident_id, id);
      DROP TRIGGER IF EXISTS incident_notes_append_only ON incident_notes;
      CREATE TRIGGER incident_notes_append_only BEFORE UPDATE OR DELETE ON incident_notes
        FOR EACH ROW EXECUTE FUNCTION append_only();

      -- What one shift tells the next.
      CREATE TABLE IF NOT EXISTS handover_notes (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        user_id bigint NOT NULL,
        username text NOT NULL,
        display_name text NOT NULL,
        text text NOT NULL
      );
      DROP TRIGGER IF EXISTS handover_notes_append_only ON handover_notes;
      CREATE TRIGGER handover_notes_append_only BEFORE UPDATE OR DELETE ON handover_notes
        FOR EACH ROW EXECUTE FUNCTION append_only();
    `,
  },
  {
    version: 13,
    name: 'response units registry, unit assignments',
    sql: `
      -- The units and their home stations (the live status and position come from the units feed).
      CREATE TABLE IF NOT EXISTS units (
        id text PRIMARY KEY,
        kind text NOT NULL,
        call_sign text NOT NULL,
        station_id text NOT NULL,
        station_name text NOT NULL,
        station_kind text NOT NULL,
        station_lon double precision NOT NULL,
        station_lat double precision NOT NULL
      );

      -- Every unit sent to an incident: the command, its route and who sent it (audited alongside).
      -- published_at: when the broker acknowledged the command (null: not delivered).
      CREATE TABLE IF NOT EXISTS unit_assignments (
        id bigserial PRIMARY KEY,
        command_id uuid NOT NULL UNIQUE,
        incident_id text NOT NULL REFERENCES incidents (id),
        unit_id text NOT NULL,
        target_lon double precision NOT NULL,
        target_lat double precision NOT NULL,
        route jsonb NOT NULL,
        segment_ids text[] NOT NULL,
        eta_seconds integer NOT NULL,
        distance_m integer NOT NULL,
        assigned_by bigint NOT NULL REFERENCES users (id),
        assigned_by_name text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      );
      CREATE INDEX IF NOT EXISTS unit_assignments_unit_idx ON unit_assignments (unit_id, assigned_at DESC);
      CREATE INDEX IF NOT EXISTS unit_assignments_incident_idx ON unit_assignments (incident_id, assigned_at);
    `,
  },
  {
    version: 14,
    name: 'audit rows made by response units',
    sql: `
      -- A change a response unit's own report made (its incident en route, on scene): no account
      -- acted, the unit did. Exactly one of user_id and unit_id; the call sign as it was.
      ALTER TABLE audit_log ALTER COLUMN user_id DROP NOT NULL;
      ALTER TABLE audit_log
        ADD COLUMN IF NOT EXISTS unit_id text,
        ADD COLUMN IF NOT EXISTS unit_call_sign text;
      ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_one_actor;
      ALTER TABLE audit_log ADD CONSTRAINT audit_log_one_actor
        CHECK ((user_id IS NULL) = (unit_id IS NOT NULL) AND (unit_id IS NULL) = (unit_call_sign IS NULL));
    `,
  },
  {
    version: 15,
    name: 'history: incident, alarm, crime and device-silence changes; traffic and device-feed rollups',
    sql: `
      -- The incidents, alarms, crimes and devices tables keep the latest state only. Every change a
      -- console is sent (a new seq) is also appended here, by trigger, in the same statement and so the
      -- same transaction; a redelivery that changes nothing writes nothing. \`at\` is when the change took
      -- effect: the source's time for a new report (dateIssued, dateObserved), the server's for later
      -- changes. The state is kept as the live snapshot has it (never the reporter or the persons).
      CREATE TABLE IF NOT EXISTS incident_history (
        incident_id text NOT NULL,
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        status text NOT NULL,
        district_code text,
        state jsonb NOT NULL
      );
      CREATE INDEX IF NOT EXISTS incident_history_id_idx ON incident_history (incident_id, seq DESC);
      CREATE INDEX IF NOT EXISTS incident_history_at_idx ON incident_history (at DESC);
      CREATE INDEX IF NOT EXISTS incident_history_seq_idx ON incident_history (seq);
      CREATE OR REPLACE FUNCTION incident_history_append() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND OLD.seq = NEW.seq THEN RETURN NULL; END IF;
          INSERT INTO incident_history (incident_id, seq, at, status, district_code, state)
          VALUES (NEW.id, NEW.seq,
                  CASE WHEN TG_OP = 'INSERT' THEN NEW.date_issued ELSE greatest(now(), NEW.date_issued) END,
                  NEW.status, NEW.district_code, to_jsonb(NEW) - 'reporter');
          RETURN NULL;
        END
      $$;
      DROP TRIGGER IF EXISTS incident_history_append ON incidents;
      CREATE TRIGGER incident_history_append AFTER INSERT OR UPDATE ON incidents
        FOR EACH ROW EXECUTE FUNCTION incident_history_append();

      CREATE TABLE IF NOT EXISTS alarm_history (
        alarm_id text NOT NULL,
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        kind text NOT NULL,
        state jsonb NOT NULL
      );
      CREATE INDEX IF NOT EXISTS alarm_history_id_idx ON alarm_history (alarm_id, seq DESC);
      CREATE INDEX IF NOT EXISTS alarm_history_at_idx ON alarm_history (at DESC);
      CREATE INDEX IF NOT EXISTS alarm_history_seq_idx ON alarm_history (seq);
      CREATE OR REPLACE FUNCTION alarm_history_append() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND OLD.seq = NEW.seq THEN RETURN NULL; END IF;
          INSERT INTO alarm_history (alarm_id, seq, at, kind, state)
          VALUES (NEW.id, NEW.seq,
                  CASE WHEN TG_OP = 'INSERT' THEN NEW.raised_at ELSE greatest(now(), NEW.raised_at) END,
                  NEW.kind, to_jsonb(NEW));
          RETURN NULL;
        END
      $$;
      DROP TRIGGER IF EXISTS alarm_history_append ON alarms;
      CREATE TRIGGER alarm_history_append AFTER INSERT OR UPDATE ON alarms
        FOR EACH ROW EXECUTE FUNCTION alarm_history_append();

      -- What a console may see of a crime report, as it changed: no description, address or persons.
      CREATE TABLE IF NOT EXISTS crime_history (
        crime_id text NOT NULL,
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        category text NOT NULL,
        status text NOT NULL,
        privacy text NOT NULL,
        lon double precision NOT NULL,
        lat double precision NOT NULL,
        district_code text,
        date_observed timestamptz NOT NULL
      );
      CREATE INDEX IF NOT EXISTS crime_history_id_idx ON crime_history (crime_id, seq DESC);
      CREATE INDEX IF NOT EXISTS crime_history_at_idx ON crime_history (at DESC);
      CREATE INDEX IF NOT EXISTS crime_history_seq_idx ON crime_history (seq);
      CREATE OR REPLACE FUNCTION crime_history_append() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND OLD.seq = NEW.seq THEN RETURN NULL; END IF;
          INSERT INTO crime_history (crime_id, seq, at, category, status, privacy, lon, lat, district_code,
                                     date_observed)
          VALUES (NEW.id, NEW.seq,
                  CASE WHEN TG_OP = 'INSERT' THEN NEW.date_observed ELSE greatest(now(), NEW.date_observed) END,
                  NEW.category, NEW.status, NEW.privacy, NEW.lon, NEW.lat, NEW.district_code, NEW.date_observed);
          RETURN NULL;
        END
      $$;
      DROP TRIGGER IF EXISTS crime_history_append ON crimes;
      CREATE TRIGGER crime_history_append AFTER INSERT OR UPDATE ON crimes
        FOR EACH ROW EXECUTE FUNCTION crime_history_append();

      -- Device reports are all kept (device_reports); the watchdog's "silent" is kept here, with the
      -- state the device had when it fell silent.
      CREATE TABLE IF NOT EXISTS device_silences (
        feed text NOT NULL,
        device_id text NOT NULL,
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        observed_at timestamptz NOT NULL,
        report jsonb NOT NULL,
        lon double precision,
        lat double precision
      );
      CREATE INDEX IF NOT EXISTS device_silences_id_idx ON device_silences (feed, device_id, at DESC);
      CREATE INDEX IF NOT EXISTS device_silences_at_idx ON device_silences (at DESC);
      CREATE INDEX IF NOT EXISTS device_silences_seq_idx ON device_silences (seq);
      CREATE OR REPLACE FUNCTION device_silence_append() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO device_silences (feed, device_id, seq, at, observed_at, report, lon, lat)
          VALUES (NEW.feed, NEW.id, NEW.state_seq, now(), NEW.observed_at, NEW.report, NEW.lon, NEW.lat);
          RETURN NULL;
        END
      $$;
      DROP TRIGGER IF EXISTS device_silence_append ON devices;
      CREATE TRIGGER device_silence_append AFTER UPDATE ON devices
        FOR EACH ROW WHEN (NEW.silent AND NOT OLD.silent) EXECUTE FUNCTION device_silence_append();

      -- What was stored before history was kept: each object in its current state from when it was
      -- reported (an alarm also raised then, cleared when it cleared).
      INSERT INTO incident_history (incident_id, seq, at, status, district_code, state)
        SELECT id, seq, date_issued, status, district_code, to_jsonb(i) - 'reporter' FROM incidents i
        WHERE NOT EXISTS (SELECT 1 FROM incident_history);
      INSERT INTO alarm_history (alarm_id, seq, at, kind, state)
        SELECT id, seq, raised_at, kind, to_jsonb(a) || jsonb_build_object('cleared_at', NULL) FROM alarms a
        WHERE cleared_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM alarm_history)
        UNION ALL
        SELECT id, seq, coalesce(cleared_at, raised_at), kind, to_jsonb(a) FROM alarms a
        WHERE NOT EXISTS (SELECT 1 FROM alarm_history);
      INSERT INTO crime_history (crime_id, seq, at, category, status, privacy, lon, lat, district_code, date_observed)
        SELECT id, seq, date_observed, category, status, privacy, lon, lat, district_code, date_observed FROM crimes
        WHERE NOT EXISTS (SELECT 1 FROM crime_history);

      -- Which district each detector is in (assigned by the rollup job from the gazetteer).
      CREATE TABLE IF NOT EXISTS detector_districts (
        detector_id text PRIMARY KEY,
        district_code text
      );

      -- Rollups (see modules/history): per detector and per district, 1-minute and 1-hour buckets
      -- (date_bin, aligned to UTC), sums and counts so buckets combine exactly. On TimescaleDB the same
      -- names become continuous aggregates (detectors) and views (districts).
      CREATE TABLE IF NOT EXISTS traffic_1m (
        bucket timestamptz NOT NULL,
        detector_id text NOT NULL,
        readings integer NOT NULL,
        speed_n integer NOT NULL,
        speed_sum double precision,
        speed_min real,
        speed_max real,
        flow_n integer NOT NULL,
        flow_sum double precision,
        occ_n integer NOT NULL,
        occ_sum double precision,
        PRIMARY KEY (detector_id, bucket)
      );
      CREATE INDEX IF NOT EXISTS traffic_1m_bucket_idx ON traffic_1m (bucket);
      CREATE TABLE IF NOT EXISTS traffic_1h (LIKE traffic_1m INCLUDING ALL);
      CREATE TABLE IF NOT EXISTS traffic_district_1m (
        bucket timestamptz NOT NULL,
        district_code text NOT NULL,
        detectors integer NOT NULL,
        readings integer NOT NULL,
        speed_n integer NOT NULL,
        speed_sum double precision,
        speed_min real,
        speed_max real,
        flow_n integer NOT NULL,
        flow_sum double precision,
        occ_n integer NOT NULL,
        occ_sum double precision,
        PRIMARY KEY (district_code, bucket)
      );
      CREATE INDEX IF NOT EXISTS traffic_district_1m_bucket_idx ON traffic_district_1m (bucket);
      CREATE TABLE IF NOT EXISTS traffic_district_1h (LIKE traffic_district_1m INCLUDING ALL);
      -- Reports per device feed.
      CREATE TABLE IF NOT EXISTS device_feed_1m (
        bucket timestamptz NOT NULL,
        feed text NOT NULL,
        reports integer NOT NULL,
        PRIMARY KEY (feed, bucket)
      );
      CREATE TABLE IF NOT EXISTS device_feed_1h (LIKE device_feed_1m INCLUDING ALL);

      -- How far each rollup has got: every row stored up to last_seq and every bucket before
      -- closed_until is rolled up.
      CREATE TABLE IF NOT EXISTS rollup_state (
        name text PRIMARY KEY,
        last_seq bigint NOT NULL DEFAULT 0,
        closed_until timestamptz NOT NULL DEFAULT '-infinity',
        ran_at timestamptz
      );

      CREATE INDEX IF NOT EXISTS backlog_reports_time_idx ON backlog_reports (observed_at DESC);
    `,
  },
  {
    version: 16,
    name: 'audit rows made by the admin command, the server at start, failed sign-ins',
    sql: `
      -- Account actions are audited too. Some have no account behind them: the admin command
      -- ('cli', username cli:<shell user>), the server at start ('system': the first administrator,
      -- the demo accounts), someone not signed in ('anonymous': a failed sign-in). Still exactly one
      -- actor per row: an account, a unit, or one of these. Adding a column rewrites no row.
      ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS actor text;
      ALTER TABLE audit_log DROP CONSTRAINT IF EXISTS audit_log_one_actor;
      ALTER TABLE audit_log ADD CONSTRAINT audit_log_one_actor
        CHECK (num_nonnulls(user_id, unit_id, actor) = 1 AND (unit_id IS NULL) = (unit_call_sign IS NULL)
               AND (actor IS NULL OR actor IN ('cli', 'system', 'anonymous')));
      -- GET /api/v1/audit?action=... and ?userId=..., newest first.
      CREATE INDEX IF NOT EXISTS audit_log_action_idx ON audit_log (action, id DESC);
      CREATE INDEX IF NOT EXISTS audit_log_user_idx ON audit_log (user_id, id DESC) WHERE user_id IS NOT NULL;
    `,
  },
  {
    version: 17,
    name: 'unit assignments released: recalled or superseded',
    sql: `
      -- When an assignment ended without the unit finishing it: 'recalled' (its incident was resolved,
      -- closed, cancelled, a duplicate or stood down) or 'reassigned' (the unit was sent elsewhere).
      -- An assignment not released is the unit's job: it is recalled when its incident ends.
      ALTER TABLE unit_assignments
        ADD COLUMN IF NOT EXISTS released_at timestamptz,
        ADD COLUMN IF NOT EXISTS released_reason text;
      CREATE INDEX IF NOT EXISTS unit_assignments_open_idx ON unit_assignments (incident_id) WHERE released_at IS NULL;
    `,
  },
];
