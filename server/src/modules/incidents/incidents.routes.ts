import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { can } from '../../../../protocol/index.js';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import { authOf } from '../../platform/http/session-auth.js';
import type { TimelineService } from './timeline.service.js';

const idSchema = z.string().min(1).max(64);

/**
 * `GET /api/v1/incidents/<id>/timeline` (console.view): the incident's record, oldest first; the
 * internal notes only for roles with alerts.acknowledge.
 */
export function incidentsRouter(service: TimelineService, guard: RequestHandler): Router {
  const router = Router();
  router.use(guard);
  router.get('/:id/timeline', async (req, res) => {
    const auth = authOf(res);
    if (!auth) throw new UnauthenticatedError('Sign in first.');
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new ValidationError('invalid incident id');
    const timeline = await service.timeline(id.data, { withNotes: can(auth.user.role, 'alerts.acknowledge') });
    if (!timeline) throw new NotFoundError(`There is no incident ${id.data}.`);
    res.json(timeline);
  });
  return router;
}
