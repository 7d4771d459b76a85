/** Errors with an HTTP status and a stable code, mapped to responses in one place (http/errors.ts). */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'validation_failed';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
}

export class UnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'unavailable';
}

/** A console asked to resume from a sequence number the database has never reached (e.g. it was reset). */
export class HistoryResetError extends AppError {
  readonly status = 409;
  readonly code = 'history_reset';
}
