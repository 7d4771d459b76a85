import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { HANOI_BOUNDS, inHanoi } from '../../../../protocol/index.js';
import { OPEN311_SERVICES, open311Service } from './open311.services.js';
import type { Open311ServiceApi } from './open311.service.js';

/** GeoReport v2 errors: an array of {code, description}, with the same HTTP status. */
const fail = (res: Response, code: number, description: string) => res.status(code).json([{ code, description }]);

const optional = (max: number) =>
  z
    .string()
    .trim()
    .normalize('NFC')
    .max(max)
    .optional()
    .transform((v) => v || undefined);

const postSchema = z
  .object({
    service_code: z.string({ error: 'service_code was not provided' }).min(1, 'service_code was not provided'),
    lat: z.coerce.number().optional(),
    long: z.coerce.number().optional(),
    address_string: optional(300),
    description: optional(4000),
    email: z
      .email()
      .max(200)
      .optional()
      .or(z.literal('').transform(() => undefined)),
    first_name: optional(100),
    last_name: optional(100),
    phone: optional(30),
    media_url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .refine((r) => (r.lat !== undefined && r.long !== undefined) || r.address_string, {
    message: 'a location is required: lat and long, or address_string',
  })
  .refine((r) => r.lat === undefined || r.long === undefined || inHanoi([r.long, r.lat]), {
    message: `lat/long must be inside Hanoi (lat ${HANOI_BOUNDS.minLat}..${HANOI_BOUNDS.maxLat}, long ${HANOI_BOUNDS.minLon}..${HANOI_BOUNDS.maxLon})`,
  });

const listSchema = z.object({
  service_request_id: z.string().optional(),
  service_code: z.string().optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
});

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Open311 GeoReport v2 under `/open311/v2/` (JSON): services.json, POST requests.json (form-encoded,
 * with `api_key`: one of the agency keys), requests.json, requests/<id>.json. Personal data given
 * with a request is kept but never returned.
 */
export function open311Router(deps: {
  service: Open311ServiceApi;
  verifyKey: (key: string | undefined) => Promise<string | null>;
}): Router {
  const router = Router();

  router.get('/services.json', (_req, res) => {
    res.json(
      OPEN311_SERVICES.map((s) => ({
        service_code: s.service_code,
        service_name: s.service_name,
        description: s.description,
        metadata: false,
        type: 'realtime',
        keywords: s.keywords,
        group: s.group,
      })),
    );
  });

  router.post('/requests.json', express.urlencoded({ extended: false, limit: '100kb' }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    const agency = await deps.verifyKey(body.api_key);
    if (!agency) return fail(res, 403, 'api_key was not provided or is not valid');
    const parsed = postSchema.safeParse(body);
    if (!parsed.success) return fail(res, 400, parsed.error.issues.map((i) => i.message).join('; '));
    const r = parsed.data;
    if (!open311Service(r.service_code)) return fail(res, 404, `service_code ${r.service_code} was not found`);
    const name = [r.first_name, r.last_name].filter(Boolean).join(' ');
    const personal = Object.fromEntries(
      Object.entries({ name, email: r.email, phone: r.phone }).filter(([, v]) => v),
    ) as Record<string, string>;
    const record = await deps.service.create(agency, {
      serviceCode: r.service_code,
      description: r.description ?? null,
      position: r.lat !== undefined && r.long !== undefined ? [r.long, r.lat] : null,
      addressString: r.address_string ?? null,
      personal: Object.keys(personal).length > 0 ? personal : null,
      mediaUrl: r.media_url ?? null,
    });
    res.json([
      { service_request_id: record.service_request_id, service_notice: 'Yêu cầu đã được tiếp nhận.', account_id: null },
    ]);
  });

  router.get('/requests.json', async (req, res) => {
    const q = listSchema.safeParse(req.query);
    if (!q.success) return fail(res, 400, q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const end = q.data.end_date ?? new Date().toISOString();
    const start = q.data.start_date ?? new Date(Date.parse(end) - 90 * 86_400_000).toISOString();
    res.json(
      await deps.service.find({
        ids: list(q.data.service_request_id),
        serviceCodes: list(q.data.service_code),
        status: q.data.status,
        start,
        end,
        limit: 1000,
      }),
    );
  });

  router.get('/requests/:id.json', async (req, res) => {
    const found = await deps.service.find({ ids: [req.params.id], limit: 1 });
    if (found.length === 0) return fail(res, 404, `service_request_id ${req.params.id} was not found`);
    res.json(found);
  });

  router.use((_req, res) => fail(res, 404, 'no such Open311 resource'));
  return router;
}
