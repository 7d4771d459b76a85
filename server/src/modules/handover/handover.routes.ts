import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { handoverRequestSchema, type HandoverPage } from '../../../../protocol/index.js';
import { UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import { authOf } from '../../platform/http/session-auth.js';
import type { HandoverService } from './handover.service.js';

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  before: z.coerce.number().int().min(1).optional(),
});
const json = express.json({ limit: '16kb' });

/**
 * `/api/v1/handover`: GET the shift handover notes, newest first (`view`: console.view); POST one
 * `{text}` (`write`: incidents.dispatch), answered 201 `{note}`.
 */
export function handoverRouter(service: HandoverService, guards: { view: RequestHandler; write: RequestHandler }) {
  const router = Router();
  router.get('/', guards.view, async (req, res) => {
    const q = querySchema.safeParse(req.query);
    if (!q.success) throw new ValidationError('invalid query', z.flattenError(q.error).fieldErrors);
    const page: HandoverPage = { notes: await service.list({ limit: q.data.limit, beforeId: q.data.before }) };
    res.json(page);
  });
  router.post('/', guards.write, json, async (req, res) => {
    const auth = authOf(res);
    if (!auth) throw new UnauthenticatedError('Sign in first.');
    const body = handoverRequestSchema.safeParse(req.body);
    if (!body.success)
      throw new ValidationError(
        'invalid request',
        body.error.issues.map((i) => ({ path: i.path, message: i.message })),
      );
    res.status(201).json({ note: await service.create(body.data.text, auth.user) });
  });
  return router;
}
