import { fail, type Ack, type AckCallback } from '../../../../protocol/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';

/** Answers a command exactly once, whatever happens; an unexpected error becomes a generic ack. */
export function answer<T>(ack: unknown, log: Logger, work: () => Promise<Ack<T>>): void {
  const reply: AckCallback<T> = typeof ack === 'function' ? (ack as AckCallback<T>) : () => undefined;
  work().then(reply, (err: Error) => {
    if (err instanceof AppError) return reply(fail(err.code, err.message));
    log.error({ err: err.message }, 'socket command failed');
    reply(fail('internal', 'The server could not complete this request.'));
  });
}
