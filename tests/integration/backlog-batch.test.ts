import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKLOG_BATCH_MAX, backlogExample, type BacklogReport, type BacklogState } from '../../protocol/index.js';
import { backlogReports } from '../../simulators/src/agencies/backlog.sim.js';
import { startAgencySimulators } from '../../simulators/src/agencies/http-runner.js';
import { connectConsole, eventually, type ConsoleSocket } from '../helpers/clients.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const KEY = 'a-commune-systems-key-of-enough-length';
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL', embedded: false }] : []),
  { name: 'the embedded engine', embedded: true },
];

/** The whole city's figures of one simulated hour: 584 communes × 5 sectors. */
const cityHour = (iso: string): BacklogReport[] =>
  backlogReports({ seed: 11, from: new Date(iso), to: new Date(Date.parse(iso) + 1) });

describe.each(modes)('backlog batches on $name', ({ embedded }) => {
  let server: TestServer;
  let socket: ConsoleSocket;
  /** Every backlog frame the console received, as it came. */
  const frames: BacklogState[][] = [];
  const post = (body: unknown) =>
    fetch(`${server.url}/api/v1/feeds/backlog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify(body),
    });
  const storedAt = async (iso: string): Promise<number> => {
    const { rows } = await server.sql.query(`SELECT count(*)::int AS n FROM backlog_reports WHERE observed_at = $1`, [
      iso,
    ]);
    return rows[0].n as number;
  };
  const quarantined = async (): Promise<Array<{ reason: { message: string } }>> =>
    (await server.sql.query(`SELECT reason FROM quarantine WHERE feed = 'backlog' ORDER BY id`)).rows;
  /** Frame ticks are 50 ms: after this, anything published has been emitted. */
  const settle = () => new Promise((r) => setTimeout(r, 400));

  beforeAll(async () => {
    server = await startTestServer({ embedded, overrides: { feedApiKeys: [{ agency: 'communes', key: KEY }] } });
    ({ socket } = await connectConsole(server.url));
    socket.on('backlog:updated', (f) => frames.push(f.items));
    await socket.emitWithAck('layers:subscribe', { layers: ['backlog'] });
  });
  afterAll(async () => {
    socket?.disconnect();
    await server?.close();
  });

  it("stores the whole city's hour in one request, answers how many, and streams it as one frame", async () => {
    const hour = '2026-11-27T10:00:00+07:00';
    const batch = cityHour(hour);
    expect(batch).toHaveLength(2920);
    frames.length = 0;

    const res = await post(batch);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: true, count: 2920, stored: 2920, duplicates: 0 });
    expect(await storedAt(hour)).toBe(2920);

    await eventually(() => frames.length > 0, 10_000, 'the backlog frame');
    await settle();
    expect(frames).toHaveLength(1);
    expect(frames[0]).toHaveLength(2920);
    const hoanKiem = frames[0]!.find((s) => s.id === '00004:land');
    const sent = batch.find((r) => r.communeCode === '00004' && r.sector === 'land')!;
    expect(hoanKiem).toMatchObject({ districtCode: '001', received: sent.received, overdue: sent.overdue });
    expect(new Date(hoanKiem!.dateObserved).getTime()).toBe(Date.parse(hour));

    const snap = await socket.emitWithAck('layers:subscribe', { layers: ['backlog'] });
    expect(snap.ok && snap.data.backlog.filter((b) => b.dateObserved === hoanKiem!.dateObserved)).toHaveLength(2920);
  });

  it('rejects a batch with invalid items whole, naming each field by its index, and stores nothing', async () => {
    const hour = '2026-11-27T11:00:00+07:00';
    const batch: unknown[] = cityHour(hour).slice(0, 50);
    batch[12] = { ...(batch[12] as BacklogReport), overdue: -1 };
    batch[30] = { ...(batch[30] as BacklogReport), communeCode: '99999' };
    const before = (await quarantined()).length;
    frames.length = 0;

    const res = await post(batch);
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; message: string; fields: Array<{ path: Array<string | number>; code: string }> };
    };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.fields).toEqual([
      expect.objectContaining({ path: [12, 'overdue'], code: 'too_small' }),
      expect.objectContaining({ path: [30, 'communeCode'], code: 'unknown_commune' }),
    ]);
    expect(body.error.message).toMatch(
      /^2 of 50 reports are invalid, nothing was stored: \[12\]\.overdue: .*\[30\]\.communeCode: /,
    );

    expect(await storedAt(hour)).toBe(0);
    const rows = await quarantined();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)!.reason.message).toContain('[12].overdue');
    await settle();
    expect(frames).toHaveLength(0);
  });

  it('stores a repeated batch once, and keeps the newest of a commune and sector within a batch', async () => {
    // Sectors the city's hour above did not report, so these figures are the newest.
    const nine = {
      ...backlogExample,
      communeCode: '00007',
      sector: 'health' as const,
      received: 9,
      submittedOnline: 5,
    };
    const ten = { ...nine, dateObserved: '2026-11-27T18:00:00+07:00', received: 10 };
    const other = { ...nine, sector: 'transport' as const };
    frames.length = 0;

    const first = await post([ten, nine, other, nine]);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: true, count: 4, stored: 3, duplicates: 1 });
    await eventually(() => frames.length > 0, 10_000, 'the backlog frame');
    await settle();
    expect(frames).toHaveLength(1);
    expect(frames[0]!.map((s) => [s.id, s.received]).sort()).toEqual([
      ['00007:health', 10],
      ['00007:transport', 9],
    ]);
    const seqs = async () =>
      (
        await server.sql.query(
          `SELECT seq FROM backlog_reports WHERE commune_code = '00007' AND sector IN ('health', 'transport') ORDER BY seq`,
        )
      ).rows;
    const stored = await seqs();
    expect(stored).toHaveLength(3);

    const again = await post([ten, nine, other, nine]);
    expect(await again.json()).toEqual({ accepted: true, count: 4, stored: 0, duplicates: 4 });
    expect(await seqs()).toEqual(stored);
    await settle();
    expect(frames).toHaveLength(1);
  });

  it("takes the agency simulator's backlog: the city's hour in arrays of 1,000, every report counted", async () => {
    const startAt = new Date('2026-11-24T07:59:30+07:00');
    const sims = await startAgencySimulators({
      baseUrl: server.url,
      apiKey: KEY,
      seed: 3,
      speed: 60,
      startAt,
      tickMs: 50,
      feeds: ['backlog'],
    });
    await eventually(() => (sims.stats().byFeed.backlog ?? 0) >= 2920 || sims.stats().errors > 0, 20_000, 'the hour');
    await sims.stop();
    expect(sims.stats()).toMatchObject({ sent: 2920, errors: 0, dropped: 0, byFeed: { backlog: 2920 } });
    expect(await storedAt('2026-11-24T08:00:00+07:00')).toBe(2920);
  });

  it('refuses an empty batch and one over the limit with a clear reason', async () => {
    const empty = await post([]);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/empty array/);

    const report = { ...backlogExample, dateObserved: '2026-11-25T08:00:00+07:00' };
    const tooMany = await post(Array.from({ length: BACKLOG_BATCH_MAX + 1 }, () => report));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toBe(
      `a batch carries at most ${BACKLOG_BATCH_MAX} reports, this one has ${BACKLOG_BATCH_MAX + 1}: post it in parts`,
    );
    expect(await storedAt(report.dateObserved)).toBe(0);
  });
});
