import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { unitKindSchema, type UnitsList } from '../../../../protocol/index.js';
import { ValidationError } from '../../platform/errors.js';
import type { UnitsService } from './units.service.js';

/** GET /api/v1/units (console.view): every unit of the registry with its live status and position. */
export function unitsRouter(service: UnitsService, guard: RequestHandler): Router {
  const router = Router();
  router.use(guard);
  router.get('/', async (_req, res) => {
    const body: UnitsList = { units: await service.list() };
    res.json(body);
  });
  return router;
}

const recommendQuerySchema = z.object({
  kind: unitKindSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

/**
 * GET /api/v1/incidents/<id>/recommendations?kind=&limit= (console.view): the available units ranked
 * by travel time to the incident; mounted at `/api/v1/incidents/:incidentId/recommendations`.
 */
export function recommendationsRouter(service: UnitsService, guard: RequestHandler): Router {
  const router = Router({ mergeParams: true });
  router.use(guard);
  router.get('/', async (req, res) => {
    const q = recommendQuerySchema.safeParse(req.query);
    if (!q.success) throw new ValidationError('invalid query', z.flattenError(q.error).fieldErrors);
    const { incidentId } = req.params as { incidentId: string };
    res.json(await service.recommend({ incidentId, ...q.data }));
  });
  return router;
}
