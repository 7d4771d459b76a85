import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrafficRepository } from '../../server/src/modules/traffic/traffic.repository.js';
import { SEQUENCER_LOCK_SQL } from '../../server/src/platform/db/sequencer.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL', embedded: false }] : []),
  { name: 'the embedded engine', embedded: true },
];

const row = (detectorId: string) => ({
  detectorId,
  observedAt: '2026-11-27T08:00:00+07:00',
  segmentId: null,
  intensity: 100,
  speed: 30,
  occupancy: 0.2,
  position: [105.84, 21.02] as [number, number],
});

describe.each(modes)('sequence numbers on $name', ({ embedded }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ embedded });
  });
  afterAll(async () => server?.close());

  it('become visible in order: a second writer waits until the first one has committed', async () => {
    const other = new pg.Client({ connectionString: server.databaseUrl });
    await other.connect();
    const repo = createTrafficRepository(server.sql);
    try {
      // Another writer (another server process) is half-way through storing a batch.
      await other.query('BEGIN');
      await other.query(SEQUENCER_LOCK_SQL);
      const { rows } = await other.query<{ seq: string }>(
        `INSERT INTO traffic_readings (detector_id, observed_at, speed) VALUES ('det-first', now(), 10) RETURNING seq`,
      );
      const firstSeq = Number(rows[0]!.seq);

      let settled = false;
      const second = repo.storeBatch([row('det-second')]).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);

      await other.query('COMMIT');
      const [stored] = await second;
      expect(stored!.seq).toBeGreaterThan(firstSeq);
    } finally {
      await other.end();
    }
  });
});
