import type { ErrorRequestHandler } from 'express';
import { AppError, TooManyAttemptsError } from '../errors.js';
import type { Logger } from '../log.js';

/** The one place errors become responses: a stable code and a message, never a stack trace. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof AppError) {
      if (err instanceof TooManyAttemptsError) res.set('Retry-After', String(err.retryAfterSeconds));
      res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
      return;
    }
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) log.error({ err, path: req.path }, 'request failed');
    res.status(status).json({
      error:
        status >= 500 ? { code: 'internal', message: 'Internal error' } : { code: 'bad_request', message: err.message },
    });
  };
}
