import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKLOG_BATCH_MAX,
  backlogReportSchema,
  crimeReportSchema,
  incidentExample,
  incidentReportSchema,
} from '../../protocol/index.js';
import { communes as gazetteerCommunes } from '../../server/src/geo/gazetteer.js';
import { backlogReports } from '../../simulators/src/agencies/backlog.sim.js';
import { crimeReports } from '../../simulators/src/agencies/crime.sim.js';
import { hotlineCalls } from '../../simulators/src/agencies/hotlines.sim.js';
import { startAgencySimulators } from '../../simulators/src/agencies/http-runner.js';

// A tiny stand-in for the server's feeds: real HTTP, validates with the protocol schemas, records each
// report (a backlog array as its items) and each request.
const API_KEY = 'test-agency-key';
const schemas = {
  incidents: incidentReportSchema,
  crime: crimeReportSchema,
  backlog: backlogReportSchema.or(z.array(backlogReportSchema).min(1).max(BACKLOG_BATCH_MAX)),
} as const;
let server: Server;
let baseUrl: string;
const received: Array<{ feed: string; body: unknown }> = [];
const requests: Array<{ feed: string; body: unknown }> = [];

beforeAll(async () => {
  const app = express();
  app.post('/api/v1/feeds/:feed', express.json({ limit: '4mb' }), (req, res) => {
    if (req.get('x-api-key') !== API_KEY) {
      res.status(401).json({ error: { code: 'unauthorized', message: 'The API key is not valid.' } });
      return;
    }
    const feed = req.params.feed as keyof typeof schemas;
    const parsed = schemas[feed]?.safeParse(req.body);
    if (!parsed?.success) {
      res.status(400).json({ error: { code: 'validation_failed', fields: parsed?.error.issues ?? [] } });
      return;
    }
    requests.push({ feed, body: req.body });
    for (const body of Array.isArray(req.body) ? req.body : [req.body]) received.push({ feed, body });
    res.status(202).json({ accepted: true });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const communeCodes = (): string[] =>
  gazetteerCommunes()
    .map((c) => c.code)
    .sort();

const waitFor = async (done: () => boolean, timeoutMs = 25_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
};

describe('agency simulators over HTTP', () => {
  it('posts every report of the simulated window to its feed with the API key, and counts them', async () => {
    received.length = 0;
    const startAt = new Date('2026-11-27T07:59:00+07:00'); // a Friday: the 08:00 backlog round falls inside
    const seed = 9;
    const rates = { hotlineCallsPerHour: 600, crimesPerHour: 120 };
    const communes = communeCodes().filter((_, i) => i % 15 === 0); // 39 of the 584, to keep the test quick
    const logged: string[] = [];
    const sims = await startAgencySimulators({
      baseUrl,
      apiKey: API_KEY,
      seed,
      speed: 60,
      startAt,
      tickMs: 50,
      rates,
      backlog: { communes },
      log: { info: (_o, m) => logged.push(m ?? ''), warn: (_o, m) => logged.push(`warn: ${m ?? ''}`) },
    });
    await waitFor(() => (sims.stats().byFeed.backlog ?? 0) > 0);
    await waitFor(() => sims.stats().queued === 0);
    await sims.stop();
    const stats = sims.stats();

    expect(stats.errors).toBe(0);
    expect(stats.dropped).toBe(0);
    expect(stats.queued).toBe(0);
    expect(stats.sent).toBe(received.length);
    expect(stats.byFeed.backlog).toBe(communes.length * 5);
    expect(stats.byFeed.incidents).toBeGreaterThan(5);
    expect(logged).toEqual(['agency simulators started', 'agency simulators stopped']);
    // What reached the server is exactly what the models say for the simulated window.
    const window = { seed, from: startAt, to: stats.simulatedTime };
    const bodies = (feed: string): unknown[] => received.filter((r) => r.feed === feed).map((r) => r.body);
    const byJson = (a: unknown, b: unknown): number => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(bodies('incidents').toSorted(byJson)).toEqual(
      hotlineCalls({ ...window, callsPerHour: rates.hotlineCallsPerHour }).toSorted(byJson),
    );
    expect(bodies('crime').toSorted(byJson)).toEqual(
      crimeReports({ ...window, crimesPerHour: rates.crimesPerHour }).toSorted(byJson),
    );
    expect(bodies('backlog').toSorted(byJson)).toEqual(backlogReports({ ...window, communes }).toSorted(byJson));
  });

  it('counts rejected posts as errors and logs each kind of failure once', async () => {
    received.length = 0;
    const warned: Array<{ obj: object; msg: string }> = [];
    const sims = await startAgencySimulators({
      baseUrl,
      apiKey: 'wrong-key',
      seed: 1,
      speed: 600,
      tickMs: 50,
      feeds: ['incidents'],
      rates: { hotlineCallsPerHour: 1200 },
      log: { info: () => {}, warn: (obj, msg) => warned.push({ obj, msg: msg ?? '' }) },
    });
    await waitFor(() => sims.stats().errors >= 5);
    await sims.stop();
    const stats = sims.stats();

    expect(stats.sent).toBe(0);
    expect(stats.errors).toBeGreaterThanOrEqual(5);
    expect(received).toHaveLength(0);
    expect(warned).toHaveLength(1);
    expect(warned[0]?.obj).toMatchObject({ feed: 'incidents', status: 401, error: { code: 'unauthorized' } });
  });

  it('counts an unreachable server as errors, with one log line', async () => {
    const closed = express().listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => closed.once('listening', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const warned: object[] = [];
    const sims = await startAgencySimulators({
      baseUrl: `http://127.0.0.1:${port}/`,
      apiKey: API_KEY,
      seed: 1,
      speed: 600,
      tickMs: 50,
      feeds: ['incidents', 'crime'],
      rates: { hotlineCallsPerHour: 1200, crimesPerHour: 1 },
      log: { info: () => {}, warn: (obj) => warned.push(obj) },
    });
    await waitFor(() => sims.stats().errors >= 5);
    await sims.stop();

    expect(sims.stats().sent).toBe(0);
    expect(sims.stats().errors).toBeGreaterThanOrEqual(5);
    expect(warned.filter((w) => (w as { feed?: string }).feed === 'incidents')).toHaveLength(1);
    expect(warned[0]).toMatchObject({ reason: 'ECONNREFUSED' });
  });
  it('waits for the posts in flight when stopped, and reports only the communes asked for', async () => {
    const seen: string[] = [];
    const slow = express();
    slow.post('/api/v1/feeds/:feed', express.json(), (req, res) => {
      for (const r of req.body as Array<{ communeCode: string }>) seen.push(r.communeCode);
      setTimeout(() => res.status(202).json({ accepted: true }), 300);
    });
    const slowServer = slow.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => slowServer.once('listening', () => resolve()));
    const sims = await startAgencySimulators({
      baseUrl: `http://127.0.0.1:${(slowServer.address() as AddressInfo).port}`,
      apiKey: API_KEY,
      seed: 2,
      speed: 60,
      startAt: new Date('2026-11-27T09:59:59+07:00'),
      tickMs: 50,
      feeds: ['backlog'],
      backlog: { communes: ['00001', '00004'] },
      backlogBatchSize: 2,
    });
    await waitFor(() => seen.length > 0);
    await sims.stop();
    const stats = sims.stats();
    await new Promise<void>((resolve) => slowServer.close(() => resolve()));

    // The hour's 10 reports went as five arrays of 2: four were in flight (the default concurrency) and
    // all four were answered before stop() resolved; the fifth is still queued. Stats count reports.
    expect(stats.sent).toBe(8);
    expect(seen).toHaveLength(8);
    expect(stats.queued).toBe(2);
    expect(seen.every((code) => ['00001', '00004'].includes(code))).toBe(true);
  });

  it("posts each simulated hour's backlog figures as arrays of at most backlogBatchSize", async () => {
    requests.length = 0;
    received.length = 0;
    const communes = communeCodes().slice(0, 7); // 35 reports an hour
    const sims = await startAgencySimulators({
      baseUrl,
      apiKey: API_KEY,
      seed: 4,
      speed: 3600,
      startAt: new Date('2026-11-27T07:59:00+07:00'),
      tickMs: 50,
      feeds: ['backlog'],
      backlog: { communes },
      backlogBatchSize: 10,
    });
    await waitFor(() => (sims.stats().byFeed.backlog ?? 0) >= 70);
    await sims.stop();

    const batches = requests.slice(0, 8).map((r) => r.body as Array<{ dateObserved: string }>);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 10, 5, 10, 10, 10, 5]);
    for (const b of batches) expect(new Set(b.map((r) => r.dateObserved)).size).toBe(1);
    expect(batches.map((b) => b[0]!.dateObserved)).toEqual([
      ...Array(4).fill('2026-11-27T08:00:00+07:00'),
      ...Array(4).fill('2026-11-27T09:00:00+07:00'),
    ]);
    const stats = sims.stats();
    expect(stats.errors).toBe(0);
    expect(stats.sent).toBe(received.length);
    expect(stats.byFeed.backlog).toBe(received.length);
  });

  it("merges a script's reports into the queue in time order with the models' reports", async () => {
    received.length = 0;
    const startAt = new Date('2026-11-27T08:00:00+07:00');
    const windows: Array<[number, number]> = [];
    const FIVE_MIN = 5 * 60_000;
    // A call on every 5th simulated minute, whichever window it falls in.
    const scripted = (from: Date, to: Date) => {
      windows.push([from.getTime(), to.getTime()]);
      const calls = [];
      for (let t = Math.ceil(from.getTime() / FIVE_MIN) * FIVE_MIN; t < to.getTime(); t += FIVE_MIN) {
        const at = new Date(t).toISOString();
        calls.push({
          feed: 'incidents' as const,
          at,
          report: { ...incidentExample, externalId: `s-${t}`, dateIssued: at },
        });
      }
      return calls;
    };
    const sims = await startAgencySimulators({
      baseUrl,
      apiKey: API_KEY,
      seed: 5,
      speed: 600,
      startAt,
      tickMs: 50,
      concurrency: 1, // posts arrive in queue order
      feeds: ['crime'],
      rates: { crimesPerHour: 600 },
      scripted,
    });
    await waitFor(() => (sims.stats().byFeed.incidents ?? 0) >= 6 && sims.stats().queued === 0);
    await sims.stop();
    const stats = sims.stats();

    const at = (r: { feed: string; body: unknown }): number => {
      const b = r.body as { dateIssued?: string; dateObserved?: string };
      return Date.parse(b.dateIssued ?? b.dateObserved!);
    };
    const times = received.map(at);
    expect(times).toEqual(times.toSorted((a, b) => a - b));
    expect(received.some((r) => r.feed === 'crime')).toBe(true);
    // The hook saw contiguous windows from the start, and each scripted call was posted once.
    expect(windows[0]![0]).toBe(startAt.getTime());
    windows.slice(1).forEach(([from], i) => expect(from).toBe(windows[i]![1]));
    const marks = Math.ceil((stats.simulatedTime.getTime() - startAt.getTime()) / FIVE_MIN);
    const ids = received
      .filter((r) => r.feed === 'incidents')
      .map((r) => (r.body as { externalId: string }).externalId);
    expect(ids).toEqual(Array.from({ length: marks }, (_, i) => `s-${startAt.getTime() + i * FIVE_MIN}`));
    expect(stats.byFeed.incidents).toBe(marks);
    expect(stats.sent).toBe(received.length);
  });

  it('refuses options the models cannot honour', async () => {
    const base = { baseUrl: 'http://127.0.0.1:1', apiKey: API_KEY, seed: 1 };
    await expect(startAgencySimulators({ ...base, backlog: { communes: ['99999'] } })).rejects.toThrow(/99999/);
    await expect(startAgencySimulators({ ...base, rates: { crimesPerHour: -1 } })).rejects.toThrow(/crimesPerHour/);
    await expect(startAgencySimulators({ ...base, speed: 0 })).rejects.toThrow(/speed/);
    await expect(startAgencySimulators({ ...base, backlogBatchSize: 5001 })).rejects.toThrow(/backlogBatchSize/);
  });
});
