import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { auditQuerySchema, type AuditPage } from '../../../../protocol/index.js';
import { ValidationError } from '../../platform/errors.js';
import type { AuditService } from './audit.service.js';

/**
 * GET /api/v1/audit?limit=100&before=<id>&action=&targetKind=&targetId=&userId=&actor= (for roles
 * with audit.view): the audit log, newest first, narrowed by whichever filters are given.
 */
export function auditRouter(service: AuditService, guard: RequestHandler): Router {
  const router = Router();
  router.use(guard);
  router.get('/', async (req, res) => {
    const q = auditQuerySchema.safeParse(req.query);
    if (!q.success) throw new ValidationError('invalid query', z.flattenError(q.error).fieldErrors);
    const { before, ...filters } = q.data;
    const page: AuditPage = { entries: await service.list({ ...filters, beforeId: before }) };
    res.json(page);
  });
  return router;
}
