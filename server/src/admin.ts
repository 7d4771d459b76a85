import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from './config.js';
import { createAgenciesRepository } from './modules/agencies/agencies.repository.js';
import { createAgenciesService } from './modules/agencies/agencies.service.js';
import { openDatabase } from './platform/db/database.js';
import { embeddedUrlFile } from './platform/db/embedded.js';
import { createLogger } from './platform/log.js';

const USAGE = `usage: npm run admin -- <command>
  keys add <agency> [--label <text>]   make an API key for an agency (shown once)
  keys list                            list agencies' keys (never the keys themselves)
  keys revoke <agency>                 revoke every key of an agency
Uses DATABASE_URL when set; otherwise the embedded database (the running server's, or DATA_DIR's).`;

/** Admin commands: `npm run admin -- keys add police113`. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { label: { type: 'string' } } });
  const [group, command, agency] = positionals;
  if (group !== 'keys' || !['add', 'list', 'revoke'].includes(command ?? '') || (command !== 'list' && !agency)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger('warn', {}, 'json');
  // A running embedded server holds its engine: talk to it through its socket.
  const running = config.databaseUrl
    ? undefined
    : await readFile(embeddedUrlFile(config.dataDir), 'utf8').catch(() => '');
  const url = config.databaseUrl ?? (running?.trim() && (await reachable(running.trim())) ? running.trim() : undefined);
  const db = await openDatabase({ url, dataDir: config.dataDir, embeddedPort: 0, log });
  try {
    const agencies = createAgenciesService({ repo: createAgenciesRepository(db.pool), envKeys: [] });
    if (command === 'add') {
      const { key, entry } = await agencies.createKey(agency!, values.label);
      process.stdout.write(`API key for agency "${entry.agency}" (shown once; send it as X-API-Key):\n${key}\n`);
    } else if (command === 'revoke') {
      process.stdout.write(`revoked ${await agencies.revoke(agency!)} key(s) of agency "${agency}"\n`);
    } else {
      for (const k of await agencies.list()) {
        process.stdout.write(
          `${k.agency}\t#${k.id}\t${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}\t${k.label ?? ''}\n`,
        );
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`admin: ${err.message}\n`);
    process.exit(1);
  },
);
