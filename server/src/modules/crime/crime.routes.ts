import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { CrimeDetail } from '../../../../protocol/index.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import { authOf } from '../../platform/http/session-auth.js';
import type { CrimeDetailService } from './crime-detail.service.js';

const idSchema = z.string().min(1).max(64);

/**
 * `GET /api/v1/crime/<id>` (crime.exact): one report's exact place, address and description, never
 * the persons; each read is audited. Not cached anywhere (`Cache-Control: no-store`).
 */
export function crimeRouter(service: CrimeDetailService, guard: RequestHandler): Router {
  const router = Router();
  router.use(guard);
  router.get('/:id', async (req, res) => {
    const auth = authOf(res);
    if (!auth) throw new UnauthenticatedError('Sign in first.');
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new ValidationError('invalid crime report id');
    const detail: CrimeDetail | null = await service.read(id.data, auth.user);
    if (!detail) throw new NotFoundError(`There is no crime report ${id.data}.`);
    res.set('Cache-Control', 'no-store');
    res.json(detail);
  });
  return router;
}
