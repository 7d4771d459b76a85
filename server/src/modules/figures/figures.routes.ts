import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { FIGURES_HISTORY_MAX_HOURS } from '../../../../protocol/index.js';
import { ValidationError } from '../../platform/errors.js';
import type { FiguresService } from './figures.service.js';

const querySchema = z.object({
  hours: z.coerce.number().positive().max(FIGURES_HISTORY_MAX_HOURS).default(2),
});

/** GET /api/v1/figures?hours=2 (console.view): the figures now and the samples of the last `hours` (max 24). */
export function figuresRouter(service: FiguresService, guard: RequestHandler): Router {
  const router = Router();
  router.use(guard);
  router.get('/', async (req, res) => {
    const q = querySchema.safeParse(req.query);
    if (!q.success) throw new ValidationError('invalid query', z.flattenError(q.error).fieldErrors);
    res.json(await service.snapshot(q.data.hours));
  });
  return router;
}
