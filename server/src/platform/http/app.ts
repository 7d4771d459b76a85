import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type Express, type Router } from 'express';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { errorHandler } from './errors.js';

export interface HealthChecks {
  database(): Promise<boolean>;
  broker(): boolean;
}

/** The Express app: API routers, operations endpoints, the built console, one error mapping. */
export function createHttpApp(opts: {
  routers: Record<string, Router>;
  health: HealthChecks;
  metrics: Metrics;
  /** Express "trust proxy": e.g. `loopback` behind a local nginx. */
  trustProxy?: string;
  clientDir: string;
  log: Logger;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? 'loopback');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = { database: await opts.health.database(), broker: opts.health.broker() };
    const ready = checks.database && checks.broker;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics());
  });

  for (const [path, router] of Object.entries(opts.routers)) app.use(path, router);
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No such API endpoint' } });
  });

  const index = resolve(opts.clientDir, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(opts.clientDir, { index: false, maxAge: '1h' }));
    // The console's own routes (/, /field, /wall, ...) all load the single-page app.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(index));
  } else {
    opts.log.warn({ clientDir: opts.clientDir }, 'console not built: run `npm run build:client`');
  }

  app.use(errorHandler(opts.log));
  return app;
}
