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

/** No session, or the session has ended: sign in (again). */
export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}

/** Signed in, but the role does not allow this. */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
}

/** Wrong username or password (the same answer for both, so usernames cannot be probed). */
export class InvalidCredentialsError extends AppError {
  readonly status = 401;
  readonly code = 'invalid_credentials';
}

/** Too many failed sign-ins: try again after `retryAfterSeconds`. */
export class TooManyAttemptsError extends AppError {
  readonly status = 429;
  readonly code = 'too_many_attempts';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}

/** The request conflicts with the current state (e.g. a username already taken). */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
}
