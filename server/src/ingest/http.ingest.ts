import express, { Router, type RequestHandler } from 'express';
import type { z } from 'zod';
import type { Logger } from '../platform/log.js';
import type { Metrics } from '../platform/metrics.js';
import type { QuarantineService } from '../modules/quarantine/quarantine.service.js';
import { parseJsonPayload, type Parsed } from './parse.js';

export interface Accepted {
  /** The stored record's id, and the sequence number it was stored under. */
  id: string;
  seq: number;
}

/** The body limit of a feed that sets none. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface HttpFeed<T, R extends object = Accepted> {
  feed: string;
  /** Decodes and validates a body; the default is JSON against `schema`. */
  parse(body: Buffer, contentType: string): Parsed<T>;
  /** Resolves once the value is committed, with what the 202 answer says besides `accepted: true`. */
  accept(value: T, agency: string): Promise<R>;
  /** How many reports a parsed body carries, when it can carry several (a batch); default 1. */
  count?(value: T): number;
  /** Larger bodies get 413 before they are read; default DEFAULT_BODY_LIMIT_BYTES. */
  maxBodyBytes?: number;
}

/** The default decoder: a JSON body against a zod schema, with the same reasons as the MQTT feeds. */
export const jsonBody =
  <S extends z.ZodType>(schema: S) =>
  (body: Buffer): Parsed<z.output<S>> =>
    parseJsonPayload(body, schema);

/**
 * `POST` for one agency feed. The body is read raw (JSON, or CAP XML for the incidents feed) and
 * validated once, at the edge. A rejected body gets 400 with every offending field named, a log
 * line, a counter and a quarantine row (nothing rejected is silent); an accepted one gets 202 only
 * after the store committed it. The agency comes from the API key checked before this handler.
 */
export function httpFeedRouter<T, R extends object>(opts: {
  feed: HttpFeed<T, R>;
  auth: RequestHandler;
  quarantine: QuarantineService;
  metrics: Metrics;
  log: Logger;
}): Router {
  const { feed } = opts;
  const router = Router();
  const limit = feed.maxBodyBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  router.post('/', opts.auth, express.raw({ type: () => true, limit }), async (req, res) => {
    const agency = String(res.locals.agency);
    opts.metrics.received.inc({ feed: feed.feed });
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const parsed = feed.parse(body, req.get('content-type') ?? '');
    if (!parsed.ok) {
      await opts.quarantine.reject(feed.feed, `${req.method} ${req.originalUrl} (${agency})`, body, parsed.reason);
      res.status(400).json({
        error: { code: 'validation_failed', message: parsed.reason.message, fields: parsed.reason.issues },
      });
      return;
    }
    // A batch counts as the reports it carries (the rejected one above counted as one message).
    const count = feed.count?.(parsed.value) ?? 1;
    if (count > 1) opts.metrics.received.inc({ feed: feed.feed }, count - 1);
    res.status(202).json({ accepted: true, ...(await feed.accept(parsed.value, agency)) });
  });
  return router;
}
