import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentExample } from '../../protocol/index.js';
import { realServicesAvailable, startTestServer, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const modes = [
  ...(realServicesAvailable() ? [{ name: 'real PostgreSQL', embedded: false }] : []),
  { name: 'the embedded engine, while the server runs', embedded: true },
];

describe.each(modes)('agency API keys managed with the admin command on $name', ({ embedded }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ embedded });
  });
  afterAll(async () => server?.close());

  const admin = async (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: server.config.dataDir, LOG_FORMAT: 'json' };
    if (embedded) delete env.DATABASE_URL;
    else env.DATABASE_URL = server.databaseUrl;
    return (await run(process.execPath, ['--import', 'tsx', 'server/src/admin.ts', ...args], { env })).stdout;
  };
  const post = (key: string, externalId: string) =>
    fetch(`${server.url}/api/v1/feeds/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ ...incidentExample, externalId }),
    });

  it('makes a key that the feed accepts at once, lists it without the key, and revokes it', async () => {
    const out = await admin('keys', 'add', 'fire114', '--label', 'Cảnh sát PCCC');
    const key = /^(hnk_\S+)$/m.exec(out)?.[1];
    expect(key, out).toBeDefined();
    expect((await post(key!, 'admin-1')).status).toBe(202);

    const listed = await admin('keys', 'list');
    expect(listed).toMatch(/^fire114\t#\d+\tactive\tCảnh sát PCCC$/m);
    expect(listed).not.toContain(key);

    expect(await admin('keys', 'revoke', 'fire114')).toMatch(/revoked 1 key/);
    expect((await post(key!, 'admin-2')).status).toBe(401);
  }, 60_000);

  it('explains its usage instead of failing obscurely', async () => {
    await expect(admin('keys', 'add')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/usage: npm run admin/),
    });
  });
});
