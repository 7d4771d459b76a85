import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AuditPage } from '../../../../protocol/index.js';
import { ValidationError } from '../../platform/errors.js';
import type { AuditService } from './audit.service.js';

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

/** GET /api/v1/audit?limit=100&before=<id> (for roles with audit.view): the audit log, newest first. */
export function auditRouter(service: AuditService, guard: RequestHandler): Router {
  const router = Router();
  router.use(guard);
  router.get('/', async (req, res) => {
    const q = querySchema.safeParse(req.query);
    if (!q.success) throw new ValidationError('invalid query', z.flattenError(q.error).fieldErrors);
    const page: AuditPage = { entries: await service.list({ limit: q.data.limit, beforeId: q.data.before }) };
    res.json(page);
  });
  return router;
}
