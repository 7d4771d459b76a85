import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  historyEventsQuerySchema,
  historySeriesQuerySchema,
  historyStateQuerySchema,
} from '../../../../protocol/index.js';
import { UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import { authOf } from '../../platform/http/session-auth.js';
import type { HistoryService } from './history.service.js';

/** The query, parsed, or a 400 naming every offending parameter. */
function parse<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const q = schema.safeParse(query);
  if (!q.success) throw new ValidationError('invalid query', z.flattenError(q.error).fieldErrors);
  return q.data;
}

/**
 * History (console.view; protocol/history.ts):
 *   GET /series?kind=segment|district|detector|feed&id=&from=&to=&bucket=1m|1h|auto
 *   GET /state?at=<instant>&layers=traffic,incidents,...
 *   GET /events?from=&to=&layers=&after=<seq>&limit=
 */
export function historyRouter(service: HistoryService, guard: RequestHandler): Router {
  const router = Router();
  router.use(guard);
  const userOf = (res: Parameters<typeof authOf>[0]) => {
    const auth = authOf(res);
    if (!auth) throw new UnauthenticatedError('Sign in first.');
    return auth.user;
  };
  router.get('/series', async (req, res) => {
    res.json(await service.series(parse(historySeriesQuerySchema, req.query)));
  });
  router.get('/state', async (req, res) => {
    res.json(await service.state(parse(historyStateQuerySchema, req.query), userOf(res)));
  });
  router.get('/events', async (req, res) => {
    res.json(await service.events(parse(historyEventsQuerySchema, req.query), userOf(res)));
  });
  return router;
}
