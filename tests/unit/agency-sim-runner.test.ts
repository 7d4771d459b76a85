import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backlogReportSchema, crimeReportSchema, incidentReportSchema } from '../../protocol/index.js';
import { communes as gazetteerCommunes } from '../../server/src/geo/gazetteer.js';
import { backlogReports } from '../../simulators/src/agencies/backlog.sim.js';
import { crimeReports } from '../../simulators/src/agencies/crime.sim.js';
import { hotlineCalls } from '../../simulators/src/agencies/hotlines.sim.js';
import { startAgencySimulators } from '../../simulators/src/agencies/http-runner.js';

// A tiny stand-in for the server's feeds: real HTTP, validates with the protocol schemas, records.
const API_KEY = 'test-agency-key';
const schemas = { incidents: incidentReportSchema, crime: crimeReportSchema, backlog: backlogReportSchema } as const;
let server: Server;
let baseUrl: string;
const received: Array<{ feed: string; body: unknown }> = [];

beforeAll(async () => {
  const app = express();
  app.post('/api/v1/feeds/:feed', express.json(), (req, res) => {
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
    received.push({ feed, body: req.body });
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
      seen.push((req.body as { communeCode: string }).communeCode);
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
    });
    await waitFor(() => seen.length > 0);
    await sims.stop();
    const stats = sims.stats();
    await new Promise<void>((resolve) => slowServer.close(() => resolve()));

    expect(stats.sent).toBeGreaterThan(0);
    // Four posts were in flight (the default concurrency) and all four were answered before stop() resolved.
    expect(stats.sent).toBe(4);
    expect(seen).toHaveLength(4);
    expect(stats.sent + stats.queued).toBe(2 * 5);
    expect(seen.every((code) => ['00001', '00004'].includes(code))).toBe(true);
  });

  it('refuses options the models cannot honour', async () => {
    const base = { baseUrl: 'http://127.0.0.1:1', apiKey: API_KEY, seed: 1 };
    await expect(startAgencySimulators({ ...base, backlog: { communes: ['99999'] } })).rejects.toThrow(/99999/);
    await expect(startAgencySimulators({ ...base, rates: { crimesPerHour: -1 } })).rejects.toThrow(/crimesPerHour/);
    await expect(startAgencySimulators({ ...base, speed: 0 })).rejects.toThrow(/speed/);
  });
});
