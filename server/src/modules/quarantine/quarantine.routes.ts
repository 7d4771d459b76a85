import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { ValidationError } from '../../platform/errors.js';
import type { QuarantineService } from './quarantine.service.js';

const querySchema = z.object({
  feed: z.string().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

/** GET /api/v1/quarantine (for roles with quarantine.view)?feed=traffic&limit=100&before=<id>: rejected messages, newest first. */
export function quarantineRouter(service: QuarantineService, guard: RequestHandler): Router {
  const router = Router();
  router.use(guard);
  router.get('/', async (req, res) => {
    const q = querySchema.safeParse(req.query);
    if (!q.success) throw new ValidationError('invalid query', z.flattenError(q.error).fieldErrors);
    res.json(await service.list({ feed: q.data.feed, limit: q.data.limit, beforeId: q.data.before }));
  });
  return router;
}
