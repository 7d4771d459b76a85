import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../log.js';

/** Where a running server leaves the embedded engine's URL. */
export const embeddedUrlFile = (dataDir: string) => resolve(dataDir, 'embedded-db.url');

export interface EmbeddedDatabase {
  /** A postgres:// URL that `pg` (and psql) can use while the server runs. */
  url: string;
  close(): Promise<void>;
}

/**
 * The embedded PostgreSQL-compatible engine: PGlite in-process, data under `dataDir`, served on a
 * loopback socket so the same `pg` driver and the same SQL run in both modes.
 */
export async function startEmbeddedDatabase(opts: {
  dataDir: string;
  port: number;
  log: Logger;
}): Promise<EmbeddedDatabase> {
  const dir = resolve(opts.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port, maxConnections: 16 });
  await server.start();
  const conn = server.getServerConn();
  const url = `postgres://postgres@${conn}/postgres?sslmode=disable`;
  // Tools (psql, `npm run admin`) find the running engine here.
  const urlFile = embeddedUrlFile(opts.dataDir);
  await writeFile(urlFile, `${url}\n`);
  opts.log.info({ dataDir: dir, url }, 'embedded database engine (PGlite) started');
  return {
    url,
    async close() {
      await rm(urlFile, { force: true });
      await server.stop();
      await db.close();
    },
  };
}
