import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  analysisQuerySchema,
  backlogQuerySchema,
  congestionQuerySchema,
  type AnalysisFormat,
  type AnalysisView,
} from '../../../../protocol/index.js';
import { UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import { authOf } from '../../platform/http/session-auth.js';
import { answerCsv, answerGeoJson, exportName, type AnyAnswer, type ExportPlaces } from './analysis-export.js';
import type { AnalysisService } from './analysis.service.js';

function parse<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const q = schema.safeParse(query);
  if (!q.success) throw new ValidationError('invalid query', z.flattenError(q.error).fieldErrors);
  return q.data;
}

/**
 * The analysis panel (console.view or wall.view; protocol/analysis.ts):
 *   GET /incidents  /congestion  /crime  /backlog   ?from=&to=[&bucket=]&format=json|csv|geojson
 */
export function analysisRouter(service: AnalysisService, guard: RequestHandler, places: ExportPlaces): Router {
  const router = Router();
  router.use(guard);
  const send = (res: Response, view: AnalysisView, format: AnalysisFormat, answer: AnyAnswer) => {
    if (format === 'json') return void res.json(answer);
    const ext = format === 'csv' ? 'csv' : 'geojson';
    res.setHeader('Content-Disposition', `attachment; filename="${exportName(view, answer.from, answer.to, ext)}"`);
    if (format === 'csv') res.type('text/csv; charset=utf-8').send(answerCsv(view, answer, places));
    else res.type('application/geo+json').send(JSON.stringify(answerGeoJson(view, answer, places)));
  };
  router.get('/incidents', async (req, res) => {
    const q = parse(analysisQuerySchema, req.query);
    send(res, 'incidents', q.format, await service.incidents(q));
  });
  router.get('/congestion', async (req, res) => {
    const q = parse(congestionQuerySchema, req.query);
    send(res, 'congestion', q.format, await service.congestion(q));
  });
  router.get('/crime', async (req, res) => {
    const q = parse(analysisQuerySchema, req.query);
    const auth = authOf(res);
    if (!auth) throw new UnauthenticatedError('Sign in first.');
    send(res, 'crime', q.format, await service.crime(q, auth.user));
  });
  router.get('/backlog', async (req, res) => {
    const q = parse(backlogQuerySchema, req.query);
    send(res, 'backlog', q.format, await service.backlog(q));
  });
  return router;
}
