import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** `npm run simulate` as a device integrator runs it: against a given broker and server. */
const TSX = resolve('node_modules/.bin/tsx');
const CLI = resolve('simulators/src/cli.ts');
const KEY = 'simulate-cli-test-key-0123456789';

function simulate(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(TSX, [CLI, ...args], {
      env: { ...process.env, MQTT_URL: '', API_URL: '', FEED_API_KEY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    });
  });
}

describe('npm run simulate against a running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ overrides: { feedApiKeys: [{ agency: 'simulators', key: KEY }] } });
  }, 60_000);
  afterAll(() => server?.close());

  it('publishes the devices over MQTT and posts the agencies over HTTP, with a live status line', async () => {
    const { code, stdout, stderr } = await simulate([
      '--scenario',
      'city',
      '--mqtt-url',
      server.mqttUrl,
      '--topic-root',
      server.topicRoot,
      '--api-url',
      server.url,
      '--api-key',
      KEY,
      // Three simulated minutes across 10:00, when the communes report their backlogs.
      '--speed',
      '30',
      '--start',
      '2026-11-27T09:58:30+07:00',
      '--rate',
      '100',
      '--calls-per-hour',
      '1200',
      '--crimes-per-hour',
      '600',
      '--duration',
      '6',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /simulating city on mqtt:\/\/.* and http:\/\/127\.0\.0\.1:\d+ \(incidents, crime, backlog\)/,
    );
    // The live line: rate, sent per feed, errors, simulated time.
    expect(stdout).toMatch(
      /rate [1-9]\d*(\.\d)?\/s {2}sent \d+ \(.*traffic \d+.*incidents \d+.*\) {2}errors 0 {2}sim 2026-11-27T10:0/,
    );
    const summary = /stopped: (\d+) sent \((.*)\), 0 errors/.exec(stdout);
    expect(summary).not.toBeNull();
    const perFeed = Object.fromEntries(
      summary![2]!.split(', ').map((p) => [p.split(' ')[0], Number(p.split(' ')[1])] as const),
    );
    for (const feed of ['traffic', 'signals', 'units', 'network', 'incidents', 'crime', 'backlog'])
      expect(perFeed[feed], feed).toBeGreaterThan(0);

    // The server stored what was sent: the agencies' reports under the simulator's key.
    const count = async (sql: string) => Number((await server.sql.query<{ n: string }>(sql)).rows[0]!.n);
    expect(await count(`SELECT count(*) AS n FROM incidents WHERE agency = 'simulators'`)).toBe(perFeed.incidents);
    expect(await count(`SELECT count(*) AS n FROM crimes`)).toBe(perFeed.crime);
    expect(await count(`SELECT count(*) AS n FROM traffic_readings`)).toBeGreaterThan(0);
  }, 90_000);

  it('refuses a wrong key for the HTTP feeds and says so, counting the errors', async () => {
    const { code, stdout, stderr } = await simulate([
      '--scenario',
      'agencies',
      '--api-url',
      server.url,
      '--api-key',
      'not-a-valid-key-0000000000',
      '--agencies',
      'incidents',
      '--speed',
      '600',
      '--duration',
      '3',
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('"status":401');
    expect(stdout).toMatch(/stopped: 0 sent \(incidents 0\), [1-9]\d* errors/);
  }, 60_000);

  it('explains bad options and an agencies-only run without a key', async () => {
    const bad = await simulate(['--scenario', 'ring3-crash']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown scenario "ring3-crash"; available: city, ring2-crash');
    const noKey = await simulate(['--scenario', 'agencies', '--api-url', server.url], { DATA_DIR: '/nonexistent' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('give an agency key with --api-key');
  }, 60_000);
});
